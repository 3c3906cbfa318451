//! Gaps between the Chinese characters of a pattern.
//!
//! A phrase is matched on compact text, so `随时涨价` finds `随-时-涨-价` and `随 时 涨 价`.
//! A regex runs on folded text, where those symbols are kept: without help, writing a rule
//! as a pattern would make it blind to the spaced and symbol-interposed spellings that
//! filters are evaded with. So wherever two Chinese characters follow each other in a
//! pattern, what compact text drops (`normalize::IGNORABLE`: whitespace, punctuation,
//! symbols, emoji) may stand between them, any number of times. Other neighbours are left
//! as written: `no1`, `100%` and English words keep their spelling, and a part that can
//! match punctuation itself (`[^。]{0,10}`, `\W*`) needs no gap next to it.
//!
//! Gaps are optional, so every message a pattern matched before it still matches; what is
//! new are matches that run across interposed symbols.

use crate::normalize::IGNORABLE;
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Repetition};

/// `hir` with a gap between every two adjacent Chinese characters.
pub(super) fn insert(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Literal(literal) => join(std::iter::once(Hir::literal(literal.0))),
        HirKind::Concat(subs) => join(subs.into_iter().map(insert)),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(insert).collect()),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(insert(*rep.sub)),
            ..rep
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(insert(*cap.sub)),
            ..cap
        }),
        HirKind::Empty => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Class(class) => Hir::class(class),
    }
}

/// The parts in order, with a gap wherever one ends and the next starts with a Chinese
/// character (a literal split into its characters gets gaps inside, too).
fn join(parts: impl Iterator<Item = Hir>) -> Hir {
    let mut out: Vec<Hir> = Vec::new();
    for part in parts {
        // A literal of several characters (`涨价` after folding) is split so that its
        // characters can take gaps between them.
        let pieces: Vec<Hir> = match part.kind() {
            HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
                Ok(text) if text.chars().count() > 1 => text
                    .chars()
                    .map(|c| Hir::literal(c.to_string().into_bytes()))
                    .collect(),
                _ => vec![part],
            },
            _ => vec![part],
        };
        for piece in pieces {
            if out.last().is_some_and(|last| edge(last, End::Last)) && edge(&piece, End::First) {
                out.push(gap());
            }
            out.push(piece);
        }
    }
    Hir::concat(out)
}

#[derive(Clone, Copy)]
enum End {
    First,
    Last,
}

/// Whether `hir` may begin (or end) with a Chinese character and cannot match what a gap
/// holds there itself.
fn edge(hir: &Hir, end: End) -> bool {
    match hir.kind() {
        HirKind::Literal(literal) => std::str::from_utf8(&literal.0)
            .ok()
            .and_then(|t| match end {
                End::First => t.chars().next(),
                End::Last => t.chars().next_back(),
            })
            .is_some_and(is_han),
        HirKind::Class(Class::Unicode(class)) => {
            let han = class
                .iter()
                .any(|r| HAN.iter().any(|&(lo, hi)| r.start() <= hi && lo <= r.end()));
            // A class that holds a space or a dash reads gaps on its own.
            let gapless = !class.iter().any(|r| {
                [' ', '-', '*', ',']
                    .iter()
                    .any(|&c| r.start() <= c && c <= r.end())
            });
            han && gapless
        }
        HirKind::Repetition(rep) => edge(&rep.sub, end),
        HirKind::Capture(cap) => edge(&cap.sub, end),
        HirKind::Alternation(subs) => subs.iter().any(|s| edge(s, end)),
        HirKind::Concat(subs) => match end {
            End::First => subs.first(),
            End::Last => subs.last(),
        }
        .is_some_and(|s| edge(s, end)),
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(Class::Bytes(_)) => false,
    }
}

/// Any run of what compact text drops.
fn gap() -> Hir {
    Hir::repetition(Repetition {
        min: 0,
        max: None,
        greedy: true,
        sub: Box::new(Hir::class(Class::Unicode(IGNORABLE.clone()))),
    })
}

/// The blocks of Chinese characters (unified ideographs, extension A, compatibility and
/// the supplementary planes).
const HAN: &[(char, char)] = &[
    ('\u{3400}', '\u{4DBF}'),
    ('\u{4E00}', '\u{9FFF}'),
    ('\u{F900}', '\u{FAFF}'),
    ('\u{20000}', '\u{3FFFF}'),
];

fn is_han(c: char) -> bool {
    HAN.iter().any(|&(lo, hi)| lo <= c && c <= hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gapped(pattern: &str) -> regex::Regex {
        let hir = regex_syntax::parse(pattern).unwrap();
        regex::Regex::new(&insert(hir).to_string()).unwrap()
    }

    #[test]
    fn symbols_and_spaces_may_stand_between_chinese_characters() {
        let re = gapped("(?:随时|马上)(?:就|会)*涨价");
        for text in ["随时涨价", "随-时-涨-价", "随 时 会 涨 价", "马上😱涨价"] {
            assert!(re.is_match(text), "{text}");
        }
        assert!(!re.is_match("随时可以，但不涨价"));
        let re = gapped(r"销量第一|永不(?:褪色|起球)");
        for text in ["销-量-第-一", "永 不 褪 色", "永*不*起*球"] {
            assert!(re.is_match(text), "{text}");
        }
    }

    #[test]
    fn other_neighbours_keep_their_spelling() {
        let re = gapped(r"no1|100%有效");
        assert!(re.is_match("no1"));
        assert!(!re.is_match("n o 1"));
        assert!(!re.is_match("1 0 0%有效"));
        assert!(re.is_match("100%有 效"));
        let re = gapped("好评[^。]{0,3}返现");
        assert!(re.is_match("好 评，返 现"));
        assert!(!re.is_match("好评。返现"));
    }
}
