//! Regexes folded like the text they run on.
//!
//! A regex runs on a message's folded form: full-width characters half-width, traditional
//! ones simplified, lower case, whitespace and punctuation kept (a full-width `，` as `,`).
//! A pattern written the way people type (`說吧`, `ＡＢＣ`, `[？！]`) would never match that
//! form, so its literal characters are folded the same way when the pack is loaded. The
//! folding works on the parsed pattern (regex-syntax's HIR), so only characters that stand
//! for themselves change, never the syntax around them: the pattern matches a folded
//! message where the written pattern matches some text that folds to it.
//!
//! Folding drops nothing here, as the folded form keeps every character (only the compact
//! form of phrases drops punctuation and emoji): `喂，说吧` folds to `喂,说吧`, which matches
//! `喂，说吧` and `喂,說吧` but not `喂说吧`; a pattern that allows for punctuation says so
//! (`喂\W*说吧`).

use super::{Checker, Table};
use crate::normalize::{contextual, contextual_chars, conversions, fold_each, simplified_forms};
use crate::rules::Pattern;
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};
use std::collections::HashMap;
use std::ops::Range;

/// Classes of at most this many characters are folded character by character (exactly);
/// larger ones (`.`, `\w`, `[一-龥]`) only gain the folded forms of their members, since
/// taking the converted members out would cut them into thousands of ranges.
const SMALL_CLASS: usize = 256;

/// Why a pattern was refused.
#[derive(Debug, PartialEq, Eq)]
enum PatternError {
    /// Not a pattern, or one that matches every message: what is wrong.
    Invalid(String),
    /// A character the folding cannot express where it stands.
    Unfoldable(Unfoldable),
}

/// A character of a pattern that cannot be folded.
#[derive(Debug, PartialEq, Eq)]
struct Unfoldable {
    c: char,
    message: String,
    help: String,
}

impl Checker {
    /// A list of regular expressions, each folded like text and compiled, or reported with
    /// what is wrong.
    /// The regexes of a list whose gates nobody reads (a conversation rule's).
    pub(super) fn regexes(&mut self, t: &Table<'_>, key: &str) -> Vec<Pattern> {
        self.regex_list(t, key)
            .into_iter()
            .map(|c| c.regex)
            .collect()
    }

    pub(super) fn regex_list(&mut self, t: &Table<'_>, key: &str) -> Vec<Compiled> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (pattern, span) in self.str_array(v, key) {
            match compile(&pattern, self.builtin) {
                Ok(re) => out.push(re),
                Err(PatternError::Invalid(err)) => self.problem(
                    span,
                    "invalid regex",
                    err,
                    Some("patterns use the syntax of the `regex` crate".into()),
                ),
                Err(PatternError::Unfoldable(u)) => {
                    let at = self.char_span(&span, u.c);
                    self.problem(at, u.message, "cannot be folded", Some(u.help));
                }
            }
        }
        out
    }

    /// Where `c` is written inside the value at `span`, or the whole value when it is not
    /// written as itself (an escape such as `\u0130`).
    fn char_span(&self, span: &Range<usize>, c: char) -> Range<usize> {
        self.source
            .text()
            .get(span.clone())
            .and_then(|raw| raw.find(c))
            .map_or(span.clone(), |at| {
                span.start + at..span.start + at + c.len_utf8()
            })
    }
}

/// `pattern`, folded and compiled. Patterns are read case-insensitively, as the text they
/// run on is in lower case anyway; an empty pattern would match every message and is refused.
/// A rule's regex, and the folded syntax it was compiled from: the matcher reads the
/// regex's gates from it rather than parsing the pattern a third time (its gaps are large
/// Unicode classes, slow to parse: a quarter of the start-up).
pub(super) struct Compiled {
    pub(super) regex: Pattern,
    pub(super) syntax: Hir,
}

/// `builtin`: a built-in pack's pattern, compiled on first use ([`Pattern::lazy`]).
fn compile(pattern: &str, builtin: bool) -> Result<Compiled, PatternError> {
    if pattern.is_empty() {
        return Err(PatternError::Invalid(
            "empty pattern matches every message".into(),
        ));
    }
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .map_err(|e| PatternError::Invalid(last_line(&e.to_string())))?;
    let syntax = super::gaps::insert(fold(hir).map_err(PatternError::Unfoldable)?);
    let folded = syntax.to_string();
    if builtin {
        return Ok(Compiled {
            regex: Pattern::lazy(&folded),
            syntax,
        });
    }
    let re = Pattern::compiled(&folded).map_err(|e| {
        PatternError::Invalid(match e {
            regex::Error::Syntax(s) => last_line(&s),
            other => other.to_string(),
        })
    })?;
    if re.is_match("") {
        return Err(PatternError::Invalid(
            "pattern matches the empty string, so it would match every message".into(),
        ));
    }
    Ok(Compiled { regex: re, syntax })
}

