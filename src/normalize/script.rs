//! Traditional → simplified characters: fast2s, and what it misses that chat text uses.
//!
//! fast2s converts character by character (with a few rules that look at one neighbour),
//! which keeps a text's characters in place, as the offset map of folding needs. Measured
//! against OpenCC's tables (`tests/opencc.rs`), it lacks some forms that customers and
//! agents do type; [`SUPPLEMENT`] and two neighbour rules of our own add those, and only
//! those: the rest of OpenCC's differences are rare characters, or phrase-level choices
//! that a character-by-character conversion cannot make.

/// The range of characters the conversion changes.
pub(crate) const TRADITIONAL_RANGE: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

/// Characters fast2s leaves alone or maps elsewhere, with the simplified form a rule is
/// written in. Each is here because chat text uses it.
const SUPPLEMENT: &[(char, char)] = &[
    // Taiwan's "you" for a woman (妳好, 妳要的尺寸); mainland text writes 你 for everyone.
    // OpenCC keeps 妳 as a character of its own, so it is not in its tables either.
    ('妳', '你'),
    // fast2s gives 迭, the merger undone in 2013: simplified text writes 折叠, 重叠, 叠穿.
    ('疊', '叠'),
    // Mapped by OpenCC, missing from fast2s, common in messages:
    ('睏', '困'), // 好睏 "so sleepy"
    ('嚐', '尝'), // 嚐嚐 "have a taste", in food shops
    ('彆', '别'), // 彆扭 "awkward"
    ('拚', '拼'), // Taiwan's 拚命, 拚一下
    ('捱', '挨'), // 捱罵 "get told off"
    ('凈', '净'), // Hong Kong's 乾凈
    ('醣', '糖'), // Taiwan's 低醣, 醣類 on food and health products
    ('蔘', '参'), // 人蔘, 高麗蔘 in health-product shops
    ('俬', '私'), // Hong Kong's 傢俬 "furniture"
    // Old-form variants (舊字形) of frequent characters, which Japanese and some Hong Kong
    // input methods produce: 眞的, 調査, 羣組, 高峯, 幷且, 敎程, 旣然, 卽時.
    ('眞', '真'),
    ('査', '查'),
    ('羣', '群'),
    ('峯', '峰'),
    ('幷', '并'),
    ('敎', '教'),
    ('旣', '既'),
    ('卽', '即'),
];

/// Words in which 著 is zhù (著名, 显著) and stays 著: everywhere else chat text means the
/// particle 着 (等著, 著急, 看著辦), which Taiwan writes 著 and fast2s converts only in 看著.
/// Neighbours are compared after conversion, so the simplified forms suffice.
const ZHU_BEFORE: &str = "显卓昭土原名专巨论编译合遗撰所拙";
const ZHU_AFTER: &str = "名作称者述录书";

/// Characters whose simplified form depends on a neighbour: the character, the neighbours
/// before it and after it that change it. fast2s 0.3.1's own (its `special.rs`, less the
/// rules that change nothing: 覆 and 藉 it never converts, 苧 and 幺 always or never), and
/// ours (甚 of 甚麼, 著). Such a character may be left as it is, so the bitset of
/// characters that may change must hold it even where it alone stays (甚); and a piece of
/// a regex, folded without its neighbours, must allow for every form it may take.
const CONTEXTUAL: &[(char, &str, &str)] = &[
    ('兒', "", "寬"),
    ('夥', "甚", ""),
    ('瞭', "", "望"),
    ('麽', "幺", ""),
    ('於', "樊", ""),
    ('乾', "", "隆坤卦"),
    ('闔', "", "家"),
    ('鍾', "", "書"),
    ('讎', "校仇", "定"),
    ('畫', "計企", ""),
    ('甚', "", "麼么麽"),
    (
        '著',
        "顯显卓昭土原名專专巨論论編编譯译合遺遗撰所拙",
        "名作稱称者述錄录書书",
    ),
];

