//! Rendering findings: one module per output format.

mod concise;
mod json;
mod pretty;

pub use pretty::{Theme, render_error};

use crate::finding::Finding;
use crate::rules::Severity;
use crate::source::SourceFile;
use serde::Serialize;
use std::collections::HashMap;
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
}

impl Summary {
    pub fn count(&mut self, findings: &[Finding]) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// Everything a report needs: findings in output order, their files, and the counts.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub sources: &'a HashMap<String, SourceFile>,
    pub summary: &'a Summary,
    /// Whether the human formats end with the summary line (`--quiet` drops it).
    pub show_summary: bool,
}

/// Write `report` to `out` in `format`.
pub fn write(
    format: Format,
    theme: Theme,
    report: &Report<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Pretty => pretty::write(theme, report, out),
        Format::Concise => concise::write(report, out),
        Format::Json => json::write(report, out),
    }
}

/// The closing line of the human formats, unless `--quiet`.
fn write_summary(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    if report.show_summary {
        writeln!(out, "{}", summary_line(report.summary))?;
    }
    Ok(())
}

fn summary_line(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let scope = format!(
        "{}, {}, {}",
        plural(summary.files, "file"),
        plural(summary.conversations, "conversation"),
        plural(summary.turns, "turn")
    );
    if summary.errors + summary.warnings + summary.infos == 0 {
        format!("No findings in {scope}.")
    } else {
        format!(
            "Found {}, {}, {} in {scope}.",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.infos, "info")
        )
    }
}
