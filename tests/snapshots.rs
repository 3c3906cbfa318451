//! Snapshots of everything a user reads: the three output formats on the bundled fixtures.

mod common;

use common::run;

#[test]
fn concise_over_all_fixtures() {
    let out = run(&["check", "--format", "concise", "fixtures"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn pretty_report_underlines_the_characters_and_shows_the_standard_phrase() {
    let out = run(&[
        "check",
        "--color",
        "never",
        "fixtures/taboo/impatience-full-width.txt",
        "fixtures/taboo/arguing-traditional.txt",
    ]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn json_report() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "fixtures/taboo/shirking-spaced.txt",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // The snapshot is also a report every field of which is there.
    assert!(!out.report().diagnostics.is_empty());
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn broken_pack_lists_every_problem() {
    let out = run(&[
        "rules",
        "--color",
        "never",
        "--no-default-rules",
        "--rules",
        "tests/data/broken-pack.toml",
    ]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn rules_listing() {
    let out = run(&["rules"]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
}
