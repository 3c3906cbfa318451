//! `path:line:col: severity[rule] message`, one finding per line, for editors and grep;
//! `path:Sheet1!D12:col: …` in a spreadsheet, the column counted inside the cell.

use crate::finding::Finding;
use std::io::{self, Write};

pub(super) fn write(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        match &f.cell {
            Some(cell) => write!(out, "{}:{cell}:{}", f.path, f.start.column)?,
            None => write!(out, "{}:{}:{}", f.path, f.start.line, f.start.column)?,
        }
        write!(out, ": {}[{}] {}", f.severity, f.rule, f.message)?;
        if let Some(matched) = &f.matched {
            write!(out, " `{}`", matched.replace('\n', "⏎"))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
