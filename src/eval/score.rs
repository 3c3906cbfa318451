//! Findings against labels: the counts per rule and the disagreements.

use super::labels::{Label, Verdict};
use crate::finding::Finding;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::PathBuf;

/// What `eval` found, in the shape of its JSON output.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub labels: usize,
    pub files: usize,
    /// One row per judged rule, by rule id.
    pub rules: Vec<RuleScore>,
    /// Every label replylint disagrees with, and every false positive, in file order.
    pub disagreements: Vec<Disagreement>,
    /// Findings of rules no label names, by rule: not judged.
    pub unjudged: BTreeMap<String, usize>,
}

#[derive(Debug, Default, Serialize)]
pub struct RuleScore {
    pub rule: String,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    /// `None` when the rule reported nothing and nothing was expected of it.
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    /// Labels of the rule: places it must fire, and near misses where it must not.
    pub fire_labels: usize,
    pub pass_labels: usize,
}

#[derive(Debug, Serialize)]
pub struct Disagreement {
    /// `false-positive` or `false-negative`.
    pub kind: &'static str,
    pub file: String,
    pub line: Option<usize>,
    pub conversation: Option<String>,
    pub rule: String,
    /// What replylint matched (false positives).
    pub matched: Option<String>,
    /// The line's text (the label's line, or where the finding starts).
    pub text: String,
    /// The label's note: why it must or must not fire.
    pub note: String,
}

impl Disagreement {
    /// Personal data masked in everything shown but the path (paths are never masked).
    pub fn redact(&mut self) {
        let mask = |t: &mut String| {
            if let std::borrow::Cow::Owned(masked) = crate::personal::redact(t) {
                *t = masked;
            }
        };
        mask(&mut self.text);
        mask(&mut self.note);
        self.matched.iter_mut().for_each(mask);
        self.conversation.iter_mut().for_each(mask);
    }
}

fn meets(label: &Label, f: &Finding) -> bool {
    f.rule == label.rule
        && match (label.line, &label.conversation) {
            (Some(line), _) => f.start.line <= line && line <= f.end.line.max(f.start.line),
            (None, Some(c)) => f.conversation.as_deref() == Some(c.as_str()),
            (None, None) => false,
        }
}

