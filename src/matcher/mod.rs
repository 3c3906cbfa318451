//! Finding where rule phrases occur in a message.
//!
//! Every literal of every rule goes into one aho-corasick automaton, run once over a
//! message's compact form (in a compressed encoding, see [`alphabet`]) with overlapping
//! matches:
//!
//! - the phrases and exceptions of phrase rules, of which the leftmost-longest are kept (so
//!   a longer exception such as `神经病学` swallows the phrase `神经病` inside it);
//! - the phrase lists of conversation rules (greetings, triggers, counted words), whose
//!   occurrences are counted per list;
//! - each regex rule's gate: literals without which the regex cannot match
//!   (see [`gate`]). A regex runs, on the folded form, only in messages where its gate
//!   occurs, which spares most messages every regex.
//!
//! The matcher knows nothing of roles, files or output: it reports rule indices and
//! original byte spans.

mod alphabet;
mod gate;

use crate::normalize::{Mapped, Normalized, compact, fold_compact};
use crate::rules::{Anchor, Check, PhraseSet, Rule};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use alphabet::{Alphabet, Coded, Encoder};
use std::collections::HashMap;
use std::ops::Range;

/// A rule matched at a byte range of the original message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub span: Range<usize>,
    pub rule: usize,
}

/// What an automaton pattern stands for; one normalised literal may stand for several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// A phrase of phrase rule `usize`.
    Phrase(usize),
    /// An exception: text in which no phrase counts.
    Except,
    /// A phrase of conversation-rule list `usize` (see [`PhraseSet::id`]).
    List(usize),
    /// A literal of requirement `u8` of the gate of regex `usize` of [`Matcher::regexes`].
    Gate(usize, u8),
}

/// A regex rule's pattern, and whether it waits for its gate.
#[derive(Debug)]
struct RegexRule {
    rule: usize,
    pattern: crate::rules::Pattern,
    /// How many requirements gate it (0: it runs on every message).
    gates: u8,
    /// Without gates, literals one of which a message as written must hold (empty: none).
    written: Vec<String>,
    /// The pattern has a group named `m`: the finding covers that group, not the whole
    /// match (the rest is context the regex crate cannot look behind for).
    reported_group: bool,
}

/// The compiled form of a rule list.
#[derive(Debug)]
pub struct Matcher {
    alphabet: Alphabet,
    literals: Option<AhoCorasick>,
    owners: Vec<Vec<Owner>>,
    regexes: Vec<RegexRule>,
    anchors: Vec<Anchor>,
    /// Whether each pattern starts and ends with an ASCII letter or digit, which then needs a
    /// word boundary in the original text (`sb` must not match in `usb`).
    word_edges: Vec<(Option<Edge>, Option<Edge>)>,
    /// How many phrase lists there are: the slots of [`Matcher::scan`]'s counts.
    lists: usize,
}

/// Up to this many patterns, the automaton is a DFA.
const DFA_PATTERNS: usize = 1000;

/// Why the automaton could not be built (only possible with absurdly large phrase lists).
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the phrase automaton: {0}")]
pub struct BuildError(#[from] aho_corasick::BuildError);

/// Scratch space of one scan, reused from message to message.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The message in compact form, encoded in the matcher's alphabet.
    coded: Coded,
    /// The message in simplified characters, when it has traditional ones.
    simplified: String,
    /// Phrase and exception matches, in encoded bytes: start, end, pattern.
    candidates: Vec<(usize, usize, usize)>,
    /// The candidates one choice is made among (all of them, or one rule's and the
    /// exceptions).
    ruled: Vec<(usize, usize, usize)>,
    /// Phrase candidates by rule: rule, start, end, pattern.
    by_rule: Vec<(usize, usize, usize, usize)>,
    excepted: Vec<Range<usize>>,
    /// Regexes whose gate occurred in the message.
    /// Per regex, a bit for each of its requirements that occurred.
    due: Vec<u8>,
}

impl Scratch {
    /// Bytes held, to decide whether to keep the buffers after a long message.
    pub fn capacity(&self) -> usize {
        self.coded.bytes.capacity()
            + self.coded.origin.capacity()
            + self.simplified.capacity()
            + 24 * (self.candidates.capacity() + self.ruled.capacity())
            + 32 * self.by_rule.capacity()
            + 16 * self.excepted.capacity()
    }
}

