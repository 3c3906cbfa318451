//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations
//! on the pull request's lines:
//!
//! ```text
//! ::error file=canned/replies.txt,line=3,endLine=3,col=9,endColumn=13,title=taboo.impatience::催促客户… `催什么催`
//! ```
//!
//! In the message `%`, CR and LF are escaped (`%25`, `%0D`, `%0A`), in the properties also
//! `:` and `,`; other control characters from transcripts are shown as visible escapes.
//! GitHub shows at most 10 annotations of each level per step, so when
//! `$GITHUB_STEP_SUMMARY` is set every finding also goes into the job summary, as a
//! Markdown table.

use super::{Batch, Emitter, display_message, escape_terminal, summary_line};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::summary::Summary;
use std::fs::File;
use std::io::{self, BufWriter, Write};

#[derive(Default)]
pub(super) struct Github {
    /// The job summary, opened at the first finding.
    step_summary: Option<BufWriter<File>>,
    /// `$GITHUB_STEP_SUMMARY` could not be opened: said once, then left alone.
    summary_failed: bool,
}

impl Emitter for Github {
    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        for f in batch.findings {
            writeln!(out, "{}", command(f))?;
        }
        if !batch.findings.is_empty() {
            self.summarise(batch.findings, out)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let line = summary_line(summary);
        writeln!(out, "{}", escape_terminal(&line))?;
        if let Some(mut file) = self.step_summary.take() {
            writeln!(file, "\n{}", markdown(&line))?;
            file.flush()?;
        }
        Ok(())
    }
}

impl Github {
    /// Append `findings` to the job summary, if there is one.
    fn summarise(&mut self, findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
        if self.step_summary.is_none() && !self.summary_failed {
            let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
                self.summary_failed = true;
                return Ok(());
            };
            match std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&path)
            {
                Ok(file) => {
                    let mut file = BufWriter::new(file);
                    writeln!(file, "### replylint\n")?;
                    writeln!(file, "| file | line | severity | rule | message |")?;
                    writeln!(file, "| --- | ---: | --- | --- | --- |")?;
                    self.step_summary = Some(file);
                }
                Err(err) => {
                    self.summary_failed = true;
                    writeln!(
                        out,
                        "::warning title=replylint::cannot write the job summary {}: {}",
                        property(&path.to_string_lossy()),
                        data(&err.to_string())
                    )?;
                }
            }
        }
        if let Some(file) = &mut self.step_summary {
            for f in findings {
                writeln!(
                    file,
                    "| {} | {} | {} | `{}` | {} |",
                    markdown(&f.path),
                    place(f),
                    f.severity,
                    f.rule,
                    markdown(&display_message(f))
                )?;
            }
        }
        Ok(())
    }
}

/// The workflow command of one finding.
fn command(f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let path = f.path.strip_prefix("./").unwrap_or(&f.path);
    format!(
        "::{level} file={},line={},endLine={},col={},endColumn={},title={}::{}",
        property(path),
        f.start.line,
        f.end.line,
        f.start.column,
        f.end.column,
        property(&f.rule),
        data(&display_message(f))
    )
}

/// Where a finding is, for the job summary: the line, or the cell of a spreadsheet.
fn place(f: &Finding) -> String {
    match &f.cell {
        Some(cell) => markdown(cell),
        None => f.start.line.to_string(),
    }
}

/// A command's message: `%`, CR and LF escaped; other control and invisible characters
/// made visible.
fn data(text: &str) -> String {
    let escaped = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_terminal(&escaped).into_owned()
}

/// A command's property value: as [`data`], and `:` and `,` escaped too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Text inside a Markdown table cell: no table breaks, no HTML, control and invisible
/// characters visible.
fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_terminal(&text.replace(['\n', '\r'], " ")).chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' => out.push_str("&#96;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{data, markdown, property};

    #[test]
    fn messages_and_properties_are_escaped() {
        assert_eq!(data("100% 好\r\n下一行"), "100%25 好%0D%0A下一行");
        assert_eq!(data("a\u{1b}]0;x\u{7}"), "a\\u{1b}]0;x\\u{7}");
        assert_eq!(property("dir,a:b/c.txt"), "dir%2Ca%3Ab/c.txt");
        assert_eq!(markdown("a|b<i>\n`c`"), "a\\|b&lt;i&gt; &#96;c&#96;");
        assert_eq!(data("催\u{202e}么"), "催\\u{202e}么");
    }
}