/// Score `findings` (by transcript) against `labels`; `texts` are the transcripts' text,
/// for showing a disagreement's line.
pub fn score(
    labels: &[Label],
    findings: &BTreeMap<PathBuf, Vec<Finding>>,
    texts: &BTreeMap<PathBuf, String>,
    partial: bool,
) -> Report {
    let judged: BTreeSet<&str> = labels.iter().map(|l| l.rule.as_str()).collect();
    let mut rows: BTreeMap<&str, RuleScore> = judged
        .iter()
        .map(|r| {
            (
                *r,
                RuleScore {
                    rule: (*r).to_owned(),
                    ..RuleScore::default()
                },
            )
        })
        .collect();
    let mut report = Report {
        labels: labels.len(),
        files: findings.len(),
        ..Report::default()
    };
    let line_text = |path: &PathBuf, line: usize| {
        texts
            .get(path)
            .and_then(|t| t.lines().nth(line.saturating_sub(1)))
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    for label in labels {
        let Some(row) = rows.get_mut(label.rule.as_str()) else {
            continue;
        };
        match label.verdict {
            Verdict::Pass => row.pass_labels += 1,
            Verdict::Fire => {
                row.fire_labels += 1;
                let met = findings
                    .get(&label.path)
                    .is_some_and(|fs| fs.iter().any(|f| meets(label, f)));
                if met {
                    row.true_positives += 1;
                } else {
                    row.false_negatives += 1;
                    report.disagreements.push(Disagreement {
                        kind: "false-negative",
                        file: label.file.clone(),
                        line: label.line,
                        conversation: label.conversation.clone(),
                        rule: label.rule.clone(),
                        matched: None,
                        text: label
                            .line
                            .map(|l| line_text(&label.path, l))
                            .unwrap_or_default(),
                        note: label.note.clone(),
                    });
                }
            }
        }
    }
    for (path, found) in findings {
        let of_file: Vec<&Label> = labels.iter().filter(|l| &l.path == path).collect();
        let shown = of_file
            .first()
            .map_or_else(|| path.display().to_string(), |l| l.file.clone());
        for f in found {
            if f.rule.starts_with("input.") {
                // How the file was read is not a rule's judgement; a problem with it shows
                // up as the findings it costs.
                continue;
            }
            let Some(row) = rows.get_mut(f.rule.as_str()) else {
                *report.unjudged.entry(f.rule.clone()).or_default() += 1;
                continue;
            };
            if of_file
                .iter()
                .any(|l| l.verdict == Verdict::Fire && meets(l, f))
            {
                continue;
            }
            let pass = of_file
                .iter()
                .find(|l| l.verdict == Verdict::Pass && meets(l, f));
            if partial && pass.is_none() {
                continue;
            }
            row.false_positives += 1;
            report.disagreements.push(Disagreement {
                kind: "false-positive",
                file: shown.clone(),
                line: Some(f.start.line),
                conversation: f.conversation.clone(),
                rule: f.rule.clone(),
                matched: f.matched.clone(),
                text: line_text(path, f.start.line),
                note: pass.map(|l| l.note.clone()).unwrap_or_default(),
            });
        }
    }
    for row in rows.values_mut() {
        let (tp, fp, fn_) = (row.true_positives, row.false_positives, row.false_negatives);
        row.precision = (tp + fp > 0).then(|| ratio(tp, tp + fp));
        row.recall = (tp + fn_ > 0).then(|| ratio(tp, tp + fn_));
    }
    report.rules = rows.into_values().collect();
    report
        .disagreements
        .sort_by(|a, b| (&a.file, a.line, &a.rule).cmp(&(&b.file, b.line, &b.rule)));
    report
}

fn ratio(a: usize, b: usize) -> f64 {
    // Three decimals are what a table shows; rounding here keeps the JSON readable.
    ((a as f64 / b as f64) * 1000.0).round() / 1000.0
}

fn shown(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

/// The table and the disagreements, for people.
pub fn write_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let width = report
        .rules
        .iter()
        .map(|r| r.rule.len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:width$}  {:>4} {:>4} {:>4}  {:>9} {:>6}  {:>5} {:>5}",
        "rule", "TP", "FP", "FN", "precision", "recall", "fire", "pass"
    )?;
    for r in &report.rules {
        writeln!(
            out,
            "{:width$}  {:>4} {:>4} {:>4}  {:>9} {:>6}  {:>5} {:>5}",
            r.rule,
            r.true_positives,
            r.false_positives,
            r.false_negatives,
            shown(r.precision),
            shown(r.recall),
            r.fire_labels,
            r.pass_labels
        )?;
    }
    let total = |f: fn(&RuleScore) -> usize| report.rules.iter().map(f).sum::<usize>();
    let (tp, fp, fn_) = (
        total(|r| r.true_positives),
        total(|r| r.false_positives),
        total(|r| r.false_negatives),
    );
    writeln!(
        out,
        "{:width$}  {tp:>4} {fp:>4} {fn_:>4}  {:>9} {:>6}",
        "all",
        shown((tp + fp > 0).then(|| ratio(tp, tp + fp))),
        shown((tp + fn_ > 0).then(|| ratio(tp, tp + fn_))),
    )?;
    if !report.disagreements.is_empty() {
        writeln!(out, "\ndisagreements ({}):", report.disagreements.len())?;
    }
    for d in &report.disagreements {
        let place = match (d.line, &d.conversation) {
            (Some(l), _) => format!("{}:{l}", d.file),
            (None, Some(c)) => format!("{} conversation {c}", d.file),
            (None, None) => d.file.clone(),
        };
        let what = if d.kind == "false-positive" {
            "FP"
        } else {
            "FN"
        };
        let matched = d
            .matched
            .as_deref()
            .map(|m| format!(" `{}`", crate::report::escape_terminal(m)))
            .unwrap_or_default();
        let note = if d.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", crate::report::escape_terminal(&d.note))
        };
        writeln!(
            out,
            "  {what} {place} {}{matched}{note}\n      | {}",
            d.rule,
            crate::report::escape_terminal(&d.text)
        )?;
    }
    if !report.unjudged.is_empty() {
        let list: Vec<String> = report
            .unjudged
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        writeln!(
            out,
            "\nnot judged (no label names the rule): {}",
            list.join(", ")
        )?;
    }
    writeln!(
        out,
        "\n{} on {}; {}",
        plural(report.labels, "label"),
        plural(report.files, "file"),
        plural(report.disagreements.len(), "disagreement"),
    )
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
