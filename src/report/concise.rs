//! `path:line:col: severity[rule] message`, one finding per line, for editors and grep.

use super::{Report, write_summary};
use std::io::{self, Write};

pub(super) fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for f in report.findings {
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
    write_summary(report, out)
}