/// `text` in simplified characters, into `out`; character for character, so `out` has as
/// many characters as `text`.
pub(super) fn simplify(text: &str, out: &mut String) {
    out.clear();
    out.push_str(text);
    fast2s::replace(out);
    // Replacements are rare (a Vec allocates only on the first push).
    let mut edits: Vec<(usize, char, char)> = Vec::new();
    let mut originals = text.chars();
    let mut chars = out.char_indices().peekable();
    let mut before = '\0';
    while let Some((at, c)) = chars.next() {
        let original = originals.next().unwrap_or(c);
        let after = chars.peek().map_or('\0', |&(_, n)| n);
        let to = SUPPLEMENT
            .iter()
            .find(|&&(from, _)| from == original)
            .map_or(c, |&(_, to)| to);
        let to = match to {
            // 甚麼 is Taiwan's 什么 (and 甚么 an older mainland spelling); 甚至 stays.
            '甚' if matches!(after, '么' | '麽') => '什',
            '著' if !ZHU_AFTER.contains(after)
                && (after == '急' || !ZHU_BEFORE.contains(before)) =>
            {
                '着'
            }
            other => other,
        };
        if to != c {
            edits.push((at, c, to));
        }
        before = c;
    }
    for (at, from, to) in edits.into_iter().rev() {
        out.replace_range(at..at + from.len_utf8(), to.encode_utf8(&mut [0; 4]));
    }
}

/// Whether the conversion may change `c`.
pub(crate) fn may_be_traditional(c: char) -> bool {
    TRADITIONAL_RANGE.contains(&(c as u32)) && in_table(traditional_table(), c)
}

/// Whether `c`, in [`TRADITIONAL_RANGE`], is in the bitset of characters the conversion
/// may change.
pub(super) fn in_table(table: &[u64], c: char) -> bool {
    let i = (c as u32 - TRADITIONAL_RANGE.start()) as usize;
    table.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// The characters the conversion may change: a bitset over [`TRADITIONAL_RANGE`], so that a
/// message in simplified characters (most of them) skips the conversion.
pub(super) fn traditional_table() -> &'static [u64] {
    &tables().0
}

/// Every character the conversion changes when it stands alone, with what it becomes, in
/// the order of the characters.
pub(crate) fn conversions() -> &'static [(char, char)] {
    &tables().1
}

/// The bitset of [`traditional_table`] and the pairs of [`conversions`].
type Tables = (Vec<u64>, Vec<(char, char)>);

/// The tables, built once by converting every character of the range.
fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let start = *TRADITIONAL_RANGE.start();
        let chars: Vec<char> = TRADITIONAL_RANGE.filter_map(char::from_u32).collect();
        // Spaced apart, so that no neighbour forms one of the special pairs.
        let spaced: String = chars.iter().flat_map(|&c| [c, ' ']).collect();
        let mut converted = String::new();
        simplify(&spaced, &mut converted);
        let mut bits = vec![0u64; (TRADITIONAL_RANGE.count()).div_ceil(64)];
        let mut pairs = Vec::new();
        for (&from, to) in chars.iter().zip(converted.chars().step_by(2)) {
            if from != to {
                pairs.push((from, to));
            }
            // The characters that change only next to certain others (計畫, 甚麼).
            if from != to || contextual(from).is_some() {
                let i = (from as u32 - start) as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        (bits, pairs)
    })
}

/// The neighbours before and after `c` that change it, if there are any.
pub(crate) fn contextual(c: char) -> Option<(&'static str, &'static str)> {
    CONTEXTUAL
        .iter()
        .find(|&&(k, _, _)| k == c)
        .map(|&(_, before, after)| (before, after))
}

/// The characters [`contextual`] knows.
pub(crate) fn contextual_chars() -> impl Iterator<Item = char> {
    CONTEXTUAL.iter().map(|&(c, _, _)| c)
}

