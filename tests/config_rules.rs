//! `replylint.toml` choosing rules: `[rules]` select/ignore/severity/packs, `[[overrides]]`
//! per path, `[check]` format and fail-on, and `extend` chains.

mod common;

use common::{folder, run_in};

/// A curt wait (taboo.make-wait, a warning), no greeting (standard.greeting, an error) and
/// no closing (standard.closing, a warning).
const CHAT: &str = "[2024-04-02 09:00:00] 买家: 我的单子发了吗\n\
[2024-04-02 09:00:30] 客服小林: 等會兒！\n\
[2024-04-02 09:01:00] 客服小林: 已经发了\n";

fn rules_of(out: &common::Run) -> Vec<(String, String, String)> {
    out.report()
        .diagnostics
        .into_iter()
        .map(|d| (d.path, d.rule, d.severity.as_str().to_owned()))
        .collect()
}

fn check(dir: &std::path::Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    run_in(dir, &args, b"")
}

#[test]
fn ignore_removes_a_rules_findings_and_select_keeps_only_its_rules() {
    let dir = folder(&[
        ("chat.txt", CHAT.as_bytes()),
        (
            "replylint.toml",
            b"[rules]\nignore = [\"standard.closing\"]\n",
        ),
    ]);
    let found = rules_of(&check(dir.path(), &["chat.txt"]));
    assert!(
        found.iter().any(|(_, r, _)| r == "taboo.make-wait"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, r, _)| r == "standard.closing"),
        "{found:?}"
    );
    // Without the file the closing is reported: the test can fail.
    let all = rules_of(&check(dir.path(), &["--no-config", "chat.txt"]));
    assert!(
        all.iter().any(|(_, r, _)| r == "standard.closing"),
        "{all:?}"
    );

    std::fs::write(
        dir.path().join("replylint.toml"),
        "[rules]\nselect = [\"taboo.\"]\nextend-select = [\"standard.greeting\"]\n",
    )
    .expect("written");
    let found: Vec<String> = rules_of(&check(dir.path(), &["chat.txt"]))
        .into_iter()
        .map(|(_, r, _)| r)
        .collect();
    assert_eq!(found, ["standard.greeting", "taboo.make-wait"]);
}

#[test]
fn an_override_changes_a_severity_only_under_its_globs() {
    let config = "[rules]\nseverity = { \"taboo.make-wait\" = \"error\" }\n\n\
                  [[overrides]]\nfiles = [\"canned/**\"]\nseverity = { \"taboo.make-wait\" = \"info\" }\nignore = [\"standard.greeting\"]\n";
    let dir = folder(&[
        ("chat.txt", CHAT.as_bytes()),
        ("canned/replies.txt", CHAT.as_bytes()),
        ("replylint.toml", config.as_bytes()),
    ]);
    let found = rules_of(&check(dir.path(), &["chat.txt", "canned/replies.txt"]));
    let of = |path: &str, rule: &str| {
        found
            .iter()
            .find(|(p, r, _)| p == path && r == rule)
            .map(|(_, _, s)| s.clone())
    };
    assert_eq!(of("chat.txt", "taboo.make-wait").as_deref(), Some("error"));
    assert_eq!(
        of("canned/replies.txt", "taboo.make-wait").as_deref(),
        Some("info")
    );
    assert_eq!(
        of("chat.txt", "standard.greeting").as_deref(),
        Some("error")
    );
    assert_eq!(of("canned/replies.txt", "standard.greeting"), None);
    // Run from inside the folder, the globs are still relative to the configuration.
    let inside = rules_of(&check(&dir.path().join("canned"), &["replies.txt"]));
    assert!(
        inside
            .iter()
            .any(|(_, r, s)| r == "taboo.make-wait" && s == "info"),
        "{inside:?}"
    );
}

#[test]
fn an_extend_chain_inherits_and_a_cycle_is_reported() {
    let dir = folder(&[
        ("team/chat.txt", CHAT.as_bytes()),
        (
            "base.toml",
            b"[rules]\nignore = [\"standard.closing\"]\n[check]\nfail-on = \"warning\"\n",
        ),
        (
            "team/replylint.toml",
            b"extend = \"../base.toml\"\n[rules]\nignore = [\"standard.greeting\"]\n",
        ),
    ]);
    let team = dir.path().join("team");
    let out = check(&team, &["chat.txt"]);
    let found: Vec<String> = rules_of(&out).into_iter().map(|(_, r, _)| r).collect();
    assert_eq!(found, ["taboo.make-wait"], "both files' ignores apply");
    assert_eq!(out.code, 1, "fail-on = warning is inherited");

    std::fs::write(
        dir.path().join("base.toml"),
        "extend = \"team/replylint.toml\"\n",
    )
    .expect("written");
    let cycle = check(&team, &["chat.txt"]);
    assert_eq!(cycle.code, 2);
    assert!(
        cycle.stderr.contains("`extend` makes a cycle"),
        "{}",
        cycle.stderr
    );
    assert!(cycle.stderr.contains("base.toml"), "{}", cycle.stderr);
    assert!(cycle.stderr.contains("replylint.toml"), "{}", cycle.stderr);
}