/// The gist of a regex syntax error, whose other lines repeat the pattern.
fn last_line(message: &str) -> String {
    let last = message.lines().last().unwrap_or("syntax error").trim();
    last.strip_prefix("error: ").unwrap_or(last).to_owned()
}

fn fold(hir: Hir) -> Result<Hir, Unfoldable> {
    Ok(match hir.into_kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => fold_literal(text),
            Err(_) => Hir::literal(literal.0),
        },
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(fold_class(class)?)),
        // Bytes classes are ASCII here (patterns match UTF-8), which folding leaves alone.
        HirKind::Class(bytes) => Hir::class(bytes),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(fold(*rep.sub)?),
            ..rep
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(fold(*capture.sub)?),
            ..capture
        }),
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(fold).collect::<Result<_, _>>()?),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(fold).collect::<Result<_, _>>()?)
        }
    })
}

/// A run of literal characters, folded as text is, neighbours included (`甚麼` → `什么`).
/// A character at either end whose form depends on the neighbour there (`甚` before
/// `麼`) does not know that neighbour, so it becomes the class of its possible forms.
fn fold_literal(text: &str) -> Hir {
    let chars: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut run = String::new();
    for (i, (&c, folded)) in chars.iter().zip(fold_each(text)).enumerate() {
        let (first, last) = (i == 0, i + 1 == chars.len());
        let open = contextual(c).is_some_and(|(before, after)| {
            (first && !before.is_empty()) || (last && !after.is_empty())
        });
        if !open {
            run.push_str(&folded);
            continue;
        }
        let before = (!first).then(|| chars[i - 1]);
        let after = (!last).then(|| chars[i + 1]);
        let forms = simplified_forms(before, c, after);
        if !run.is_empty() {
            parts.push(Hir::literal(std::mem::take(&mut run).into_bytes()));
        }
        parts.push(Hir::class(Class::Unicode(chars_class(&forms))));
    }
    if !run.is_empty() {
        parts.push(Hir::literal(run.into_bytes()));
    }
    Hir::concat(parts)
}

/// A class folded member by member.
///
/// A small class becomes the folded forms of its members (`[說讲]` → `[说讲]`). A class with
/// few characters left out (`[^干\s]`) leaves out their folded forms: a folded message has
/// no 乾, only the 干 it folds to, which the pattern's author meant to leave out. A large
/// class (`\w`, `.`) keeps its members and gains their folded forms.
fn fold_class(class: ClassUnicode) -> Result<ClassUnicode, Unfoldable> {
    thread_local! {
        /// Classes folded before: the packs write the same large classes dozens of times
        /// (`[\s\p{P}\p{S}\p{Cf}]` between words), and folding one was a third of the
        /// start-up left once regexes were compiled on first use.
        static FOLDED: std::cell::RefCell<HashMap<Vec<(char, char)>, ClassUnicode>> =
            std::cell::RefCell::default();
    }
    let key: Vec<(char, char)> = class
        .ranges()
        .iter()
        .map(|r| (r.start(), r.end()))
        .collect();
    if let Some(folded) = FOLDED.with_borrow(|cache| cache.get(&key).cloned()) {
        return Ok(folded);
    }
    let folded = fold_large_class(class)?;
    FOLDED.with_borrow_mut(|cache| cache.insert(key, folded.clone()));
    Ok(folded)
}

fn fold_large_class(class: ClassUnicode) -> Result<ClassUnicode, Unfoldable> {
    if size_at_most(&class, SMALL_CLASS) {
        return fold_members(&class);
    }
    let mut outside = class.clone();
    outside.negate();
    if size_at_most(&outside, SMALL_CLASS) {
        let mut folded = fold_members(&outside)?;
        folded.negate();
        return Ok(folded);
    }
    let mut forms = Vec::new();
    let full_width = ClassUnicodeRange::new('\u{FF01}', '\u{FF5E}');
    let mut width = ClassUnicode::new([full_width, ClassUnicodeRange::new('\u{3000}', '\u{3000}')]);
    width.intersect(&class);
    for range in width.iter() {
        for c in range.start()..=range.end() {
            forms.extend(fold_each(&c.to_string()).concat().chars());
        }
    }
    for &(from, to) in conversions() {
        if contains(&class, from) {
            forms.push(to);
        }
    }
    for c in contextual_chars().filter(|&c| contains(&class, c)) {
        forms.extend(simplified_forms(None, c, None));
    }
    let mut folded = class;
    folded.union(&chars_class(&forms));
    Ok(folded)
}

/// The class of the folded forms of every member of `class`.
fn fold_members(class: &ClassUnicode) -> Result<ClassUnicode, Unfoldable> {
    let mut forms = Vec::new();
    for range in class.iter() {
        for c in range.start()..=range.end() {
            forms.extend(member_forms(c)?);
        }
    }
    Ok(chars_class(&forms))
}

