//! `path:line:col: severity[rule] message`, one finding per line, for editors and grep.

use crate::finding::Finding;
use std::io::{self, Write};

pub(super) fn write(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        write!(
            out,
            "{}:{}:{}: {}[{}] {}",
            f.path, f.start.line, f.start.column, f.severity, f.rule, f.message
        )?;
        if let Some(matched) = &f.matched {
            write!(out, " `{}`", matched.replace('\n', "⏎"))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
