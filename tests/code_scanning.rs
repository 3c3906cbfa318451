//! The code-scanning formats: SARIF (GitHub code scanning) and GitLab Code Quality.

mod common;

use common::{folder, run_in};
use serde_json::Value;
use std::path::Path;

/// Canned replies as a shop keeps them: one per line, with a taboo, Chinese in the path,
/// a formula-looking line and terminal escape sequences.
const CANNED: &str = "您好，请问有什么可以帮您？\n\
亲，催什么催，快递在路上了\n\
=SUM(A1)你问我，我怎么知道\u{1b}]0;pwned\u{7}\u{1b}[2J\n\
亲，催什么催，快递在路上了\n";

fn check(dir: &Path, format: &str, path: &str) -> common::Run {
    run_in(
        dir,
        &[
            "check",
            "--no-config",
            "--no-default-rules",
            "--rules",
            concat!(env!("CARGO_MANIFEST_DIR"), "/rules/hotline-taboo.toml"),
            "--format",
            format,
            path,
        ],
        b"",
    )
}

fn sarif_results(report: &Value) -> &Vec<Value> {
    report["runs"][0]["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results array:\n{report:#}"))
}

#[test]
fn sarif_is_valid_and_has_code_point_columns() {
    let dir = folder(&[("售后/快捷短语.txt", CANNED.as_bytes())]);
    let out = check(dir.path(), "sarif", "售后/快捷短语.txt");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();

    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/data/schemas/sarif-schema-2.1.0.json"))
            .expect("the schema is vendored"),
    )
    .expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{report:#}");

    let run = &report["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "replylint");
    assert!(
        driver["informationUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://"))
    );
    let rules = driver["rules"].as_array().expect("rules");
    let impatience = rules
        .iter()
        .position(|r| r["id"] == "taboo.impatience")
        .expect("the rule is described");
    assert_eq!(rules[impatience]["defaultConfiguration"]["level"], "error");
    assert!(
        rules[impatience]["help"]["text"]
            .as_str()
            .is_some_and(|h| !h.is_empty())
    );
    assert!(
        rules.iter().any(|r| r["id"] == "input.unparsed"),
        "meta rules are described"
    );

    let results = sarif_results(&report);
    let first = results
        .iter()
        .find(|r| r["ruleId"] == "taboo.impatience")
        .expect("the impatience finding");
    assert_eq!(first["ruleIndex"], impatience);
    assert_eq!(first["level"], "error");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "%E5%94%AE%E5%90%8E/%E5%BF%AB%E6%8D%B7%E7%9F%AD%E8%AF%AD.txt"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &location["region"];
    // `亲，` is two code points: the taboo starts at column 3 and ends before column 7.
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endColumn"]
        ),
        (&Value::from(2), &Value::from(3), &Value::from(7))
    );
    // Byte offsets are the file's: line 1 is 13 characters of 3 bytes and a line break.
    assert_eq!(region["byteOffset"], 13 * 3 + 1 + 2 * 3);
    assert_eq!(region["byteLength"], 12);
    assert_eq!(region["snippet"]["text"], "催什么催");
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
        "control characters are escaped in JSON strings"
    );
}

#[test]
fn sarif_fingerprints_survive_lines_added_above_and_tell_equal_lines_apart() {
    let before = folder(&[("canned-replies.txt", CANNED.as_bytes())]);
    let edited = format!("亲，在的\n\n顾客您好\n{CANNED}");
    let after = folder(&[("canned-replies.txt", edited.as_bytes())]);
    let hashes = |dir: &Path| -> Vec<(String, String)> {
        let out = check(dir, "sarif", "canned-replies.txt");
        let report = out.json();
        sarif_results(&report)
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap_or_default().to_owned(),
                    r["partialFingerprints"]["primaryLocationLineHash"]
                        .as_str()
                        .unwrap_or_else(|| panic!("no line hash in {r:#}"))
                        .to_owned(),
                )
            })
            .collect()
    };
    let (old, new) = (hashes(before.path()), hashes(after.path()));
    assert_eq!(old.len(), 3, "{old:?}");
    assert_eq!(old, new, "the same findings keep their fingerprints");
    // Lines 2 and 4 are the same reply: same hash, told apart by the occurrence.
    let impatience: Vec<&String> = old
        .iter()
        .filter(|(rule, _)| rule == "taboo.impatience")
        .map(|(_, h)| h)
        .collect();
    assert_eq!(impatience.len(), 2);
    assert_ne!(impatience[0], impatience[1]);
    assert_eq!(
        impatience[0].split(':').next(),
        impatience[1].split(':').next()
    );
}

#[test]
fn sarif_without_findings_is_valid_with_an_empty_results_array() {
    let dir = folder(&[(
        "canned-replies.txt",
        "您好，请问有什么可以帮您？\n".as_bytes(),
    )]);
    let out = check(dir.path(), "sarif", "canned-replies.txt");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["version"], "2.1.0");
    assert_eq!(sarif_results(&report).len(), 0);
    assert_eq!(report["runs"][0]["properties"]["summary"]["files"], 1);
}

#[test]
fn gitlab_is_one_array_with_unique_stable_fingerprints() {
    let dir = folder(&[
        ("canned/快捷短语.txt", CANNED.as_bytes()),
        ("canned/canned-b.txt", CANNED.as_bytes()),
    ]);
    let out = check(dir.path(), "gitlab", "canned");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!out.stdout.starts_with('\u{feff}'), "no byte-order mark");
    let report = out.json();
    let issues = report.as_array().expect("one JSON array");
    assert_eq!(issues.len(), 6, "{report:#}");
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().expect("a fingerprint"))
        .collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), 6, "fingerprints are unique: {report:#}");
    let first = issues
        .iter()
        .find(|i| {
            i["location"]["path"] == "canned/快捷短语.txt" && i["check_name"] == "taboo.impatience"
        })
        .expect("the impatience finding");
    assert_eq!(first["severity"], "major");
    assert_eq!(first["location"]["lines"]["begin"], 2);
    assert!(
        first["description"]
            .as_str()
            .is_some_and(|d| d.contains("催什么催"))
    );

    let again = check(dir.path(), "gitlab", "canned");
    assert_eq!(again.stdout, out.stdout, "stable across runs");
}

#[test]
fn gitlab_without_findings_is_an_empty_array() {
    let dir = folder(&[(
        "canned-replies.txt",
        "您好，请问有什么可以帮您？\n".as_bytes(),
    )]);
    let out = check(dir.path(), "gitlab", "canned-replies.txt");
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "[]\n"),
        "{}",
        out.stderr
    );
}
