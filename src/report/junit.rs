//! `--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins,
//! Azure DevOps, GitHub test-report actions).
//!
//! `<testsuites>` holds one `<testsuite>` per file and in it one `<testcase>` per
//! conversation (or canned reply); a test case with a finding at or above `--fail-on` has
//! a `<failure>` listing its findings, the others pass. Findings about a whole file (how it
//! was read) form a test case named after the file. A suite is written when its file
//! ends, so memory holds one file's conversations at most.

use super::{Batch, Emitter};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::summary::Summary;
use std::io::{self, Write};

pub(super) struct Junit {
    fail_on: Severity,
    started: bool,
    /// The current file's test cases, in order: conversation id and its findings.
    cases: Vec<(String, Vec<Finding>)>,
}

impl Junit {
    pub(super) fn new(fail_on: Severity) -> Self {
        Junit {
            fail_on,
            started: false,
            cases: Vec::new(),
        }
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
            writeln!(out, r#"<testsuites name="replylint">"#)?;
        }
        Ok(())
    }

    /// The test case of `conversation`, made if need be.
    fn case(&mut self, conversation: &str) -> &mut Vec<Finding> {
        let at = match self.cases.iter().rposition(|(id, _)| id == conversation) {
            Some(at) => at,
            None => {
                self.cases.push((conversation.to_owned(), Vec::new()));
                self.cases.len() - 1
            }
        };
        &mut self.cases[at].1
    }
}

impl Emitter for Junit {
    fn needs_conversations(&self) -> bool {
        true
    }

    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        self.start(out)?;
        for id in batch.conversations {
            self.case(id);
        }
        for f in batch.findings {
            let id = f.conversation.as_deref().unwrap_or(batch.path).to_owned();
            self.case(&id).push(f.clone());
        }
        Ok(())
    }

    fn end_file(&mut self, out: &mut dyn Write, path: &str) -> io::Result<()> {
        if self.cases.is_empty() {
            return Ok(());
        }
        self.start(out)?;
        let failing = |findings: &[Finding]| findings.iter().any(|f| f.severity >= self.fail_on);
        let failures = self.cases.iter().filter(|(_, f)| failing(f)).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
            xml(path),
            self.cases.len(),
        )?;
        for (id, findings) in &self.cases {
            write!(
                out,
                r#"    <testcase name="{}" classname="{}""#,
                xml(id),
                xml(path)
            )?;
            if !failing(findings) {
                if findings.is_empty() {
                    writeln!(out, "/>")?;
                } else {
                    // Below the failing severity: passed, with the findings as output.
                    writeln!(out, ">")?;
                    writeln!(
                        out,
                        "      <system-out>{}</system-out>",
                        xml(&listing(findings))
                    )?;
                    writeln!(out, "    </testcase>")?;
                }
                continue;
            }
            writeln!(out, ">")?;
            let worst = findings
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(Severity::Info);
            let first = &findings[0];
            writeln!(
                out,
                r#"      <failure message="{} finding{}: {}" type="{}">{}</failure>"#,
                findings.len(),
                if findings.len() == 1 { "" } else { "s" },
                xml(&first.rule),
                worst,
                xml(&listing(findings))
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
        self.cases.clear();
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "</testsuites>")
    }
}

/// One line per finding: `line:column severity[rule] message `matched``.
fn listing(findings: &[Finding]) -> String {
    let mut text = String::new();
    for f in findings {
        let place = match &f.cell {
            Some(cell) => format!("{cell}:{}", f.start.column),
            None => format!("{}:{}", f.start.line, f.start.column),
        };
        text.push_str(&format!("{place} {}[{}] {}", f.severity, f.rule, f.message));
        if let Some(matched) = &f.matched {
            text.push_str(&format!(" `{matched}`"));
        }
        text.push('\n');
    }
    text
}

/// Text as XML character data or an attribute value: markup escaped, and the control
/// characters XML 1.0 does not allow (all but tab, LF and CR) shown as visible escapes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.extend(c.escape_default())
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            xml(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert_eq!(xml("催\u{1b}[2J"), "催\\u{1b}[2J");
    }
}