impl Matcher {
    /// Compile `rules`, numbering the phrase lists of their conversation checks
    /// ([`PhraseSet::id`]).
    pub fn new(rules: &mut [Rule]) -> Result<Matcher, BuildError> {
        Matcher::build(rules, true)
    }

    /// Compile `rules`; without `encode`, the automaton runs on UTF-8 compact text (the
    /// reference the compressed encoding is tested against).
    fn build(rules: &mut [Rule], encode: bool) -> Result<Matcher, BuildError> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut add = |key: String, owner: Owner| {
            if key.is_empty() {
                return;
            }
            let id = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                owners.push(Vec::new());
                patterns.len() - 1
            });
            // A list that holds a phrase twice (or two spellings that fold alike) counts
            // it twice, as a list of phrases counted one by one would.
            if matches!(owner, Owner::List(_)) || !owners[id].contains(&owner) {
                owners[id].push(owner);
            }
        };
        let mut regexes = Vec::new();
        let mut lists = 0;
        for (i, rule) in rules.iter_mut().enumerate() {
            for phrase in &rule.phrases {
                add(compact(phrase), Owner::Phrase(i));
            }
            for context in &rule.except {
                add(compact(context), Owner::Except);
            }
            for (re, syntax) in rule.regex.iter().zip(&rule.regex_syntax) {
                let gates = gate::requirements(syntax);
                for (bit, requirement) in gates.iter().enumerate() {
                    for literal in requirement {
                        add(literal.clone(), Owner::Gate(regexes.len(), bit as u8));
                    }
                }
                let written = if gates.is_empty() {
                    gate::written_requirement(syntax).unwrap_or_default()
                } else {
                    Vec::new()
                };
                regexes.push(RegexRule {
                    rule: i,
                    pattern: re.clone(),
                    gates: gates.len() as u8,
                    written,
                    reported_group: has_group(syntax, "m"),
                });
            }
            for set in phrase_sets(&mut rule.check) {
                set.id = Some(lists);
                for phrase in set.iter() {
                    add(phrase.clone(), Owner::List(lists));
                }
                lists += 1;
            }
        }
        let word_edges = patterns.iter().map(|p| word_edges(p)).collect();
        let alphabet = if encode {
            Alphabet::new(&patterns, |c| gate::rank(c).unwrap_or(usize::MAX))
        } else {
            Alphabet::Utf8
        };
        let encoded: Vec<Vec<u8>> = patterns.iter().map(|p| alphabet.encode(p)).collect();
        let literals = if encoded.is_empty() {
            None
        } else {
            // A DFA is the fastest automaton, but its memory grows with the patterns times
            // the alphabet: past a thousand patterns the contiguous NFA searches as fast here
            // (measured at 3000 phrases) in a fraction of the memory (20,000 phrases: 78 MB
            // peak instead of 232 MB) and builds faster.
            let kind = if encoded.len() <= DFA_PATTERNS {
                AhoCorasickKind::DFA
            } else {
                AhoCorasickKind::ContiguousNFA
            };
            Some(AhoCorasick::builder().kind(Some(kind)).build(&encoded)?)
        };
        Ok(Matcher {
            alphabet,
            literals,
            owners,
            regexes,
            anchors: rules.iter().map(|r| r.anchor).collect(),
            word_edges,
            lists,
        })
    }

    /// How many phrase lists [`Matcher::scan`] counts.
    pub fn lists(&self) -> usize {
        self.lists
    }

    /// Every rule hit in one message, sorted by position. `original` is the message text
    /// that `normalized` was made from; spans are byte ranges of it.
    pub fn find(&self, original: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut counts = vec![0; self.lists];
        self.scan(
            original,
            &Normalized::default(),
            &mut counts,
            &mut hits,
            &mut Scratch::default(),
        );
        hits
    }

    /// One message: append its rule hits to `hits` (sorted by position) and add to `counts`
    /// (one slot per phrase list) how often each list's phrases occur, overlaps included.
    /// `normalized` holds the message's folded forms, made here only if a regex needs one.
    pub fn scan(
        &self,
        original: &str,
        normalized: &Normalized,
        counts: &mut [u32],
        hits: &mut Vec<Hit>,
        scratch: &mut Scratch,
    ) {
        fold_compact(
            original,
            &mut scratch.simplified,
            &mut Encoder {
                alphabet: &self.alphabet,
                out: &mut scratch.coded,
            },
        );
        let coded = &scratch.coded;
        let extent = coded.origin.extent();
        let first = hits.len();
        scratch.candidates.clear();
        scratch.excepted.clear();
        scratch.due.clear();
        scratch.due.resize(self.regexes.len(), 0);
        if let Some(ac) = &self.literals {
            for m in ac.find_overlapping_iter(&coded.bytes) {
                let pid = m.pattern().as_usize();
                let mut phrase = false;
                for owner in &self.owners[pid] {
                    match *owner {
                        Owner::Phrase(_) | Owner::Except => phrase = true,
                        Owner::Gate(re, bit) => scratch.due[re] |= 1 << bit,
                        Owner::List(list) => {
                            let edges = self.word_edges[pid];
                            if !cuts_a_word(edges, original, &coded.origin.original(m.range())) {
                                counts[list] += 1;
                            }
                        }
                    }
                }
                if phrase {
                    scratch.candidates.push((m.start(), m.end(), pid));
                }
            }
        }
        // A phrase that would cut a word (`sb` in `usb`) is no match at all, so it must not
        // hide another one either.
        scratch.candidates.retain(|&(start, end, pid)| {
            self.owners[pid].contains(&Owner::Except)
                || !cuts_a_word(
                    self.word_edges[pid],
                    original,
                    &coded.origin.original(start..end),
                )
        });
        // Exceptions are ordinary language: where one wins a leftmost-longest choice among
        // all phrases and exceptions, nothing inside it is reported (regexes included).
        scratch.ruled.clear();
        scratch.ruled.extend_from_slice(&scratch.candidates);
        for (start, end, pid) in leftmost_longest(&mut scratch.ruled) {
            if self.owners[pid].contains(&Owner::Except) {
                scratch.excepted.push(coded.origin.original(start..end));
            }
        }
        // Each rule's phrases compete only with each other and with the exceptions: a
        // longer phrase of another rule (a user's pack beside the built-in ones) must not
        // hide this rule's match.
        scratch.by_rule.clear();
        for &(start, end, pid) in &scratch.candidates {
            for owner in &self.owners[pid] {
                if let Owner::Phrase(rule) = *owner {
                    scratch.by_rule.push((rule, start, end, pid));
                }
            }
        }
        scratch.by_rule.sort_unstable();
        scratch.by_rule.dedup();
        let mut at = 0;
        while at < scratch.by_rule.len() {
            let rule = scratch.by_rule[at].0;
            let next = scratch.by_rule[at..]
                .iter()
                .position(|r| r.0 != rule)
                .map_or(scratch.by_rule.len(), |n| at + n);
            scratch.ruled.clear();
            scratch.ruled.extend(
                scratch.by_rule[at..next]
                    .iter()
                    .map(|&(_, s, e, p)| (s, e, p)),
            );
            scratch.ruled.extend(
                scratch
                    .candidates
                    .iter()
                    .filter(|c| self.owners[c.2].contains(&Owner::Except)),
            );
            for (start, end, pid) in leftmost_longest(&mut scratch.ruled) {
                if self.owners[pid].contains(&Owner::Except) {
                    continue;
                }
                let span = coded.origin.original(start..end);
                if anchored(self.anchors[rule], &span, extent.as_ref()) {
                    hits.push(Hit { span, rule });
                }
            }
            at = next;
        }
        let mut folded = None;
        for (i, re) in self.regexes.iter().enumerate() {
            // Every requirement of the pattern must have occurred.
            if re.gates > 0 && scratch.due[i] != (1u8 << re.gates) - 1 {
                continue;
            }
            // Without a gate, a literal the message must hold as written spares the fold.
            if !re.written.is_empty() && !re.written.iter().any(|w| original.contains(w.as_str())) {
                continue;
            }
            let folded: &Mapped = folded.get_or_insert_with(|| normalized.folded(original));
            // (reported part, whole match): an exception hides a match it covers whole, so
            // that the context a pattern reads around its reported part (`，好评返现5元`) keeps
            // another pack's exception for the bare words (`好评返现`) from hiding it.
            let matches: Box<dyn Iterator<Item = (Range<usize>, Range<usize>)>> =
                if re.reported_group {
                    Box::new(
                        re.pattern
                            .regex()
                            .captures_iter(&folded.text)
                            .filter_map(|c| {
                                let whole = c.get(0)?.range();
                                c.name("m").map(|m| (m.range(), whole))
                            }),
                    )
                } else {
                    Box::new(
                        re.pattern
                            .regex()
                            .find_iter(&folded.text)
                            .map(|m| (m.range(), m.range())),
                    )
                };
            for (range, whole) in matches {
                let span = trim_ignorable(folded, range);
                let whole = trim_ignorable(folded, whole);
                if span.is_empty()
                    || scratch
                        .excepted
                        .iter()
                        .any(|e| e.start <= whole.start && whole.end <= e.end)
                    || !anchored(self.anchors[re.rule], &span, extent.as_ref())
                {
                    continue;
                }
                hits.push(Hit {
                    span,
                    rule: re.rule,
                });
            }
        }
        let mine = &mut hits[first..];
        mine.sort_by_key(|h| (h.span.start, h.span.end, h.rule));
        let mut kept = first;
        for i in first..hits.len() {
            if kept == first || hits[kept - 1] != hits[i] {
                hits.swap(kept, i);
                kept += 1;
            }
        }
        hits.truncate(kept);
    }
}

