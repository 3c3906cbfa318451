//! Gates: literals without which a regex cannot match.
//!
//! Running every regex rule over every message costs a regex search per rule and message,
//! although nearly all messages hold none of the words the patterns are about. A gate is a
//! small set of literals such that every match of the regex contains one of them: for
//! `[你您](到底|究竟)(是|想)` it is `到底` or `究竟`, for `^\W*听不懂\W*$` it is `听不懂`.
//! The gate literals join the phrase automaton, and a regex runs only on the messages where
//! one of its gate literals occurred.
//!
//! Regexes run on folded text and gates are found in compact text (folded, without
//! whitespace and punctuation), so gate literals are compact-normalised too; two literal
//! pieces separated by anything but another literal are separate requirements, since what
//! lies between them may be dropped or may be a word character.

use crate::normalize::may_be_traditional;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Alternatives, one of which every match contains.
type Requirement = Vec<String>;

/// The most selective requirement of `pattern`, or `None` when no literal is required
/// (such as `\d{11}`), so the regex must run on every message.
#[cfg(test)]
fn literals(pattern: &str) -> Option<Vec<String>> {
    requirements_of(pattern, true, Form::Compact)
        .into_iter()
        .next()
}

/// Up to [`MAX_REQUIREMENTS`] requirements of a rule regex's folded syntax (as the loader
/// compiled it, with its case variants spelt out), the most selective first: every match
/// contains a literal of each, so the regex need only run where all occurred. A pattern
/// such as `有…[vw]…x…[吗嘛么]` has no selective literal of its own (`吗` is in every other
/// question), but few messages hold `有`, `v` and `吗` together.
pub(super) fn requirements(syntax: &Hir) -> Vec<Requirement> {
    requirements_in(syntax, Form::Compact)
}

/// For a pattern without requirements in compact text, literals one of which every match
/// holds as written (`🐧` in `🐧[\s\p{P}]*号?…\d{5,}`): the message must contain one before
/// it is folded and searched. Only characters that fold to themselves and that nothing else
/// folds to are literal in the message as written, see [`as_written`].
pub(super) fn written_requirement(syntax: &Hir) -> Option<Requirement> {
    requirements_in(syntax, Form::Written).into_iter().next()
}

/// Which text a gate's literals are looked for in.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// Compact text, by the phrase automaton.
    Compact,
    /// The message as written, before folding.
    Written,
}

/// Whether `c` is in a message as written exactly where it is in its folded form: the
/// pictographs (`🐧`, `📞`), which fold to themselves and which no styled character folds to.
/// Compact text drops them as symbols, so a pattern about one has no compact gate.
fn as_written(c: char) -> bool {
    matches!(c, '\u{1F300}'..='\u{1FAFF}')
}

/// The requirements of `pattern` parsed with or without the case-insensitive flag.
#[cfg(test)]
fn requirements_of(pattern: &str, case_insensitive: bool, form: Form) -> Vec<Requirement> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    requirements_in(&hir, form)
}

fn requirements_in(hir: &Hir, form: Form) -> Vec<Requirement> {
    let mut all = top(hir, form);
    for r in &mut all {
        r.sort();
        r.dedup();
    }
    all.sort_by_key(|r| std::cmp::Reverse(quality(r)));
    all.truncate(MAX_REQUIREMENTS);
    all
}

/// At most this many requirements gate one regex.
pub(super) const MAX_REQUIREMENTS: usize = 3;

/// The requirements of the parts of a top-level concatenation, each on its own; of any
/// other pattern, its one requirement.
fn top(hir: &Hir, form: Form) -> Vec<Requirement> {
    match hir.kind() {
        HirKind::Capture(c) => top(&c.sub, form),
        HirKind::Concat(subs) if exact(hir, form).is_none() => parts(subs, form),
        _ => required(hir, form).into_iter().collect(),
    }
}

/// What each part of a concatenation requires, in order: runs of consecutive parts with
/// few exact forms make longer literals (`等一?会` is `等会` or `等一会`), and every other
/// part brings its own requirement.
fn parts(subs: &[Hir], form: Form) -> Vec<Requirement> {
    let mut out = Vec::new();
    let keep = |candidate: Option<Requirement>, out: &mut Vec<Requirement>| {
        if let Some(c) = candidate
            && !c.is_empty()
            && c.iter().all(|s| !s.is_empty())
        {
            out.push(c);
        }
    };
    let mut run: Option<Vec<String>> = None;
    for sub in subs {
        match exact(sub, form) {
            Some(set) => {
                run = Some(match run.take() {
                    None => set,
                    Some(prefix) => match product(&prefix, &set) {
                        Some(joined) => joined,
                        None => {
                            keep(Some(prefix), &mut out);
                            set
                        }
                    },
                });
            }
            None => {
                keep(run.take(), &mut out);
                keep(required(sub, form), &mut out);
            }
        }
    }
    keep(run, &mut out);
    out
}

