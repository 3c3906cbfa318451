//! Rendering findings: one module per output format.

mod concise;
pub(crate) mod csv;
mod fingerprint;
mod github;
mod gitlab;
mod json;
pub(crate) mod junit;
mod pretty;
mod sarif;

pub use pretty::{Theme, render_error};

use crate::finding::Finding;
use crate::rules::{Rule, Severity, meta};
use crate::source::SourceFile;
use crate::summary::Summary;
use std::borrow::Cow;
use std::collections::BTreeMap;
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
    /// GitHub Actions annotations (`::error file=…,line=…::…`), and a job summary table
    /// when `$GITHUB_STEP_SUMMARY` is set.
    Github,
    /// JUnit XML: a test suite per file, a test case per conversation.
    Junit,
    /// One row per finding, UTF-8 with a byte-order mark for Excel.
    Csv,
    /// SARIF 2.1.0, for GitHub code scanning and editors.
    Sarif,
    /// A GitLab Code Quality report (one JSON array).
    Gitlab,
}

/// What an emitter is given for one batch of an input, in output order.
pub struct Batch<'a> {
    /// The input as named in the report (`-` for stdin).
    pub path: &'a str,
    pub findings: &'a [Finding],
    /// The text the findings' spans point into, when the emitter asked for it.
    pub source: Option<&'a SourceFile>,
    /// The batch's conversations, in order, when the emitter asked for them.
    pub conversations: &'a [ConversationInfo],
}

/// What an emitter may need to know of a conversation besides its findings (one that
/// runs on into the next batch is named in both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationInfo {
    pub id: String,
    /// The speakers with the agent role, in the order they first speak.
    pub agents: Vec<String>,
    /// The line of its first turn.
    pub line: usize,
    /// From its first turn to the end of its last, in the batch's text.
    pub span: std::ops::Range<usize>,
    /// A canned reply, not a conversation.
    pub canned: bool,
    pub agent_turns: usize,
    /// The date of its first turn (`YYYY-MM-DD`), when the export gives dates.
    pub day: Option<String>,
    /// Seconds from a customer's message to the agent's reply, for each reply that follows
    /// a customer's turn, when both have times.
    pub response_seconds: Vec<i64>,
}

/// One output format: it is given each batch's findings in output order, told when an
/// input ends, and closes the report with the run's summary. Emitters write as they go,
/// so every format streams in bounded memory (a format that needs a whole file, such as
/// JUnit's test suite, keeps that file only).
pub trait Emitter {
    /// Whether batches must come with their source text (to draw excerpts).
    fn needs_source(&self) -> bool {
        false
    }

    /// Whether findings must carry their turn's whole message ([`Finding::turn_text`]).
    fn needs_turn_text(&self) -> bool {
        false
    }

    /// Whether batches must name their conversations (to list those without findings).
    fn needs_conversations(&self) -> bool {
        false
    }

    /// Write (or take note of) one batch.
    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()>;

    /// The input `path` has no more batches.
    fn end_file(&mut self, _out: &mut dyn Write, _path: &str) -> io::Result<()> {
        Ok(())
    }

    /// Close the report.
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// What every emitter may need besides the findings.
pub struct Options {
    pub theme: Theme,
    /// Whether the human formats end with the summary line (`--quiet` drops it).
    pub show_summary: bool,
    /// Every rule that can report in this run, the meta rules (`input.*`) included, for
    /// the formats that describe their rules (SARIF).
    pub rules: Vec<RuleInfo>,
    /// Findings at or above this severity fail the run (`--fail-on`): JUnit's failures.
    pub fail_on: Severity,
}

/// What a report says about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub severity: Severity,
    /// One line: what the rule reports.
    pub description: String,
    /// The standard phrase or what to do.
    pub help: Option<String>,
    /// The pack it comes from (`replylint` for the meta rules).
    pub pack: String,
}

impl RuleInfo {
    /// The rules of `rules` and the meta rules.
    pub fn all<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> Vec<RuleInfo> {
        let mut all: Vec<RuleInfo> = rules
            .into_iter()
            .map(|r| RuleInfo {
                id: r.id.clone(),
                severity: r.severity,
                description: r.message.clone(),
                help: r.help.clone(),
                pack: r.pack.clone(),
            })
            .collect();
        all.extend(meta::all().into_iter().map(|m| RuleInfo {
            id: m.id.into(),
            severity: m.severity,
            description: m.description.into(),
            help: Some(m.help.into()),
            pack: "replylint".into(),
        }));
        all
    }
}