/// Of overlapping matches (start, end, pattern), the ones a leftmost-longest search reports:
/// the longest match at the leftmost start, then the same again from its end.
fn leftmost_longest(
    matches: &mut [(usize, usize, usize)],
) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    matches.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut taken_to = 0;
    matches.iter().copied().filter(move |&(start, end, _)| {
        let take = start >= taken_to;
        if take {
            taken_to = end;
        }
        take
    })
}

/// The phrase lists of a conversation check.
/// Whether `syntax` has a capture group named `name`: the part of a match that is reported.
fn has_group(syntax: &regex_syntax::hir::Hir, name: &str) -> bool {
    use regex_syntax::hir::HirKind;
    match syntax.kind() {
        HirKind::Capture(c) => c.name.as_deref() == Some(name) || has_group(&c.sub, name),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|s| has_group(s, name))
        }
        HirKind::Repetition(r) => has_group(&r.sub, name),
        _ => false,
    }
}

fn phrase_sets(check: &mut Check) -> Vec<&mut PhraseSet> {
    match check {
        Check::Position(p) => vec![&mut p.must_contain],
        Check::Response(r) => vec![
            &mut r.trigger,
            &mut r.trigger_except,
            &mut r.must_contain,
            &mut r.must_not_contain,
        ],
        Check::Metric(m) => vec![&mut m.count, &mut m.per],
        Check::Phrase | Check::Timing(_) | Check::PersonalData(_) => Vec::new(),
    }
}

