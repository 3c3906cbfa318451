//! `path:line:col: severity[rule] message`, one finding per line, for editors and grep;
//! `path:Sheet1!D12:col: …` in a spreadsheet, the column counted inside the cell.

use super::{Batch, Emitter, escape_terminal, summary_line};
use crate::summary::Summary;
use std::io::{self, Write};

pub(super) struct Concise {
    pub(super) show_summary: bool,
}

impl Emitter for Concise {
    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        for f in batch.findings {
            match &f.cell {
                Some(cell) => write!(out, "{}:{cell}:{}", f.path, f.start.column)?,
                None => write!(out, "{}:{}:{}", f.path, f.start.line, f.start.column)?,
            }
            write!(
                out,
                ": {}[{}] {}",
                f.severity,
                f.rule,
                escape_terminal(&f.message)
            )?;
            if let Some(matched) = &f.matched {
                write!(out, " `{}`", escape_terminal(&matched.replace('\n', "⏎")))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.show_summary {
            writeln!(out, "{}", summary_line(summary))?;
        }
        Ok(())
    }
}
