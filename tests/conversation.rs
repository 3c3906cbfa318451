//! Conversation-level rules (standard-phrases pack): opening, closing, replies to
//! triggers, response times and wording metrics, on whole transcripts.

mod common;

use common::{Report, Role, folder, run, run_in};

/// `(line, rule, role)` of every finding; `none` for a finding on no one's turn (a note
/// about the whole conversation).
fn findings(report: &Report) -> Vec<(u64, String, String)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let role = d.role.map_or("none", Role::as_str);
            (d.line, d.rule.clone(), role.to_owned())
        })
        .collect()
}

#[test]
fn late_curt_reply_without_apology_or_closing_is_reported_on_exactly_those_turns() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "fixtures/standard/late-rude-reply-without-apology-or-closing.txt",
    ]);
    assert_eq!(out.code, 1);
    let report = out.report();
    assert_eq!(
        findings(&report),
        [
            (2, "standard.greeting".into(), "agent".into()),
            (2, "timing.first-response".into(), "agent".into()),
            (4, "taboo.make-wait".into(), "agent".into()),
            (6, "standard.closing".into(), "agent".into()),
            (6, "standard.wait-apology".into(), "agent".into()),
            (6, "standard.wait-return-apology".into(), "agent".into()),
        ]
    );
    let late = &report.diagnostics[1];
    assert!(late.message.contains("4 min 30 s"), "{late:?}");
    assert_eq!(late.matched, None);
    let apology = &report.diagnostics[4];
    assert_eq!(
        apology.related.as_ref().map(|r| r.line),
        Some(5),
        "the complaint is the related place"
    );
}

#[test]
fn a_polite_well_formed_conversation_has_no_error_or_warning() {
    for path in ["fixtures/clean/polite-complete-chat.txt", "fixtures/clean"] {
        let out = run(&["check", "--format", "json", "--fail-on", "warning", path]);
        assert_eq!(out.code, 0, "{path}: {}", out.stdout);
        let report = out.report();
        assert_eq!(report.summary.errors, 0);
        assert_eq!(report.summary.warnings, 0);
        assert!(report.summary.turns > 0, "{path}: nothing was read");
    }
    // The twin: the same conversation without the greeting fails.
    let polite =
        std::fs::read_to_string(common::root().join("fixtures/clean/polite-complete-chat.txt"))
            .expect("the fixture is there");
    let curt = polite.replacen("客服小郑: 您好，抱歉让您久等了，", "客服小郑: ", 1);
    assert_ne!(curt, polite);
    let dir = folder(&[("curt.txt", curt.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "warning",
            "curt.txt",
        ],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    let found = findings(&out.report());
    assert!(
        found.contains(&(2, "standard.greeting".into(), "agent".into())),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|(line, _, role)| *line == 2 && role == "agent"),
        "{found:?}"
    );
}

#[test]
fn each_standard_rule_fires_on_its_fixture() {
    let out = run(&["check", "--format", "json", "fixtures/standard"]);
    let got: Vec<(String, u64, String)> = out
        .report()
        .diagnostics
        .into_iter()
        .map(|d| {
            let file = d.path.rsplit('/').next().unwrap_or_default().to_owned();
            (file, d.line, d.rule)
        })
        .collect();
    for expected in [
        (
            "angry-customer-not-calmed.txt",
            2,
            "standard.calm-angry-customer",
        ),
        (
            "manager-demand-without-24h-promise.txt",
            4,
            "standard.escalation-24h",
        ),
        (
            "suggestion-without-thanks.txt",
            4,
            "standard.thanks-for-suggestion",
        ),
        ("says-wo-more-than-nin.txt", 2, "metric.wo-vs-nin"),
        ("asks-without-please.txt", 2, "metric.please"),
        (
            "wait-return-without-apology.txt",
            3,
            "standard.wait-return-apology",
        ),
        (
            "correction-without-apology.txt",
            3,
            "standard.correction-apology",
        ),
        (
            "slow-reply-and-question-unanswered-for-a-day.txt",
            4,
            "timing.reply",
        ),
        (
            "slow-reply-and-question-unanswered-for-a-day.txt",
            5,
            "timing.unanswered-24h",
        ),
    ] {
        let expected = (expected.0.to_owned(), expected.1, expected.2.to_owned());
        assert!(got.contains(&expected), "missing {expected:?} in {got:?}");
    }
}

#[test]
fn timing_rules_are_skipped_with_one_note_when_timestamps_are_missing() {
    let out = run(&[
        "check",
        "--format",
        "json",
        "fixtures/clean/no-timestamps.txt",
    ]);
    let rules: Vec<String> = findings(&out.report()).into_iter().map(|f| f.1).collect();
    assert_eq!(rules, ["timing.skipped"]);
}

#[test]
fn customer_turns_never_carry_conversation_findings() {
    let chat = "\
[2024-05-01 10:00:00] 顾客: 人呢？怎么这么久
[2024-05-01 10:00:20] 客服小王: 您好，抱歉让您久等了，感谢您的耐心，再见
[2024-05-01 10:00:30] 顾客: 什么事
";
    let dir = folder(&[("c.txt", chat.as_bytes())]);
    let out = run_in(dir.path(), &["check", "--format", "json", "c.txt"], b"");
    assert_eq!(findings(&out.report()), []);

    // The twin: a curt reply to the same complaint is reported, on the agent's turn only.
    let curt = chat.replace("您好，抱歉让您久等了，感谢您的耐心，再见", "在呢");
    let dir = folder(&[("c.txt", curt.as_bytes())]);
    let out = run_in(dir.path(), &["check", "--format", "json", "c.txt"], b"");
    let found = findings(&out.report());
    assert!(
        found.contains(&(2, "standard.greeting".into(), "agent".into())),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|(line, _, role)| *line == 2 && role == "agent"),
        "{found:?}"
    );
}

