//! The redact stage (`--redact`): personal data, said by either side, masked in everything
//! an output shows, because QA reports and review samples get shared.
//!
//! It runs after checking, so the rules see the real text; the batch's text, the findings'
//! texts and the conversations' names are masked before anything is emitted or recorded in
//! a baseline. Every masked character keeps its length in bytes and line breaks stay, so
//! every span, line and column still points where it did.

use crate::finding::Finding;
use crate::personal::{self, Strictness, mask_into};
use crate::report::ConversationInfo;
use crate::source::SourceFile;
use crate::transcript::Transcript;
use std::borrow::Cow;
use std::ops::Range;

/// The batch's text masked, and its findings and conversations masked in place.
pub fn batch(
    source: &SourceFile,
    transcript: &Transcript,
    findings: &mut [Finding],
    conversations: &mut [ConversationInfo],
) -> SourceFile {
    // The text as a whole (speakers, headers, lines no turn holds), then each message as
    // read: a message decoded from escapes (`\u0031` in JSON, `""` in CSV) is found in its
    // decoded form and masked where it sits in the file.
    let mut text = personal::redact(source.text()).into_owned();
    for turn in transcript.conversations.iter().flat_map(|c| &c.turns) {
        for datum in personal::find(&turn.text, Strictness::Redact) {
            mask_range(&mut text, turn.file_span(datum.span));
        }
    }
    for f in findings.iter_mut() {
        // What a baseline needs to tell this finding's data from other data at its place.
        f.data_digest = crate::baseline::digest_of(f);
        // A finding on verbatim text shows what the masked text holds there; any other
        // (decoded from escapes) is masked on its own.
        let verbatim = f
            .matched
            .as_deref()
            .is_some_and(|m| source.text().get(f.local.clone()) == Some(m));
        match text.get(f.local.clone()) {
            Some(masked) if verbatim => f.matched = Some(masked.to_owned()),
            _ => mask_option(&mut f.matched),
        }
        mask_option(&mut f.turn_text);
        mask_option(&mut f.speaker);
        mask_option(&mut f.conversation);
        mask(&mut f.message);
        if let Some(related) = &mut f.related {
            mask(&mut related.label);
        }
    }
    for c in conversations.iter_mut() {
        mask(&mut c.id);
        c.agents.iter_mut().for_each(mask);
    }
    source.with_text(text)
}

/// Mask the messages of findings again, after the baseline stage added verdicts to them.
pub fn messages(findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.reviewed) {
        mask(&mut f.message);
    }
}

fn mask(text: &mut String) {
    if let Cow::Owned(masked) = personal::redact(text) {
        *text = masked;
    }
}

fn mask_option(text: &mut Option<String>) {
    if let Some(t) = text {
        mask(t);
    }
}

/// Mask `range` of `text` (a range of a message mapped into the file, so on character
/// boundaries; anything else is left, never cut).
fn mask_range(text: &mut String, range: Range<usize>) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    let mut masked = String::with_capacity(slice.len());
    mask_into(slice, &mut masked);
    text.replace_range(range, &masked);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::parse_text;

    #[test]
    fn every_digit_of_the_data_is_masked_and_every_offset_kept() {
        let text = "[2024-06-01 10:00:05] 顾客: 我是13812345678\n[2024-06-01 10:00:30] 客服小美: 卡号6222021001123456789\n";
        let source = SourceFile::new("t.txt", text);
        let transcript = parse_text(text, "t.txt");
        let masked = batch(&source, &transcript, &mut [], &mut []);
        assert_eq!(masked.text().len(), text.len());
        assert_eq!(masked.text().lines().count(), 2);
        assert!(!masked.text().contains("1381234"));
        assert!(!masked.text().contains("62220210"));
        assert!(
            masked
                .text()
                .contains("[2024-06-01 10:00:05] 顾客: 我是***********")
        );
    }
}
