//! Folding text so that a phrase matches however it was typed.
//!
//! Agents type the same words in many shapes: full-width or half-width, traditional or
//! simplified characters, upper or lower case, with spaces or punctuation in between
//! (`喂，说吧`, `喂 说吧`, `喂說吧`). Rules are written once, so both the rule phrases and
//! every message are folded the same way before matching. Folding changes byte lengths
//! (full-width `，` is three bytes, `,` one) and drops characters, so every folded byte keeps
//! the byte range of the original character it came from: a match in folded text maps back
//! to the exact original characters.

use std::ops::Range;

/// One message folded two ways, each with a map back to the original text.
///
/// The compact form is made at once: every literal phrase runs on it. The folded form is
/// only needed by regex rules (and only when their literal gate occurs, see
/// [`crate::matcher`]), so it is made on first use.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// The text width, script and case folded, without whitespace and punctuation. Literal
    /// phrases run here, which makes them insensitive to interposed spaces and punctuation.
    pub compact: Mapped,
    /// Width, script and case folded; every original character is kept (possibly as another
    /// character), so regex patterns can still see punctuation. Empty until
    /// [`Normalized::folded`] is first called for the current text.
    folded: std::cell::RefCell<Mapped>,
    folded_ready: std::cell::Cell<bool>,
    /// The text converted to simplified characters, kept to reuse its allocation.
    simplified: String,
}

/// Folded text plus, for each of its bytes, the byte range of the original character it
/// stands for.
#[derive(Debug, Default, Clone)]
pub struct Mapped {
    pub text: String,
    origin: Vec<(u32, u32)>,
}

impl Normalized {
    /// Bytes held by the buffers, to decide whether to keep them for reuse.
    pub fn capacity(&self) -> usize {
        let folded = self.folded.borrow();
        self.compact.text.capacity()
            + folded.text.capacity()
            + 8 * (folded.origin.capacity() + self.compact.origin.capacity())
            + self.simplified.capacity()
    }

    /// The folded form of `text`, which must be the text this was last normalised from.
    pub fn folded(&self, text: &str) -> std::cell::Ref<'_, Mapped> {
        if !self.folded_ready.get() {
            let mut scratch = String::new();
            fold_into(text, &mut scratch, &mut self.folded.borrow_mut(), true);
            self.folded_ready.set(true);
        }
        self.folded.borrow()
    }
}

impl Mapped {
    /// The original byte range covered by the folded byte range `span`.
    ///
    /// `span` must lie on character boundaries of `self.text`, as matches from
    /// aho-corasick and regex do.
    pub fn original(&self, span: Range<usize>) -> Range<usize> {
        if span.start >= span.end || span.end > self.origin.len() {
            let at = self.origin.get(span.start).map_or(0, |o| o.0 as usize);
            return at..at;
        }
        let start = self.origin[span.start].0 as usize;
        let end = self.origin[span.end - 1].1 as usize;
        start..end
    }

    fn push(&mut self, c: char, from: (u32, u32)) {
        let before = self.text.len();
        self.text.push(c);
        self.origin
            .extend(std::iter::repeat_n(from, self.text.len() - before));
    }

    /// Byte range in the original text from the first to the end of the last character kept
    /// here, or `None` when nothing was kept.
    pub fn original_extent(&self) -> Option<Range<usize>> {
        let first = self.origin.first()?;
        let last = self.origin.last()?;
        Some(first.0 as usize..last.1 as usize)
    }
}

/// Fold `text` for matching. Offsets in the returned maps are relative to `text`.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized::default();
    normalize_into(text, &mut out);
    out
}

/// Fold `text` into `out`, reusing its buffers. The folded form is made later, on demand.
pub fn normalize_into(text: &str, out: &mut Normalized) {
    fold_into(text, &mut out.simplified, &mut out.compact, false);
    out.folded_ready.set(false);
}

/// Fold `text` into `out`, keeping or dropping the ignorable characters. `scratch` holds
/// the simplified text when `text` has traditional characters.
fn fold_into(text: &str, scratch: &mut String, out: &mut Mapped, keep_ignorable: bool) {
    let table = traditional_table();
    // Most messages are simplified Chinese: fold them without the script table, and start
    // over with it at the first character it would convert.
    if !fold_with(text, None, table, out, keep_ignorable) {
        scratch.clear();
        scratch.push_str(text);
        fast2s::replace(scratch);
        fold_with(text, Some(scratch), table, out, keep_ignorable);
    }
}

/// One folding pass. Without `simplified`, stops and returns `false` at the first
/// character the traditional→simplified table converts.
fn fold_with(
    text: &str,
    simplified: Option<&str>,
    table: &[u64],
    out: &mut Mapped,
    keep_ignorable: bool,
) -> bool {
    out.text.clear();
    out.origin.clear();
    // Folding keeps the length in bytes, or nearly: reserving it once spares the growth.
    out.text.reserve(text.len());
    out.origin.reserve(text.len());
    // fast2s converts character by character (looking at neighbours for the few ambiguous
    // ones), so its output has exactly as many characters as its input and zips with it.
    let mut script = simplified.map(str::chars);
    for (at, original) in text.char_indices() {
        let from = (at as u32, (at + original.len_utf8()) as u32);
        let c = match script.as_mut() {
            Some(chars) => chars.next().unwrap_or(original),
            None => original,
        };
        // CJK ideographs, most of a Chinese transcript: no width, case or punctuation.
        if TRADITIONAL_RANGE.contains(&(c as u32)) {
            if script.is_none() && in_table(table, c) {
                return false;
            }
            out.push(c, from);
            continue;
        }
        let c = fold_width(c);
        if !keep_ignorable && is_ignorable(c) {
            continue;
        }
        if c.is_ascii() || is_caseless(c) {
            out.push(c.to_ascii_lowercase(), from);
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(lower, from);
        }
    }
    true
}

