//! `--format gitlab`: a GitLab Code Quality report, which merge requests show as a widget
//! and in the changes view (`artifacts: reports: codequality: replylint.json`).
//!
//! One JSON array, no byte-order mark, of
//! `{description, check_name, fingerprint, severity, location: {path, lines: {begin, end}}}`.
//! Severities: error → `major`, warning → `minor`, info → `info`. Fingerprints are unique
//! per finding and stable across runs (see [`super::fingerprint`]), so GitLab tells new
//! findings from old ones.

use super::fingerprint::{Fingerprint, Fingerprints};
use super::json::nested;
use super::{Batch, Emitter, display_message};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::summary::Summary;
use serde_json::{Value, json};
use std::io::{self, Write};

#[derive(Default)]
pub(super) struct Gitlab {
    fingerprints: Fingerprints,
    written: usize,
}

impl Emitter for Gitlab {
    fn needs_source(&self) -> bool {
        true
    }

    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        for f in batch.findings {
            let fingerprint = self.fingerprints.next(f, batch.source);
            out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
            nested(out, &issue(f, fingerprint), "  ")?;
            self.written += 1;
        }
        Ok(())
    }

    fn end_file(&mut self, _out: &mut dyn Write, _path: &str) -> io::Result<()> {
        self.fingerprints.end_file();
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        if self.written == 0 {
            out.write_all(b"[]\n")
        } else {
            out.write_all(b"\n]\n")
        }
    }
}

fn issue(f: &Finding, fingerprint: Fingerprint) -> Value {
    let severity = match f.severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    };
    let path = f.path.strip_prefix("./").unwrap_or(&f.path);
    json!({
        "type": "issue",
        "description": display_message(f),
        "check_name": f.rule,
        "fingerprint": fingerprint.unique(),
        "severity": severity,
        "location": {
            "path": path,
            "lines": { "begin": f.start.line, "end": f.end.line },
        },
    })
}
