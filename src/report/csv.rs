//! `--format csv`: one row per finding, for Excel and other spreadsheets.
//!
//! UTF-8 with a byte-order mark, so that Excel shows Chinese as Chinese; CRLF line ends;
//! fields quoted when they hold a comma, a quote or a line break (RFC 4180). A cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula
//! by a spreadsheet (CSV injection): it gets a leading `'`, which spreadsheets show as text.

use super::{Batch, Emitter};
use crate::finding::Finding;
use crate::summary::Summary;
use std::io::{self, Write};

const HEADER: [&str; 12] = [
    "path",
    "conversation",
    "line",
    "column",
    "cell",
    "speaker",
    "role",
    "rule",
    "severity",
    "message",
    "matched",
    "text",
];

#[derive(Default)]
pub(super) struct Csv {
    started: bool,
}

impl Csv {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            out.write_all("\u{feff}".as_bytes())?;
            row(out, &HEADER.map(str::to_owned))?;
        }
        Ok(())
    }
}

impl Emitter for Csv {
    fn needs_turn_text(&self) -> bool {
        true
    }

    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        self.start(out)?;
        for f in batch.findings {
            row(out, &fields(f))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        // A run without findings still gives a file with its header.
        self.start(out)
    }
}

fn fields(f: &Finding) -> [String; 12] {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    [
        f.path.clone(),
        text(&f.conversation),
        f.start.line.to_string(),
        f.start.column.to_string(),
        text(&f.cell),
        text(&f.speaker),
        f.role.map(|r| r.to_string()).unwrap_or_default(),
        f.rule.clone(),
        f.severity.to_string(),
        f.message.clone(),
        text(&f.matched),
        text(&f.turn_text),
    ]
}

pub(crate) fn row(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(cell(field).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

/// One field as written: neutralised against formulas, then quoted if need be.
pub(crate) fn cell(field: &str) -> String {
    let safe = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised_and_fields_quoted() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+86 138"), "'+86 138");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("催什么催，等着"), "催什么催，等着");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("两行\n文字"), "\"两行\n文字\"");
        assert_eq!(cell(""), "");
    }
}