/// What every match of `hir` contains, if anything.
fn required(hir: &Hir, form: Form) -> Option<Requirement> {
    if let Some(set) = exact(hir, form)
        && set.iter().all(|s| !s.is_empty())
    {
        return Some(set);
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Literal(_) | HirKind::Class(_) => None,
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub, form),
        HirKind::Repetition(_) => None,
        HirKind::Capture(c) => required(&c.sub, form),
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                all.extend(required(sub, form)?);
            }
            Some(all)
        }
        // The best of the parts' requirements is the gate.
        HirKind::Concat(subs) => {
            parts(subs, form)
                .into_iter()
                .fold(None, |best: Option<Requirement>, c| match best {
                    Some(b) if quality(&c) <= quality(&b) => Some(b),
                    _ => Some(c),
                })
        }
    }
}

/// At most this many forms are tracked for a part of a pattern.
const MAX_FORMS: usize = 16;

/// Every compact string `hir` can match, when there are few (an empty string stands for an
/// optional part or a look-around).
fn exact(hir: &Hir, form: Form) -> Option<Vec<String>> {
    let literal = |text: &str| match form {
        Form::Compact => compact(text),
        Form::Written => text.chars().all(as_written).then(|| text.to_owned()),
    };
    let mut set = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![String::new()],
        HirKind::Literal(l) => vec![literal(std::str::from_utf8(&l.0).ok()?)?],
        HirKind::Class(_) if form == Form::Compact && only_ignorable(hir) => vec![String::new()],
        HirKind::Class(_) => class_chars(hir)?
            .into_iter()
            .map(|c| literal(&c.to_string()))
            .collect::<Option<_>>()?,
        HirKind::Capture(c) => exact(&c.sub, form)?,
        // `\s*` between characters (`等\s*一\s*下`, for text typed with spaces) is
        // dropped from compact text, so it leaves the literals on either side joined.
        HirKind::Repetition(r) if form == Form::Compact && only_ignorable(&r.sub) => {
            vec![String::new()]
        }
        HirKind::Repetition(r) => {
            let sub = exact(&r.sub, form)?;
            let max = r.max?;
            if max > 4 {
                return None;
            }
            let mut forms = Vec::new();
            let mut power = vec![String::new()];
            for n in 0..=max {
                if n >= r.min {
                    forms.extend(power.iter().cloned());
                }
                if n < max {
                    power = product(&power, &sub)?;
                }
            }
            forms
        }
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                all.extend(exact(sub, form)?);
            }
            all
        }
        HirKind::Concat(subs) => {
            let mut joined = vec![String::new()];
            for sub in subs {
                joined = product(&joined, &exact(sub, form)?)?;
            }
            joined
        }
    };
    set.sort();
    set.dedup();
    (set.len() <= MAX_FORMS).then_some(set)
}

/// Every `a` followed by every `b`, when that makes few forms.
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_FORMS {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| format!("{x}{y}")))
            .collect(),
    )
}

/// Whether `hir` is a class of whitespace and punctuation only (such as `\s`), all of
/// which compact text drops.
fn only_ignorable(hir: &Hir) -> bool {
    let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
        return false;
    };
    // The gap between two Chinese characters of a pattern (`rules::load::gaps`).
    if class.ranges() == crate::normalize::IGNORABLE.ranges() {
        return true;
    }
    let mut seen = 0usize;
    for range in class.iter() {
        for c in range.start()..=range.end() {
            seen += 1;
            if seen > 256 || !crate::normalize::is_ignorable(c) {
                return false;
            }
        }
    }
    seen > 0
}

/// The characters of a Unicode class of at most eight characters.
fn class_chars(hir: &Hir) -> Option<Vec<char>> {
    let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
        return None;
    };
    let mut chars = Vec::new();
    for range in class.iter() {
        for c in range.start()..=range.end() {
            chars.push(c);
            if chars.len() > 8 {
                return None;
            }
        }
    }
    Some(chars)
}

/// `text` as found in compact text (empty if it is whitespace and punctuation only), or
/// `None` for a piece with a character the script table converts: a regex sees the message
/// after that conversion, which for a few characters depends on their neighbours.
fn compact(text: &str) -> Option<String> {
    if text.chars().any(may_be_traditional) {
        return None;
    }
    Some(crate::normalize::compact(text))
}

/// How selective a requirement is: its weakest alternative, by [`weight`].
fn quality(requirement: &Requirement) -> u32 {
    requirement.iter().map(|s| weight(s)).min().unwrap_or(0)
}

