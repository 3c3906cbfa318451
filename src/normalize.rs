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
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// Width, script and case folded; every original character is kept (possibly as another
    /// character). Regex rules run here, so patterns can still see punctuation.
    pub folded: Mapped,
    /// `folded` without whitespace and punctuation. Literal phrases run here, which makes
    /// them insensitive to interposed spaces and punctuation.
    pub compact: Mapped,
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
        self.folded.text.capacity()
            + self.compact.text.capacity()
            + 8 * (self.folded.origin.capacity() + self.compact.origin.capacity())
            + self.simplified.capacity()
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

    fn push(&mut self, c: char, from: Range<usize>) {
        let before = self.text.len();
        self.text.push(c);
        let o = (from.start as u32, from.end as u32);
        self.origin
            .extend(std::iter::repeat_n(o, self.text.len() - before));
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

/// Fold `text` into `out`, reusing its buffers.
pub fn normalize_into(text: &str, out: &mut Normalized) {
    out.folded.text.clear();
    out.folded.origin.clear();
    out.compact.text.clear();
    out.compact.origin.clear();
    // Folding keeps the length in bytes, or nearly: reserving it once spares the growth.
    out.folded.text.reserve(text.len());
    out.folded.origin.reserve(text.len());
    out.compact.text.reserve(text.len());
    out.compact.origin.reserve(text.len());
    // fast2s converts character by character (looking at neighbours for the few ambiguous
    // ones), so its output has exactly as many characters as its input and zips with it.
    let simplified = if text.is_ascii() || !text.chars().any(may_be_traditional) {
        None
    } else {
        out.simplified.clear();
        out.simplified.push_str(text);
        fast2s::replace(&mut out.simplified);
        Some(std::mem::take(&mut out.simplified))
    };
    let mut script = simplified.as_deref().map(str::chars);
    for (at, original) in text.char_indices() {
        let from = at..at + original.len_utf8();
        let c = script.as_mut().and_then(Iterator::next).unwrap_or(original);
        let c = fold_width(c);
        let skip = is_ignorable(c);
        if c.is_ascii() || is_caseless(c) {
            let lower = c.to_ascii_lowercase();
            out.folded.push(lower, from.clone());
            if !skip {
                out.compact.push(lower, from.clone());
            }
            continue;
        }
        for lower in c.to_lowercase() {
            out.folded.push(lower, from.clone());
            if !skip {
                out.compact.push(lower, from.clone());
            }
        }
    }
    if let Some(buffer) = simplified {
        out.simplified = buffer;
    }
}

/// The range of characters the traditional→simplified table converts.
const TRADITIONAL_RANGE: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

/// Whether fast2s may change `c`: a bitset over [`TRADITIONAL_RANGE`], built once by
/// converting every character of the range, so that a message in simplified characters
/// (most of them) skips the per-character table lookups.
fn may_be_traditional(c: char) -> bool {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let code = c as u32;
    if !TRADITIONAL_RANGE.contains(&code) {
        return false;
    }
    let table = TABLE.get_or_init(|| {
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
    });
    let i = (code - TRADITIONAL_RANGE.start()) as usize;
    table.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
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
        let n = normalize("你好，ＡＢ");
        assert_eq!(n.folded.text, "你好,ab");
        assert_eq!(
            n.folded.original(0..n.folded.text.len()),
            0.."你好，ＡＢ".len()
        );
    }

    #[test]
    fn extent_skips_surrounding_punctuation() {
        let n = normalize("  不知道。");
        assert_eq!(n.compact.original_extent(), Some(2..2 + "不知道".len()));
        assert_eq!(normalize("。。").compact.original_extent(), None);
    }
}