/// The range of characters the traditional→simplified table converts.
const TRADITIONAL_RANGE: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

/// Whether the traditional→simplified table may change `c`.
pub(crate) fn may_be_traditional(c: char) -> bool {
    TRADITIONAL_RANGE.contains(&(c as u32)) && in_table(traditional_table(), c)
}

/// Whether `c`, in [`TRADITIONAL_RANGE`], is in the bitset of characters fast2s converts.
fn in_table(table: &[u64], c: char) -> bool {
    let i = (c as u32 - TRADITIONAL_RANGE.start()) as usize;
    table.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// The characters fast2s may change: a bitset over [`TRADITIONAL_RANGE`], built once by
/// converting every character of the range, so that a message in simplified characters
/// (most of them) skips the per-character table lookups.
fn traditional_table() -> &'static [u64] {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let start = *TRADITIONAL_RANGE.start();
        let chars: Vec<char> = TRADITIONAL_RANGE.filter_map(char::from_u32).collect();
        // Spaced apart, so that no neighbour forms one of the table's special pairs.
        let spaced: String = chars.iter().flat_map(|&c| [c, ' ']).collect();
        let converted = fast2s::convert(&spaced);
        let mut bits = vec![0u64; (TRADITIONAL_RANGE.count()).div_ceil(64)];
        for (&from, to) in chars.iter().zip(converted.chars().step_by(2)) {
            // 藉, 著 and 苧 change only next to certain characters (憑藉, 看著, 苧麻).
            if from != to || matches!(from, '藉' | '著' | '苧') {
                let i = (from as u32 - start) as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    })
}

/// Scripts without letter case (CJK ideographs, kana, CJK punctuation, Hangul): most of a
/// Chinese transcript, which can skip the Unicode lowercase tables.
fn is_caseless(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF01}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space to their ASCII forms.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whitespace, punctuation and the symbols people sprinkle between words: ignored by
/// literal phrases so that `喂，说吧`, `喂 说吧` and `喂~说吧` all read `喂说吧`.
pub fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c,
            '\u{00A0}'..='\u{00BF}' // Latin-1 punctuation and signs
            | '\u{2000}'..='\u{206F}' // general punctuation: dashes, quotes, …, ‧
            | '\u{2190}'..='\u{21FF}' // arrows
            | '\u{2500}'..='\u{25FF}' // box drawing, shapes
            | '\u{2600}'..='\u{27BF}' // miscellaneous symbols, dingbats
            | '\u{3000}'..='\u{303F}' // CJK punctuation: 、。〈〉《》「」【】〜
            | '\u{30FB}' // katakana middle dot
            | '\u{FE10}'..='\u{FE1F}' // vertical forms
            | '\u{FE30}'..='\u{FE6F}' // CJK compatibility and small forms
            | '\u{FF5F}'..='\u{FF65}' // half-width CJK punctuation
            | '\u{FEFF}' // zero-width no-break space (stray BOMs)
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_characters_are_known_and_simplified_ones_are_not() {
        for c in ['說', '錯', '聽', '藉', '著', '乾'] {
            assert!(may_be_traditional(c), "{c}");
        }
        for c in ['说', '错', '听', '您', '催', 'a', '，'] {
            assert!(!may_be_traditional(c), "{c}");
        }
    }

    fn compact(s: &str) -> String {
        normalize(s).compact.text
    }

    #[test]
    fn punctuation_width_and_spaces_are_ignored() {
        for typed in [
            "喂，说吧",
            "喂,说吧",
            "喂 说吧",
            "喂说吧",
            "喂……说吧！",
            "喂\u{3000}说吧",
        ] {
            assert_eq!(compact(typed), "喂说吧", "{typed}");
        }
    }

    #[test]
    fn traditional_full_width_and_case_fold() {
        assert_eq!(compact("你有沒有搞錯呀"), "你有没有搞错呀");
        assert_eq!(compact("ＳＢ"), "sb");
        assert_eq!(compact("Ｈｅｌｌｏ World"), "helloworld");
    }

    #[test]
    fn matches_map_back_to_original_characters() {
        let text = "客服：你着什么急啊，催什么催！";
        let n = normalize(text);
        let at = n.compact.text.find("催什么催").unwrap();
        let span = n.compact.original(at..at + "催什么催".len());
        assert_eq!(&text[span], "催什么催");

        let text = "又不是我处理的 你跟我喊什么";
        let n = normalize(text);
        let at = n.compact.text.find("的你").unwrap();
        let span = n.compact.original(at..at + "的你".len());
        assert_eq!(&text[span], "的 你");
    }

    #[test]
    fn folded_keeps_every_character() {
        let text = "你好，ＡＢ說";
        let n = normalize(text);
        let folded = n.folded(text);
        assert_eq!(folded.text, "你好,ab说");
        assert_eq!(folded.original(0..folded.text.len()), 0..text.len());
        assert_eq!(n.compact.text, "你好ab说");
    }

    #[test]
    fn extent_skips_surrounding_punctuation() {
        let n = normalize("  不知道。");
        assert_eq!(n.compact.original_extent(), Some(2..2 + "不知道".len()));
        assert_eq!(normalize("。。").compact.original_extent(), None);
    }
}