/// How rarely a literal occurs in chat text, as a sum over its characters of about the
/// logarithm of their rarity: character frequencies fall off with rank (Zipf), so a
/// character of rank `r` among the frequent ones weighs `40 + 10 ln(1 + r)`, a rarer one
/// 120, an ASCII character 30. Two frequent characters together outweigh one rare one.
fn weight(literal: &str) -> u32 {
    literal
        .chars()
        .map(|c| {
            if c.is_ascii() {
                return 30;
            }
            match rank(c) {
                Some(rank) => 40 + (10.0 * (1.0 + rank as f64).ln()) as u32,
                None => 120,
            }
        })
        .sum()
}

/// The rank of `c` among the most frequent Chinese characters (0 for the most frequent).
pub(super) fn rank(c: char) -> Option<usize> {
    COMMON.chars().position(|common| common == c)
}

/// The most frequent characters of Chinese chat and prose, the most frequent first.
const COMMON: &str = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出也会你对生能而子那得\
于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主\
样理心她本前开但因只从想实日意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问\
很最重并物手应头文体相见被利什二等产或新己制身果加月话合回特代内信表化老给位次度门任常先通儿原声\
提比员名真处走各几口认条平气题活更别打女变四总何电数安少报才结反受目太量再感建务做接必场件计管期\
市直山指许保至形便空决展五书非则听白却界达光放强即像难且思完设式色记品住告类求据程边该交万取拉望\
觉领共确师观清今切让识候带导运步改收根造言联持每车亲极服快办往元证近失转令准始怎呢存未远叫单具字\
爱流备连调商算质集百需价花级整况请际约示复息线似断满支视消越容照须九增写称八功吗包片委乎查轻易早\
除找装显吧图念引首局费号尽另较注仅考落随选红响虽推希半节某案护兴够音跟底站例供效续施留讲型料终答\
紧故按客纪送急待您帮买货款换退钱付单谢亲哦呀啊嗯哈吧嘛呢";

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(pattern: &str) -> Option<Vec<String>> {
        literals(pattern)
    }

    #[test]
    fn a_pictograph_gates_a_pattern_as_written() {
        let qq =
            r"🐧[\s\p{P}\p{S}]*(?:号码?|群)?[\s\p{P}]*[0-9一二三](?:[\s-]{0,3}[0-9一二三]){4,}";
        let written = |p: &str| requirements_of(p, false, Form::Written).into_iter().next();
        assert_eq!(
            requirements_of(qq, false, Form::Compact),
            Vec::<Requirement>::new()
        );
        assert_eq!(written(qq), Some(vec!["🐧".into()]));
        assert_eq!(written(r"[📞☎]\d+"), None, "☎ is not a pictograph");
        assert_eq!(written(r"电话\d{5}"), None, "電話 folds to 电话");
        for c in '\u{1F300}'..='\u{1FAFF}' {
            assert_eq!(crate::normalize::fold_each(&c.to_string()), [c.to_string()]);
        }
    }

    #[test]
    fn literal_runs_and_alternatives() {
        assert_eq!(gate(r"^\W*听不懂\W*$"), Some(vec!["听不懂".into()]));
        assert_eq!(
            gate(r"^\W*(什么|啥)\W*$"),
            Some(vec!["什么".into(), "啥".into()])
        );
        assert_eq!(
            gate(r"[你您](到底|究竟)(是|想[^干\s]|要[^干\s]|有没有)"),
            Some(vec![
                "你到底".into(),
                "你究竟".into(),
                "您到底".into(),
                "您究竟".into()
            ])
        );
        assert_eq!(
            gate(r"听不[到见](啊|呀)?"),
            Some(vec![
                "听不到".into(),
                "听不到呀".into(),
                "听不到啊".into(),
                "听不见".into(),
                "听不见呀".into(),
                "听不见啊".into()
            ])
        );
    }

    #[test]
    fn case_insensitive_letters_stay_one_literal() {
        assert_eq!(gate("Hello"), Some(vec!["hello".into()]));
        // Case-insensitive `s` also matches the long s `ſ`, which folding keeps.
        assert_eq!(gate("Sorry"), Some(vec!["sorry".into(), "ſorry".into()]));
        assert_eq!(gate("(?-i)SB"), Some(vec!["sb".into()]));
    }

    #[test]
    fn optional_parts_and_broad_classes_are_no_gate() {
        assert_eq!(gate(r"\d{11}"), None);
        assert_eq!(gate(r"(等会)?"), None);
        assert_eq!(gate(r"等?|会"), None);
        assert_eq!(gate(r"[,.!?]"), None);
    }

    #[test]
    fn traditional_characters_are_no_gate() {
        assert_eq!(gate("說吧"), None);
        assert_eq!(gate("喂說吧"), None);
        assert_eq!(gate("喂+說吧"), Some(vec!["喂".into()]));
    }

    #[test]
    fn punctuation_inside_a_literal_is_dropped_as_in_compact_text() {
        assert_eq!(gate("请, 稍等"), Some(vec!["请稍等".into()]));
    }

    #[test]
    fn whitespace_and_punctuation_between_characters_join_the_literal() {
        assert_eq!(
            gate(r"(?:^|[\s,.!?;:、。…~])等\s*一\s*下"),
            Some(vec!["等一下".into()])
        );
        assert_eq!(gate(r"催[\s,.]*啥"), Some(vec!["催啥".into()]));
        // A class that also holds a word character is no gap: the gate falls back to a part.
        assert_eq!(gate(r"等[\s一]下"), Some(vec!["等".into()]));
    }

    #[test]
    fn optional_parts_spell_out_their_forms() {
        assert_eq!(
            gate(r"(?:^|[\s,.!?;:、。…~])等一?会儿?"),
            Some(vec![
                "等一会".into(),
                "等一会儿".into(),
                "等会".into(),
                "等会儿".into()
            ])
        );
        assert_eq!(
            gate(r"你去?问\w{1,6}吧"),
            Some(vec!["你去问".into(), "你问".into()])
        );
    }

    fn pattern() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let atoms = prop::sample::select(vec![
            "a",
            "S",
            "k",
            "K",
            "ß",
            "ſ",
            "σ",
            "Σ",
            "说",
            "說",
            "好",
            "不",
            " ",
            ",",
            "，",
            "。",
            "\\b",
            "^",
            "$",
            "[aA]",
            "[ab]",
            "[,，。 ]",
            "[好不]",
            "\\s",
            "\\W",
            ".",
            "\\w",
            "Ａ",
            "ｓ",
            "İ",
            "i",
            "µ",
            "Ω",
            "ω",
            "\u{2126}",
            "(?-i:S)",
            "\u{212A}",
            "x",
            "[^a]",
            "\u{3000}",
            "好?",
            "(a|)",
            "(|好)",
            "Ⓐ",
            "ⓐ",
            "🐧",
            "[🐧📞]",
            "📞\\s*",
            "\\d",
        ]);
        atoms
            .prop_map(str::to_owned)
            .prop_recursive(3, 16, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
                    prop::collection::vec(inner.clone(), 1..3)
                        .prop_map(|v| format!("(?:{})", v.join("|"))),
                    (inner, 0u32..3, 0u32..3, any::<bool>()).prop_map(|(s, a, b, open)| {
                        let (lo, hi) = (a.min(b), a.max(b));
                        if open {
                            format!("(?:{s}){{{lo},}}")
                        } else {
                            format!("(?:{s}){{{lo},{hi}}}")
                        }
                    }),
                ]
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(512))]
        /// Wherever a regex matches a message's folded form, its gate is in the compact form.
        #[test]
        fn a_gate_is_in_every_message_its_regex_matches(
            pat in pattern(),
            text in "[aAsSkKßſσΣςs说說好不 ,，。ＡｓİiµΩω\u{2126}\u{212A}xⓐ\u{3000}]{0,12}",
        ) {
            let Ok(re) = regex::RegexBuilder::new(&pat).case_insensitive(true).build() else {
                return Ok(());
            };
            let forms = crate::normalize::Normalized::default();
            if re.is_match(&forms.folded(&text).text) {
                let compact = forms.compact(&text);
                for gate in requirements_of(&pat, true, Form::Compact) {
                    proptest::prop_assert!(
                        gate.iter().any(|g| compact.text.contains(g.as_str())),
                        "{pat:?} matches {text:?} but its gate {gate:?} is not in {:?}",
                        compact.text
                    );
                }
            }
        }

        /// Wherever a regex matches a message's folded form, its written gate is in the
        /// message as written.
        #[test]
        fn a_written_gate_is_in_every_message_its_regex_matches(
            pat in pattern(),
            text in "[aAsS说說好 ,，。Ａｓⓐ1１①\u{3000}🐧📞]{0,12}",
        ) {
            let Ok(re) = regex::RegexBuilder::new(&pat).build() else {
                return Ok(());
            };
            let forms = crate::normalize::Normalized::default();
            if re.is_match(&forms.folded(&text).text)
                && let Some(gate) = requirements_of(&pat, false, Form::Written).into_iter().next()
            {
                proptest::prop_assert!(
                    gate.iter().any(|g| text.contains(g.as_str())),
                    "{pat:?} matches {text:?} but its written gate {gate:?} is not in it"
                );
            }
        }
    }
}
