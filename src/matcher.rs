//! Finding where rule phrases occur in a message.
//!
//! Every literal phrase and exception of every rule goes into one aho-corasick automaton
//! (leftmost-longest, so a longer exception such as `神经病学` swallows the phrase `神经病`
//! inside it), run once over a message's compact form. Regex rules run on the folded form.
//! The matcher knows nothing of roles, files or output: it reports rule indices and
//! original byte spans.

use crate::normalize::{Mapped, Normalized, normalize};
use crate::rules::{Anchor, Rule};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// A rule matched at a byte range of the original message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub span: Range<usize>,
    pub rule: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Phrase(usize),
    Except,
}

/// The compiled form of a rule list.
#[derive(Debug)]
pub struct Matcher {
    literals: Option<AhoCorasick>,
    /// Who owns each automaton pattern; one normalised phrase may belong to several rules.
    owners: Vec<Vec<Owner>>,
    regexes: Vec<(usize, regex::Regex)>,
    anchors: Vec<Anchor>,
    /// Whether each pattern starts and ends with an ASCII letter or digit, which then needs a
    /// word boundary in the original text (`sb` must not match in `usb`).
    word_edges: Vec<(bool, bool)>,
}

/// Why the automaton could not be built (only possible with absurdly large phrase lists).
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the phrase automaton: {0}")]
pub struct BuildError(#[from] aho_corasick::BuildError);

impl Matcher {
    pub fn new(rules: &[Rule]) -> Result<Matcher, BuildError> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut add = |text: &str, owner: Owner| {
            let key = normalize(text).compact.text;
            let id = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                owners.push(Vec::new());
                patterns.len() - 1
            });
            if !owners[id].contains(&owner) {
                owners[id].push(owner);
            }
        };
        for (i, rule) in rules.iter().enumerate() {
            for phrase in &rule.phrases {
                add(phrase, Owner::Phrase(i));
            }
            for context in &rule.except {
                add(context, Owner::Except);
            }
        }
        let word_edges = patterns.iter().map(|p| word_edges(p)).collect();
        let literals = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&patterns)?,
            )
        };
        let regexes = rules
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.regex.iter().map(move |re| (i, re.clone())))
            .collect();
        Ok(Matcher {
            literals,
            owners,
            regexes,
            anchors: rules.iter().map(|r| r.anchor).collect(),
            word_edges,
        })
    }

    /// Every rule hit in one message, sorted by position. `original` is the message text
    /// that `normalized` was made from; spans are byte ranges of it.
    pub fn find(&self, original: &str, normalized: &Normalized) -> Vec<Hit> {
        let compact = &normalized.compact;
        let extent = compact.original_extent();
        let mut hits = Vec::new();
        let mut excepted: Vec<Range<usize>> = Vec::new();
        if let Some(ac) = &self.literals {
            for m in ac.find_iter(&compact.text) {
                let pid = m.pattern().as_usize();
                let span = compact.original(m.range());
                if self.owners[pid].contains(&Owner::Except) {
                    excepted.push(span);
                    continue;
                }
                if cuts_a_word(self.word_edges[pid], original, &span) {
                    continue;
                }
                for owner in &self.owners[pid] {
                    if let Owner::Phrase(rule) = *owner
                        && anchored(self.anchors[rule], &span, extent.as_ref())
                    {
                        hits.push(Hit {
                            span: span.clone(),
                            rule,
                        });
                    }
                }
            }
        }
        for (rule, re) in &self.regexes {
            for m in re.find_iter(&normalized.folded.text) {
                let span = trim_ignorable(&normalized.folded, m.range());
                if span.is_empty()
                    || excepted
                        .iter()
                        .any(|e| e.start <= span.start && span.end <= e.end)
                    || !anchored(self.anchors[*rule], &span, extent.as_ref())
                {
                    continue;
                }
                hits.push(Hit { span, rule: *rule });
            }
        }
        hits.sort_by_key(|h| (h.span.start, h.span.end, h.rule));
        hits.dedup();
        hits
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

/// Whether a phrase starts and ends with an ASCII letter or digit: such an edge needs a word
/// boundary in the original text (`sb` must not match in `usb`, `hi` not in `nothing`).
pub(crate) fn word_edges(phrase: &str) -> (bool, bool) {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    (
        word(phrase.chars().next()),
        word(phrase.chars().next_back()),
    )
}

/// Does a match of a phrase with `edges` at `span` of `original` cut through a word?
pub(crate) fn cuts_a_word(edges: (bool, bool), original: &str, span: &Range<usize>) -> bool {
    (edges.0 && word_char_before(original, span.start))
        || (edges.1 && word_char_at(original, span.end))
}

fn word_char_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|s| s.chars().next_back())
        .is_some_and(|c| c.is_alphanumeric() && c.is_ascii())
}

fn word_char_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| c.is_alphanumeric() && c.is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load_pack;

    fn rules() -> Vec<Rule> {
        let pack = load_pack(
            "t.toml",
            r#"
[pack]
name = "t"
version = "1"
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
        .unwrap();
        pack.rules
    }

    fn hits(text: &str) -> Vec<(String, &'static str)> {
        let rules = rules();
        let m = Matcher::new(&rules).unwrap();
        let ids = ["t.insult", "t.rude-opening", "t.ignorance", "t.wei"];
        m.find(text, &normalize(text))
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
}
