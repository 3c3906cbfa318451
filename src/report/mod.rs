//! Rendering findings: one module per output format.

mod concise;
mod json;
mod pretty;

pub use pretty::{Theme, render_error};

use crate::finding::Finding;
use crate::rules::Severity;
use crate::source::SourceFile;
use serde::Serialize;
use std::io::{self, Write};

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphical report with the offending characters underlined and the standard phrase.
    Pretty,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document (schema: replylint-report-v1).
    Json,
    /// One JSON object per finding and line, written as findings are found (for pipelines).
    Jsonl,
}

/// Counts over a whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub conversations: usize,
    pub turns: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Conversations in which no agent could be identified (`input.no-agent`): agent rules
    /// did not run on them.
    pub conversations_without_agent: usize,
}

impl Summary {
    pub fn count(&mut self, findings: &[Finding]) {
        for f in findings {
            if f.rule == "input.no-agent" {
                self.conversations_without_agent += 1;
            }
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// Writes findings as they arrive, batch by batch in output order, and the closing summary.
///
/// The human formats and `jsonl` write each batch at once, so output streams; `json` is one
/// document and is written at the end.
pub struct Sink<'w> {
    format: Format,
    theme: Theme,
    out: &'w mut dyn Write,
    /// Whether the human formats end with the summary line (`--quiet` drops it).
    show_summary: bool,
    /// `json` only: the findings of the whole run.
    kept: Vec<Finding>,
}

impl<'w> Sink<'w> {
    pub fn new(format: Format, theme: Theme, show_summary: bool, out: &'w mut dyn Write) -> Self {
        Sink {
            format,
            theme,
            out,
            show_summary,
            kept: Vec::new(),
        }
    }

    /// Write the findings of one batch; `source` is the text their spans point into.
    pub fn batch(&mut self, findings: Vec<Finding>, source: Option<&SourceFile>) -> io::Result<()> {
        match self.format {
            Format::Pretty => pretty::write(self.theme, &findings, source, self.out),
            Format::Concise => concise::write(&findings, self.out),
            Format::Jsonl => json::write_lines(&findings, self.out),
            Format::Json => {
                self.kept.extend(findings);
                Ok(())
            }
        }?;
        if self.format == Format::Jsonl {
            // Whoever reads the pipe gets each batch's findings as soon as they are known.
            self.out.flush()?;
        }
        Ok(())
    }

    /// Close the report: the JSON document, or the summary line of the human formats.
    pub fn finish(mut self, summary: &Summary) -> io::Result<()> {
        match self.format {
            Format::Json => json::write_document(&self.kept, summary, self.out)?,
            Format::Jsonl => {}
            Format::Pretty | Format::Concise => {
                if self.show_summary {
                    writeln!(self.out, "{}", summary_line(summary))?;
                }
            }
        }
        self.kept.clear();
        self.out.flush()
    }
}

fn summary_line(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let scope = format!(
        "{}, {}, {}",
        plural(summary.files, "file"),
        plural(summary.conversations, "conversation"),
        plural(summary.turns, "turn")
    );
    let mut line = if summary.errors + summary.warnings + summary.infos == 0 {
        format!("No findings in {scope}.")
    } else {
        format!(
            "Found {}, {}, {} in {scope}.",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.infos, "info")
        )
    };
    if summary.conversations_without_agent > 0 {
        line.push_str(&format!(
            " {} without an identified agent {} not checked for agent rules (input.no-agent).",
            plural(summary.conversations_without_agent, "conversation"),
            if summary.conversations_without_agent == 1 {
                "was"
            } else {
                "were"
            }
        ));
    }
    if summary.files > 0 && summary.conversations == 0 {
        line.push_str(" Nothing was read as a conversation: run `replylint inspect PATH` to see how the input is read.");
    }
    line
}

/// Transcript text shown on a terminal: control characters as visible escapes.
pub fn escape_terminal(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}
