//! Reading what users have: canned-reply libraries, replylint.toml, folder walking,
//! encodings, malformed records and the streaming output format.

mod common;

use common::{Role, folder, run, run_in};

#[test]
fn canned_libraries_get_phrase_rules_only() {
    for (path, expected) in [
        (
            "fixtures/canned/shop-replies.toml",
            vec![("taboo.ignorance", "你问我，我怎么知道", 16, 13)],
        ),
        (
            "fixtures/canned/shop-replies.csv",
            vec![
                ("taboo.impatience", "着什么急", 3, 11),
                ("taboo.impatience", "催什么催", 3, 17),
            ],
        ),
        (
            "fixtures/canned/canned-replies.txt",
            vec![("taboo.rude-opening", "喂，说吧", 4, 1)],
        ),
        ("fixtures/canned/polite-replies.toml", vec![]),
    ] {
        let r = run(&["check", "--format", "json", path]);
        assert_eq!(r.stderr, "", "{path}");
        let report = r.report();
        let got: Vec<(String, String, u64, u64)> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule.clone(), d.matched().to_owned(), d.line, d.column))
            .collect();
        assert!(report.summary.turns > 0, "{path}: no reply was read");
        let expected: Vec<(String, String, u64, u64)> = expected
            .into_iter()
            .map(|(r, m, l, c)| (r.to_owned(), m.to_owned(), l, c))
            .collect();
        // No greeting, closing, timing or ratio rule: a reply is not a conversation.
        assert_eq!(got, expected, "{path}");
        assert_eq!(r.code, i32::from(!got.is_empty()), "{path}");
    }
}

#[test]
fn input_format_canned_reads_any_text_file_as_replies() {
    let dir = folder(&[(
        "replies.txt",
        "您好，请问有什么可以帮您？\n催什么催\n".as_bytes(),
    )]);
    let as_text = run_in(
        dir.path(),
        &["check", "--format", "json", "replies.txt"],
        b"",
    );
    assert!(as_text.report().rules().contains(&"input.unparsed"));
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--input-format",
            "canned",
            "replies.txt",
        ],
        b"",
    );
    assert_eq!(r.report().rules(), ["taboo.impatience"]);
}

#[test]
fn config_maps_fields_and_roles() {
    let csv = "工单编号,坐席工号,留言时间,留言\n88,A07,2024-05-01 10:00:00,我要投诉\n88,A07,2024-05-01 10:00:40,催什么催\n";
    let config = "[input.fields]\nconversation = [\"工单编号\"]\nspeaker = [\"坐席工号\"]\ntime = [\"留言时间\"]\ntext = [\"留言\"]\n\n[roles]\nagent = [\"^A\\\\d+$\"]\n";
    let dir = folder(&[
        ("export.csv", csv.as_bytes()),
        ("replylint.toml", config.as_bytes()),
    ]);
    std::fs::create_dir_all(dir.path().join("sub")).expect("subfolder");
    // Found in the working folder or above it.
    for cwd in [dir.path().to_path_buf(), dir.path().join("sub")] {
        let path = dir.path().join("export.csv");
        let r = run_in(
            &cwd,
            &["check", "--format", "json", &path.to_string_lossy()],
            b"",
        );
        let report = r.report();
        let impatience: Vec<&common::Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "taboo.impatience")
            .collect();
        assert_eq!(impatience.len(), 1, "{}", r.stdout);
        assert_eq!(impatience[0].conversation.as_deref(), Some("88"));
        assert_eq!(impatience[0].role, Some(Role::Agent));
        assert_eq!(impatience[0].speaker.as_deref(), Some("A07"));
        assert_eq!((impatience[0].line, impatience[0].column), (3, 28));
    }
    // Without it there is no message column to read, and the file is refused with a hint.
    let r = run_in(dir.path(), &["check", "--no-config", "export.csv"], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("export.csv:1"), "{}", r.stderr);
    assert!(r.stderr.contains("no message column"), "{}", r.stderr);
    assert!(r.stderr.contains("[input.fields]"), "{}", r.stderr);
}

