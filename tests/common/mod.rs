//! Running the real binary the way users do.

#![allow(dead_code)]

use serde::{Deserialize, Deserializer};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The built-in taboo pack alone, for tests about phrase rules only.
pub const TABOO_ONLY: [&str; 3] = [
    "--no-default-rules",
    "--rules",
    concat!(env!("CARGO_MANIFEST_DIR"), "/rules/hotline-taboo.toml"),
];

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output read as a `check --format json` report; panics with both streams
    /// when it is not one (a missing field, a field of the wrong type, an unknown field).
    pub fn report(&self) -> Report {
        match serde_json::from_str(&self.stdout) {
            Ok(report) => report,
            Err(e) => panic!(
                "stdout is not a replylint report ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            ),
        }
    }

    /// Standard output read as `check --format jsonl`: one diagnostic per line.
    pub fn jsonl(&self) -> Vec<Diagnostic> {
        self.stdout
            .lines()
            .enumerate()
            .map(|(i, line)| match serde_json::from_str(line) {
                Ok(d) => d,
                Err(e) => panic!(
                    "line {} of stdout is not a diagnostic ({e}):\n{line}\nstdout:\n{}\nstderr:\n{}",
                    i + 1,
                    self.stdout,
                    self.stderr
                ),
            })
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        match serde_json::from_str(&self.stdout) {
            Ok(v) => v,
            Err(e) => panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            ),
        }
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `replylint ARGS` in `dir` with `stdin` as standard input.
pub fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin).expect("stdin accepts the input");
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("the binary finishes");
    Run {
        code: status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// Run in the crate root (so fixture paths in output are relative and stable).
pub fn run(args: &[&str]) -> Run {
    run_in(&root(), args, b"")
}

/// A temporary folder holding `files` (name, bytes).
pub fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent folder");
        }
        std::fs::write(path, bytes).expect("fixture written");
    }
    dir
}

/// A field that must be present, `null` allowed: serde would default a missing `Option`.
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::deserialize(deserializer)
}

/// `check --format json`, as docs/schemas/replylint-report-v1.schema.json and
/// src/report/json.rs write it. Every field the tool writes is required here.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub version: u32,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Agent,
    Customer,
    System,
    Unknown,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Customer => "customer",
            Role::System => "system",
            Role::Unknown => "unknown",
        }
    }
}

/// One finding of a report, or one line of `--format jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    pub path: String,
    #[serde(deserialize_with = "nullable")]
    pub conversation: Option<String>,
    pub line: u64,
    pub column: u64,
    pub end_line: u64,
    pub end_column: u64,
    /// `null` in a spreadsheet, where `cell` says where.
    #[serde(deserialize_with = "nullable")]
    pub byte_start: Option<u64>,
    #[serde(deserialize_with = "nullable")]
    pub byte_end: Option<u64>,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    #[serde(deserialize_with = "nullable")]
    pub help: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub matched: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub speaker: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub role: Option<Role>,
    pub weight: u32,
    #[serde(deserialize_with = "nullable")]
    pub replacement: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub related: Option<Related>,
    /// Only written for spreadsheets (`Sheet1!D12`).
    #[serde(default)]
    pub cell: Option<String>,
}

/// A second place explaining a finding, e.g. the customer turn a reply should answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// src/summary.rs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub files: u64,
    pub skipped_files: u64,
    pub conversations: u64,
    pub turns: u64,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    pub conversations_without_agent: u64,
}

impl Diagnostic {
    /// `matched`, for findings on a span; panics (naming the finding) on a whole-turn one.
    pub fn matched(&self) -> &str {
        match &self.matched {
            Some(m) => m,
            None => panic!("no matched text: {self:?}"),
        }
    }
}

impl Report {
    /// The rule of every diagnostic, in report order.
    pub fn rules(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|d| d.rule.as_str()).collect()
    }

    /// `(line, column, end_column, rule, matched)` of every diagnostic; a finding without
    /// matched text (a whole turn or conversation) panics, these are for span rules.
    pub fn spots(&self) -> Vec<(u64, u64, u64, String, String)> {
        self.diagnostics
            .iter()
            .map(|d| {
                (
                    d.line,
                    d.column,
                    d.end_column,
                    d.rule.clone(),
                    d.matched().to_owned(),
                )
            })
            .collect()
    }

    /// `(rule, matched, role)` of every diagnostic, in report order: what must stay the
    /// same when one conversation is written in another shape.
    pub fn what(&self) -> Vec<(String, Option<String>, Option<Role>)> {
        self.diagnostics
            .iter()
            .map(|d| (d.rule.clone(), d.matched.clone(), d.role))
            .collect()
    }
}
