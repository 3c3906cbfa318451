//! OpenCC as an oracle for traditional→simplified folding.
//!
//! Rules are written in simplified characters and messages arrive in either script, so a
//! traditional message must fold to what its simplified spelling folds to. OpenCC's tables
//! and conversion tests (copied, Apache-2.0, in `tests/data/corpus/opencc-t2s/`, cut to what
//! is read here, see its `SOURCE.md`) say what the simplified spelling is. The folding is character by character
//! (with fast2s's few neighbour rules and a small supplement of our own), so OpenCC's
//! phrase conversions and its rare characters are not all reached: the mismatches are listed
//! and their number may not grow. A missing corpus fails the test rather than skipping it.

use replylint::normalize::Normalized;
use std::path::PathBuf;

/// Where the OpenCC copy lives: `REPLYLINT_OPENCC` or the copy in the repository.
fn corpus() -> PathBuf {
    let dir = std::env::var_os("REPLYLINT_OPENCC").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/corpus/opencc-t2s"
            ))
        },
        PathBuf::from,
    );
    assert!(
        dir.join("TSCharacters.txt").is_file() && dir.join("testcases.json").is_file(),
        "the OpenCC corpus is missing: expected TSCharacters.txt and testcases.json in {} \
         (set REPLYLINT_OPENCC to its folder)",
        dir.display()
    );
    dir
}

fn read(name: &str) -> String {
    let path = corpus().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn folded(text: &str) -> String {
    Normalized::default().folded(text).text.clone()
}

/// `testcases.json` has trailing commas before `}` and `]`, which strict JSON forbids: drop
/// every comma (outside strings) that only whitespace separates from a closing bracket.
fn lenient_json(text: &str) -> serde_json::Value {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for (at, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' && text[at + 1..].trim_start().starts_with(['}', ']']) {
            continue;
        }
        out.push(c);
    }
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("testcases.json: {e}"))
}

#[test]
fn lenient_json_drops_only_trailing_commas() {
    let v = lenient_json(r#"{"a": [1, 2,], "b": "x,}", "c": {"d": 1,},}"#);
    assert_eq!(
        v,
        serde_json::json!({"a": [1, 2], "b": "x,}", "c": {"d": 1}})
    );
}

/// The conversions to mainland simplified characters, without the regional vocabulary of
/// `tw2sp` and `hk2sp` (软件 for 軟體 is a different word, not a different spelling).
const CONFIGS: [&str; 3] = ["t2s", "tw2s", "hk2s"];

/// Mismatching conversion cases and characters at the time of writing (fast2s alone: 24 and
/// 684; with the supplement: 18 and 666, the rest rare characters and phrase choices such
/// as 沈厚 → 沉厚); lower them when the folding improves.
const MAX_CASE_MISMATCHES: usize = 18;
const MAX_CHARACTER_MISMATCHES: usize = 666;

#[test]
fn traditional_text_folds_like_its_simplified_spelling() {
    let cases = lenient_json(&read("testcases.json"));
    let cases = cases["cases"]
        .as_array()
        .expect("testcases.json has `cases`");
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for case in cases {
        let input = case["input"].as_str().unwrap_or_default();
        for config in CONFIGS {
            let Some(expected) = case["expected"][config].as_str() else {
                continue;
            };
            checked += 1;
            let (got, want) = (folded(input), folded(expected));
            if got != want {
                let id = case["id"].as_str().unwrap_or("?");
                mismatches.push(format!("{id} {config}: {input} → {got}, OpenCC {want}"));
            }
        }
    }
    assert!(checked > 100, "only {checked} cases read");
    eprintln!(
        "OpenCC cases: {} of {checked} fold differently\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(
        mismatches.len() <= MAX_CASE_MISMATCHES,
        "{} cases fold differently from OpenCC (at most {MAX_CASE_MISMATCHES}):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_character_mapping_of_opencc_is_folded() {
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for line in read("TSCharacters.txt").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((traditional, simplified)) = line.split_once('\t') else {
            panic!("TSCharacters.txt: no tab in {line:?}");
        };
        // Several candidates (乾 → 干 乾) depend on the word; only certain mappings count.
        if simplified.contains(' ') || simplified.chars().count() != 1 {
            continue;
        }
        checked += 1;
        let (got, want) = (folded(traditional), folded(simplified));
        if got != want {
            mismatches.push(format!("{traditional}→{want} (folded: {got})"));
        }
    }
    assert!(checked > 3000, "only {checked} mappings read");
    eprintln!(
        "OpenCC characters: {} of {checked} fold differently\n{}",
        mismatches.len(),
        mismatches.join(" ")
    );
    assert!(
        mismatches.len() <= MAX_CHARACTER_MISMATCHES,
        "{} characters fold differently from OpenCC (at most {MAX_CHARACTER_MISMATCHES}):\n{}",
        mismatches.len(),
        mismatches.join(" ")
    );
}