#[test]
fn broken_config_exits_2_with_its_place() {
    let dir = folder(&[
        ("replylint.toml", "[roles]\nagent = [\"(\"]\n".as_bytes()),
        ("other.toml", "[input]\nfromat = \"csv\"\n".as_bytes()),
        ("a.txt", "客服：您好\n".as_bytes()),
    ]);
    let r = run_in(dir.path(), &["check", "a.txt"], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid agent pattern"), "{}", r.stderr);
    assert!(r.stderr.contains("replylint.toml:2:10"), "{}", r.stderr);
    let r = run_in(
        dir.path(),
        &["check", "--config", "other.toml", "a.txt"],
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown field `fromat`"), "{}", r.stderr);
    assert!(r.stderr.contains("other.toml:2:1"), "{}", r.stderr);
    let r = run_in(
        dir.path(),
        &["check", "--config", "missing.toml", "a.txt"],
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cannot read configuration"),
        "{}",
        r.stderr
    );
}

#[test]
fn folders_respect_gitignore_hidden_files_and_globs() {
    let rude = "客服：催什么催\n".as_bytes();
    let dir = folder(&[
        (".gitignore", b"ignored/\n"),
        ("chats/a.txt", rude),
        (
            "chats/b.jsonl",
            "{\"speaker\": \"客服\", \"text\": \"催什么催\"}\n".as_bytes(),
        ),
        ("chats/.hidden.txt", rude),
        ("ignored/c.txt", rude),
        ("chats/notes.md", rude),
        ("chats/pack.toml", b"[pack]\nname = \"x\"\n"),
    ]);
    std::fs::create_dir_all(dir.path().join(".git")).expect("a git folder, so .gitignore counts");
    let paths = |args: &[&str]| reported_paths(dir.path(), args);
    assert_eq!(paths(&["."]), ["./chats/a.txt", "./chats/b.jsonl"]);
    assert_eq!(
        paths(&["--hidden", "."]),
        ["./chats/.hidden.txt", "./chats/a.txt", "./chats/b.jsonl"]
    );
    assert_eq!(
        paths(&["--no-ignore", "."]),
        ["./chats/a.txt", "./chats/b.jsonl", "./ignored/c.txt"]
    );
    assert_eq!(paths(&["--glob", "*.jsonl", "."]), ["./chats/b.jsonl"]);
    assert_eq!(paths(&["--glob", "!*.jsonl", "."]), ["./chats/a.txt"]);
    // A glob names files of any extension.
    assert_eq!(paths(&["-g", "*.md", "."]), ["./chats/notes.md"]);
    let bad = run_in(dir.path(), &["check", "--glob", "a[", "."], b"");
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("invalid glob"), "{}", bad.stderr);
}

#[test]
fn several_json_values_are_json_lines_only_one_per_line() {
    let two = "{\"speaker\": \"客服\", \"text\": \"催什么催\"}\n{\"speaker\": \"客服\", \"text\": \"你着什么急\"}\n";
    let glued = "{\"speaker\": \"客服\", \"text\": \"催什么催\"}{\"speaker\": \"客服\", \"text\": \"好\"}\n";
    let trailing = "{\"speaker\": \"客服\", \"text\": \"催什么催\"}\n}\n";
    let dir = folder(&[
        ("two.json", two.as_bytes()),
        ("glued.json", glued.as_bytes()),
        ("trailing.json", trailing.as_bytes()),
    ]);
    let r = run_in(
        dir.path(),
        &["check", "--format", "concise", "two.json"],
        b"",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("two.json:1:"), "{}", r.stdout);
    assert!(r.stdout.contains("two.json:2:"), "{}", r.stdout);
    for (file, at) in [
        ("glued.json", "glued.json:1:"),
        ("trailing.json", "trailing.json:2:1"),
    ] {
        let r = run_in(dir.path(), &["check", file], b"");
        assert_eq!(r.code, 2, "{file}");
        assert!(r.stdout.starts_with("No findings"), "{}", r.stdout);
        assert!(
            r.stderr.contains("invalid JSON: trailing characters"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains(at), "{}", r.stderr);
    }
}

#[test]
fn malformed_records_are_reported_where_they_are_and_the_rest_is_checked() {
    let jsonl = "{\"speaker\": \"客服\", \"text\": \"您好\"}\n{\"speaker\": \"客服\", \"text\": 催什么催}\n{\"speaker\": \"客服\", \"text\": \"催什么催\"}\n{\"speaker\": \"客服\"}\n";
    let dir = folder(&[
        ("a.jsonl", jsonl.as_bytes()),
        ("broken.json", b"[{\"speaker\": \"x\",\n  \"text\": }]\n"),
        ("ok.txt", "客服：着什么急啊\n".as_bytes()),
    ]);
    let r = run_in(dir.path(), &["check", "--format", "json", "."], b"");
    assert_eq!(r.code, 2, "a malformed JSON document is an error");
    assert!(r.stderr.contains("broken.json:2:11"), "{}", r.stderr);
    assert!(r.stderr.contains("invalid JSON"), "{}", r.stderr);
    let report = r.report();
    let got: Vec<(String, String, u64)> = report
        .diagnostics
        .into_iter()
        .map(|d| (d.path, d.rule, d.line))
        .filter(|(_, rule, _)| rule.starts_with("input.") || rule.starts_with("taboo."))
        .collect();
    let expected = [
        ("./a.jsonl", "input.unparsed", 2),
        ("./a.jsonl", "taboo.impatience", 3),
        ("./a.jsonl", "input.unparsed", 4),
        ("./ok.txt", "taboo.impatience", 1),
    ];
    let expected: Vec<(String, String, u64)> = expected
        .iter()
        .map(|(p, r, l)| ((*p).to_owned(), (*r).to_owned(), *l))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn encoding_can_be_forced() {
    let r = run(&[
        "check",
        "--format",
        "json",
        "--encoding",
        "gbk",
        "fixtures/formats/gbk.txt",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.report().rules().contains(&"taboo.impatience"));
    let r = run(&["check", "--encoding", "utf-8", "fixtures/formats/gbk.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not valid UTF-8 text"), "{}", r.stderr);
    let r = run(&["check", "--encoding", "klingon", "fixtures/formats/gbk.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown encoding"), "{}", r.stderr);
}

#[test]
fn jsonl_output_has_the_json_report_diagnostics_one_per_line() {
    let json = run(&[
        "check",
        "--format",
        "json",
        "fixtures/formats",
        "fixtures/canned",
    ]);
    let jsonl = run(&[
        "check",
        "--format",
        "jsonl",
        "fixtures/formats",
        "fixtures/canned",
    ]);
    assert_eq!((json.code, jsonl.code), (1, 1));
    let lines = jsonl.jsonl();
    let document = json.report();
    assert_eq!(lines, document.diagnostics);
    assert!(lines.len() > 20);
    // Byte for byte too, not only once read: the same objects, compacted.
    let raw: Vec<serde_json::Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(serde_json::Value::from(raw), json.json()["diagnostics"]);
}

/// The paths that get findings when `check --format json ARGS` runs in `dir`.
fn reported_paths(dir: &std::path::Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all, b"");
    let mut p: Vec<String> = r.report().diagnostics.into_iter().map(|d| d.path).collect();
    p.dedup();
    p
}

/// `(rule, role)` of the taboo findings of a run, with its exit code.
fn taboos(dir: &std::path::Path, args: &[&str], stdin: &[u8]) -> (i32, Vec<(String, String)>) {
    let mut all = vec!["check", "--no-config", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all, stdin);
    let found = r
        .report()
        .diagnostics
        .into_iter()
        .filter(|d| d.rule.starts_with("taboo."))
        .map(|d| {
            let Some(role) = d.role else {
                panic!("a taboo finding without a role: {d:?}")
            };
            (d.rule, role.as_str().to_owned())
        })
        .collect();
    (r.code, found)
}

#[test]
fn shapes_that_used_to_be_misread() {
    let impatience = || vec![("taboo.impatience".to_owned(), "agent".to_owned())];
    let big_line = format!(
        "{{\"speaker\": \"顾客\", \"text\": \"{}\"}}\n{{\"speaker\": \"客服\", \"text\": \"催什么催\"}}\n",
        "在吗".repeat(20_000)
    );
    let mut gbk = "[2024-05-01 10:00:00] 客服小王: ".to_owned();
    gbk.push_str(&"好".repeat(40_000));
    gbk.push_str("，催什么催\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&gbk);
    let utf16: Vec<u8> = "顾客: 在吗\n客服: 催什么催\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let dir = folder(&[
        // A tab-separated export saved as .csv.
        ("tabs.csv", "会话ID\t发送方\t内容\nc1\t顾客\t催什么催\nc1\t客服\t催什么催\n".as_bytes()),
        // A ticket category column does not make a chat export a canned library.
        ("tickets.csv", "工单号,分类,发送时间,发送方,内容\nT1,物流,2024-05-01 10:00:00,顾客,催什么催\nT1,物流,2024-05-01 10:00:30,客服,催什么催\n".as_bytes()),
        // Minified JSON on one line is a document, not JSON Lines.
        ("min.json", r#"{"101":{"messages":[{"role":"usr","content":"在吗"},{"role":"sys","content":"催什么催"}]}}"#.as_bytes()),
        // JSON Lines in a .json file whose first line is longer than the sniffed block.
        ("long.json", big_line.as_bytes()),
        // GBK with a character cut by the 64 KiB sniff block.
        ("gbk.txt", &gbk),
        // UTF-16LE written without a byte-order mark.
        ("utf16.txt", &utf16),
    ]);
    for file in [
        "tabs.csv",
        "tickets.csv",
        "min.json",
        "long.json",
        "gbk.txt",
        "utf16.txt",
    ] {
        assert_eq!(
            taboos(dir.path(), &[file], b""),
            (1, impatience()),
            "{file}"
        );
    }
    // A canned TOML library on stdin.
    let toml = "[[reply]]\ntext = \"催什么催\"\n";
    assert_eq!(
        taboos(dir.path(), &["-"], toml.as_bytes()),
        (1, impatience())
    );
    assert_eq!(
        taboos(
            dir.path(),
            &["--input-format", "canned", "-"],
            toml.as_bytes()
        ),
        (1, impatience())
    );
}

#[test]
fn role_values_follow_the_configured_patterns() {
    let dir = folder(&[
        (
            "c.csv",
            "conversation_id,sender,sender_type,text\nc1,tb_1,1,催什么催\nc1,小王,2,催什么催\n"
                .as_bytes(),
        ),
        (
            "replylint.toml",
            "[roles]\nagent = [\"^2$\"]\ncustomer = [\"^1$\"]\n".as_bytes(),
        ),
    ]);
    let r = run_in(dir.path(), &["check", "--format", "json", "c.csv"], b"");
    let flagged: Vec<(Option<String>, u64, Option<Role>)> = r
        .report()
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == "taboo.impatience")
        .map(|d| (d.speaker, d.line, d.role))
        .collect();
    assert_eq!(flagged, [(Some("小王".to_owned()), 3, Some(Role::Agent))]);
}

#[test]
fn streamed_files_survive_broken_records_and_late_encoding_surprises() {
    // An unclosed quote near the top of a large CSV: that row is reported, the rest is read.
    let mut csv = "会话ID,发送方,内容\nc1,顾客,\"我要退货\n".to_owned();
    while csv.len() < 1_300_000 {
        csv.push_str("c2,客服,您好，请问有什么可以帮您？\n");
    }
    csv.push_str("c3,客服,催什么催\n");
    let rows = csv.lines().count() as u64;
    // A GBK export whose first 64 KB are ASCII, so the first block reads as UTF-8.
    let mut gbk = String::new();
    while gbk.len() < 100_000 {
        gbk.push_str("{\"session_id\": \"a\", \"speaker\": \"agent\", \"text\": \"ok\"}\n");
    }
    gbk.push_str("{\"session_id\": \"b\", \"speaker\": \"客服\", \"text\": \"催什么催\"}\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&gbk);
    // Bytes that are not UTF-8, past the first 64 KB of a UTF-8 file: read as U+FFFD and
    // reported at their line, and every turn is still checked.
    let mut broken = "{\"session_id\": \"a\", \"speaker\": \"客服\", \"text\": \"催什么催\"}\n"
        .repeat(2000)
        .into_bytes();
    broken.extend_from_slice(
        b"{\"session_id\": \"b\", \"speaker\": \"\xff\xfe\", \"text\": \"x\"}\n",
    );
    let bad_at = broken
        .iter()
        .position(|&b| b == 0xff)
        .expect("the bad bytes are in");
    let dir = folder(&[
        ("big.csv", csv.as_bytes()),
        ("gbk.jsonl", &gbk),
        ("broken.jsonl", &broken),
    ]);

    let r = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "jsonl", "big.csv"],
        b"",
    );
    let found: Vec<(String, u64)> = r
        .jsonl()
        .into_iter()
        .filter(|d| d.rule == "input.unparsed" || d.rule == "taboo.impatience")
        .map(|d| (d.rule, d.line))
        .collect();
    assert_eq!(
        found,
        [
            ("input.unparsed".to_owned(), 2),
            ("taboo.impatience".to_owned(), rows)
        ]
    );

    assert_eq!(
        taboos(dir.path(), &["gbk.jsonl"], b""),
        (1, vec![("taboo.impatience".to_owned(), "agent".to_owned())])
    );

    let r = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "broken.jsonl"],
        b"",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report = r.report();
    let invalid: Vec<(u64, u64)> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "input.invalid-bytes")
        .map(|d| (d.line, d.column))
        .collect();
    let bad_line = broken[..bad_at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    assert_eq!(invalid, [(bad_line, 33), (bad_line, 34)]);
    assert_eq!(
        report
            .rules()
            .iter()
            .filter(|r| **r == "taboo.impatience")
            .count(),
        2000
    );
}

