//! Running the real binary the way users do.

#![allow(dead_code)]

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

/// `(line, column, end_column, rule, matched)` of every diagnostic in a JSON report.
pub fn spots(report: &serde_json::Value) -> Vec<(u64, u64, u64, String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["end_column"].as_u64().unwrap_or(0),
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["matched"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// `(rule, matched, role)` of every diagnostic of a JSON report, in report order: what must
/// stay the same when one conversation is written in another shape.
pub fn what(report: &serde_json::Value) -> Vec<(String, Option<String>, Option<String>)> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["matched"].as_str().map(str::to_owned),
                d["role"].as_str().map(str::to_owned),
            )
        })
        .collect()
}
