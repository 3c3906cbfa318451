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

use super::Summary;
use crate::finding::Finding;
use crate::rules::Severity;
use crate::transcript::Role;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Diagnostic<'a>>,
    summary: &'a Summary,
}

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

pub(super) fn write_document(
    findings: &[Finding],
    summary: &Summary,
    out: &mut dyn Write,
) -> io::Result<()> {
    let doc = Document {
        version: 1,
        diagnostics: findings.iter().map(Diagnostic::from).collect(),
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub(super) fn write_lines(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &Diagnostic::from(f))?;
        writeln!(out)?;
    }
    Ok(())
}
