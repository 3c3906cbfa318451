//! Folding text so that a phrase matches however it was typed.
//!
//! Agents type the same words in many shapes: full-width or half-width, traditional or
//! simplified characters, upper or lower case, with spaces or punctuation in between
//! (`喂，说吧`, `喂 说吧`, `喂說吧`). Rules are written once, so both the rule phrases and
//! every message are folded the same way before matching. Folding changes byte lengths
//! (full-width `，` is three bytes, `,` one) and drops characters, so every folded byte keeps
//! the byte range of the original character it came from: a match in folded text maps back
//! to the exact original characters.

mod script;

pub(crate) use script::{
    contextual, contextual_chars, conversions, may_be_traditional, simplified_forms,
};

use script::{TRADITIONAL_RANGE, in_table, simplify, traditional_table};
use std::cell::{Cell, Ref, RefCell};
use std::ops::Range;

/// Where folded text goes: a UTF-8 string ([`Mapped`]) or the matcher's compressed
/// encoding. Each folded character comes with the byte range of the original character.
pub trait Sink {
    /// Empty the sink before folding a text of `len` bytes into it.
    fn clear(&mut self, len: usize);
    fn push(&mut self, c: char, from: (u32, u32));
}

/// For each byte of a folded text, the byte range of the original character it stands for.
#[derive(Debug, Default, Clone)]
pub struct Origins(Vec<(u32, u32)>);

impl Origins {
    /// The original byte range covered by the folded byte range `span`, which must lie on
    /// character boundaries of the folded text (as matches do).
    pub fn original(&self, span: Range<usize>) -> Range<usize> {
        if span.start >= span.end || span.end > self.0.len() {
            let at = self.0.get(span.start).map_or(0, |o| o.0 as usize);
            return at..at;
        }
        let start = self.0[span.start].0 as usize;
        let end = self.0[span.end - 1].1 as usize;
        start..end
    }

    /// Byte range in the original text from the first to the end of the last character kept,
    /// or `None` when nothing was kept.
    pub fn extent(&self) -> Option<Range<usize>> {
        let first = self.0.first()?;
        let last = self.0.last()?;
        Some(first.0 as usize..last.1 as usize)
    }

    /// `bytes` folded bytes that come from the original range `from`.
    #[inline]
    pub fn push(&mut self, from: (u32, u32), bytes: usize) {
        if bytes == 1 {
            self.0.push(from);
        } else {
            self.0.extend(std::iter::repeat_n(from, bytes));
        }
    }

    pub fn clear(&mut self, len: usize) {
        self.0.clear();
        self.0.reserve(len);
    }

    pub fn capacity(&self) -> usize {
        self.0.capacity() * 8
    }
}

/// Folded text plus, for each of its bytes, the byte range of the original character it
/// stands for.
#[derive(Debug, Default, Clone)]
pub struct Mapped {
    pub text: String,
    origin: Origins,
}

impl Mapped {
    /// The original byte range covered by the folded byte range `span`.
    pub fn original(&self, span: Range<usize>) -> Range<usize> {
        self.origin.original(span)
    }

    /// Byte range in the original text from the first to the end of the last character kept
    /// here, or `None` when nothing was kept.
    pub fn original_extent(&self) -> Option<Range<usize>> {
        self.origin.extent()
    }

    fn capacity(&self) -> usize {
        self.text.capacity() + self.origin.capacity()
    }
}

impl Sink for Mapped {
    fn clear(&mut self, len: usize) {
        self.text.clear();
        // Folding keeps the length in bytes, or nearly: reserving it once spares the growth.
        self.text.reserve(len);
        self.origin.clear(len);
    }

    #[inline]
    fn push(&mut self, c: char, from: (u32, u32)) {
        self.text.push(c);
        self.origin.push(from, c.len_utf8());
    }
}

/// The two folded forms of one message, each made on first use.
///
/// - `compact`: width, script and case folded, without whitespace and punctuation. Literal
///   phrases are written in this form, which makes them insensitive to interposed spaces
///   and punctuation.
/// - `folded`: width, script and case folded, every original character kept (possibly as
///   another character), so regex patterns can still see punctuation.
///
/// The matcher does not need either for most messages (it folds into its own encoding), so
/// a turn's forms are made only when a rule looks at them.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    compact: Lazy,
    folded: Lazy,
}

#[derive(Debug, Default, Clone)]
struct Lazy {
    form: RefCell<Mapped>,
    ready: Cell<bool>,
}