#[test]
fn command_line_globs_and_encoding_override_the_configuration() {
    let rude = "客服：催什么催\n".as_bytes();
    let dir = folder(&[
        (
            "replylint.toml",
            b"[input]\nglob = [\"*.csv\"]\nencoding = \"utf-16le\"\n",
        ),
        ("a.txt", rude),
        ("b.csv", "发送方,内容\n客服,催什么催\n".as_bytes()),
    ]);
    let paths = |args: &[&str]| reported_paths(dir.path(), args);
    // The configuration's encoding is wrong for these files; `--encoding auto` detects.
    assert_eq!(paths(&["--encoding", "auto", "."]), ["./b.csv"]);
    assert_eq!(
        paths(&["--encoding", "auto", "--glob", "*.txt", "."]),
        ["./a.txt"]
    );
    let r = run_in(dir.path(), &["check", "--glob", "[a-", "."], b"");
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.contains("invalid glob"), "{}", r.stderr);
}

#[test]
fn a_bad_glob_in_the_configuration_is_shown_where_it_is_written() {
    let dir = folder(&[
        ("replylint.toml", b"[input]\nglob = [\"*.txt\", \"[a-\"]\n"),
        ("a.txt", "客服：催什么催\n".as_bytes()),
    ]);
    let r = run_in(dir.path(), &["check", "--color", "never", "."], b"");
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert!(r.stderr.contains("invalid glob"), "{}", r.stderr);
    assert!(r.stderr.contains("replylint.toml:2:"), "{}", r.stderr);
    // Globs on the command line replace the configuration's, the bad one included.
    let r = run_in(dir.path(), &["check", "--glob", "*.txt", "."], b"");
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn findings_and_rule_errors_far_into_a_long_line_are_drawn_in_a_window() {
    // One JSON Lines record of 70,000 characters with a taboo at its end, and a rule pack
    // written on one line with an error past column 65,535 (where miette cannot draw).
    let long_text = format!("{}催什么催", "好".repeat(70_000));
    let record =
        format!("{{\"conversation\": \"c1\", \"role\": \"agent\", \"text\": \"{long_text}\"}}\n");
    let phrases: Vec<String> = (0..20_000).map(|i| format!("\"词{i}\"")).collect();
    let pack = format!(
        "[pack]\nname = \"big\"\nversion = \"1\"\n[[rule]]\nid = \"big.word\"\nmessage = \"m\"\nphrases = [{}, \"坏\u{7}\"]\n",
        phrases.join(", ")
    );
    // A turn whose first line is long and which goes on to the next line.
    let two_lines = format!(
        "[2024-05-01 10:00:00] 顾客: 在吗\n[2024-05-01 10:00:30] 客服小林: {}\n催，请您稍等\n",
        "好".repeat(70_000)
    );
    let dir = folder(&[
        ("long.jsonl", record.as_bytes()),
        ("big.toml", pack.as_bytes()),
        ("two-lines.txt", two_lines.as_bytes()),
    ]);

    let r = run_in(dir.path(), &["check", "long.jsonl"], b"");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("long.jsonl:1:70050]"), "{}", r.stdout);
    assert!(r.stdout.contains("催什么催\"") && r.stdout.len() < 20_000);

    // The closing finding covers the whole turn, both lines: its label is still drawn.
    let r = run_in(dir.path(), &["check", "two-lines.txt"], b"");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("two-lines.txt:2:29]"), "{}", r.stdout);
    assert!(r.stdout.contains("this turn, said by 客服小林 (agent)"));
    assert!(r.stdout.len() < 20_000);

    let r = run_in(
        dir.path(),
        &["check", "--rules", "big.toml", "long.jsonl"],
        b"",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("invalid rule pack"), "{}", r.stderr);
    assert!(r.stderr.contains("big.toml:7:188904]"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn small_files_around_a_large_one_are_reported_in_path_order() {
    // 150 small files (checked in chunks) with a file of over two batches among them
    // (checked on its own after them), and one that is not there.
    let line = "[2024-05-01 10:00:00] 客服: 催什么催\n";
    let big_turns = (9 << 20) / line.len();
    let mut files: Vec<(String, Vec<u8>)> = (0..150)
        .map(|i| (format!("t{i:03}.txt"), line.as_bytes().to_vec()))
        .collect();
    files.push(("t075-big.txt".into(), line.repeat(big_turns).into_bytes()));
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let dir = folder(&named);
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--no-default-rules",
            "--rules",
            concat!(env!("CARGO_MANIFEST_DIR"), "/rules/hotline-taboo.toml"),
            ".",
            "missing.txt",
        ],
        b"",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("missing.txt"), "{}", r.stderr);
    let mut paths: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(".txt:"))
        .filter_map(|l| l.split(':').next())
        .collect();
    paths.dedup();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 151);
    let big = r
        .stdout
        .lines()
        .filter(|l| l.contains("t075-big.txt"))
        .count();
    assert_eq!(big, big_turns);
}