/// The emitter of `format`.
pub fn emitter(format: Format, options: &Options) -> Box<dyn Emitter> {
    match format {
        Format::Pretty => Box::new(pretty::Pretty::new(options.theme, options.show_summary)),
        Format::Concise => Box::new(concise::Concise {
            show_summary: options.show_summary,
        }),
        Format::Json => Box::new(json::Document::default()),
        Format::Jsonl => Box::new(json::Lines),
        Format::Github => Box::new(github::Github::default()),
        Format::Junit => Box::new(junit::Junit::new(options.fail_on)),
        Format::Csv => Box::new(csv::Csv::default()),
        Format::Sarif => Box::new(sarif::Sarif::new(&options.rules)),
        Format::Gitlab => Box::new(gitlab::Gitlab::default()),
    }
}

/// `--statistics`: findings per rule (most first), then per speaker.
pub fn write_statistics(
    out: &mut dyn Write,
    by_rule: &BTreeMap<String, (Severity, usize)>,
    by_speaker: &BTreeMap<(String, String), usize>,
) -> io::Result<()> {
    let mut rules: Vec<_> = by_rule.iter().collect();
    rules.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
    let width = rules
        .iter()
        .map(|(_, (_, n))| n.to_string().len())
        .max()
        .unwrap_or(1);
    writeln!(out, "findings per rule:")?;
    for (rule, (severity, n)) in rules {
        writeln!(out, "{n:>width$}  {rule} ({severity})")?;
    }
    let mut speakers: Vec<_> = by_speaker.iter().collect();
    speakers.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let width = speakers
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    writeln!(out, "findings per speaker:")?;
    for ((speaker, role), n) in speakers {
        let role = if role.is_empty() {
            String::new()
        } else {
            format!(" ({role})")
        };
        writeln!(out, "{n:>width$}  {}{role}", escape_terminal(speaker))?;
    }
    Ok(())
}

/// A finding's message with the text it is about (and, in a spreadsheet, the cell), as
/// the one-line formats show it.
pub(crate) fn display_message(f: &Finding) -> String {
    let mut text = f.message.clone();
    if let Some(matched) = &f.matched {
        text.push_str(&format!(" `{matched}`"));
    }
    if let Some(cell) = &f.cell {
        text.push_str(&format!(" (cell {cell})"));
    }
    text
}

/// The closing line of the human formats.
pub(crate) fn summary_line(summary: &Summary) -> String {
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
    if summary.skipped_files > 0 {
        line.push_str(&format!(
            " {} not checked (unreadable, binary or empty: see above).",
            plural(summary.skipped_files, "file"),
        ));
    }
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
    if summary.files + summary.skipped_files > 0 && summary.conversations == 0 {
        line.push_str(" Nothing was read as a conversation: run `replylint inspect PATH` to see how the input is read.");
    }
    line
}

/// Transcript text shown on a terminal: control characters, and the invisible characters
/// that reorder or hide text (bidirectional overrides, zero-width spaces, soft hyphens), as
/// visible escapes.
pub fn escape_terminal(text: &str) -> Cow<'_, str> {
    // Control characters are C0 and DEL (single bytes) and C1 (U+0080–U+009F, after a
    // 0xC2 lead byte); the invisible ones start with 0xC2 (U+00AD), 0xD8 (U+061C), 0xE2
    // (U+2000–U+2FFF) or 0xEF (U+FEFF): a byte scan rules them out for most messages.
    if !text
        .bytes()
        .any(|b| b < 0x20 || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef))
    {
        return Cow::Borrowed(text);
    }
    let mut previous = None;
    let hidden = |c: char, previous: Option<char>| {
        c.is_control() || invisible(c) || (c == '\u{200D}' && !previous.is_some_and(is_emoji))
    };
    if !text.chars().any(|c| {
        let hide = hidden(c, previous);
        previous = Some(c);
        hide
    }) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = None;
    for c in text.chars() {
        if hidden(c, previous) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    Cow::Owned(out)
}

/// Characters that draw nothing but change how the text around them reads: bidirectional
/// marks, embeddings, overrides and isolates, zero-width spaces and the byte-order mark,
/// the soft hyphen. (The zero-width joiner is kept inside emoji, which it composes.)
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Emoji and pictographs, between which a zero-width joiner is part of the picture.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}')
}

#[cfg(test)]
mod tests {
    use super::escape_terminal;

    #[test]
    fn controls_and_invisible_characters_are_escaped_and_emoji_kept() {
        assert_eq!(escape_terminal("您好“亲”"), "您好“亲”");
        assert_eq!(escape_terminal("a\u{1b}[2Jb\u{9b}"), "a\\u{1b}[2Jb\\u{9b}");
        assert_eq!(
            escape_terminal("催\u{202e}什么\u{200b}催\u{ad}"),
            "催\\u{202e}什么\\u{200b}催\\u{ad}"
        );
        assert_eq!(escape_terminal("客\u{200d}服"), "客\\u{200d}服");
        assert_eq!(
            escape_terminal("👨\u{200d}👩\u{200d}👧"),
            "👨\u{200d}👩\u{200d}👧"
        );
    }
}