/// The forms `c` takes in simplified text between `before` and `after`; a `None` neighbour
/// is not known, so it may be any character, among them those that change `c`.
pub(crate) fn simplified_forms(before: Option<char>, c: char, after: Option<char>) -> Vec<char> {
    let (changing_before, changing_after) = contextual(c).unwrap_or(("", ""));
    // A space is a neighbour that changes nothing.
    let candidates = |known: Option<char>, changing: &str| -> Vec<char> {
        known.map_or_else(
            || std::iter::once(' ').chain(changing.chars()).collect(),
            |k| vec![k],
        )
    };
    let mut forms = Vec::with_capacity(2);
    let mut out = String::new();
    for b in candidates(before, changing_before) {
        for a in candidates(after, changing_after) {
            simplify(&format!("{b}{c}{a}"), &mut out);
            if let Some(form) = out.chars().nth(1)
                && !forms.contains(&form)
            {
                forms.push(form);
            }
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simplified(text: &str) -> String {
        let mut out = String::new();
        simplify(text, &mut out);
        out
    }

    #[test]
    fn the_supplement_converts_what_fast2s_misses() {
        assert_eq!(simplified("妳甚麼時候要"), "你什么时候要");
        assert_eq!(simplified("甚么"), "什么");
        assert_eq!(simplified("折疊屏 好睏 眞的 調査"), "折叠屏 好困 真的 调查");
        // 甚 stays 甚 where it is not 甚麼.
        assert_eq!(simplified("甚至 甚好 甚夥"), "甚至 甚好 甚夥");
    }

    #[test]
    fn zhe_becomes_the_particle_except_in_zhu_words() {
        assert_eq!(simplified("你著什麼急 等著 接著"), "你着什么急 等着 接着");
        assert_eq!(
            simplified("著名 著作 顯著 原著 名著"),
            "著名 著作 显著 原著 名著"
        );
        // 著急 is always the particle, even after a 名.
        assert_eq!(simplified("莫名著急"), "莫名着急");
    }

    #[test]
    fn every_supplement_entry_is_needed_and_in_range() {
        for &(from, to) in SUPPLEMENT {
            assert!(TRADITIONAL_RANGE.contains(&(from as u32)), "{from}");
            assert_ne!(fast2s::convert(&from.to_string()), to.to_string(), "{from}");
            assert!(may_be_traditional(from), "{from}");
            assert!(!may_be_traditional(to), "{to}");
        }
    }

    /// The neighbour table must name neighbours that do change the character: a newer
    /// fast2s with other rules shows here.
    #[test]
    fn contextual_neighbours_change_the_character() {
        let mut idle = Vec::new();
        for &(c, before, after) in CONTEXTUAL {
            let alone = simplified(&format!(" {c} ")).chars().nth(1);
            for b in before.chars() {
                if simplified(&format!("{b}{c} ")).chars().nth(1) == alone {
                    idle.push(format!("{b}{c}"));
                }
            }
            for a in after.chars() {
                if simplified(&format!(" {c}{a}")).chars().nth(1) == alone {
                    idle.push(format!("{c}{a}"));
                }
            }
            if simplified_forms(None, c, None).len() < 2 {
                idle.push(c.to_string());
            }
        }
        assert_eq!(idle, Vec::<String>::new(), "neighbours that change nothing");
    }

    #[test]
    fn forms_of_a_character_between_unknown_neighbours() {
        assert_eq!(simplified_forms(None, '說', None), ['说']);
        assert_eq!(simplified_forms(None, '说', None), ['说']);
        assert_eq!(simplified_forms(None, '甚', None), ['甚', '什']);
        assert_eq!(simplified_forms(None, '甚', Some('至')), ['甚']);
        assert_eq!(simplified_forms(None, '著', None), ['着', '著']);
        assert_eq!(simplified_forms(None, '著', Some('名')), ['著']);
        assert_eq!(simplified_forms(Some('計'), '畫', None), ['划']);
        assert!(conversions().contains(&('說', '说')));
        assert!(conversions().contains(&('妳', '你')));
        assert!(!conversions().iter().any(|&(from, _)| from == '甚'));
    }
}
