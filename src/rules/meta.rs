//! Findings about the run rather than about what was said: how an input was read
//! (`input.*`), what could not be checked (`timing.skipped`) and inline suppressions
//! (`suppression.*`). They are no pack's rules,
//! but listings, SARIF's rule table and selection know them like rules.

use super::Severity;
use crate::transcript::IssueKind;

/// A finding kind of replylint's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetaRule {
    pub id: &'static str,
    pub severity: Severity,
    pub description: &'static str,
    pub help: &'static str,
}

/// A line that is part of no turn.
pub const UNPARSED: MetaRule = MetaRule {
    id: "input.unparsed",
    severity: Severity::Info,
    description: "a line that is part of no turn: it was not checked",
    help: "check the export format; this line was not checked",
};

/// Timing rules that could not run for want of timestamps.
pub const TIMING_SKIPPED: MetaRule = MetaRule {
    id: "timing.skipped",
    severity: Severity::Info,
    description: "timing rules skipped: not every turn has a timestamp",
    help: "export the transcript with message times to check response times",
};

/// A suppression that hides no finding.
pub const SUPPRESSION_UNUSED: MetaRule = MetaRule {
    id: "suppression.unused",
    severity: Severity::Warning,
    description: "an inline suppression that hides no finding on its reply",
    help: "remove the rule from the suppression, or the suppression from the reply",
};

/// A suppression that names no rule or cannot be read.
pub const SUPPRESSION_INVALID: MetaRule = MetaRule {
    id: "suppression.invalid",
    severity: Severity::Error,
    description: "an inline suppression that names no rule or cannot be read",
    help: "write `# replylint: allow(rule.id, prefix.) reason`; `replylint rules` lists the ids",
};

/// Every meta rule, `input.*` first.
pub fn all() -> Vec<MetaRule> {
    let mut all = vec![UNPARSED];
    all.extend(IssueKind::ALL.map(|kind| MetaRule {
        id: kind.rule(),
        severity: kind.severity(),
        description: kind.description(),
        help: kind.help(),
    }));
    all.push(TIMING_SKIPPED);
    all.push(SUPPRESSION_UNUSED);
    all.push(SUPPRESSION_INVALID);
    all
}
