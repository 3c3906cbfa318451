//! TOML → [`Pack`], reporting every problem at once with its place in the file.
//!
//! The file is parsed into toml's spanned document tree rather than straight into structs:
//! serde stops at the first error, and a pack author fixing one problem per run is a pack
//! author who gives up. Every key, type and value is checked here by hand.

mod conversation;
mod gaps;
mod pattern;
mod values;

use super::{Anchor, Examples, Language, Pack, Rule, Scoring, Severity};
use crate::normalize::compact;
use crate::source::SourceFile;
use crate::transcript::Role;
use miette::{Diagnostic, SourceSpan};
use std::collections::HashMap;
use std::ops::Range;
use thiserror::Error;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A pack that could not be loaded, with every problem found in it.
#[derive(Debug, Error, Diagnostic)]
#[error("invalid rule pack {origin}: {} problem{}", problems.len(), if problems.len() == 1 { "" } else { "s" })]
#[diagnostic(
    code(replylint::rules::invalid),
    help(
        "fix the problems listed and run again; the rule file format is described in docs/rules.md"
    )
)]
pub struct PackError {
    pub origin: String,
    #[related]
    pub problems: Vec<RuleProblem>,
}

/// One problem in a rule pack, pointing at its place in the file.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(replylint::rules::invalid))]
pub struct RuleProblem {
    pub message: String,
    #[source_code]
    pub file: SourceFile,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl RuleProblem {
    /// 1-based line of the problem in its file.
    pub fn line(&self) -> usize {
        self.file.position(self.span.offset()).line
    }
}

const TOP_KEYS: &[&str] = &["pack", "rule"];
const PACK_KEYS: &[&str] = &["name", "version", "description", "language"];
const COMMON_KEYS: &[&str] = &[
    "id", "kind", "severity", "message", "help", "roles", "weight", "cap", "fatal", "bonus",
    "section", "examples",
];
const PHRASE_KEYS: &[&str] = &[
    "phrases",
    "regex",
    "except",
    "not-after",
    "anchor",
    "replacement",
];
const POSITION_KEYS: &[&str] = &[
    "position",
    "turns",
    "must-contain",
    "must-contain-regex",
    "must-not-start-with",
];
const RESPONSE_KEYS: &[&str] = &[
    "trigger-roles",
    "trigger",
    "trigger-regex",
    "trigger-except",
    "within-turns",
    "within-seconds",
    "after-seconds",
    "same-turn",
    "must-contain",
    "must-not-contain",
];
const TIMING_KEYS: &[&str] = &["timing", "max-seconds"];
const METRIC_KEYS: &[&str] = &["count", "per", "max-ratio", "min-count"];
const PERSONAL_DATA_KEYS: &[&str] = &["data"];
const KINDS: &[(&str, &[&str])] = &[
    ("phrase", PHRASE_KEYS),
    ("position", POSITION_KEYS),
    ("response", RESPONSE_KEYS),
    ("timing", TIMING_KEYS),
    ("metric", METRIC_KEYS),
    ("personal-data", PERSONAL_DATA_KEYS),
];
const EXAMPLE_KEYS: &[&str] = &["fire", "pass"];

/// Parse and validate one pack. `origin` names it in messages (a path or `builtin:NAME`).
pub fn load_pack(origin: &str, text: &str) -> Result<Pack, PackError> {
    load(origin, text, false)
}

/// Load the built-in pack `name` (`text`, embedded): as [`load_pack`], but its regexes are
/// compiled when first needed (see [`crate::rules::Pattern`]).
pub fn load_builtin_pack(name: &str, text: &str) -> Result<Pack, PackError> {
    load(&format!("builtin:{name}"), text, true)
}

fn load(origin: &str, text: &str, builtin: bool) -> Result<Pack, PackError> {
    let mut cx = Checker {
        source: SourceFile::new(origin, text),
        problems: Vec::new(),
        builtin,
    };
    let (doc, syntax) = DeTable::parse_recoverable(text);
    for err in syntax {
        let span = err.span().unwrap_or(0..0);
        cx.problem(span, err.message().trim().to_owned(), "here", None);
    }
    let pack = cx.pack(&doc);
    cx.problems.sort_by_key(|p| p.span.offset());
    match pack {
        Some(pack) if cx.problems.is_empty() => Ok(Pack {
            origin: origin.to_owned(),
            ..pack
        }),
        _ => Err(PackError {
            origin: origin.to_owned(),
            problems: cx.problems,
        }),
    }
}

struct Checker {
    source: SourceFile,
    /// The pack is built in: its regexes are compiled on first use.
    builtin: bool,
    problems: Vec<RuleProblem>,
}

type Table<'i> = DeTable<'i>;

impl Checker {
    fn problem(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) {
        // Zero-width spans at the end of a file render poorly; widen them to one byte.
        let span = if span.is_empty() && span.start > 0 && span.start >= self.source.text().len() {
            span.start - 1..span.start
        } else {
            span
        };
        self.problems.push(RuleProblem {
            message: message.into(),
            file: self.source.clone(),
            span: span.into(),
            label: label.into(),
            help,
        });
    }