impl Lazy {
    fn get(&self, text: &str, keep_ignorable: bool) -> Ref<'_, Mapped> {
        if !self.ready.get() {
            fold(
                text,
                &mut String::new(),
                &mut *self.form.borrow_mut(),
                keep_ignorable,
            );
            self.ready.set(true);
        }
        self.form.borrow()
    }
}

impl Normalized {
    /// Forget the forms of the previous text, keeping their buffers.
    pub fn reset(&mut self) {
        self.compact.ready.set(false);
        self.folded.ready.set(false);
    }

    /// The compact form of `text`, which must be the text given since the last reset.
    pub fn compact(&self, text: &str) -> Ref<'_, Mapped> {
        self.compact.get(text, false)
    }

    /// The folded form of `text`, which must be the text given since the last reset.
    pub fn folded(&self, text: &str) -> Ref<'_, Mapped> {
        self.folded.get(text, true)
    }

    /// Bytes held by the buffers, to decide whether to keep them for reuse.
    pub fn capacity(&self) -> usize {
        self.compact.form.borrow().capacity() + self.folded.form.borrow().capacity()
    }
}

/// The compact form of `text`: what rule phrases are compared in.
pub fn compact(text: &str) -> String {
    let mut out = Mapped::default();
    fold_compact(text, &mut String::new(), &mut out);
    out.text
}

/// Fold `text` into `out` in compact form (without whitespace and punctuation). `scratch`
/// holds the simplified text when `text` has traditional characters.
pub fn fold_compact(text: &str, scratch: &mut String, out: &mut impl Sink) {
    fold(text, scratch, out, false);
}

/// How each character of `text` folds in the folded form (the one regexes run on, which
/// drops nothing): one string per character of `text`, in order.
pub(crate) fn fold_each(text: &str) -> Vec<String> {
    /// Folded characters grouped by the original character they come from.
    struct Each(Vec<(u32, String)>);
    impl Sink for Each {
        fn clear(&mut self, _len: usize) {
            self.0.clear();
        }
        fn push(&mut self, c: char, from: (u32, u32)) {
            match self.0.last_mut() {
                Some((at, folded)) if *at == from.0 => folded.push(c),
                _ => self.0.push((from.0, c.to_string())),
            }
        }
    }
    let mut each = Each(Vec::new());
    fold(text, &mut String::new(), &mut each, true);
    each.0.into_iter().map(|(_, folded)| folded).collect()
}

/// Fold `text` into `out`, keeping or dropping the ignorable characters.
fn fold(text: &str, scratch: &mut String, out: &mut impl Sink, keep_ignorable: bool) {
    let table = traditional_table();
    // Most messages are simplified Chinese: fold them without the script table, and start
    // over with it at the first character it would convert.
    if !fold_with(text, None, table, out, keep_ignorable) {
        simplify(text, scratch);
        fold_with(text, Some(scratch), table, out, keep_ignorable);
    }
}