/// What a class member may be in folded text.
fn member_forms(c: char) -> Result<Vec<char>, Unfoldable> {
    if contextual(c).is_some() {
        return Ok(simplified_forms(None, c, None));
    }
    let folded = fold_each(&c.to_string()).concat();
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (Some(one), None) => Ok(vec![one]),
        _ => Err(Unfoldable {
            c,
            message: format!("`{c}` in a class cannot be folded"),
            help: format!(
                "regexes run on folded text, where `{c}` is `{folded}`, {} characters, which a \
                 class (one character) cannot match; write `{folded}` outside the brackets, as \
                 an alternative",
                folded.chars().count()
            ),
        }),
    }
}

fn chars_class(chars: &[char]) -> ClassUnicode {
    ClassUnicode::new(chars.iter().map(|&c| ClassUnicodeRange::new(c, c)))
}

fn size_at_most(class: &ClassUnicode, limit: usize) -> bool {
    let mut size = 0;
    class.iter().all(|r| {
        size += (r.end() as usize) - (r.start() as usize) + 1;
        size <= limit
    })
}

fn contains(class: &ClassUnicode, c: char) -> bool {
    let ranges = class.ranges();
    let i = ranges.partition_point(|r| r.end() < c);
    ranges.get(i).is_some_and(|r| r.start() <= c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        let folded = crate::normalize::Normalized::default();
        let re = compile(pattern, false).unwrap().regex;
        re.is_match(&folded.folded(text).text)
    }

    #[test]
    fn literals_fold_like_text() {
        assert!(matches("說吧", "说吧"));
        assert!(matches("說吧", "說吧"));
        assert!(matches("ＡＢＣ", "abc"));
        assert!(matches("ＡＢＣ", "ＡＢＣ"));
        assert!(matches("Abc", "aBC"));
        assert!(matches("甚麼", "什么"));
        assert!(matches("妳", "你"));
        assert!(!matches("說吧", "说了"));
        assert!(!matches("ＡＢＣ", "abd"));
    }

    #[test]
    fn punctuation_is_folded_and_kept() {
        assert!(matches("喂，说吧", "喂,说吧"));
        assert!(matches("喂，说吧", "喂，說吧"));
        assert!(!matches("喂，说吧", "喂说吧"));
        assert!(matches("[？?]$", "在吗？"));
        assert!(matches(r"\d{3}！", "123!"));
    }

    #[test]
    fn classes_fold_their_members() {
        assert!(matches("[說讲]吧", "说吧"));
        assert!(matches("[Ａ-Ｃ]{3}", "abc"));
        assert!(!matches("[Ａ-Ｃ]{3}", "abd"));
        // A large class gains the folded forms of its members.
        assert!(matches("^[\u{8A00}-\u{8BEF}]$", "說"));
        assert!(!matches("^[\u{8A00}-\u{8BEF}]$", "是"));
        assert!(matches("^[\u{FF01}-\u{FF5E}\u{4E00}-\u{4FFF}]$", "a"));
        assert!(matches("[^a]說", "x说"));
        // What a class leaves out, it leaves out in every spelling.
        assert!(!matches("想[^干\\s]", "想干"));
        assert!(!matches("想[^干\\s]", "想乾"));
        assert!(!matches("想[^乾]", "想干"));
        assert!(matches("想[^干\\s]", "想要"));
        assert!(compile("[a-z説]", false).is_ok());
    }

    #[test]
    fn a_character_whose_form_hangs_on_an_unknown_neighbour_keeps_every_form() {
        // 甚 is 什 before 麼, 甚 elsewhere: a group between them hides the neighbour.
        assert!(matches("甚(麼|么)", "甚麼"));
        assert!(matches("甚(麼|么)", "什么"));
        assert!(matches("甚至", "甚至"));
        assert!(!matches("甚至", "什至"));
        assert!(matches("著.", "著名"));
        assert!(matches("著.", "著急"));
        assert!(matches("[著]急", "著急"));
        // Syntax stays syntax: an escaped full stop is not folded into something else.
        assert!(!matches(r"a\.b", "axb"));
    }

    #[test]
    fn unfoldable_and_invalid_patterns_are_refused() {
        let Err(PatternError::Unfoldable(u)) = compile("[İx]", false) else {
            panic!("İ folds to two characters");
        };
        assert_eq!(u.c, 'İ');
        assert!(compile("İ", false).is_ok(), "outside a class it folds");
        assert!(matches!(
            compile(".*", false),
            Err(PatternError::Invalid(_))
        ));
        assert!(matches!(compile("", false), Err(PatternError::Invalid(_))));
        let Err(PatternError::Invalid(message)) = compile("(滚", false) else {
            panic!("an unclosed group is invalid");
        };
        assert_eq!(message, "unclosed group");
        assert!(compile("喂+", false).is_ok());
    }
}