#[test]
fn ragged_csv_rows_are_checked_where_their_text_is_and_reported() {
    let csv = "会话ID,时间,发送人,内容\n1001,2024-06-01 20:10:00,顾客,在吗,急\n1001,2024-06-01 20:10:30,客服小王,您好,催什么催,大促期间都是48小时发货\n1001,2024-06-01 25:99:00,客服小王,祝您生活愉快，再见\n1001,2024-06-01 20:12:00\n";
    let dir = folder(&[("chat.csv", csv.as_bytes())]);
    let r = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "chat.csv"],
        b"",
    );
    let got: Vec<(String, u64, u64, Option<String>)> = r
        .report()
        .diagnostics
        .into_iter()
        .map(|d| (d.rule, d.line, d.column, d.matched))
        .collect();
    let at = |rule: &str, line, column, matched: Option<&str>| {
        (rule.to_owned(), line, column, matched.map(str::to_owned))
    };
    assert_eq!(
        got,
        [
            at("input.ragged-row", 2, 1, None),
            at("input.ragged-row", 3, 1, None),
            // The turn without a valid time stops the timing rules, which say so.
            at("timing.skipped", 3, 31, None),
            at("taboo.impatience", 3, 34, Some("催什么催")),
            at("input.bad-timestamp", 4, 6, None),
            // Fewer fields than the header and no message: reported, not dropped.
            at("input.ragged-row", 5, 1, None),
        ],
        "{}",
        r.stdout
    );
}

