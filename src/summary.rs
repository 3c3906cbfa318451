//! Counts over a whole run: what was read and what was found.

use crate::finding::Finding;
use crate::rules::Severity;
use serde::Serialize;

/// Counts over a whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files read and checked.
    pub files: usize,
    /// Files given or found but not checked: unreadable, binary, empty, or not a
    /// canned-reply library (each has its note or error on stderr).
    pub skipped_files: usize,
    pub conversations: usize,
    pub turns: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Conversations in which no agent could be identified (`input.no-agent`): agent rules
    /// did not run on them.
    pub conversations_without_agent: usize,
}

impl Summary {
    pub fn count(&mut self, findings: &[Finding]) {
        for f in findings {
            if f.rule == "input.no-agent" {
                self.conversations_without_agent += 1;
            }
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}
