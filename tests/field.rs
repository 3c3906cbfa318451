//! Inputs written the way real exports and agents write them, independently of `fixtures/`
//! (`tests/data/field/`, made by its `gen.py`, and a second pass's `q2-*` files): every
//! expectation of `expect.tsv` and `expect-2.tsv` holds,
//! except those listed in `known-failures.tsv`, which must still fail (so that the list
//! shrinks as they are fixed rather than hiding a fix, or a new failure).

mod common;

use common::{Diagnostic, Report, Role, Severity, root, run_in};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One line of `expect.tsv` (or `known-failures.tsv`): file, kind, rule, matched.
type Key = (String, String, String, String);

fn rows(path: &Path) -> Vec<(Key, String)> {
    let text = std::fs::read_to_string(path).expect("expectations are readable");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.split('\t').map(str::to_owned);
            let mut next = || cols.next().unwrap_or_default();
            ((next(), next(), next(), next()), next())
        })
        .collect()
}

fn rule_matches(pattern: &str, d: &Diagnostic) -> bool {
    let rule = d.rule.as_str();
    match pattern {
        "@error" => d.severity == Severity::Error,
        p if p.ends_with('*') => rule.starts_with(&p[..p.len() - 1]),
        p => rule == p,
    }
}

/// Whether a reported diagnostic sits on an occurrence of `matched` in its line, for a
/// finding whose text overlaps `matched` without being it (`喂` in `喂辅食`).
fn on_occurrence(lines: &[String], d: &Diagnostic, matched: &str) -> bool {
    let n = |v: u64| usize::try_from(v).expect("a position fits");
    let Some(line) = lines.get(n(d.line).saturating_sub(1)) else {
        return true;
    };
    let chars: Vec<char> = line.chars().collect();
    let (c0, c1) = (
        n(d.column).saturating_sub(1),
        if d.end_line == d.line {
            n(d.end_column).saturating_sub(1)
        } else {
            chars.len()
        },
    );
    let target: Vec<char> = matched.chars().collect();
    (0..chars.len()).any(|i| chars[i..].starts_with(&target) && i < c1 && c0 < i + target.len())
}

/// Why an expectation fails, or `None` when it holds.
fn failure(
    kind: &str,
    rule: &str,
    matched: &str,
    report: &Report,
    lines: &[String],
) -> Option<String> {
    let diags: Vec<&Diagnostic> = report.diagnostics.iter().collect();
    let show = |ds: &[&Diagnostic]| {
        ds.iter()
            .take(4)
            .map(|d| format!("{}={:?}@{}", d.rule, d.matched, d.line))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match kind {
        "must" => {
            let hit = diags.iter().any(|d| {
                rule_matches(rule, d)
                    && (matched.is_empty() || d.matched.as_deref() == Some(matched))
            });
            (!hit).then(|| format!("not reported; reported: {}", show(&diags)))
        }
        "must-not" => {
            let bad: Vec<&Diagnostic> = diags
                .iter()
                .copied()
                .filter(|d| rule_matches(rule, d))
                .filter(|d| {
                    if matched.is_empty() {
                        return true;
                    }
                    let Some(m) = d.matched.as_deref() else {
                        return false;
                    };
                    m == matched
                        || ((m.contains(matched) || matched.contains(m))
                            && on_occurrence(lines, d, matched))
                })
                .collect();
            (!bad.is_empty()).then(|| format!("reported: {}", show(&bad)))
        }
        "role" => {
            let mine: Vec<&Diagnostic> = diags
                .iter()
                .copied()
                .filter(|d| d.speaker.as_deref() == Some(rule))
                .collect();
            if let Some(wrong) = mine
                .iter()
                .find(|d| d.role.map(Role::as_str) != Some(matched))
            {
                Some(format!("speaker {rule} reported as {:?}", wrong.role))
            } else if matched == "agent" && mine.is_empty() {
                Some(format!("no finding under speaker {rule}"))
            } else {
                None
            }
        }
        "conversations" => {
            let got = report.summary.conversations;
            (got.to_string() != rule).then(|| format!("{got} conversations"))
        }
        other => Some(format!("unknown expectation kind {other}")),
    }
}

#[test]
fn field_inputs_meet_their_expectations() {
    let data = root().join("tests/data/field");
    let inputs = data.join("inputs");
    let mut expected = rows(&data.join("expect.tsv"));
    expected.extend(rows(&data.join("expect-2.tsv")));
    let known: BTreeMap<Key, String> = rows(&data.join("known-failures.tsv")).into_iter().collect();
    assert!(expected.len() > 200, "expect.tsv is missing or short");
    let files: BTreeSet<&str> = expected.iter().map(|(k, _)| k.0.as_str()).collect();
    let mut reports = BTreeMap::new();
    for file in &files {
        let r = run_in(
            &inputs,
            &["check", "--no-config", "--format", "json", file],
            b"",
        );
        assert!(
            r.code == 0 || r.code == 1,
            "{file}: exit {}: {}",
            r.code,
            r.stderr
        );
        let bytes = std::fs::read(inputs.join(file)).expect("input is readable");
        // A workbook is no text: it has no lines for `on_occurrence` to look at.
        let text = replylint::source::decode(&bytes)
            .map(|d| d.text)
            .unwrap_or_default();
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.trim_end_matches('\r').to_owned())
            .collect();
        reports.insert(*file, (r.report(), lines));
    }
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for ((file, kind, rule, matched), note) in &expected {
        let (report, lines) = &reports[file.as_str()];
        let key = (file.clone(), kind.clone(), rule.clone(), matched.clone());
        match (
            failure(kind, rule, matched, report, lines),
            known.contains_key(&key),
        ) {
            (Some(why), false) => {
                unexpected.push(format!("{file} {kind} {rule} {matched} ({note}): {why}"))
            }
            (None, true) => fixed.push(format!("{file} {kind} {rule} {matched}")),
            _ => {}
        }
    }
    assert!(
        unexpected.is_empty(),
        "failing expectations:\n{}",
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "now passing: remove from known-failures.tsv:\n{}",
        fixed.join("\n")
    );
    assert!(
        known.keys().all(|k| expected.iter().any(|(e, _)| e == k)),
        "known-failures.tsv names an expectation that expect.tsv does not have"
    );
}