#[test]
fn a_csv_whose_lines_end_with_cr_alone_is_refused_with_the_cause() {
    let csv = "会话ID,角色,内容\r1,客服,喂，说吧\r1,顾客,你好\r";
    let dir = folder(&[("mac.csv", csv.as_bytes())]);
    let r = run_in(dir.path(), &["check", "--no-config", "mac.csv"], b"");
    assert_eq!(r.code, 2, "{}", r.stderr);
    // As drawn on a terminal, wrapped: compared word by word.
    let words: Vec<&str> = r.stderr.split_whitespace().filter(|w| *w != "│").collect();
    let said = words.join(" ");
    assert!(said.contains("mac.csv:1"), "{said}");
    assert!(said.contains("end with CR alone"), "{said}");
    assert!(!said.contains("no message column"), "{said}");
    // With CRLF the same rows are read.
    let dir = folder(&[("ok.csv", csv.replace('\r', "\r\n").as_bytes())]);
    let r = run_in(dir.path(), &["check", "--no-config", "ok.csv"], b"");
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn a_csv_with_a_header_and_no_rows_says_why_it_was_not_checked() {
    let dir = folder(&[
        ("header.csv", "会话ID,时间,发送方,内容\n".as_bytes()),
        (
            "rows.csv",
            "会话ID,时间,发送方,内容\n1,10:00,顾客,在吗\n".as_bytes(),
        ),
    ]);
    let r = run_in(dir.path(), &["check", "--no-config", "."], b"");
    assert!(
        r.stderr.contains("header.csv: nothing to check"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("rows.csv: nothing"), "{}", r.stderr);
    assert!(r.stdout.contains("1 file not checked"), "{}", r.stdout);
}