/// The original span of a regex match, without leading or trailing whitespace and
/// punctuation (a pattern like `不知道[。！]*` should point at the words).
fn trim_ignorable(folded: &Mapped, range: Range<usize>) -> Range<usize> {
    let text = &folded.text[range.clone()];
    let start = range.start
        + (text.len()
            - text
                .trim_start_matches(crate::normalize::is_ignorable)
                .len());
    let end = range.start + text.trim_end_matches(crate::normalize::is_ignorable).len();
    if start >= end {
        return start..start;
    }
    folded.original(start..end)
}

fn anchored(anchor: Anchor, span: &Range<usize>, extent: Option<&Range<usize>>) -> bool {
    let Some(extent) = extent else {
        return false;
    };
    match anchor {
        Anchor::Anywhere => true,
        Anchor::MessageStart => span.start <= extent.start,
        Anchor::WholeMessage => span.start <= extent.start && span.end >= extent.end,
    }
}

/// What kind of word character a phrase starts or ends with: such an edge needs a word
/// boundary in the original text (`sb` must not match in `usb`, `hi` not in `nothing`).
/// Letters and digits are separate words (`vx` matches in `vx123456`, `av` in `1av2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edge {
    Letter,
    Digit,
}

impl Edge {
    fn of(c: char) -> Option<Edge> {
        let c = match crate::normalize::fold_style(c) {
            crate::normalize::Styled::One(c) => c,
            crate::normalize::Styled::Many(_) => '0',
        };
        if c.is_ascii_alphabetic() {
            Some(Edge::Letter)
        } else if c.is_ascii_digit() {
            Some(Edge::Digit)
        } else {
            None
        }
    }
}

