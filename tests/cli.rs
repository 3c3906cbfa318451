//! The command line as users meet it: the must-show cases, exit codes, formats and
//! bad input.

mod common;

use common::{Role, Severity, TABOO_ONLY, folder, run, run_in};

/// `check` with the taboo pack alone, then `args`.
fn taboo(args: &[&'static str]) -> Vec<&'static str> {
    let mut all = vec!["check"];
    all.extend(TABOO_ONLY);
    all.extend(args);
    all
}

const CHAT: &str = "\
[2024-03-01 10:00:00] 顾客: 我的快递三天没动了
[2024-03-01 10:00:40] 客服小王: 又不是我处理的 你跟我喊什么
[2024-03-01 10:01:10] 顾客: 你着什么急啊，催什么催！
[2024-03-01 10:01:30] 客服小王: 你着什么急啊，催什么催！
[2024-03-01 10:02:00] 顾客: 你有沒有搞錯呀
[2024-03-01 10:02:20] 客服小王: 你有沒有搞錯呀
[2024-03-01 10:02:50] 顾客: 又不是我处理的 你跟我喊什么
";

#[test]
fn agent_taboo_is_reported_at_exact_character_columns_and_customer_is_not() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let out = run_in(dir.path(), &taboo(&["--format", "json", "chat.txt"]), b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.report();
    assert_eq!(
        report.spots(),
        [
            (2, 29, 36, "taboo.shirking".into(), "又不是我处理的".into()),
            (2, 37, 43, "taboo.shirking".into(), "你跟我喊什么".into()),
            (4, 29, 34, "taboo.impatience".into(), "你着什么急".into()),
            (4, 36, 40, "taboo.impatience".into(), "催什么催".into()),
            (6, 29, 35, "taboo.arguing".into(), "你有沒有搞錯".into()),
        ]
    );
    for d in &report.diagnostics {
        assert_eq!(d.role, Some(Role::Agent));
        assert_eq!(d.speaker.as_deref(), Some("客服小王"));
        assert_eq!(d.path, "chat.txt");
        assert_eq!(d.conversation.as_deref(), Some("chat.txt"));
        assert_eq!(d.severity, Severity::Error);
        assert!(d.help.as_ref().is_some_and(|h| !h.is_empty()));
    }
    assert_eq!(report.summary.turns, 7);
    assert_eq!(report.summary.errors, 5);
}

#[test]
fn phrases_inside_ordinary_words_are_not_reported() {
    let chat = "\
[2024-03-01 09:00:00] 顾客: 我爸有糖尿病，这个药能吃吗
[2024-03-01 09:00:30] 客服小李: 您好，糖尿病神经病变的患者请遵医嘱服用。
[2024-03-01 09:01:00] 客服小李: 麻烦人员核实一下您的订单号，好吗？
[2024-03-01 09:01:30] 客服小李: 有不清楚的地方请随时问我们。
";
    let dir = folder(&[("polite.txt", chat.as_bytes())]);
    let out = run_in(dir.path(), &taboo(&["--format", "json", "polite.txt"]), b"");
    assert_eq!(out.code, 0, "{}", out.stdout);
    let report = out.report();
    assert_eq!(report.diagnostics, []);
    assert_eq!(report.summary.turns, 4, "the transcript was read");

    // The twin: the same chat with the phrase said on its own is reported.
    let rude = chat.replace("糖尿病神经病变的患者请遵医嘱服用", "神经病，自己看说明书");
    let dir = folder(&[("rude.txt", rude.as_bytes())]);
    let out = run_in(dir.path(), &taboo(&["--format", "json", "rude.txt"]), b"");
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(
        out.report().spots(),
        [(2, 32, 35, "taboo.insult".into(), "神经病".into())]
    );
}

#[test]
fn json_report_follows_the_published_schema() {
    let schema_text = std::fs::read_to_string(
        common::root().join("docs/schemas/replylint-report-v1.schema.json"),
    )
    .expect("the schema is in the repository");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for args in [
        &["check", "--format", "json", "fixtures/taboo"][..],
        &["check", "--format", "json", "fixtures/clean"][..],
    ] {
        let out = run(args);
        let report = out.json();
        // The typed reading requires every field the tool writes.
        out.report();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn the_schema_and_the_report_have_the_same_version() {
    // docs/schemas/ holds the contract; it changes only together with `version`.
    let schema_text = std::fs::read_to_string(
        common::root().join("docs/schemas/replylint-report-v1.schema.json"),
    )
    .expect("the schema is in the repository");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    assert_eq!(schema["properties"]["version"]["const"], 1, "{schema_text}");
    let report = run(&["check", "--format", "json", "fixtures/taboo"]).report();
    assert_eq!(report.version, 1);
}

#[test]
fn exit_codes() {
    assert_eq!(run(&["check", "fixtures/clean"]).code, 0);
    assert_eq!(run(&["check", "fixtures/taboo"]).code, 1);
    // Only warnings: clean by default, failing with --fail-on warning.
    let only_warning = "fixtures/taboo/make-wait-traditional.txt";
    assert_eq!(run(&taboo(&[only_warning])).code, 0);
    assert_eq!(run(&taboo(&["--fail-on", "warning", only_warning])).code, 1);
    assert_eq!(run(&["check", "--format", "nope", "fixtures"]).code, 2);
    assert_eq!(run(&["check", "--agent", "(", "fixtures"]).code, 2);
}

#[test]
fn missing_path_exits_2_but_other_files_are_still_checked() {
    let out = run(&[
        "check",
        "--format",
        "concise",
        "no/such/file.txt",
        "fixtures/taboo/insult.txt",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("no/such/file.txt: no such file or folder"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout
            .contains("fixtures/taboo/insult.txt:2:29: error[taboo.insult]"),
        "{}",
        out.stdout
    );
}

#[test]
fn broken_regex_in_a_pack_exits_2_naming_file_and_line() {
    let pack = "[pack]\nname = \"shop\"\nversion = \"1\"\n\n[[rule]]\nid = \"shop.rude\"\nmessage = \"rude\"\nregex = ['(滚']\n";
    let dir = folder(&[
        ("shop.toml", pack.as_bytes()),
        ("a.txt", "客服: 您好".as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &["check", "--color", "never", "--rules", "shop.toml", "a.txt"],
        b"",
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid regex"), "{}", out.stderr);
    assert!(out.stderr.contains("shop.toml:8:10"), "{}", out.stderr);
    assert!(
        out.stdout.is_empty(),
        "nothing is checked with broken rules: {}",
        out.stdout
    );
}

#[test]
fn user_packs_add_rules_and_can_replace_the_builtin_ones() {
    let pack = "[pack]\nname = \"shop\"\nversion = \"1\"\n\n[[rule]]\nid = \"shop.competitor\"\nseverity = \"warning\"\nmessage = \"不要提竞品\"\nphrases = [\"某宝\"]\n";
    let chat = "客服：某宝更便宜吗？不知道。\n客服：神经病\n";
    let dir = folder(&[("shop.toml", pack.as_bytes()), ("a.txt", chat.as_bytes())]);
    let both = run_in(
        dir.path(),
        &["check", "--format", "json", "--rules", "shop.toml", "a.txt"],
        b"",
    );
    let report = both.report();
    let rules = report.rules();
    assert!(rules.contains(&"shop.competitor"), "{rules:?}");
    assert!(rules.contains(&"taboo.insult"), "{rules:?}");
    let only = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-default-rules",
            "--rules",
            "shop.toml",
            "a.txt",
        ],
        b"",
    );
    let report = only.report();
    assert_eq!(
        report.spots(),
        [(1, 4, 6, "shop.competitor".into(), "某宝".into())]
    );
    assert_eq!(report.diagnostics[0].severity, Severity::Warning);
    assert_eq!(only.code, 0, "a warning does not fail by default");
}

#[test]
fn stdin_is_read_for_dash_and_for_no_path() {
    let root = common::root();
    for args in [
        taboo(&["--format", "concise"]),
        taboo(&["--format", "concise", "-"]),
    ] {
        let out = run_in(&root, &args, "客服小王: 你着什么急啊".as_bytes());
        assert_eq!(out.code, 1);
        assert!(
            out.stdout.starts_with("-:1:7: error[taboo.impatience]"),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn agent_and_customer_patterns_assign_roles() {
    let chat = "小蜜: 你着什么急啊\ntb_8812: 你着什么急啊\nnick: 你着什么急啊\n";
    let out = run_in(
        &common::root(),
        &taboo(&[
            "--format",
            "json",
            "--agent",
            "^小蜜",
            "--customer",
            "^tb_",
            "-",
        ]),
        chat.as_bytes(),
    );
    let report = out.report();
    let lines: Vec<(u64, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.line, d.rule.clone()))
        .collect();
    // The agent's line, and `nick`, whom nothing names, reported instead of guessed.
    assert_eq!(
        lines,
        [
            (1, "taboo.impatience".to_owned()),
            (3, "input.unknown-speaker".to_owned())
        ],
        "{report:?}"
    );
    assert_eq!(report.diagnostics[0].role, Some(Role::Agent));
    assert_eq!(report.diagnostics[0].speaker.as_deref(), Some("小蜜"));
}

#[test]
fn gbk_utf16_binary_and_empty_files() {
    let text = "客服小王：你着什么急啊，催什么催！";
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let dir = folder(&[
        ("gbk.txt", &gbk),
        ("utf16.txt", &utf16),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("empty.txt", b""),
    ]);
    let out = run_in(dir.path(), &taboo(&["--format", "json", "."]), b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.report();
    let found: Vec<(String, u64, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.path.trim_start_matches("./").to_owned(),
                d.column,
                d.matched().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("gbk.txt".into(), 6, "你着什么急".into()),
            ("gbk.txt".into(), 13, "催什么催".into()),
            ("utf16.txt".into(), 6, "你着什么急".into()),
            ("utf16.txt".into(), 13, "催什么催".into()),
        ]
    );
    assert!(out.stderr.contains("binary file"), "{}", out.stderr);
    assert!(out.stderr.contains("empty file"), "{}", out.stderr);
    assert_eq!(
        report.summary.files, 2,
        "the binary and the empty file are skipped"
    );
    assert_eq!(report.summary.skipped_files, 2);
}

#[test]
fn undecodable_file_exits_2() {
    let dir = folder(&[
        ("bad.txt", b"not text \xff\xff\x80"),
        ("ok.txt", "客服：神经病".as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &["check", "--format", "concise", "bad.txt", "ok.txt"],
        b"",
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.txt"), "{}", out.stderr);
    assert!(
        out.stdout.contains("ok.txt:1:4: error[taboo.insult]"),
        "{}",
        out.stdout
    );
}

#[test]
fn lines_outside_any_turn_are_reported_not_dropped() {
    let out = run_in(
        &common::root(),
        &["check", "--format", "concise", "-"],
        "导出于 2024年3月1日\n客服：您好".as_bytes(),
    );
    assert!(
        out.stdout.contains("-:1:1: info[input.unparsed]"),
        "{}",
        out.stdout
    );
    assert_eq!(out.code, 0, "infos do not fail by default");
}

#[test]
fn quiet_drops_the_summary_line() {
    let loud = run(&taboo(&[
        "--format",
        "concise",
        "fixtures/taboo/insult.txt",
    ]));
    let quiet = run(&[
        "check",
        TABOO_ONLY[0],
        TABOO_ONLY[1],
        TABOO_ONLY[2],
        "--quiet",
        "--format",
        "concise",
        "fixtures/taboo/insult.txt",
    ]);
    assert!(loud.stdout.contains("Found 1 error"));
    assert!(!quiet.stdout.contains("Found"));
    assert!(quiet.stdout.contains("error[taboo.insult]"));
}

#[test]
fn rules_test_runs_the_pack_examples() {
    let out = run(&["rules", "--test"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout.trim_end().ends_with("0 failed"),
        "{}",
        out.stdout
    );
    let pack = "[pack]\nname = \"shop\"\nversion = \"1\"\n\n[[rule]]\nid = \"shop.x\"\nmessage = \"m\"\nphrases = [\"某宝\"]\nexamples.fire = [\"某宝\", \"淘宝\"]\n";
    let dir = folder(&[("shop.toml", pack.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "rules",
            "--test",
            "--no-default-rules",
            "--rules",
            "shop.toml",
        ],
        b"",
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("FAIL shop.x: should fire but did not: 淘宝"),
        "{}",
        out.stdout
    );
}

#[test]
fn every_builtin_rule_has_a_fixture_that_triggers_it_and_clean_fixtures_stay_clean() {
    let all = run(&["check", "--format", "json", "fixtures"]).report();
    let fired: std::collections::BTreeSet<&str> = all.rules().into_iter().collect();
    let listing = run(&["rules"]).stdout;
    // The packs' rules: the meta rules (input.*, listed last) have their fixtures in the
    // input tests.
    let ids: Vec<&str> = listing
        .lines()
        .take_while(|l| !l.starts_with("replylint ("))
        .filter(|l| l.starts_with("  "))
        // Bonus rules (recommended phrases) report nothing in `check`: grade tests them.
        .filter(|l| !l.contains(" bonus +"))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|id| *id != "id")
        .collect();
    assert!(ids.len() >= 10, "{listing}");
    for id in ids {
        assert!(fired.contains(id), "no fixture triggers {id}");
    }
    let clean = run(&["check", "--format", "json", "fixtures/clean"]);
    assert_eq!(clean.code, 0);
    let report = clean.report();
    assert_eq!(
        report.rules(),
        ["timing.skipped"],
        "only the note that one file has no times"
    );
    assert!(report.summary.turns > 20, "{:?}", report.summary);
}

#[test]
fn a_closed_output_stops_the_reading_too() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(["check", "--no-config", "--format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("replylint runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    // An endless export, as `zcat big.jsonl |` would give: the feeder stops when replylint
    // closes its end, or after 200 MB when it does not.
    let feeder = std::thread::spawn(move || {
        for i in 0..1_000_000u32 {
            let record = format!(
                "{{\"session_id\": \"s{i}\", \"time\": \"2024-05-01T10:00:00\", \"sender\": \"客服小王\", \"role\": \"客服\", \"content\": \"催什么催，等着吧，我正忙着呢，这件事情跟我们没关系\"}}\n"
            );
            if stdin.write_all(record.as_bytes()).is_err() {
                return Some(i);
            }
        }
        None
    });
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("a first finding");
    let first: common::Diagnostic =
        serde_json::from_str(&first).expect("the first line is one diagnostic");
    assert_eq!(first.conversation.as_deref(), Some("s0"), "{first:?}");
    // `| head -1`: the reader is gone.
    let stopped_after = feeder.join().expect("the feeder ends");
    assert!(
        stopped_after.is_some(),
        "replylint read the whole input after its output was closed"
    );
    let status = child.wait().expect("replylint ends");
    assert_eq!(
        status.code(),
        Some(1),
        "findings were written before the pipe closed"
    );
}