/// One folding pass. Without `simplified`, stops and returns `false` at the first
/// character the traditional→simplified table converts.
fn fold_with(
    text: &str,
    simplified: Option<&str>,
    table: &[u64],
    out: &mut impl Sink,
    keep_ignorable: bool,
) -> bool {
    out.clear(text.len());
    // The conversion is character by character (looking at neighbours for the few ambiguous
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
        let c = match fold_style(c) {
            Styled::One(c) => c,
            Styled::Many(s) => {
                for c in s.chars() {
                    out.push(c, from);
                }
                continue;
            }
        };
        if !keep_ignorable && (is_ignorable(c) || is_keycap_base(c, &text[from.1 as usize..])) {
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

/// Scripts without letter case (CJK ideographs, kana, CJK punctuation, Hangul): most of a
/// Chinese transcript, which can skip the Unicode lowercase tables.
fn is_caseless(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF01}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// What a character folds to: most fold to one character, a few numbers (`⑫`) to two.
pub(crate) enum Styled {
    One(char),
    Many(&'static str),
}

/// Numbers 10–20 as text, for the enclosed forms of two-digit numbers.
const TENS: [&str; 11] = [
    "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
];

/// Chinese numerals one to ten, for the circled and parenthesised ideographs (`㈤`, `㊄`).
const IDEOGRAPH_NUMBERS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// Whether `c` folds to a digit (`５`, `⑤`, `⁵`, `⑩`), so that a number written in styled
/// digits is still a number.
pub(crate) fn folds_to_digit(c: char) -> bool {
    match fold_style(c) {
        Styled::One(d) => d.is_ascii_digit(),
        Styled::Many(s) => s.starts_with(|d: char| d.is_ascii_digit()),
    }
}

/// The plain form of a styled letter or digit, as people write them to slip a word past a
/// filter (`ⓥⓧ`, `𝐕𝐗`, `⓵⓷⓼`, `⁹₈`): full-width ASCII and the ideographic space; circled,
/// parenthesised and dotted digits and letters; superscript and subscript digits;
/// mathematical bold, italic, script, fraktur, double-struck, sans-serif and monospace
/// letters and digits; squared and negative circled letters. Letters fold to lower case.
pub(crate) fn fold_style(c: char) -> Styled {
    let n = c as u32;
    let digit = |d: u32| Styled::One(char::from_digit(d, 10).unwrap_or(c));
    let number = |v: u32| match v {
        0..=9 => digit(v),
        10..=20 => Styled::Many(TENS[(v - 10) as usize]),
        _ => Styled::One(c),
    };
    let letter = |i: u32| Styled::One(char::from_u32(u32::from(b'a') + i % 26).unwrap_or(c));
    match n {
        0x20..=0x7E | 0x4E00..=0x9FFF => Styled::One(c),
        0xFF01..=0xFF5E => Styled::One(char::from_u32(n - 0xFEE0).unwrap_or(c)),
        0x3000 => Styled::One(' '),
        0xB9 => digit(1),
        0xB2 => digit(2),
        0xB3 => digit(3),
        0x2070 => digit(0),
        0x2074..=0x2079 => digit(n - 0x2070),
        0x2080..=0x2089 => digit(n - 0x2080),
        0x2460..=0x2473 => number(n - 0x2460 + 1),
        0x2474..=0x2487 => number(n - 0x2474 + 1),
        0x2488..=0x249B => number(n - 0x2488 + 1),
        0x249C..=0x24B5 => letter(n - 0x249C),
        0x24B6..=0x24E9 => letter(n - 0x24B6),
        0x24EA | 0x24FF => digit(0),
        0x24EB..=0x24F4 => number(n - 0x24EB + 11),
        0x24F5..=0x24FE => number(n - 0x24F5 + 1),
        0x2776..=0x277F => number(n - 0x2776 + 1),
        0x2780..=0x2789 => number(n - 0x2780 + 1),
        0x278A..=0x2793 => number(n - 0x278A + 1),
        0x3220..=0x3229 => Styled::One(IDEOGRAPH_NUMBERS[(n - 0x3220) as usize]),
        0x3280..=0x3289 => Styled::One(IDEOGRAPH_NUMBERS[(n - 0x3280) as usize]),
        0x1D400..=0x1D6A3 => letter((n - 0x1D400) % 52),
        0x1D7CE..=0x1D7FF => digit((n - 0x1D7CE) % 10),
        0x1F110..=0x1F129 => letter(n - 0x1F110),
        0x1F130..=0x1F149 => letter(n - 0x1F130),
        0x1F150..=0x1F169 => letter(n - 0x1F150),
        0x1F170..=0x1F189 => letter(n - 0x1F170),
        _ => Styled::One(c),
    }
}

/// The characters `is_ignorable` accepts, as a regex class: what a pattern allows between
/// two Chinese characters (`rules::load::gaps`) and what a gate knows compact text drops.
pub static IGNORABLE: std::sync::LazyLock<regex_syntax::hir::ClassUnicode> =
    std::sync::LazyLock::new(|| {
        use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
        let mut class = ClassUnicode::new(
            [
                ('!', '/'),
                (':', '@'),
                ('[', '`'),
                ('{', '~'),
                ('\u{00A0}', '\u{00BF}'),
                ('\u{2000}', '\u{206F}'),
                ('\u{20D0}', '\u{20FF}'),
                ('\u{2122}', '\u{2122}'),
                ('\u{2139}', '\u{2139}'),
                ('\u{2190}', '\u{21FF}'),
                ('\u{2300}', '\u{23FF}'),
                ('\u{2500}', '\u{25FF}'),
                ('\u{2600}', '\u{27BF}'),
                ('\u{2B00}', '\u{2BFF}'),
                ('\u{3000}', '\u{303F}'),
                ('\u{30FB}', '\u{30FB}'),
                ('\u{3297}', '\u{3297}'),
                ('\u{3299}', '\u{3299}'),
                ('\u{FE00}', '\u{FE1F}'),
                ('\u{FE30}', '\u{FE6F}'),
                ('\u{FEFF}', '\u{FEFF}'),
                ('\u{FF5F}', '\u{FF65}'),
                ('\u{1F000}', '\u{1FAFF}'),
                ('\u{E0020}', '\u{E007F}'),
            ]
            .map(|(a, b)| ClassUnicodeRange::new(a, b)),
        );
        // Whitespace is the Unicode White_Space property, as `char::is_whitespace`.
        class.union(&ClassUnicode::new(
            (0..=0x3000u32)
                .filter_map(char::from_u32)
                .filter(|c| c.is_whitespace())
                .map(|c| ClassUnicodeRange::new(c, c)),
        ));
        class
    });

/// Whitespace, punctuation and the symbols people sprinkle between words: ignored by
/// literal phrases so that `喂，说吧`, `喂 说吧`, `喂~说吧` and `喂😀说吧` all read `喂说吧`.
///
/// Emoji count as such symbols: an agent who writes `催😡什么催` has said `催什么催`. An
/// emoji is often a sequence (a base, a skin tone, a variation selector, joiners, tags),
/// so every piece of one is ignorable, which drops the whole sequence.
pub fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c,
            '\u{00A0}'..='\u{00BF}' // Latin-1 punctuation and signs, © ®
            | '\u{2000}'..='\u{206F}' // general punctuation: dashes, quotes, …, ‧, ZWJ, ‼ ⁉
            | '\u{20D0}'..='\u{20FF}' // combining marks for symbols: the keycap ⃣, enclosing circles
            | '\u{2122}' | '\u{2139}' // ™ ℹ, the emoji among the letterlike symbols (℃ and № stay)
            | '\u{2190}'..='\u{21FF}' // arrows
            | '\u{2300}'..='\u{23FF}' // technical symbols: ⌚ ⌛ ⏰ ⏳ ⏩
            | '\u{2500}'..='\u{25FF}' // box drawing, shapes
            | '\u{2600}'..='\u{27BF}' // miscellaneous symbols, dingbats: ☀ ☺ ✅ ❤
            | '\u{2B00}'..='\u{2BFF}' // more arrows and shapes: ⬆ ⭐ ⭕
            | '\u{3000}'..='\u{303F}' // CJK punctuation: 、。〈〉《》「」【】〜
            | '\u{30FB}' // katakana middle dot
            | '\u{3297}' | '\u{3299}' // ㊗ ㊙, the emoji among the circled ideographs
            | '\u{FE00}'..='\u{FE1F}' // variation selectors (text ︎ and emoji ️ style), vertical forms
            | '\u{FE30}'..='\u{FE6F}' // CJK compatibility and small forms
            | '\u{FF5F}'..='\u{FF65}' // half-width CJK punctuation
            | '\u{FEFF}' // zero-width no-break space (stray BOMs)
            // Emoji and pictographs: mahjong and cards, enclosed letters and ideographs (🅰 🈶),
            // regional indicators (flags), skin tones, faces, objects, transport, symbols.
            | '\u{1F000}'..='\u{1FAFF}'
            | '\u{E0020}'..='\u{E007F}' // tags, which spell subdivision flags (🏴 + tags)
        )
}

/// Whether `c` is the digit of a keycap emoji (`1️⃣` is `1`, U+FE0F, U+20E3), `rest` being
/// the text after it: there the digit is part of a picture and goes with the rest of the
/// sequence (the `#` and `*` of `#️⃣` and `*️⃣` are punctuation anyway).
fn is_keycap_base(c: char, rest: &str) -> bool {
    c.is_ascii_digit()
        && (rest.starts_with('\u{20E3}')
            || rest.starts_with("\u{FE0F}\u{20E3}")
            || rest.starts_with("\u{FE0E}\u{20E3}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ignorable_class_holds_exactly_the_ignorable_characters() {
        let class = &*super::IGNORABLE;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let held = class.iter().any(|r| r.start() <= c && c <= r.end());
            assert_eq!(held, super::is_ignorable(c), "U+{:04X}", c as u32);
        }
    }
    use super::*;

    #[test]
    fn traditional_characters_are_known_and_simplified_ones_are_not() {
        for c in ['說', '錯', '聽', '著', '乾'] {
            assert!(may_be_traditional(c), "{c}");
        }
        // The supplement's: 妳, 甚 of 甚麼, 疊 (which fast2s takes for 迭).
        for c in ['妳', '甚', '疊', '睏'] {
            assert!(may_be_traditional(c), "{c}");
        }
        // 藉 stays 藉 in fast2s, whatever its neighbours.
        for c in [
            '说', '错', '听', '您', '催', 'a', '，', '你', '什', '叠', '藉',
        ] {
            assert!(!may_be_traditional(c), "{c}");
        }
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
    fn emoji_are_ignored_like_punctuation() {
        for (typed, compacted) in [
            ("催😡什么催", "催什么催"),
            ("神🙄经🙄病", "神经病"),
            ("😀喂，说吧", "喂说吧"),
            // Skin tone, ZWJ sequences, variation selectors, flags, keycaps, tags.
            ("好👍🏽的", "好的"),
            ("好👩‍💻的", "好的"),
            ("好❤️的", "好的"),
            ("好🇨🇳的", "好的"),
            ("按1️⃣号", "按号"),
            (
                "好🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}的",
                "好的",
            ),
            ("稍等⏳⭐", "稍等"),
        ] {
            assert_eq!(compact(typed), compacted, "{typed}");
        }
    }

    #[test]
    fn letters_digits_and_ideographs_next_to_emoji_stay() {
        assert_eq!(compact("a1中😀b2文"), "a1中b2文");
        // A digit is only a keycap's when the keycap mark follows it.
        assert_eq!(compact("按1号，1\u{FE0F}号"), "按1号1号");
        assert_eq!(compact("38℃，№5"), "38℃№5");
        // The folded form keeps them, as it keeps punctuation.
        assert_eq!(Normalized::default().folded("催😡催").text, "催😡催");
    }

    #[test]
    fn styled_letters_and_digits_fold_to_plain_ones() {
        assert_eq!(compact("加ⓥⓧ"), "加vx");
        assert_eq!(compact("Ⓕⓤc⒦"), "fuck");
        assert_eq!(compact("𝐕𝐗 𝘸𝘹 𝚠𝚡"), "vxwxwx");
        assert_eq!(compact("🆅🆇"), "vx");
        // Circled, parenthesised, dotted, dingbat, super- and subscript digits, and the
        // enclosed ideographs of Chinese numerals (not the numerals themselves: 一条 stays).
        assert_eq!(compact("9⓿二肆⁹₈③⑸⒋➃㈤㊄"), "90二肆983544五五");
        assert_eq!(compact("⑫⓭❿"), "121310");
        assert_eq!(compact("一条下三滥"), "一条下三滥");
        // Folding keeps every span on the original character.
        let n = Normalized::default();
        let c = n.compact("加⑫号");
        assert_eq!(c.text, "加12号");
        assert_eq!(c.original(3..5), 3..6);
    }

    #[test]
    fn traditional_full_width_and_case_fold() {
        assert_eq!(compact("你有沒有搞錯呀"), "你有没有搞错呀");
        assert_eq!(compact("妳說甚麼？妳著什麼急"), "你说什么你着什么急");
        assert_eq!(compact("甚至隨便，沒嗎喔啥"), "甚至随便没吗喔啥");
        assert_eq!(compact("ＳＢ"), "sb");
        assert_eq!(compact("Ｈｅｌｌｏ World"), "helloworld");
    }

    #[test]
    fn matches_map_back_to_original_characters() {
        let text = "客服：你着什么急啊，催什么催！";
        let n = Normalized::default();
        let c = n.compact(text);
        let at = c.text.find("催什么催").unwrap();
        let span = c.original(at..at + "催什么催".len());
        assert_eq!(&text[span], "催什么催");

        let text = "又不是我处理的 你跟我喊什么";
        let n = Normalized::default();
        let c = n.compact(text);
        let at = c.text.find("的你").unwrap();
        let span = c.original(at..at + "的你".len());
        assert_eq!(&text[span], "的 你");
    }

    #[test]
    fn folded_keeps_every_character() {
        let text = "你好，ＡＢ說";
        let mut n = Normalized::default();
        let folded = n.folded(text);
        assert_eq!(folded.text, "你好,ab说");
        assert_eq!(folded.original(0..folded.text.len()), 0..text.len());
        drop(folded);
        assert_eq!(n.compact(text).text, "你好ab说");
        // A reset forgets the forms of the previous text.
        n.reset();
        assert_eq!(n.compact("再見").text, "再见");
        assert_eq!(n.folded("再見").text, "再见");
    }

    #[test]
    fn each_character_folds_on_its_own_in_place() {
        assert_eq!(
            fold_each("說ＡＢ，甚麼 İ"),
            ["说", "a", "b", ",", "什", "么", " ", "i\u{307}"]
        );
        assert_eq!(fold_each(""), Vec::<String>::new());
    }

    #[test]
    fn extent_skips_surrounding_punctuation() {
        let n = Normalized::default();
        assert_eq!(
            n.compact("  不知道。").original_extent(),
            Some(2..2 + "不知道".len())
        );
        assert_eq!(
            Normalized::default().compact("。。").original_extent(),
            None
        );
    }
}
