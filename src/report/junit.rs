//! `--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins,
//! Azure DevOps, GitHub test-report actions).
//!
//! `<testsuites>` holds one `<testsuite>` per file and in it one `<testcase>` per
//! conversation (or canned reply), in file order: a conversation whose id comes back after
//! others (`input.conversation-resumed`) is a case again where it comes back, as `check`
//! judges it, at every part size. A test case with a finding at or above `--fail-on` has
//! a `<failure>` listing its findings, the others pass. Findings about a whole file (how it
//! was read) form a test case named `(reading the file)`, the suite's last, wherever they are in
//! the file (so that the suite is the same at every part size). A suite's counts come before its
//! cases, so the cases go to a temporary file as each batch is done and follow the counts
//! when the file ends: memory holds one batch's conversations at most.

use super::{Batch, Emitter};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::summary::Summary;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The name of a file's own test case: findings about how it was read. In parentheses, so
/// that no conversation id (the first of a file without headers is named after the file)
/// takes it.
const FILE_CASE: &str = "(reading the file)";

pub(super) struct Junit {
    fail_on: Severity,
    started: bool,
    /// The current file's test cases not yet written, in order: conversation id, the line
    /// its first turn is on, and its findings.
    cases: Vec<(String, usize, Vec<Finding>)>,
    /// Where the cases of each id of `cases` are, in order.
    index: HashMap<String, Vec<usize>>,
    /// The current file's findings about the whole file, in file order.
    file_findings: Vec<Finding>,
    /// The current file's test cases written so far: the suite's counts come before its
    /// cases, so they wait here (on disk, not in memory) until the file ends.
    spill: Option<Spill>,
    tests: usize,
    failures: usize,
}

impl Junit {
    pub(super) fn new(fail_on: Severity) -> Self {
        Junit {
            fail_on,
            started: false,
            cases: Vec::new(),
            index: HashMap::new(),
            file_findings: Vec::new(),
            spill: None,
            tests: 0,
            failures: 0,
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

    /// A conversation of the batch: the last case goes on when it is the same conversation
    /// (one cut into parts), else a case starts at `line`.
    fn conversation(&mut self, id: &str, line: usize) {
        if self.cases.last().is_some_and(|(last, _, _)| last == id) {
            return;
        }
        self.index
            .entry(id.to_owned())
            .or_default()
            .push(self.cases.len());
        self.cases.push((id.to_owned(), line, Vec::new()));
    }

    /// The case a finding of conversation `id` on `line` belongs to: the first of that id
    /// whose next case starts after the line (a finding may sit on a header above the
    /// conversation's first turn), or the last.
    fn case_of(&mut self, id: &str, line: usize) -> &mut Vec<Finding> {
        let at = match self.index.get(id) {
            Some(ats) => ats
                .iter()
                .find(|&&at| self.cases.get(at + 1).is_none_or(|next| line < next.1))
                .or(ats.last())
                .copied(),
            None => None,
        };
        let at = at.unwrap_or_else(|| {
            self.conversation(id, line);
            self.cases.len() - 1
        });
        &mut self.cases[at].2
    }

    /// Write the test cases before the last one (which the next batch may continue) to
    /// the spill file, or all of them, and the file's own, when the file has ended.
    fn spill(&mut self, path: &str, all: bool) -> io::Result<()> {
        let keep = usize::from(!all).min(self.cases.len());
        if all && !self.file_findings.is_empty() {
            let findings = std::mem::take(&mut self.file_findings);
            self.cases.push((FILE_CASE.to_owned(), 0, findings));
        }
        if self.cases.len() <= keep {
            return Ok(());
        }
        let done: Vec<_> = self.cases.drain(..self.cases.len() - keep).collect();
        self.index.clear();
        if let Some((id, _, _)) = self.cases.first() {
            self.index.insert(id.clone(), vec![0]);
        }
        if self.spill.is_none() {
            self.spill = Some(Spill::create()?);
        }
        let Some(spill) = self.spill.as_mut() else {
            return Ok(());
        };
        for (id, _, findings) in &done {
            self.tests += 1;
            let failing = findings.iter().any(|f| f.severity >= self.fail_on);
            self.failures += usize::from(failing);
            write_case(&mut spill.file, path, id, findings, failing)?;
        }
        Ok(())
    }
}

impl Emitter for Junit {
    fn needs_conversations(&self) -> bool {
        true
    }

    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        self.start(out)?;
        for c in batch.conversations {
            self.conversation(&c.id, c.line);
        }
        for f in batch.findings {
            match &f.conversation {
                Some(id) => self.case_of(id, f.start.line).push(f.clone()),
                None => self.file_findings.push(f.clone()),
            }
        }
        self.spill(batch.path, false)
    }

    fn end_file(&mut self, out: &mut dyn Write, path: &str) -> io::Result<()> {
        self.spill(path, true)?;
        let Some(mut spill) = self.spill.take() else {
            return Ok(());
        };
        self.start(out)?;
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="0">"#,
            xml(path),
            self.tests,
            self.failures,
        )?;
        spill.copy_to(out)?;
        writeln!(out, "  </testsuite>")?;
        self.tests = 0;
        self.failures = 0;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        writeln!(out, "</testsuites>")
    }
}