/// The edges of a phrase (in compact form) that need a word boundary.
pub(crate) fn word_edges(phrase: &str) -> (Option<Edge>, Option<Edge>) {
    (
        phrase.chars().next().and_then(Edge::of),
        phrase.chars().next_back().and_then(Edge::of),
    )
}

/// Does a match of a phrase with `edges` at `span` of `original` cut through a word? The
/// neighbours are read as they fold, so a full-width or circled letter is a letter.
pub(crate) fn cuts_a_word(
    edges: (Option<Edge>, Option<Edge>),
    original: &str,
    span: &Range<usize>,
) -> bool {
    let before = original
        .get(..span.start)
        .and_then(|s| s.chars().next_back())
        .and_then(Edge::of);
    let after = original
        .get(span.end..)
        .and_then(|s| s.chars().next())
        .and_then(Edge::of);
    (edges.0.is_some() && edges.0 == before) || (edges.1.is_some() && edges.1 == after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load_pack;

    #[test]
    fn letter_and_digit_edges_need_a_boundary_of_their_own_kind() {
        let cut = |phrase: &str, text: &str| {
            let at = text.find(phrase).unwrap();
            cuts_a_word(word_edges(phrase), text, &(at..at + phrase.len()))
        };
        assert!(cut("sb", "usb"));
        assert!(cut("hi", "nothing"));
        assert!(!cut("vx", "加vx123456"));
        assert!(!cut("av", "1av2"));
        assert!(cut("top1", "top10"));
        assert!(!cut("sb", "你是sb吧"));
        // A full-width or circled letter next to the match is a letter.
        assert!(cut("sb", "ｕsb"));
        assert!(cut("sb", "ⓤsb"));
    }

    /// The rules of a test pack: `rules` is its `[[rule]]` tables.
    fn pack(rules: &str) -> Vec<Rule> {
        let text = format!("[pack]\nname = \"t\"\nversion = \"1\"\n{rules}");
        load_pack("t.toml", &text).unwrap().rules
    }

    fn rules() -> Vec<Rule> {
        pack(
            r#"
[[rule]]
id = "t.insult"
message = "m"
phrases = ["神经病", "SB"]
except = ["神经病学", "神经病变"]
[[rule]]
id = "t.rude-opening"
message = "m"
phrases = ["喂，说吧"]
[[rule]]
id = "t.ignorance"
message = "m"
phrases = ["不知道"]
anchor = "whole-message"
[[rule]]
id = "t.wei"
message = "m"
regex = ["喂+"]
anchor = "message-start"
"#,
        )
    }

    fn hits(text: &str) -> Vec<(String, &'static str)> {
        let mut rules = rules();
        let m = Matcher::new(&mut rules).unwrap();
        let ids = ["t.insult", "t.rude-opening", "t.ignorance", "t.wei"];
        m.find(text)
            .into_iter()
            .map(|h| (text[h.span].to_owned(), ids[h.rule]))
            .collect()
    }

    #[test]
    fn exceptions_swallow_phrases_inside_them() {
        assert_eq!(hits("糖尿病神经病变需要复查"), []);
        assert_eq!(hits("他是神经病学专家"), []);
        assert_eq!(hits("你是神经病吧"), [("神经病".into(), "t.insult")]);
    }

    #[test]
    fn spans_cover_original_characters() {
        assert_eq!(
            hits("喂 , 說吧"),
            [
                ("喂".into(), "t.wei"),
                ("喂 , 說吧".into(), "t.rude-opening")
            ]
        );
        assert_eq!(hits("ｓｂ"), [("ｓｂ".into(), "t.insult")]);
    }

    #[test]
    fn ascii_phrases_need_word_boundaries() {
        assert_eq!(hits("usb接口"), []);
        assert_eq!(hits("你个sb"), [("sb".into(), "t.insult")]);
    }

    #[test]
    fn anchors() {
        assert_eq!(hits("  不知道。"), [("不知道".into(), "t.ignorance")]);
        assert_eq!(hits("不知道您方便吗"), []);
        assert_eq!(hits("您好，喂养方法如下"), []);
        assert_eq!(hits("喂喂，在吗"), [("喂喂".into(), "t.wei")]);
    }

    #[test]
    fn a_longer_phrase_of_another_rule_does_not_hide_a_match() {
        let mut rules = pack(
            r#"
[[rule]]
id = "t.competitor"
message = "m"
phrases = ["某宝"]
[[rule]]
id = "t.other-platform"
message = "m"
phrases = ["某宝更便宜"]
except = ["某宝贝"]
"#,
        );
        let m = Matcher::new(&mut rules).unwrap();
        let found = |text: &str| -> Vec<(String, usize)> {
            m.find(text)
                .into_iter()
                .map(|h| (text[h.span].to_owned(), h.rule))
                .collect()
        };
        assert_eq!(
            found("某宝更便宜吗"),
            [("某宝".into(), 0), ("某宝更便宜".into(), 1)]
        );
        // An exception still hides every rule's phrase inside it.
        assert_eq!(found("某宝贝很可爱"), []);
    }

    #[test]
    fn a_group_named_m_is_the_part_reported() {
        let mut rules = pack(
            r#"
[[rule]]
id = "t.promise"
message = "m"
regex = ['(?:^|[^不])(?P<m>一定能到)']
"#,
        );
        let m = Matcher::new(&mut rules).unwrap();
        let found = |text: &str| -> Vec<String> {
            m.find(text)
                .into_iter()
                .map(|h| text[h.span].to_owned())
                .collect()
        };
        assert_eq!(found("明天一定能到"), ["一定能到"]);
        assert_eq!(found("一定能到"), ["一定能到"]);
        assert_eq!(found("明天不一定能到"), Vec::<String>::new());
    }

    #[test]
    fn an_exception_hides_a_match_with_a_reported_group_only_when_it_covers_the_whole_match() {
        // Another rule's exception for the bare words (`好评返现`) does not hide a pattern
        // that reads context around them; one covering the context too does.
        let mut rules = pack(
            r#"
[[rule]]
id = "t.cashback"
message = "m"
regex = ['亲(?P<m>好评返现)[0-9]+元']
[[rule]]
id = "t.thanks"
message = "m"
phrases = ["谢谢您的好评"]
except = ["好评返现", "亲好评返现5元哦"]
"#,
        );
        let m = Matcher::new(&mut rules).unwrap();
        let found = |text: &str| -> Vec<String> {
            m.find(text)
                .into_iter()
                .map(|h| text[h.span].to_owned())
                .collect()
        };
        assert_eq!(found("亲好评返现3元"), ["好评返现"]);
        assert_eq!(found("亲好评返现5元哦"), Vec::<String>::new());
    }

    #[test]
    fn symbols_between_chinese_characters_of_a_pattern_are_read_through() {
        let mut rules = pack(
            r#"
[[rule]]
id = "t.urgency"
message = "m"
regex = ['随时(?:就|会)?涨价']
"#,
        );
        let m = Matcher::new(&mut rules).unwrap();
        let found = |text: &str| -> Vec<String> {
            m.find(text)
                .into_iter()
                .map(|h| text[h.span].to_owned())
                .collect()
        };
        assert_eq!(found("亲，随-时-涨-价哦"), ["随-时-涨-价"]);
        assert_eq!(found("随 时 会 涨 价"), ["随 时 会 涨 价"]);
        assert_eq!(found("随时可以问，不涨价"), Vec::<String>::new());
    }

    #[test]
    fn emoji_inside_a_phrase_are_skipped_and_kept_in_the_span() {
        let mut rules = pack(
            r#"
[[rule]]
id = "t.impatience"
message = "m"
phrases = ["催什么催", "神经病"]
[[rule]]
id = "t.opening"
message = "m"
phrases = ["喂说吧"]
anchor = "message-start"
"#,
        );
        let m = Matcher::new(&mut rules).unwrap();
        let found = |text: &str| -> Vec<(String, usize)> {
            m.find(text)
                .into_iter()
                .map(|h| (text[h.span].to_owned(), h.rule))
                .collect()
        };
        assert_eq!(found("你催😡什么催！"), [("催😡什么催".into(), 0)]);
        assert_eq!(found("神🙄经🙄病吧"), [("神🙄经🙄病".into(), 0)]);
        assert_eq!(found("催👍🏽什么催"), [("催👍🏽什么催".into(), 0)]);
        // An emoji before the first word leaves the message's start where it was.
        assert_eq!(found("😀喂，说吧"), [("喂，说吧".into(), 1)]);
        assert_eq!(found("😀 ❤️ 喂说吧"), [("喂说吧".into(), 1)]);
        // Words are still words: an emoji joins nothing that was not there.
        assert_eq!(found("您好😀喂，说吧"), []);
        assert_eq!(found("催😡什么"), []);
        assert_eq!(found("神🙄经过病房"), []);
    }

    /// Every built-in rule, in both automata.
    fn builtin_matchers() -> &'static (Matcher, Matcher, usize) {
        static BOTH: std::sync::OnceLock<(Matcher, Matcher, usize)> = std::sync::OnceLock::new();
        BOTH.get_or_init(|| {
            let mut rules: Vec<Rule> = crate::rules::BUILTIN_PACKS
                .iter()
                .flat_map(|(name, text)| load_pack(name, text).unwrap().rules)
                .collect();
            let coded = Matcher::build(&mut rules, true).unwrap();
            let utf8 = Matcher::build(&mut rules, false).unwrap();
            let lists = coded.lists();
            (coded, utf8, lists)
        })
    }

    proptest::proptest! {
        #[test]
        fn the_compressed_encoding_finds_what_utf8_finds(
            text in "[您好请问稍等抱歉久等催什么你我咱们烦死了神经病學說聽不懂到底究竟会儿吧喂亲ａＳsbhi的了 ，。！?~\\n]{0,30}"
        ) {
            let (coded, utf8, lists) = builtin_matchers();
            let run = |m: &Matcher| {
                let mut counts = vec![0; *lists];
                let mut hits = Vec::new();
                m.scan(&text, &Normalized::default(), &mut counts, &mut hits, &mut Scratch::default());
                (hits, counts)
            };
            proptest::prop_assert_eq!(run(coded), run(utf8));
        }
    }

    proptest::proptest! {
        #[test]
        fn overlapping_matches_give_the_leftmost_longest_ones(
            patterns in proptest::collection::btree_set("[abc]{1,4}", 1..12),
            haystack in "[abcd]{0,40}",
        ) {
            let patterns: Vec<String> = patterns.into_iter().collect();
            let overlapping = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .unwrap();
            let longest = AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&patterns)
                .unwrap();
            let mut all: Vec<(usize, usize, usize)> = overlapping
                .find_overlapping_iter(&haystack)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let ours: Vec<_> = leftmost_longest(&mut all).collect();
            let expected: Vec<_> = longest
                .find_iter(&haystack)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            proptest::prop_assert_eq!(ours, expected);
        }
    }

    #[test]
    fn a_list_counts_a_phrase_as_often_as_it_holds_it() {
        let mut rules = pack(
            r#"
[[rule]]
id = "t.ratio"
kind = "metric"
message = "m"
count = ["我", "我 ", "我们"]
per = ["您"]
max-ratio = 1.0
"#,
        );
        let m = Matcher::new(&mut rules).unwrap();
        let mut counts = vec![0; m.lists()];
        m.scan(
            "我们我",
            &Normalized::default(),
            &mut counts,
            &mut Vec::new(),
            &mut Scratch::default(),
        );
        // 我 twice in the list, found twice; 我们 once.
        assert_eq!(counts, [5, 0]);
    }
}
