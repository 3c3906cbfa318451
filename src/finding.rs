//! The one thing every check produces and every report renders.

use crate::rules::Severity;
use crate::source::{Position, SourceFile};
use crate::transcript::Role;
use std::ops::Range;

/// A violation (or note) at a place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Namespaced rule id, e.g. `taboo.impatience`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// The standard phrase or advice.
    pub help: Option<String>,
    /// Text a fix may put in place of `matched`.
    pub replacement: Option<String>,
    /// Points a grade loses for this finding.
    pub weight: u32,
    /// The file as given or found under a given folder; `-` for stdin.
    pub path: String,
    pub conversation: Option<String>,
    /// Byte range in the file as stored (its encoding's bytes), whether it was read whole
    /// or in batches.
    pub span: Range<usize>,
    /// Byte range in the decoded text that was checked (the batch's), for drawing.
    pub local: Range<usize>,
    pub start: Position,
    /// Line and column just after the last character (exclusive end).
    pub end: Position,
    /// The original text of the span, or `None` for findings about a whole turn or
    /// conversation (a missing phrase, a late reply).
    pub matched: Option<String>,
    pub speaker: Option<String>,
    pub role: Option<Role>,
    /// A second place that explains the finding (the customer turn a reply should answer).
    pub related: Option<Related>,
    /// In a spreadsheet, the cell of `start` (`Sheet1!D12`); `start` and `end` are then the
    /// sheet row and character columns inside the cell, and `span` is in the sheet as drawn.
    pub cell: Option<String>,
    /// The whole message of the turn the finding is in, filled in only for the formats that
    /// show it (CSV) and for baselines.
    pub turn_text: Option<String>,
    /// Shown with its QA verdict from a baseline (`--show-reviewed`): it does not fail the
    /// run.
    pub reviewed: bool,
    /// What the personal data of the finding's place and message was before `--redact`
    /// masked them (a short digest, `baseline::data_digest`), so that a baseline still tells
    /// a different number at the same place apart.
    pub data_digest: Option<String>,
}

/// A second labelled place in the same file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// In the decoded text, as [`Finding::local`].
    pub local: Range<usize>,
    pub start: Position,
    pub label: String,
}

/// Where a finding is: the file, and the conversation and turn when there is one.
pub struct Place<'a> {
    pub file: &'a SourceFile,
    pub path: &'a str,
    pub conversation: Option<&'a str>,
    pub speaker: Option<&'a str>,
    pub role: Option<Role>,
}

impl Place<'_> {
    /// A finding over `span` (bytes of the decoded file). `matched` is the message text the
    /// finding is about, as decoded (it differs from the file's bytes under JSON escapes).
    pub fn finding(&self, span: Range<usize>, matched: Option<&str>) -> Finding {
        Finding {
            rule: String::new(),
            severity: Severity::Info,
            message: String::new(),
            help: None,
            replacement: None,
            weight: 0,
            path: self.path.to_owned(),
            conversation: self.conversation.map(str::to_owned),
            start: self.file.position(span.start),
            end: self.file.position(span.end),
            matched: matched.map(str::to_owned),
            speaker: self.speaker.map(str::to_owned),
            role: self.role,
            related: None,
            cell: self.file.cell(span.start),
            turn_text: None,
            reviewed: false,
            data_digest: None,
            span: self.file.file_span(span.clone()),
            local: span,
        }
    }

    /// A second labelled place for a finding.
    pub fn related(&self, span: Range<usize>, label: impl Into<String>) -> Related {
        Related {
            start: self.file.position(span.start),
            local: span,
            label: label.into(),
        }
    }
}

impl Finding {
    /// The order reports use: by path, then position, then rule.
    pub fn sort_key(&self) -> (&str, Position, &str) {
        (&self.path, self.start, &self.rule)
    }
}
