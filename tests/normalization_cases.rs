//! The expected results of two public sensitive-word filters' own tests
//! (`tests/data/corpus/filter-normalization-cases/cases.tsv`, from houbb/sensitive-word and
//! ToolGood.Words, Apache-2.0), run through replylint's matcher. Where replylint decides
//! otherwise on purpose, the row is listed below with what replylint finds and why; every
//! other row must give exactly the expected matches.

use replylint::matcher::Matcher;
use replylint::personal::{self, DataKind, Strictness};
use replylint::rules::{BUILTIN_PACKS, Rule, load_pack};

/// houbb's built-in dictionary, as far as the cases use it.
const DEFAULT_DICTIONARY: &[&str] = &[
    "五星红旗",
    "毛主席",
    "天安门",
    "fuck",
    "傻冒",
    "狗东西",
    "傻逼",
    "SB",
    "黄片",
];

/// Rows (1-based, after the header) where replylint differs on purpose: what it finds.
const DIFFERENCES: &[(usize, &[&str], &str)] = &[
    (
        6,
        &[],
        "repeated letters are not collapsed: 好好好 and 谢谢 are words, and a pack can write f+u+c+k+",
    ),
    (
        7,
        &["傻@冒", "狗+东西"],
        "interposed symbols are always ignored: an evasion is not an option the user must turn on",
    ),
    (
        14,
        &["12345678"],
        "one threshold for contact numbers (8 digits, as in row 13), not a per-run option",
    ),
    (
        15,
        &[],
        "a bare digit run with no contact word is an order, parcel or hotline number in shop chat",
    ),
    (16, &[], "as row 15"),
    (
        20,
        &[],
        "digits do not match Chinese numerals in words: 一条 and 下三滥 are left alone, 3 is not 三",
    ),
    (
        29,
        &["中国"],
        "matches are leftmost-longest and do not overlap: one finding per place",
    ),
    (
        32,
        &["fuck", "al[]l"],
        "as row 7: symbols inside a word are ignored",
    ),
    (
        34,
        &["http", "ToolGood"],
        "`http://` is a phrase of the row's list: punctuation in phrases is ignored, so it is the word http",
    ),
    (36, &["all"], "as row 6: no repeat collapsing"),
    (37, &[], "as row 6"),
    (38, &[], "as row 6"),
    (39, &["中]国"], "as row 29: no overlapping matches"),
    (40, &["中国"], "as row 29"),
];

/// Rows about contact details, checked with the built-in packs instead of the row's list:
/// the rule that must report the text, and the expected match it must cover.
const CONTACT_ROWS: &[(usize, &str)] = &[
    (11, "platform.off-site-contact"),
    (12, "platform.off-site-contact"),
    (13, "platform.off-site-contact"),
    (14, "platform.off-site-contact"),
    (15, ""),
    (16, ""),
    (17, ""),
    (18, "privacy.email"),
    (19, "platform.off-site-contact"),
];

/// What replylint must find in a row: the row's expected matches, or its own where it
/// differs on purpose.
fn wanted(case: &Case) -> Vec<String> {
    match DIFFERENCES.iter().find(|(row, _, _)| *row == case.row) {
        Some((_, ours, _)) => ours.iter().map(|s| s.to_string()).collect(),
        None => case.expected.clone(),
    }
}

struct Case {
    row: usize,
    words: Vec<String>,
    allow: Vec<String>,
    text: String,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/filter-normalization-cases/cases.tsv"
    );
    let text = std::fs::read_to_string(path).expect("the vendored cases.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (words, text_col, expected) = (col("words"), col("text"), col("expected"));
    lines
        .enumerate()
        .map(|(i, line)| {
            let f: Vec<&str> = line.split('\t').collect();
            let (list, allow) = match f[words].split_once(" + allow ") {
                Some((list, allow)) => (list, vec![allow.to_owned()]),
                None => (f[words], Vec::new()),
            };
            let words = if list == "<default dictionary>" {
                DEFAULT_DICTIONARY.iter().map(|w| w.to_string()).collect()
            } else {
                list.split('|').map(str::to_owned).collect()
            };
            Case {
                row: i + 1,
                words,
                allow,
                text: f[text_col].to_owned(),
                expected: serde_json::from_str(f[expected]).unwrap(),
            }
        })
        .collect()
}

fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|w| format!("'{w}'")).collect();
    format!("[{}]", quoted.join(", "))
}

/// What a pack of the row's words (and allow-list) finds in its text.
fn matches(case: &Case) -> Vec<String> {
    let pack = format!(
        "[pack]\nname = \"cases\"\nversion = \"1\"\n[[rule]]\nid = \"cases.word\"\nmessage = \"m\"\nphrases = {}\nexcept = {}\n",
        toml_list(&case.words),
        toml_list(&case.allow)
    );
    let mut rules = load_pack("cases.toml", &pack).unwrap().rules;
    let matcher = Matcher::new(&mut rules).unwrap();
    matcher
        .find(&case.text)
        .into_iter()
        .map(|h| case.text[h.span].to_owned())
        .collect()
}

fn builtin_rules() -> Vec<Rule> {
    BUILTIN_PACKS
        .iter()
        .flat_map(|(name, text)| load_pack(name, text).unwrap().rules)
        .collect()
}

#[test]
fn the_filters_cases_give_their_expected_matches_or_a_stated_difference() {
    let cases = cases();
    assert_eq!(cases.len(), 40, "cases.tsv has 40 rows");
    for case in cases
        .iter()
        .filter(|c| CONTACT_ROWS.iter().all(|(r, _)| *r != c.row))
    {
        let found = matches(case);
        match DIFFERENCES.iter().find(|(row, _, _)| *row == case.row) {
            Some((_, ours, why)) => {
                assert_ne!(
                    found, case.expected,
                    "row {} now agrees: drop it from DIFFERENCES",
                    case.row
                );
                assert_eq!(found, *ours, "row {} ({why}): {:?}", case.row, case.text);
            }
            None => assert_eq!(found, case.expected, "row {}: {:?}", case.row, case.text),
        }
    }
}

#[test]
fn contact_rows_are_reported_by_the_platform_and_privacy_packs() {
    let cases = cases();
    let mut rules = builtin_rules();
    let ids: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    let matcher = Matcher::new(&mut rules).unwrap();
    for (row, rule) in CONTACT_ROWS {
        let case = &cases[row - 1];
        let mut found: Vec<(String, String)> = matcher
            .find(&case.text)
            .into_iter()
            .map(|h| (ids[h.rule].clone(), case.text[h.span].to_owned()))
            .collect();
        found.extend(
            personal::find(&case.text, Strictness::Finding)
                .into_iter()
                .filter(|d| d.kind == DataKind::Email)
                .map(|d| ("privacy.email".to_owned(), case.text[d.span].to_owned())),
        );
        let wanted = wanted(case);
        if wanted.is_empty() {
            assert_eq!(found, [], "row {row}: {:?}", case.text);
            continue;
        }
        for expected in &wanted {
            assert!(
                found
                    .iter()
                    .any(|(id, m)| id == rule && m.contains(expected.as_str())),
                "row {row}: {rule} should cover {expected:?} in {:?}; found {found:?}",
                case.text
            );
        }
    }
}
