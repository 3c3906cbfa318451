//! The suppress stage: inline suppressions of canned replies hide the findings they name,
//! and a suppression that hides nothing, names no rule or cannot be read is reported.

use crate::finding::{Finding, Place};
use crate::rules::meta;
use crate::selection::covers;
use crate::source::SourceFile;
use crate::transcript::{Role, Transcript};
use std::ops::Range;

/// Hide the findings of `transcript`'s canned replies that their markers name, and report
/// the markers that hide nothing, name no rule (`known` tells rule ids and prefixes), or
/// cannot be read.
pub fn apply(
    findings: &mut Vec<Finding>,
    transcript: &Transcript,
    source: &SourceFile,
    path: &str,
    known: &dyn Fn(&str) -> bool,
) {
    for conversation in &transcript.conversations {
        if conversation.markers.is_empty() {
            continue;
        }
        let (Some(first), Some(last)) = (conversation.turns.first(), conversation.turns.last())
        else {
            continue;
        };
        let reply = first.location.start..last.location.end;
        let place = Place {
            file: source,
            path,
            conversation: Some(&conversation.id),
            speaker: Some(&first.speaker),
            role: Some(Role::Agent),
        };
        let mut reported = Vec::new();
        for marker in &conversation.markers {
            let suppression = match marker {
                Ok(s) => s,
                Err(span) => {
                    reported.push(meta_finding(
                        &place,
                        span.clone(),
                        meta::SUPPRESSION_INVALID,
                        "unreadable suppression: write `# replylint: allow(rule.id) reason`, or `allow = [\"rule.id\"]` in a TOML reply".into(),
                    ));
                    continue;
                }
            };
            for (pattern, span) in &suppression.rules {
                if !known(pattern) {
                    reported.push(meta_finding(
                        &place,
                        span.clone(),
                        meta::SUPPRESSION_INVALID,
                        "the suppression names no rule (no id or prefix of the rules in force)"
                            .into(),
                    ));
                    continue;
                }
                let before = findings.len();
                findings.retain(|f| {
                    let here = reply.start <= f.local.start && f.local.start <= reply.end;
                    !(here && !f.rule.starts_with("suppression.") && covers(pattern, &f.rule))
                });
                if findings.len() == before {
                    reported.push(meta_finding(
                        &place,
                        span.clone(),
                        meta::SUPPRESSION_UNUSED,
                        "unused suppression: this rule reports nothing on this reply".into(),
                    ));
                }
            }
        }
        findings.extend(reported);
    }
}

fn meta_finding(
    place: &Place<'_>,
    span: Range<usize>,
    rule: meta::MetaRule,
    message: String,
) -> Finding {
    let matched = place.file.text().get(span.clone()).map(str::to_owned);
    Finding {
        rule: rule.id.into(),
        severity: rule.severity,
        message,
        help: Some(rule.help.into()),
        ..place.finding(span, matched.as_deref())
    }
}
