//! What only the writer can tell, because it sees each file's batches in file order
//! whatever the part size and whichever thread checked them: a conversation whose id comes
//! back after other conversations (`input.conversation-resumed`), and how many
//! `input.invalid-bytes` findings a file lists.

use crate::finding::{Finding, Place};
use crate::problem::Problem;
use crate::selection::Selection;
use crate::source::SourceFile;
use crate::transcript::{IssueKind, MAX_LISTED, Transcript};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The start of a conversation, as a finding ready to be reported should its id have been
/// seen before in the file.
pub struct Opening {
    /// A digest of the conversation id: the writer keeps one per conversation of a file,
    /// and a million ids would cost far more than a million digests.
    key: u64,
    finding: Finding,
}

/// The openings of a batch's conversations, if the resumed-conversation finding is on.
pub fn openings(
    path: &str,
    source: &SourceFile,
    transcript: &Transcript,
    selection: &Selection,
) -> Vec<Opening> {
    let kind = IssueKind::ConversationResumed;
    if !selection.enabled(kind.rule()) {
        return Vec::new();
    }
    transcript
        .conversations
        .iter()
        // A canned reply stands alone, and a part of a conversation cut for its length is
        // no new start.
        .filter(|c| !c.canned && !c.went_on)
        .filter_map(|c| {
            let first = c.turns.first()?;
            let place = Place {
                file: source,
                path,
                conversation: Some(&c.id),
                speaker: None,
                role: None,
            };
            Some(Opening {
                key: digest(&c.id),
                finding: Finding {
                    rule: kind.rule().into(),
                    severity: kind.severity(),
                    help: Some(kind.help().into()),
                    ..place.finding(first.location.clone(), None)
                },
            })
        })
        .collect()
}

fn digest(id: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// The writer's memory of the file being written.
#[derive(Default)]
pub struct InOrder {
    seen: HashSet<u64>,
    /// The digest of the id of the conversation before, in file order.
    last: Option<u64>,
    resumed: usize,
    invalid: usize,
    unlisted_invalid: usize,
}

impl InOrder {
    /// Add to a batch's findings its conversations that were seen before in the file, and
    /// keep only the file's first [`MAX_LISTED`] invalid-byte findings. `unlisted_invalid`:
    /// the invalid sequences the batch did not list.
    pub fn batch(
        &mut self,
        findings: &mut Vec<Finding>,
        openings: Vec<Opening>,
        unlisted_invalid: usize,
        selection: &Selection,
    ) {
        let invalid = IssueKind::InvalidBytes.rule();
        let before = findings.len();
        findings.retain(|f| {
            if f.rule != invalid {
                return true;
            }
            self.invalid += 1;
            self.invalid <= MAX_LISTED
        });
        self.unlisted_invalid += unlisted_invalid + (before - findings.len());
        let mut resumed = Vec::new();
        for Opening { key, mut finding } in openings {
            let right_after = self.last.replace(key) == Some(key);
            if self.seen.insert(key) {
                continue;
            }
            self.resumed += 1;
            if self.resumed > MAX_LISTED {
                continue;
            }
            let id = finding.conversation.as_deref().unwrap_or_default();
            finding.message = if right_after {
                // Two whole conversations (JSON Lines lines) under one id, one after the other.
                format!(
                    "a second conversation with the id `{id}` starts here, right after the \
                     first: it is checked as a conversation of its own"
                )
            } else {
                format!(
                    "conversation `{id}` comes back here after other conversations: its turns \
                     are not together in the file, so this part is checked as a conversation \
                     of its own"
                )
            };
            resumed.push(finding);
        }
        if !resumed.is_empty() {
            selection.apply(&mut resumed);
            findings.append(&mut resumed);
            findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
    }

    /// The end of a file: notes on what was not listed. The memory is cleared for the next.
    pub fn end(&mut self, path: &str) -> Vec<Problem> {
        let mut notes = Vec::new();
        if self.unlisted_invalid > 0 {
            notes.push(Problem::note(
                path,
                format!(
                    "{} more invalid byte sequences (input.invalid-bytes) are not listed: only \
                     the first {MAX_LISTED} of a file are",
                    self.unlisted_invalid
                ),
            ));
        }
        if self.resumed > MAX_LISTED {
            notes.push(Problem::note(
                path,
                format!(
                    "{} more conversations that come back after others \
                     (input.conversation-resumed) are not listed: sort the export by \
                     conversation id",
                    self.resumed - MAX_LISTED
                ),
            ));
        }
        *self = InOrder::default();
        notes
    }
}
