//! Checks: rules applied to conversations, producing findings.

mod phrase;

use crate::finding::{Finding, Place};
use crate::matcher::{BuildError, Matcher};
use crate::normalize::normalize;
use crate::rules::{Rule, RuleSet, Severity};
use crate::source::SourceFile;
use crate::transcript::{Role, Transcript};

/// A rule set compiled for checking.
#[derive(Debug)]
pub struct Linter {
    rules: Vec<Rule>,
    matcher: Matcher,
}

/// An example in a rule pack that did not behave as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub text: String,
    /// `true` when the text should have fired and did not.
    pub expected_fire: bool,
}

impl Linter {
    pub fn new(set: &RuleSet) -> Result<Linter, BuildError> {
        let rules: Vec<Rule> = set.rules().cloned().collect();
        let matcher = Matcher::new(&rules)?;
        Ok(Linter { rules, matcher })
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Check every conversation of a file, and note the lines that belong to no turn.
    pub fn check(&self, file: &SourceFile, path: &str, transcript: &Transcript) -> Vec<Finding> {
        let mut out = Vec::new();
        for conversation in &transcript.conversations {
            phrase::check(self, file, path, conversation, &mut out);
        }
        for line in &transcript.unparsed {
            let place = Place {
                file,
                path,
                conversation: None,
                speaker: None,
                role: None,
            };
            out.push(Finding {
                rule: "input.unparsed".into(),
                severity: Severity::Info,
                message: line.reason.into(),
                help: Some("check the export format; this line was not checked".into()),
                ..place.finding(line.location.clone(), true)
            });
        }
        out
    }

    /// Ids of the rules that fire on `text` said by `role` as a whole message.
    pub fn rules_firing(&self, text: &str, role: Role) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .matcher
            .find(text, &normalize(text))
            .into_iter()
            .map(|h| &self.rules[h.rule])
            .filter(|r| r.applies_to(role))
            .map(|r| r.id.as_str())
            .collect();
        ids.dedup();
        ids
    }

    /// Run every rule's own examples against the whole rule set.
    pub fn verify_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            let role = rule.roles.first().copied().unwrap_or(Role::Agent);
            let cases = rule
                .examples
                .fire
                .iter()
                .map(|t| (t, true))
                .chain(rule.examples.pass.iter().map(|t| (t, false)));
            for (text, expected_fire) in cases {
                let fired = self.rules_firing(text, role).contains(&rule.id.as_str());
                if fired != expected_fire {
                    failures.push(ExampleFailure {
                        rule: rule.id.clone(),
                        text: text.clone(),
                        expected_fire,
                    });
                }
            }
        }
        failures
    }
}
