//! Baselines and QA verdicts: `--write-baseline`, `--baseline`, `--show-reviewed` and
//! `rules --precision`.

mod common;

use common::{folder, run_in};

const CHAT: &str = "=== order-7\n\
[2024-06-01 10:00:00] 顾客: 我的快递到哪了？\n\
[2024-06-01 10:00:20] 客服小王: 您好，催什么催，等着吧\n\
[2024-06-01 10:01:00] 顾客: 你们怎么这样\n\
[2024-06-01 10:01:30] 客服小王: 你问我，我怎么知道，祝您生活愉快，再见\n";

fn check(dir: &std::path::Path, extra: &[&str]) -> (i32, Vec<(u64, String)>, String) {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend_from_slice(extra);
    args.push("chat.txt");
    let out = run_in(dir, &args, b"");
    let found = out
        .report()
        .diagnostics
        .into_iter()
        .map(|d| (d.line, d.rule))
        .collect();
    (out.code, found, out.stderr)
}

#[test]
fn a_baseline_hides_what_it_holds_even_after_lines_above_and_fails_on_what_is_new() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let (code, before, _) = check(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(before.len() >= 2, "{before:?}");

    let (code, _, stderr) = check(dir.path(), &["--write-baseline", "baseline.jsonl"]);
    assert_eq!(code, 0, "writing a baseline accepts the findings: {stderr}");
    let written = std::fs::read_to_string(dir.path().join("baseline.jsonl")).expect("written");
    assert_eq!(written.lines().count(), before.len(), "{written}");
    assert!(written.contains(r#""scope":"order-7""#), "{written}");
    let mut sorted: Vec<&str> = written.lines().collect();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        written.lines().collect::<Vec<_>>(),
        "sorted, one per line"
    );

    let (code, found, stderr) = check(dir.path(), &["--baseline", "baseline.jsonl"]);
    assert_eq!((code, found.len()), (0, 0), "{found:?}");
    assert!(stderr.contains("hidden by the baseline"), "{stderr}");

    // Lines added above, the same chats exported again: still known.
    let moved = format!(
        "=== order-6\n[2024-06-01 09:00:00] 顾客: 在吗\n[2024-06-01 09:00:10] 客服小李: 您好，在的，祝您生活愉快，再见\n{CHAT}"
    );
    std::fs::write(dir.path().join("chat.txt"), &moved).expect("edited");
    let (code, found, _) = check(dir.path(), &["--baseline", "baseline.jsonl"]);
    assert_eq!((code, found.len()), (0, 0), "{found:?}");

    // A new rude reply fails the run, and is the only finding.
    let worse = format!("{moved}[2024-06-01 10:02:00] 客服小王: 你烦不烦啊\n");
    std::fs::write(dir.path().join("chat.txt"), worse).expect("edited");
    let (code, found, _) = check(dir.path(), &["--baseline", "baseline.jsonl"]);
    assert_eq!(code, 1);
    assert!(
        !found.is_empty() && found.iter().all(|(line, _)| *line == 9),
        "only the new line: {found:?}"
    );
}

#[test]
fn verdicts_are_kept_shown_on_request_and_give_each_rule_its_precision() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let (code, _, _) = check(dir.path(), &["--write-baseline", "qa.jsonl"]);
    assert_eq!(code, 0);
    let path = dir.path().join("qa.jsonl");
    let reviewed: Vec<String> = std::fs::read_to_string(&path)
        .expect("written")
        .lines()
        .map(|line| {
            if line.contains("taboo.impatience") {
                line.replace(
                    "}",
                    r#","verdict":"false-positive","reviewer":"质检-林","reason":"顾客原话"}"#,
                )
            } else if line.contains("taboo.ignorance") {
                line.replace("}", r#","verdict":"accepted","reviewer":"质检-林"}"#)
            } else {
                line.to_owned()
            }
        })
        .collect();
    std::fs::write(&path, reviewed.join("\n") + "\n").expect("reviewed");

    let (code, found, _) = check(dir.path(), &["--baseline", "qa.jsonl", "--show-reviewed"]);
    assert_eq!(
        code, 0,
        "reviewed findings are shown, and do not fail: {found:?}"
    );
    let rules: Vec<&str> = found.iter().map(|(_, r)| r.as_str()).collect();
    assert!(rules.contains(&"taboo.impatience") && rules.contains(&"taboo.ignorance"));
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--baseline",
            "qa.jsonl",
            "--show-reviewed",
            "chat.txt",
        ],
        b"",
    );
    assert!(
        out.stdout.contains("[false positive by 质检-林: 顾客原话]"),
        "{}",
        out.stdout
    );

    let precision = run_in(dir.path(), &["rules", "--precision", "qa.jsonl"], b"");
    assert_eq!(precision.code, 0, "{}", precision.stderr);
    let row = |rule: &str| {
        precision
            .stdout
            .lines()
            .find(|l| l.starts_with(rule))
            .unwrap_or_else(|| panic!("no {rule}:\n{}", precision.stdout))
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(row("taboo.impatience"), "0.000");
    assert_eq!(row("taboo.ignorance"), "1.000");
    // 催什么催 and 等着吧 are two impatience findings, both marked false positives.
    assert_eq!(row("all"), "0.333");

    // Writing the baseline again keeps the verdicts.
    let (code, _, _) = check(dir.path(), &["--write-baseline", "qa.jsonl"]);
    assert_eq!(code, 0);
    let again = std::fs::read_to_string(&path).expect("rewritten");
    assert!(again.contains(r#""verdict":"false-positive""#), "{again}");

    std::fs::write(&path, "{\"path\": 1}\n").expect("broken");
    let broken = run_in(
        dir.path(),
        &["check", "--no-config", "--baseline", "qa.jsonl", "chat.txt"],
        b"",
    );
    assert_eq!(broken.code, 2);
    assert!(broken.stderr.contains("qa.jsonl:1"), "{}", broken.stderr);
}

#[test]
fn baselines_tell_apart_short_ids_of_other_files_and_a_phrase_said_again_elsewhere() {
    let export = |agent: &str, day: &str| {
        format!(
            "{{\"conversation_id\": \"1\", \"time\": \"2024-06-{day} 10:00:00\", \"speaker\": \"买家\", \"text\": \"在吗\"}}\n\
             {{\"conversation_id\": \"1\", \"time\": \"2024-06-{day} 10:00:20\", \"speaker\": \"{agent}\", \"text\": \"您好，催什么催\"}}\n"
        )
    };
    let dir = folder(&[
        ("shopA/export.jsonl", export("客服小王", "01").as_bytes()),
        ("shopB/export.jsonl", export("客服小美", "02").as_bytes()),
    ]);
    let write = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--write-baseline",
            "a.jsonl",
            "shopA",
        ],
        b"",
    );
    assert_eq!(write.code, 0, "{}", write.stderr);
    let other = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "a.jsonl",
            "shopB",
        ],
        b"",
    );
    assert_eq!(
        other.code, 1,
        "conversation `1` of another shop is new: {}",
        other.stderr
    );
    assert!(
        other
            .report()
            .diagnostics
            .iter()
            .any(|d| d.rule == "taboo.impatience")
    );

    // The same phrase said again, in another message above the recorded one, is new.
    let chat = "=== order-2024-0601\n\
[2024-06-01 10:00:00] 顾客: 我的快递到哪了？\n\
[2024-06-01 10:00:20] 客服小王: 您好，在查\n\
[2024-06-01 10:01:00] 顾客: 快点\n\
[2024-06-01 10:01:30] 客服小王: 催什么催，祝您生活愉快，再见\n";
    std::fs::write(dir.path().join("chat.txt"), chat).expect("written");
    let (code, _, _) = check(dir.path(), &["--write-baseline", "chat.jsonl"]);
    assert_eq!(code, 0);
    let again = chat.replace("您好，在查", "您好，催什么催，在查");
    std::fs::write(dir.path().join("chat.txt"), again).expect("edited");
    let (code, found, _) = check(dir.path(), &["--baseline", "chat.jsonl"]);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [(3, "taboo.impatience".to_owned())],
        "only the new one"
    );
}

#[test]
fn reviewed_findings_shown_with_show_reviewed_do_not_fail_the_run() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let (code, _, _) = check(dir.path(), &["--write-baseline", "qa.jsonl"]);
    assert_eq!(code, 0);
    let path = dir.path().join("qa.jsonl");
    let reviewed = std::fs::read_to_string(&path).expect("written").replace(
        "}\n",
        ",\"verdict\":\"false-positive\",\"工单\":\"QA-17\"}\n",
    );
    std::fs::write(&path, format!("\u{feff}{reviewed}")).expect("reviewed, saved with a BOM");
    let (code, found, stderr) = check(dir.path(), &["--baseline", "qa.jsonl", "--show-reviewed"]);
    assert_eq!(code, 0, "{found:?} {stderr}");
    assert!(!found.is_empty());
    // Rewriting keeps the team's own fields.
    let (code, _, _) = check(dir.path(), &["--write-baseline", "qa.jsonl"]);
    assert_eq!(code, 0);
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("QA-17")
    );
}