#[test]
fn conversation_rule_keys_are_validated() {
    let pack = "[pack]\nname = \"p\"\nversion = \"1\"\n\n[[rule]]\nid = \"p.t\"\nkind = \"timing\"\nmessage = \"m\"\ntiming = \"sometimes\"\nphrases = [\"x\"]\n";
    let dir = folder(&[("p.toml", pack.as_bytes())]);
    let out = run_in(
        dir.path(),
        &["rules", "--color", "never", "--rules", "p.toml"],
        b"",
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("invalid timing `sometimes`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("unknown key `phrases` in [[rule]] of kind `timing`"),
        "{}",
        out.stderr
    );
}

#[test]
fn pretty_report_shows_the_trigger_turn_as_a_second_label() {
    let out = run(&[
        "check",
        "--color",
        "never",
        "fixtures/standard/manager-demand-without-24h-promise.txt",
    ]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn short_waits_and_untimed_transcripts_do_not_demand_a_wait_apology() {
    // The same exchange as wait-return-without-apology.txt, back within a minute.
    let quick = "\
[2024-05-14 16:00:00] 顾客: 能开发票吗？
[2024-05-14 16:00:30] 客服小冯: 您好，可以的，请您稍等，我帮您查一下订单
[2024-05-14 16:01:10] 客服小冯: 查到了，发票已经开好，祝您生活愉快
";
    let untimed = "顾客: 能开发票吗？\n客服小冯: 您好，请您稍等\n客服小冯: 查到了，祝您生活愉快\n";
    let dir = folder(&[
        ("quick.txt", quick.as_bytes()),
        ("untimed.txt", untimed.as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &["check", "--format", "json", "quick.txt", "untimed.txt"],
        b"",
    );
    let rules: Vec<String> = findings(&out.report()).into_iter().map(|f| f.1).collect();
    assert!(
        !rules.contains(&"standard.wait-return-apology".to_owned()),
        "{rules:?}"
    );
    assert_eq!(out.report().summary.turns, 6, "both chats were read");

    // The twin: back after three minutes, the same reply owes an apology for the wait.
    let slow = quick.replace("16:01:10", "16:03:40");
    let dir = folder(&[("slow.txt", slow.as_bytes())]);
    let out = run_in(dir.path(), &["check", "--format", "json", "slow.txt"], b"");
    assert!(
        findings(&out.report()).contains(&(
            3,
            "standard.wait-return-apology".into(),
            "agent".into()
        )),
        "{}",
        out.stdout
    );
}

#[test]
fn with_all_builtin_rules_customer_taboo_is_never_reported_on_the_customer() {
    let untimed = "顾客: 你着什么急啊，催什么催！\n客服小王: 您好，请问有什么可以帮您？\n顾客: 你有沒有搞錯呀\n客服小王: 又不是我处理的 你跟我喊什么\n";
    let dir = folder(&[("u.txt", untimed.as_bytes())]);
    let out = run_in(dir.path(), &["check", "--format", "json", "u.txt"], b"");
    let all = findings(&out.report());
    assert!(all.iter().all(|f| f.2 != "customer"), "{all:?}");
    assert!(
        all.contains(&(4, "taboo.shirking".into(), "agent".into())),
        "{all:?}"
    );
    assert!(all.iter().any(|f| f.1 == "timing.skipped"), "{all:?}");
}

#[test]
fn a_link_with_a_query_is_no_question_but_a_question_mark_after_it_is() {
    let pack = "[pack]\nname = \"t\"\nversion = \"1\"\n\n[[rule]]\nid = \"t.unanswered\"\nkind = \"timing\"\nmessage = \"m\"\ntiming = \"unanswered\"\nmax-seconds = 60\n";
    let chat = "\
[2024-05-01 10:00:00] 顾客: 最新防疫通知 https://example.com/covid-19?utm_source=x
[2024-05-01 10:10:00] 客服小王: 您好，收到
[2024-05-01 10:11:00] 顾客: https://example.com/covid-19?utm_source=x 这个链接打不开?
[2024-05-01 10:20:00] 客服小王: 您好，马上为您查看
";
    let dir = folder(&[("t.toml", pack.as_bytes()), ("chat.txt", chat.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-default-rules",
            "--rules",
            "t.toml",
            "chat.txt",
        ],
        b"",
    );
    assert_eq!(
        findings(&out.report()),
        [(3, "t.unanswered".into(), "customer".into())],
        "{}",
        out.stderr
    );
}