/// One `<testcase>`.
fn write_case(
    out: &mut dyn Write,
    path: &str,
    id: &str,
    findings: &[Finding],
    failing: bool,
) -> io::Result<()> {
    write!(
        out,
        r#"    <testcase name="{}" classname="{}""#,
        xml(id),
        xml(path)
    )?;
    if !failing {
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
        return Ok(());
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
    writeln!(out, "    </testcase>")
}

/// A temporary file for one suite's test cases, removed when dropped.
struct Spill {
    path: PathBuf,
    file: BufWriter<File>,
}

impl Spill {
    fn create() -> io::Result<Spill> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "replylint-junit-{}-{}.xml",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(Spill {
            path,
            file: BufWriter::new(file),
        })
    }

    fn copy_to(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.file.flush()?;
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0))?;
        io::copy(file, out)?;
        Ok(())
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
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
pub(crate) fn xml(text: &str) -> String {
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
    use super::*;
    use crate::finding::Place;
    use crate::source::SourceFile;

    #[test]
    fn a_suite_over_several_batches_counts_each_conversation_once() {
        let file = SourceFile::new("chats.jsonl", "催什么催\n等着吧\n");
        let finding = |conversation: &str, span: std::ops::Range<usize>| {
            let place = Place {
                file: &file,
                path: "chats.jsonl",
                conversation: Some(conversation),
                speaker: Some("客服小王"),
                role: None,
            };
            Finding {
                rule: "taboo.impatience".into(),
                severity: Severity::Error,
                message: "impatient".into(),
                ..place.finding(span, None)
            }
        };
        let mut junit = Junit::new(Severity::Error);
        let mut out = Vec::new();
        let ids = |list: &[&str]| {
            list.iter()
                .map(|id| crate::report::ConversationInfo {
                    id: id.to_string(),
                    agents: Vec::new(),
                    line: 1,
                    span: 0..0,
                    canned: false,
                    agent_turns: 0,
                    day: None,
                    response_seconds: Vec::new(),
                })
                .collect::<Vec<_>>()
        };
        // `c2` runs on from the first batch into the second.
        let first = [finding("c1", 0..12)];
        let batch = Batch {
            path: "chats.jsonl",
            findings: &first,
            source: None,
            conversations: &ids(&["c1", "c2"]),
        };
        junit.batch(&mut out, &batch).expect("written");
        let second = [finding("c2", 13..22)];
        let batch = Batch {
            path: "chats.jsonl",
            findings: &second,
            source: None,
            conversations: &ids(&["c2", "c3"]),
        };
        junit.batch(&mut out, &batch).expect("written");
        junit.end_file(&mut out, "chats.jsonl").expect("written");
        junit
            .finish(&mut out, &Summary::default())
            .expect("written");
        let xml = String::from_utf8(out).expect("UTF-8");
        assert!(xml.contains(r#"tests="3" failures="2""#), "{xml}");
        for id in ["c1", "c2", "c3"] {
            let case = format!(r#"<testcase name="{id}""#);
            assert_eq!(xml.matches(&case).count(), 1, "{id} once:\n{xml}");
        }
        assert!(xml.trim_end().ends_with("</testsuites>"));
    }

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            xml(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert_eq!(xml("催\u{1b}[2J"), "催\\u{1b}[2J");
    }
}