    fn unknown_keys(&mut self, table: &Table<'_>, allowed: &[&str], what: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if !allowed.contains(&name) {
                let suggestion = crate::selection::did_you_mean(name, allowed.iter().copied())
                    .map(|a| format!("did you mean `{a}`?"));
                let help =
                    suggestion.or_else(|| Some(format!("{what} keys are: {}", allowed.join(", "))));
                self.problem(
                    key.span(),
                    format!("unknown key `{name}` in {what}"),
                    "unknown key",
                    help,
                );
            }
        }
    }

    fn pack(&mut self, doc: &Spanned<Table<'_>>) -> Option<Pack> {
        let doc_span = doc.span();
        let doc = doc.get_ref();
        self.unknown_keys(doc, TOP_KEYS, "the top level");
        let header = match doc.get("pack") {
            Some(v) => match v.get_ref() {
                DeValue::Table(t) => Some(t),
                other => {
                    self.type_error(v.span(), "pack", "a table", other);
                    None
                }
            },
            None => {
                self.problem(
                    doc_span.start..doc_span.start,
                    "missing `[pack]` table",
                    "the pack needs a header",
                    Some("add `[pack]` with `name` and `version` at the top".into()),
                );
                None
            }
        };
        let (name, version, description, language) = match header {
            Some(t) => {
                self.unknown_keys(t, PACK_KEYS, "[pack]");
                let span = doc.get("pack").map_or(0..0, |v| v.span());
                let language = match t.get("language") {
                    None => Some(None),
                    Some(_) => self
                        .keyword(
                            t,
                            "language",
                            &span,
                            None,
                            &[("en", Language::English), ("zh", Language::Chinese)],
                        )
                        .map(Some),
                };
                (
                    self.required_str(t, "name", &span),
                    self.required_str(t, "version", &span),
                    self.optional_str(t, "description"),
                    language,
                )
            }
            None => (None, None, None, Some(None)),
        };
        let mut rules = Vec::new();
        match doc.get("rule") {
            Some(v) => match v.get_ref() {
                DeValue::Array(items) => {
                    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
                    for item in items {
                        match item.get_ref() {
                            DeValue::Table(t) => {
                                if let Some(rule) = self.rule(t, item.span(), &mut seen) {
                                    rules.push(rule);
                                }
                            }
                            other => self.type_error(item.span(), "rule", "a table", other),
                        }
                    }
                }
                other => self.type_error(v.span(), "rule", "an array of tables `[[rule]]`", other),
            },
            None => self.problem(
                doc_span.start..doc_span.start,
                "the pack has no rules",
                "no `[[rule]]` here",
                Some("add at least one `[[rule]]` table".into()),
            ),
        }
        let name = name?;
        let language = language?;
        for rule in &mut rules {
            rule.pack = name.clone();
            rule.language = language;
        }
        Some(Pack {
            name,
            version: version?,
            description,
            origin: String::new(),
            rules,
        })
    }

    fn rule(
        &mut self,
        t: &Table<'_>,
        span: Range<usize>,
        seen: &mut HashMap<String, Range<usize>>,
    ) -> Option<Rule> {
        let before = self.problems.len();
        let kind = match t.get("kind") {
            None => Some("phrase".to_owned()),
            Some(v) => self.str_value(v, "kind").and_then(|k| {
                if KINDS.iter().any(|(name, _)| *name == k) {
                    Some(k)
                } else {
                    self.problem(
                        v.span(),
                        format!("invalid kind `{k}`"),
                        "unknown kind",
                        Some(
                            "use one of: phrase, position, response, timing, metric, personal-data"
                                .into(),
                        ),
                    );
                    None
                }
            }),
        };
        let kind = kind.unwrap_or_else(|| "phrase".to_owned());
        let specific = KINDS
            .iter()
            .find(|(name, _)| *name == kind)
            .map_or(PHRASE_KEYS, |(_, keys)| keys);
        let allowed: Vec<&str> = COMMON_KEYS.iter().chain(specific).copied().collect();
        self.unknown_keys(t, &allowed, &format!("[[rule]] of kind `{kind}`"));
        let id = self.required_str(t, "id", &span);
        if let (Some(id), Some(v)) = (&id, t.get("id")) {
            if !valid_id(id) {
                self.problem(
                    v.span(),
                    format!("invalid rule id `{id}`"),
                    "not a namespaced id",
                    Some("use lowercase segments of a-z, 0-9 and `-` joined by `.`, e.g. `taboo.impatience`".into()),
                );
            }
            if let Some(first) = seen.get(id) {
                let first_line = self.source.position(first.start).line;
                self.problem(
                    v.span(),
                    format!("duplicate rule id `{id}`"),
                    format!("already used on line {first_line}"),
                    Some("give each rule its own id".into()),
                );
            } else {
                seen.insert(id.clone(), v.span());
            }
        }
        let severity = self.keyword(
            t,
            "severity",
            &span,
            Some(Severity::Error),
            &[
                ("error", Severity::Error),
                ("warning", Severity::Warning),
                ("info", Severity::Info),
            ],
        );
        let message = self.required_str(t, "message", &span);
        if let (Some(m), Some(v)) = (&message, t.get("message"))
            && m.trim().is_empty()
        {
            self.problem(v.span(), "empty message", "say what is wrong", None);
        }
        let help = self.optional_str(t, "help");
        let roles = self.role_list(t, "roles", Role::Agent);
        let phrases = self.phrase_list(t, "phrases");
        let except = self.phrase_list(t, "except");
        let not_after: Vec<String> = self
            .phrase_list(t, "not-after")
            .iter()
            .map(|w| compact(w))
            .collect();
        let (regex, regex_syntax) = self
            .regex_list(t, "regex")
            .into_iter()
            .map(|c| (c.regex, c.syntax))
            .unzip();
        let check = self.check(&kind, t, &span);
        if kind == "phrase" && t.get("phrases").is_none() && t.get("regex").is_none() {
            self.problem(
                span.clone(),
                "rule has neither `phrases` nor `regex`",
                "nothing to match",
                Some("add `phrases = [...]` or `regex = [...]`".into()),
            );
        }
        let anchor = self.keyword(
            t,
            "anchor",
            &span,
            Some(Anchor::Anywhere),
            &[
                ("anywhere", Anchor::Anywhere),
                ("message-start", Anchor::MessageStart),
                ("whole-message", Anchor::WholeMessage),
            ],
        );
        let replacement = self.optional_str(t, "replacement");
        let scoring = self.scoring(t);
        let examples = match t.get("examples") {
            None => Examples::default(),
            Some(v) => match v.get_ref() {
                DeValue::Table(ex) => {
                    self.unknown_keys(ex, EXAMPLE_KEYS, "[rule.examples]");
                    let list = |cx: &mut Self, key| {
                        ex.get(key)
                            .map(|v| cx.str_array(v, key).into_iter().map(|(s, _)| s).collect())
                            .unwrap_or_default()
                    };
                    Examples {
                        fire: list(self, "fire"),
                        pass: list(self, "pass"),
                    }
                }
                other => {
                    self.type_error(
                        v.span(),
                        "examples",
                        "a table with `fire` and `pass`",
                        other,
                    );
                    Examples::default()
                }
            },
        };
        if self.problems.len() != before {
            return None;
        }
        Some(Rule {
            id: id?,
            check: check?,
            severity: severity?,
            message: message?,
            help,
            roles,
            phrases,
            regex,
            regex_syntax,
            except,
            not_after,
            anchor: anchor?,
            replacement,
            scoring: scoring?,
            examples,
            pack: String::new(),
            language: None,
            line: t
                .get("id")
                .map_or(0, |v| self.source.position(v.span().start).line),
        })
    }

    /// How the rule counts in a grade: `weight` (points lost per finding, 1 when absent),
    /// `cap` (at most this many lost to the rule in one conversation), `fatal`, `bonus`
    /// (points gained instead) and `section`.
    fn scoring(&mut self, t: &Table<'_>) -> Option<Scoring> {
        let weight = self.integer(t, "weight", 1, 0..=100);
        let cap = self.optional_integer(t, "cap", 0..=100);
        let bonus = self.integer(t, "bonus", 0, 0..=100);
        let fatal = self.boolean(t, "fatal");
        let section = self.optional_str(t, "section");
        if let (Some(b), Some(true), Some(v)) = (bonus, fatal, t.get("bonus"))
            && b > 0
        {
            self.problem(
                v.span(),
                "a bonus rule cannot be fatal",
                "a bonus adds points, a fatal finding sets the score to 0",
                Some("keep one of `bonus` and `fatal`".into()),
            );
            return None;
        }
        Some(Scoring {
            weight: u32::try_from(weight?).ok()?,
            cap: cap?.and_then(|c| u32::try_from(c).ok()),
            fatal: fatal?,
            bonus: u32::try_from(bonus?).ok()?,
            section,
        })
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_regex_compiles_and_needs_a_character() {
        // The built-in packs' regexes are compiled on first use, where an error could not be
        // reported at its line: each is compiled here, as a rule file's are when loaded.
        let mut checked = 0;
        for (name, text) in crate::rules::BUILTIN_PACKS {
            let pack = load_builtin_pack(name, text).unwrap();
            for rule in &pack.rules {
                let mut patterns: Vec<&crate::rules::Pattern> = rule.regex.iter().collect();
                match &rule.check {
                    crate::rules::Check::Position(p) => patterns.extend(&p.must_contain_regex),
                    crate::rules::Check::Response(r) => patterns.extend(&r.trigger_regex),
                    _ => {}
                }
                for pattern in patterns {
                    let compiled = crate::rules::Pattern::compiled(pattern.as_str());
                    let re = compiled.unwrap_or_else(|e| panic!("{}: {e}", rule.id));
                    assert!(!re.is_match(""), "{}: {}", rule.id, pattern.as_str());
                    assert!(!pattern.is_match(""), "{}", rule.id);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked} regexes");
    }

    const GOOD: &str = r#"
[pack]
name = "demo"
version = "1.0.0"

[[rule]]
id = "taboo.impatience"
severity = "error"
message = "不耐烦"
help = "请您稍等"
phrases = ["催什么催"]
except = ["不催"]
regex = ['快点.{0,2}讲']
weight = 5
examples.fire = ["催什么催！"]
examples.pass = ["请您稍等"]
"#;

    #[test]
    fn loads_a_valid_pack() {
        let pack = load_pack("demo.toml", GOOD).unwrap();
        assert_eq!(pack.name, "demo");
        let rule = &pack.rules[0];
        assert_eq!(rule.id, "taboo.impatience");
        assert_eq!(rule.roles, [Role::Agent]);
        assert_eq!(rule.scoring.weight, 5);
        assert_eq!(rule.pack, "demo");
        assert_eq!(rule.examples.fire, ["催什么催！"]);
    }

    fn problems(text: &str) -> Vec<(usize, String)> {
        let err = load_pack("bad.toml", text).unwrap_err();
        err.problems
            .iter()
            .map(|p| (p.line(), p.message.clone()))
            .collect()
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let bad = r#"[pack]
name = "demo"
version = "1"

[[rule]]
id = "a.b"
severity = "fatal"
message = "m"
phrases = ["，。", "x"]
regex = ['(unclosed']
colour = "red"

[[rule]]
id = "a.b"
message = "m"
phrases = ["y"]
"#;
        let got = problems(bad);
        assert_eq!(
            got,
            [
                (7, "invalid severity `fatal`".to_owned()),
                (9, "empty phrase in `phrases`".to_owned()),
                (10, "invalid regex".to_owned()),
                (
                    11,
                    "unknown key `colour` in [[rule]] of kind `phrase`".to_owned()
                ),
                (14, "duplicate rule id `a.b`".to_owned()),
            ]
        );
    }

    #[test]
    fn syntax_errors_and_missing_parts() {
        let got = problems("[pack]\nname = \"x\"\nversion = \n");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], (1, "the pack has no rules".to_owned()));
        assert_eq!(got[1].0, 3, "the syntax error is on line 3: {got:?}");
        let got = problems("[pack]\nname = \"x\"\n[[rule]]\nid = \"A\"\nmessage = 3\n");
        let messages: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
        assert!(
            messages.contains(&"missing required key `version`"),
            "{messages:?}"
        );
        assert!(messages.contains(&"invalid rule id `A`"), "{messages:?}");
        assert!(
            messages.contains(&"`message` must be a string, found integer"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"rule has neither `phrases` nor `regex`"),
            "{messages:?}"
        );
    }
}
