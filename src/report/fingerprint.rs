//! Fingerprints that identify a finding across runs (SARIF's `primaryLocationLineHash`,
//! GitLab's `fingerprint`), so that code scanning and merge-request widgets know a finding
//! they have seen before.
//!
//! A fingerprint hashes what the finding is about, not where the line is: the path, the
//! rule and the text of the finding's line (whitespace collapsed; around the finding only,
//! in a long line such as one JSON record), followed by how many findings before it in the
//! same file had the same hash. Adding or removing unrelated lines above keeps it; editing
//! the line itself changes it, as it should.
//!
//! Personal data in the line is hashed as the baseline knows it: masked, plus the digest of
//! the data ([`crate::baseline::data_digest`]). So a run with `--redact` and a plain run give
//! a finding the same fingerprint, and a different number at the same place another one.

use crate::finding::Finding;
use crate::source::SourceFile;
use rustc_hash::FxHashMap;

/// Characters of a long line kept on each side of the finding.
const CONTEXT: usize = 40;

/// Lines up to this many characters are hashed whole.
const SHORT_LINE: usize = 160;

/// Counts equal hashes in the current file; reset at each file's end.
#[derive(Default)]
pub(super) struct Fingerprints {
    seen: FxHashMap<u128, u32>,
}

impl Fingerprints {
    /// The fingerprint of `finding`, the next in its file.
    pub(super) fn next(&mut self, finding: &Finding, source: Option<&SourceFile>) -> Fingerprint {
        let mut hash = Fnv128::default();
        hash.write(finding.path.as_bytes());
        hash.write(&[0]);
        hash.write(finding.rule.as_bytes());
        hash.write(&[0]);
        let context = match source {
            Some(source) => context(source, finding.local.start),
            None => finding.matched.clone().unwrap_or_default(),
        };
        hash.write(context.as_bytes());
        // Set by the redact stage before it masks; a plain run takes it from the real text.
        let digest = finding
            .data_digest
            .clone()
            .or_else(|| crate::baseline::digest_of(finding));
        if let Some(digest) = digest {
            hash.write(&[0]);
            hash.write(digest.as_bytes());
        }
        let hash = hash.finish();
        let count = self.seen.entry(hash).or_insert(0);
        let occurrence = *count;
        *count += 1;
        Fingerprint { hash, occurrence }
    }

    /// The current file has ended.
    pub(super) fn end_file(&mut self) {
        self.seen.clear();
    }
}

/// What identifies a finding: the hash of its path, rule and line, and how many findings
/// of the same file had that hash before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fingerprint {
    hash: u128,
    occurrence: u32,
}

impl Fingerprint {
    /// SARIF's `primaryLocationLineHash`, as GitHub writes it: the hash and the 1-based
    /// occurrence (`…:1`).
    pub(super) fn line_hash(self) -> String {
        format!("{:032x}:{}", self.hash, self.occurrence + 1)
    }

    /// One opaque string per finding (GitLab's `fingerprint`): the hash continued with the
    /// occurrence.
    pub(super) fn unique(self) -> String {
        let mut hash = Fnv128(self.hash);
        hash.write(&self.occurrence.to_le_bytes());
        format!("{:032x}", hash.finish())
    }
}

/// The finding's line with personal data masked and whitespace collapsed, or the part of a
/// long line around byte `offset`.
fn context(source: &SourceFile, offset: usize) -> String {
    let original = source.line_text(offset);
    let line_start = original.as_ptr() as usize - source.text().as_ptr() as usize;
    // Masks keep every byte offset, so `offset` still points into the masked line.
    let line = crate::personal::redact(original);
    let chars = line.chars().count();
    let kept: String = if chars <= SHORT_LINE {
        line.into_owned()
    } else {
        let before = line
            .get(..offset.saturating_sub(line_start).min(line.len()))
            .map_or(0, |s| s.chars().count());
        line.chars()
            .skip(before.saturating_sub(CONTEXT))
            .take(2 * CONTEXT)
            .collect()
    };
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// FNV-1a with 128 bits: stable across platforms and versions (unlike std's hasher), and
/// wide enough that two findings of a run never share one by chance.
struct Fnv128(u128);

impl Default for Fnv128 {
    fn default() -> Self {
        Fnv128(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }
}

impl Fnv128 {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u128 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Place;

    fn place(file: &SourceFile) -> Place<'_> {
        Place {
            file,
            path: "a.txt",
            conversation: None,
            speaker: None,
            role: None,
        }
    }

    fn fingerprint_of(text: &str, needle: &str) -> Fingerprint {
        let file = SourceFile::new("a.txt", text);
        let place = place(&file);
        let start = text.find(needle).unwrap_or(0);
        let mut finding = place.finding(start..start + needle.len(), Some(needle));
        finding.rule = "taboo.impatience".into();
        Fingerprints::default().next(&finding, Some(&file))
    }

    #[test]
    fn lines_added_above_keep_the_fingerprint() {
        let before = fingerprint_of("客服: 催什么催\n", "催什么催");
        let after = fingerprint_of("顾客: 在吗\n客服: 您好\n\n客服:  催什么催\r\n", "催什么催");
        assert_eq!(before, after);
        assert_ne!(
            before,
            fingerprint_of("客服: 别催了, 催什么催\n", "催什么催")
        );
    }

    #[test]
    fn equal_lines_are_counted() {
        let file = SourceFile::new("a.txt", "催什么催\n催什么催\n");
        let place = place(&file);
        let mut prints = Fingerprints::default();
        let first = prints.next(&place.finding(0..12, None), Some(&file));
        let second = prints.next(&place.finding(13..25, None), Some(&file));
        assert_eq!(
            (first.hash, first.occurrence, second.occurrence),
            (second.hash, 0, 1)
        );
        assert_ne!(first.unique(), second.unique());
        assert!(first.line_hash().ends_with(":1") && second.line_hash().ends_with(":2"));
        prints.end_file();
        assert_eq!(prints.next(&place.finding(0..12, None), Some(&file)), first);
    }

    #[test]
    fn long_lines_are_hashed_around_the_finding() {
        let filler = "好".repeat(300);
        let a = format!("{filler}催什么催{filler}\n");
        let b = format!("另外{filler}催什么催{filler}\n");
        assert_eq!(
            fingerprint_of(&a, "催什么催").hash,
            fingerprint_of(&b, "催什么催").hash
        );
    }
}
