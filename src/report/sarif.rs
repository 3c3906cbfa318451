//! `--format sarif`: SARIF 2.1.0, the format of GitHub code scanning and of most editors'
//! problem views.
//!
//! One run: `tool.driver` describes every rule of the run (the meta rules included) with
//! its description, standard phrase and default level; each result has one location whose
//! `artifactLocation.uri` is relative to the working folder (`%SRCROOT%`), a region whose
//! columns count Unicode code points (`columnKind` on the run) and whose byte offsets are
//! the file's as stored, and a `primaryLocationLineHash` that survives lines added above
//! (see [`super::fingerprint`]). Results are written as they come, the summary last.

use super::fingerprint::{Fingerprint, Fingerprints};
use super::json::{inline, nested};
use super::{Batch, Emitter, RuleInfo, display_message};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::summary::Summary;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

pub(super) struct Sarif {
    rules: Vec<RuleInfo>,
    index: FxHashMap<String, usize>,
    /// The working folder, which relative URIs are relative to.
    root: Option<PathBuf>,
    fingerprints: Fingerprints,
    started: bool,
    written: usize,
}

impl Sarif {
    pub(super) fn new(rules: &[RuleInfo]) -> Self {
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Sarif {
            rules: rules.to_vec(),
            index,
            root: std::env::current_dir().ok(),
            fingerprints: Fingerprints::default(),
            started: false,
            written: 0,
        }
    }

    /// The document up to the first result.
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        writeln!(out, "{{")?;
        writeln!(out, "  \"$schema\": \"{SCHEMA}\",")?;
        writeln!(out, "  \"version\": \"2.1.0\",")?;
        writeln!(out, "  \"runs\": [\n    {{")?;
        out.write_all(b"      \"tool\": ")?;
        let tool = json!({ "driver": {
            "name": "replylint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": INFORMATION_URI,
            "rules": self.rules.iter().map(descriptor).collect::<Vec<_>>(),
        }});
        inline(out, &tool, "      ")?;
        writeln!(out, ",\n      \"columnKind\": \"unicodeCodePoints\",")?;
        if let Some(root) = self.root.as_deref().and_then(folder_uri) {
            let base = json!({ "%SRCROOT%": { "uri": root } });
            out.write_all(b"      \"originalUriBaseIds\": ")?;
            inline(out, &base, "      ")?;
            writeln!(out, ",")?;
        }
        write!(out, "      \"results\": [")
    }

    fn result<'a>(&self, f: &'a Finding, fingerprint: Fingerprint) -> SarifResult<'a> {
        let (uri, base) = artifact_uri(&f.path, self.root.as_deref());
        let mut region = json!({
            "startLine": f.start.line,
            "startColumn": f.start.column,
            "endLine": f.end.line,
            "endColumn": f.end.column,
        });
        if f.cell.is_none() {
            region["byteOffset"] = json!(f.span.start);
            region["byteLength"] = json!(f.span.len());
        }
        if let Some(matched) = &f.matched {
            region["snippet"] = json!({ "text": matched });
        }
        let artifact = match base {
            Some(base) => json!({ "uri": uri, "uriBaseId": base }),
            None => json!({ "uri": uri }),
        };
        let related = f.related.as_ref().map(|r| {
            vec![json!({
                "id": 1,
                "physicalLocation": {
                    "artifactLocation": artifact.clone(),
                    "region": { "startLine": r.start.line, "startColumn": r.start.column },
                },
                "message": { "text": r.label },
            })]
        });
        let mut properties = serde_json::Map::new();
        for (key, value) in [
            ("conversation", f.conversation.as_deref()),
            ("speaker", f.speaker.as_deref()),
            ("role", f.role.map(|r| r.as_str())),
            ("cell", f.cell.as_deref()),
            ("help", f.help.as_deref()),
        ] {
            if let Some(value) = value {
                properties.insert(key.into(), Value::from(value));
            }
        }
        SarifResult {
            rule_id: &f.rule,
            rule_index: self.index.get(&f.rule).copied(),
            level: level(f.severity),
            message: json!({ "text": display_message(f) }),
            locations: vec![json!({
                "physicalLocation": { "artifactLocation": artifact, "region": region }
            })],
            related_locations: related,
            partial_fingerprints: json!({
                "primaryLocationLineHash": fingerprint.line_hash()
            }),
            properties: (!properties.is_empty()).then_some(Value::Object(properties)),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Value,
    locations: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    related_locations: Option<Vec<Value>>,
    partial_fingerprints: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Value>,
}

impl Emitter for Sarif {
    fn needs_source(&self) -> bool {
        true
    }

    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        self.start(out)?;
        for f in batch.findings {
            let fingerprint = self.fingerprints.next(f, batch.source);
            out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            nested(out, &self.result(f, fingerprint), "        ")?;
            self.written += 1;
        }
        Ok(())
    }

    fn end_file(&mut self, _out: &mut dyn Write, _path: &str) -> io::Result<()> {
        self.fingerprints.end_file();
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        self.start(out)?;
        if self.written > 0 {
            write!(out, "\n      ")?;
        }
        writeln!(out, "],")?;
        let invocations = json!([{ "executionSuccessful": true }]);
        out.write_all(b"      \"invocations\": ")?;
        inline(out, &invocations, "      ")?;
        out.write_all(b",\n      \"properties\": ")?;
        inline(out, &json!({ "summary": summary }), "      ")?;
        writeln!(out, "\n    }}\n  ]\n}}")
    }
}

fn descriptor(rule: &RuleInfo) -> Value {
    let help = rule.help.as_deref().unwrap_or(&rule.description);
    json!({
        "id": rule.id,
        "shortDescription": { "text": rule.description },
        "fullDescription": { "text": format!("{} (pack {})", rule.description, rule.pack) },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": [rule.pack] },
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The URI of a reported path: relative to the working folder (with `%SRCROOT%` as its
/// base) when it is inside it, else an absolute `file:` URI.
fn artifact_uri(path: &str, root: Option<&Path>) -> (String, Option<&'static str>) {
    let given = Path::new(path);
    if given.is_absolute() {
        if let Some(relative) = root.and_then(|root| given.strip_prefix(root).ok()) {
            return (encode(&slashes(relative)), Some("%SRCROOT%"));
        }
        return (format!("file://{}", encode(&slashes(given))), None);
    }
    let relative = slashes(given);
    let relative = relative.strip_prefix("./").unwrap_or(&relative);
    (encode(relative), Some("%SRCROOT%"))
}

/// An absolute folder as a `file:` URI ending in `/`.
fn folder_uri(folder: &Path) -> Option<String> {
    if !folder.is_absolute() {
        return None;
    }
    let mut uri = format!("file://{}", encode(&slashes(folder)));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}

fn slashes(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Percent-encode everything but unreserved characters and `/` (RFC 3986).
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        let root = Path::new("/repo");
        assert_eq!(
            artifact_uri("./canned/问候 1.txt", Some(root)),
            (
                "canned/%E9%97%AE%E5%80%99%201.txt".to_owned(),
                Some("%SRCROOT%")
            )
        );
        assert_eq!(
            artifact_uri("/repo/a#b.txt", Some(root)),
            ("a%23b.txt".to_owned(), Some("%SRCROOT%"))
        );
        assert_eq!(
            artifact_uri("/elsewhere/a.txt", Some(root)),
            ("file:///elsewhere/a.txt".to_owned(), None)
        );
        assert_eq!(folder_uri(root).as_deref(), Some("file:///repo/"));
    }
}