#[test]
fn a_pattern_that_names_no_rule_or_an_unknown_key_is_an_error_at_its_line() {
    let dir = folder(&[
        ("chat.txt", CHAT.as_bytes()),
        (
            "replylint.toml",
            b"[input]\nformat = \"auto\"\n[rules]\nignore = [\"standard.closng\"]\n",
        ),
    ]);
    let out = check(dir.path(), &["chat.txt"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`standard.closng` names no rule"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `standard.closing`?"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("replylint.toml:4:"), "{}", out.stderr);

    std::fs::write(
        dir.path().join("replylint.toml"),
        "[rules]\nignroe = [\"taboo.\"]\n",
    )
    .expect("written");
    let out = check(dir.path(), &["chat.txt"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown field `ignroe`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("replylint.toml:2:"), "{}", out.stderr);
}

#[test]
fn check_section_sets_format_and_fail_on_and_the_command_line_wins() {
    let dir = folder(&[
        ("chat.txt", CHAT.as_bytes()),
        ("replylint.toml", b"[check]\nformat = \"concise\"\nfail-on = \"warning\"\n[rules]\nignore = [\"standard.greeting\"]\n"),
    ]);
    let out = run_in(dir.path(), &["check", "chat.txt"], b"");
    assert!(out.stdout.starts_with("chat.txt:2:"), "{}", out.stdout);
    assert_eq!(out.code, 1, "warnings fail");
    let cli = run_in(
        dir.path(),
        &[
            "check",
            "--fail-on",
            "error",
            "--format",
            "json",
            "chat.txt",
        ],
        b"",
    );
    assert_eq!(cli.code, 0);
    cli.report();

    std::fs::write(
        dir.path().join("replylint.toml"),
        "[check]\nformat = \"xml\"\n",
    )
    .expect("written");
    let bad = run_in(dir.path(), &["check", "chat.txt"], b"");
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown format `xml`"),
        "{}",
        bad.stderr
    );
    // The broken value fails the run even when the command line overrides it.
    let overridden = run_in(dir.path(), &["check", "--format", "json", "chat.txt"], b"");
    assert_eq!(overridden.code, 2, "{}", overridden.stderr);
    assert!(
        overridden.stderr.contains("replylint.toml:2"),
        "{}",
        overridden.stderr
    );
}

#[test]
fn packs_in_the_configuration_replace_the_built_in_ones() {
    let pack = "[pack]\nname = \"shop\"\nversion = \"1\"\n\n[[rule]]\nid = \"shop.competitor\"\nseverity = \"warning\"\nmessage = \"不要提及竞品\"\nroles = [\"agent\"]\nphrases = [\"某宝\"]\n";
    let chat = "[2024-04-02 09:00:00] 买家: 能便宜点吗\n[2024-04-02 09:00:30] 客服小林: 某宝更便宜，催什么催\n";
    let dir = folder(&[
        ("chat.txt", chat.as_bytes()),
        ("packs/shop.toml", pack.as_bytes()),
        (
            "replylint.toml",
            b"[rules]\npacks = [\"packs/shop.toml\"]\n",
        ),
    ]);
    let found: Vec<String> = rules_of(&check(dir.path(), &["chat.txt"]))
        .into_iter()
        .map(|(_, r, _)| r)
        .collect();
    assert_eq!(found, ["shop.competitor"], "only the configured pack");
    std::fs::write(
        dir.path().join("replylint.toml"),
        "[rules]\npacks = [\"hotline-taboo\", \"packs/shop.toml\"]\n",
    )
    .expect("written");
    let found: Vec<String> = rules_of(&check(dir.path(), &["chat.txt"]))
        .into_iter()
        .map(|(_, r, _)| r)
        .collect();
    assert_eq!(found, ["shop.competitor", "taboo.impatience"]);
}

#[test]
fn a_rule_id_in_two_packs_is_rejected_naming_both_files_and_lines() {
    let pack = |name: &str| {
        format!(
            "[pack]\nname = \"{name}\"\nversion = \"1.0.0\"\n\n# 竞品\n[[rule]]\nid = \"shop.competitor\"\nseverity = \"warning\"\nmessage = \"不要提及竞品平台\"\nphrases = [\"某宝\"]\n"
        )
    };
    let first = pack("shop-a");
    let second = format!("# 第二份\n\n{}", pack("shop-b"));
    let dir = folder(&[
        ("chat.txt", CHAT.as_bytes()),
        ("a.toml", first.as_bytes()),
        ("b.toml", second.as_bytes()),
    ]);
    let out = check(
        dir.path(),
        &[
            "--no-config",
            "--rules",
            "a.toml",
            "--rules",
            "b.toml",
            "chat.txt",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("shop.competitor")
            && out.stderr.contains("a.toml:7")
            && out.stderr.contains("b.toml:9"),
        "both definitions are named with their lines:\n{}",
        out.stderr
    );
    // One pack alone loads and checks.
    let alone = check(
        dir.path(),
        &["--no-config", "--rules", "a.toml", "chat.txt"],
    );
    assert_eq!(alone.code, 1, "{}", alone.stderr);
}
