//! `--format json`: one document, the contract in `replylint-report-v1.schema.json`.
//!
//! ```json
//! {"version": 1,
//!  "diagnostics": [{"path": "a.txt", "conversation": "a.txt", "line": 3, "column": 9,
//!                   "end_line": 3, "end_column": 13, "byte_start": 52, "byte_end": 64,
//!                   "rule": "taboo.impatience",
//!                   "severity": "error", "message": "…", "help": "…", "matched": "催什么催",
//!                   "speaker": "客服小王", "role": "agent", "weight": 5, "replacement": null}],
//!  "summary": {"files": 1, "conversations": 1, "turns": 6, "errors": 1, "warnings": 0, "infos": 0}}
//! ```
//!
//! `--format jsonl` writes the same diagnostic objects, one per line, as they are found.
//!
//! Lines and columns are 1-based and count characters of the original file; `end_column` is
//! the column just after the last matched character. `byte_start` and `byte_end` are the
//! finding's byte range in the file as stored (in its encoding, a byte-order mark counted),
//! the same whether the file was streamed or read whole; `null` in a spreadsheet, where `cell`
//! (`Sheet1!D12`) says where, `line` being its row and `column` the character in it.

use super::{Batch, Emitter};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::summary::Summary;
use crate::transcript::Role;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Diagnostic<'a> {
    path: &'a str,
    conversation: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// `None` in a spreadsheet, whose bytes are compressed: the cell says where.
    byte_start: Option<usize>,
    byte_end: Option<usize>,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    matched: Option<&'a str>,
    speaker: Option<&'a str>,
    role: Option<Role>,
    weight: u32,
    replacement: Option<&'a str>,
    related: Option<RelatedPlace<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a str>,
}

/// A second place explaining the finding, e.g. the customer turn a reply should answer.
#[derive(Serialize)]
struct RelatedPlace<'a> {
    line: usize,
    column: usize,
    message: &'a str,
}

impl<'a> From<&'a Finding> for Diagnostic<'a> {
    fn from(f: &'a Finding) -> Self {
        Diagnostic {
            path: &f.path,
            conversation: f.conversation.as_deref(),
            line: f.start.line,
            column: f.start.column,
            end_line: f.end.line,
            end_column: f.end.column,
            byte_start: f.cell.is_none().then_some(f.span.start),
            byte_end: f.cell.is_none().then_some(f.span.end),
            rule: &f.rule,
            severity: f.severity,
            message: &f.message,
            help: f.help.as_deref(),
            matched: f.matched.as_deref(),
            speaker: f.speaker.as_deref(),
            role: f.role,
            weight: f.weight,
            replacement: f.replacement.as_deref(),
            related: f.related.as_ref().map(|r| RelatedPlace {
                line: r.start.line,
                column: r.start.column,
                message: &r.label,
            }),
            cell: f.cell.as_deref(),
        }
    }
}

/// `--format json`: the document is streamed, the diagnostics written as they come and the
/// summary last, in exactly the layout of `serde_json`'s pretty printer for the whole
/// document (two-space indent), so memory stays bounded however many findings there are.
#[derive(Default)]
pub(super) struct Document {
    /// Diagnostics written so far.
    written: usize,
}

impl Document {
    const HEAD: &'static str = "{\n  \"version\": 1,\n  \"diagnostics\": [";
}

impl Emitter for Document {
    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        for f in batch.findings {
            out.write_all(if self.written == 0 {
                Self::HEAD.as_bytes()
            } else {
                b","
            })?;
            out.write_all(b"\n")?;
            nested(out, &Diagnostic::from(f), "    ")?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.written == 0 {
            writeln!(out, "{}],", Self::HEAD)?;
        } else {
            out.write_all(b"\n  ],\n")?;
        }
        out.write_all(b"  \"summary\": ")?;
        inline(out, summary, "  ")?;
        out.write_all(b"\n}\n")
    }
}

/// `value` pretty-printed as an element nested at `prefix`.
pub(super) fn nested(out: &mut dyn Write, value: &impl Serialize, prefix: &str) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    out.write_all(indent(&text, prefix).as_bytes())
}

/// `value` pretty-printed after a key on a line nested at `prefix` (its first line not
/// indented).
pub(super) fn inline(out: &mut dyn Write, value: &impl Serialize, prefix: &str) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    out.write_all(indent(&text, prefix).trim_start().as_bytes())
}

/// Every line of `text` after `prefix`. JSON strings hold no raw line breaks (they are
/// escaped), so a line break in pretty-printed JSON is always between tokens.
fn indent(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16 * prefix.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(prefix);
        out.push_str(line);
    }
    out
}

/// `--format jsonl`: one diagnostic per line, flushed batch by batch.
pub(super) struct Lines;

impl Emitter for Lines {
    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        for f in batch.findings {
            serde_json::to_writer(&mut *out, &Diagnostic::from(f))?;
            writeln!(out)?;
        }
        // Whoever reads the pipe gets each batch's findings as soon as they are known.
        out.flush()
    }

    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
