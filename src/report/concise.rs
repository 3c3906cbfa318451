//! `path:line:col: severity[rule] message`, one finding per line, for editors and grep.

use crate::finding::Finding;
use std::io::{self, Write};

pub(super) fn write(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        match &f.cell {
            // `chats.xlsx:Sheet1!D12:3:`, the character column inside the cell.
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
