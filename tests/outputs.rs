//! The CI and team formats (github, junit, csv) and the options around the report
//! (`--output`, `--exit-zero`, `--max-warnings`, `--statistics`), on real-looking chats.

mod common;

use common::{folder, run, run_in};

/// A shop chat with a taboo, a turn that starts like a spreadsheet formula, a comma and a
/// quote in a message, and terminal escape sequences.
const CHAT: &str = "=== order-1\n\
[2024-06-01 10:00:00] 顾客: 你好，我的快递到哪了？\n\
[2024-06-01 10:00:20] 客服小王: 您好，催什么催，等着吧\n\
[2024-06-01 10:00:40] 顾客: =HYPERLINK(\"http://x\",\"点我\")\n\
[2024-06-01 10:01:00] 客服小王: 您好，\"顺丰\"已发出，100%会到\u{1b}]0;pwned\u{7}\u{1b}[2J，祝您生活愉快，再见\n\
=== order-2\n\
[2024-06-01 11:00:00] 顾客: 有M码吗\n\
[2024-06-01 11:00:20] 客服小美: 您好，有的亲，祝您生活愉快，再见\n";

#[test]
fn github_annotations_name_file_line_and_column_and_escape_what_they_must() {
    let dir = folder(&[("canned, a:b/chat 1.txt", CHAT.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "github",
            "canned, a:b/chat 1.txt",
        ],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let taboo = out
        .stdout
        .lines()
        .find(|l| l.contains("title=taboo.impatience"))
        .unwrap_or_else(|| panic!("no impatience annotation:\n{}", out.stdout));
    assert!(
        taboo.starts_with(
            "::error file=canned%2C a%3Ab/chat 1.txt,line=3,endLine=3,col=32,endColumn=36,title=taboo.impatience::"
        ),
        "{taboo}"
    );
    assert!(taboo.ends_with("`催什么催`"), "{taboo}");
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
        "control characters reach the terminal:\n{}",
        out.stdout
    );
    // The closing summary line comes last.
    assert!(
        out.stdout
            .trim_end()
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("Found "))
    );
}

#[test]
fn github_writes_every_finding_to_the_job_summary() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").expect("written");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(["check", "--no-config", "--format", "github", "chat.txt"])
        .current_dir(dir.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let annotations = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("::"))
        .count();
    let md = std::fs::read_to_string(&summary).expect("the summary is written");
    assert!(
        md.starts_with("earlier step\n"),
        "appended, not replaced:\n{md}"
    );
    let rows = md.lines().filter(|l| l.starts_with("| chat.txt |")).count();
    assert_eq!(rows, annotations, "{md}");
    assert!(
        md.contains("| chat.txt | 3 | error | `taboo.impatience` |"),
        "{md}"
    );
    assert!(!md.contains('\u{1b}'), "{md}");
}

#[test]
fn junit_has_a_testcase_per_conversation_and_fails_those_with_findings() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "junit", "chat.txt"],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let mut reader = quick_xml::Reader::from_str(&out.stdout);
    let (mut suites, mut cases, mut failures) = (Vec::new(), Vec::new(), 0);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name)
                        .ok()
                        .flatten()
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                match e.name().as_ref() {
                    b"testsuite" => suites.push((attr("name"), attr("tests"), attr("failures"))),
                    b"testcase" => cases.push(attr("name")),
                    b"failure" => failures += 1,
                    _ => {}
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Err(err) => panic!("not well-formed XML: {err}\n{}", out.stdout),
            _ => {}
        }
    }
    assert_eq!(
        suites,
        [(Some("chat.txt".into()), Some("2".into()), Some("1".into()))]
    );
    assert_eq!(cases, [Some("order-1".into()), Some("order-2".into())]);
    assert_eq!(failures, 1, "order-2 is a clean conversation");
    assert!(!out.stdout.contains('\u{1b}'));
}

#[test]
fn csv_opens_in_excel_with_chinese_intact_and_formulas_neutralised() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "csv",
            "--fail-on",
            "info",
            "chat.txt",
        ],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.starts_with('\u{feff}'),
        "a byte-order mark for Excel"
    );
    let mut reader = csv::Reader::from_reader(out.stdout.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "path",
            "conversation",
            "line",
            "column",
            "cell",
            "speaker",
            "role",
            "rule",
            "severity",
            "message",
            "matched",
            "text"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let taboo = rows
        .iter()
        .find(|r| &r[7] == "taboo.impatience")
        .expect("the taboo row");
    assert_eq!(&taboo[0], "chat.txt");
    assert_eq!(&taboo[1], "order-1");
    assert_eq!(&taboo[2], "3");
    assert_eq!(&taboo[5], "客服小王");
    assert_eq!(&taboo[6], "agent");
    assert_eq!(&taboo[10], "催什么催");
    assert_eq!(
        &taboo[11], "您好，催什么催，等着吧",
        "the turn's whole message"
    );
    for row in &rows {
        for field in row.iter() {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet reads as a formula: {field:?}"
            );
        }
    }
}

#[test]
fn csv_turns_starting_with_a_formula_are_neutralised() {
    // A customer message that is a formula, reported (an unanswered-looking wait).
    let chat = "[2024-06-01 10:00:00] 顾客: 人呢？\n\
                [2024-06-01 10:00:20] 客服小王: =1+1 您好";
    let dir = folder(&[("f.txt", chat.as_bytes())]);
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "csv", "f.txt"],
        b"",
    );
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("standard.wait-apology"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(line.ends_with(",'=1+1 您好"), "{line}");
}

#[test]
fn output_writes_the_report_to_a_file_whole() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "-o",
            "report.json",
            "chat.txt",
        ],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "", "nothing on standard output");
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("report.json")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(report["summary"]["conversations"], 2);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("listed")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");

    let missing = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "-o",
            "no/such/folder/r.json",
            "chat.txt",
        ],
        b"",
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no/such/folder/r.json"),
        "{}",
        missing.stderr
    );
}

#[test]
fn exit_zero_and_max_warnings_decide_the_exit_code() {
    // One warning (a curt 等会儿), no error.
    let warning_only = "[2024-06-01 10:00:00] 顾客: 你好\n\
                        [2024-06-01 10:00:20] 客服小王: 您好，等会儿，我查一下\n\
                        [2024-06-01 10:00:50] 客服小王: 抱歉久等，已发货，祝您生活愉快，再见";
    let dir = folder(&[
        ("w.txt", warning_only.as_bytes()),
        ("chat.txt", CHAT.as_bytes()),
    ]);
    let code = |args: &[&str]| run_in(dir.path(), args, b"").code;
    assert_eq!(
        code(&["check", "--no-config", "w.txt"]),
        0,
        "warnings do not fail by default"
    );
    let strict = run_in(
        dir.path(),
        &["check", "--no-config", "--max-warnings", "0", "w.txt"],
        b"",
    );
    assert_eq!(strict.code, 1);
    assert!(
        strict
            .stderr
            .contains("1 warning, more than --max-warnings 0"),
        "the reason for failing is said: {}",
        strict.stderr
    );
    assert_eq!(
        code(&["check", "--no-config", "--max-warnings", "1", "w.txt"]),
        0
    );
    assert_eq!(code(&["check", "--no-config", "chat.txt"]), 1);
    assert_eq!(
        code(&["check", "--no-config", "--exit-zero", "chat.txt"]),
        0
    );
    assert_eq!(
        code(&[
            "check",
            "--no-config",
            "--exit-zero",
            "chat.txt",
            "missing.txt"
        ]),
        2,
        "a missing input is still an error"
    );
}

#[test]
fn statistics_count_findings_per_rule_and_per_speaker() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "concise",
            "--statistics",
            "chat.txt",
        ],
        b"",
    );
    let stats = out
        .stdout
        .split_once("findings per rule:\n")
        .map(|(_, s)| s.to_owned())
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(stats.contains("2  taboo.impatience (error)"), "{stats}");
    assert!(stats.contains("findings per speaker:\n"), "{stats}");
    assert!(stats.contains("  客服小王 (agent)"), "{stats}");
    // In a machine format they go to stderr, so the JSON stays JSON.
    let json = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--statistics",
            "chat.txt",
        ],
        b"",
    );
    json.report();
    assert!(
        json.stderr.contains("findings per rule:"),
        "{}",
        json.stderr
    );
}

#[test]
fn no_path_at_a_terminal_checks_the_current_folder() {
    // `script` gives the command a terminal, as a person typing `replylint check` has.
    let dir = folder(&[("chats/a.txt", CHAT.as_bytes())]);
    let command = format!(
        "{} check --no-config --format concise",
        env!("CARGO_BIN_EXE_replylint")
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("chats/a.txt:3:32: error[taboo.impatience]"),
        "{text}"
    );
    // With a pipe on standard input it reads the pipe.
    let piped = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "concise"],
        CHAT.as_bytes(),
    );
    assert!(
        piped.stdout.contains("-:3:32: error[taboo.impatience]"),
        "{}",
        piped.stdout
    );
}

#[test]
fn pretty_and_concise_show_escape_sequences_as_visible_text() {
    let dir = folder(&[("chat.txt", CHAT.as_bytes())]);
    for format in ["pretty", "concise"] {
        let out = run_in(
            dir.path(),
            &[
                "check",
                "--no-config",
                "--color",
                "always",
                "--format",
                format,
                "chat.txt",
            ],
            b"",
        );
        assert!(
            !out.stdout.contains("\u{1b}]0;"),
            "{format}: {}",
            out.stdout
        );
        assert!(
            !out.stdout.contains("\u{1b}[2J"),
            "{format}: {}",
            out.stdout
        );
        assert!(!out.stdout.contains('\u{7}'), "{format}: {}", out.stdout);
    }
    let pretty = run(&["check", "--color", "never", "fixtures/taboo/arguing.txt"]);
    assert!(
        !pretty.stdout.contains("\\u{"),
        "ordinary transcripts are drawn as they are"
    );
}

#[test]
fn output_never_replaces_an_input_a_link_or_a_read_only_file() {
    let dir = folder(&[("chats/chat.txt", CHAT.as_bytes())]);
    let chat = dir.path().join("chats/chat.txt");
    let same = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "-o",
            "chats/chat.txt",
            "chats/chat.txt",
        ],
        b"",
    );
    assert_eq!(same.code, 2, "{}", same.stderr);
    assert!(
        same.stderr.contains("both an input and the --output"),
        "{}",
        same.stderr
    );
    assert_eq!(std::fs::read_to_string(&chat).expect("kept"), CHAT);

    // A report kept in the folder it checks is not read back as a transcript.
    let args = [
        "check",
        "--no-config",
        "--format",
        "csv",
        "-o",
        "chats/report.csv",
        "chats",
    ];
    let rows = || {
        std::fs::read_to_string(dir.path().join("chats/report.csv"))
            .expect("the report")
            .lines()
            .count()
    };
    let first = run_in(dir.path(), &args, b"");
    let after_first = rows();
    let second = run_in(dir.path(), &args, b"");
    assert_eq!((first.code, second.code), (1, 1), "{}", second.stderr);
    assert!(
        second.stderr.contains("it is this run's --output"),
        "{}",
        second.stderr
    );
    assert_eq!(rows(), after_first, "the second run reports the same rows");

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("chats/report.csv", dir.path().join("latest.csv"))
            .expect("linked");
        let linked = run_in(
            dir.path(),
            &[
                "check",
                "--no-config",
                "--format",
                "json",
                "-o",
                "latest.csv",
                "chats/chat.txt",
            ],
            b"",
        );
        assert_eq!(linked.code, 1, "{}", linked.stderr);
        let link = std::fs::symlink_metadata(dir.path().join("latest.csv")).expect("kept");
        assert!(link.is_symlink(), "the link is kept");
        let through = std::fs::read_to_string(dir.path().join("chats/report.csv")).expect("read");
        assert!(
            through.starts_with('{'),
            "written through the link: {through}"
        );
    }

    let read_only = dir.path().join("ro.json");
    std::fs::write(&read_only, "old").expect("written");
    let mut perms = std::fs::metadata(&read_only).expect("meta").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&read_only, perms).expect("read-only");
    let refused = run_in(
        dir.path(),
        &["check", "--no-config", "-o", "ro.json", "chats/chat.txt"],
        b"",
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("read-only"), "{}", refused.stderr);
    assert_eq!(std::fs::read_to_string(&read_only).expect("kept"), "old");
}

#[test]
fn a_bare_cr_and_invisible_characters_keep_the_excerpt_right_and_visible() {
    let chat = "[2024-06-01 10:00:00] 顾客: 在吗\n\
[2024-06-01 10:00:30] 客服小王: 您好\n\
[2024-06-01 10:01:00] 顾客: 快点\rOK\n\
[2024-06-01 10:01:30] 客服小王: 催\u{202e}什么催\n";
    let dir = folder(&[("chat.txt", chat.as_bytes())]);
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "--color", "never", "chat.txt"],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(" 3 │ [2024-06-01 10:01:00] 顾客: 快点\\rOK\n"),
        "line 3 drawn whole, its CR visible:\n{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(" 4 │ [2024-06-01 10:01:30] 客服小王: 催\\u{202e}什么催"),
        "line 4 numbered 4, the override visible:\n{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\r') && !out.stdout.contains('\u{202e}'));
    // Without them, the same excerpt is drawn as it is.
    let plain = chat.replace('\r', " ").replace('\u{202e}', "");
    std::fs::write(dir.path().join("chat.txt"), plain).expect("written");
    let out = run_in(
        dir.path(),
        &["check", "--no-config", "--color", "never", "chat.txt"],
        b"",
    );
    assert!(
        out.stdout
            .contains(" 4 │ [2024-06-01 10:01:30] 客服小王: 催什么催"),
        "{}",
        out.stdout
    );
}

#[test]
fn no_command_writes_its_output_over_a_transcript_it_reads() {
    let chat = "[2024-06-01 10:00:00] 顾客: 在吗\n[2024-06-01 10:00:20] 客服小美: 您好，请问有什么可以帮您？\n";
    let dir = folder(&[("chats/a.txt", chat.as_bytes())]);
    for command in ["check", "grade", "report", "sample"] {
        // Named as an input, or found in a folder being read: refused, the chat intact.
        for (output, input) in [("chats/a.txt", "chats/a.txt"), ("chats/a.txt", "chats")] {
            let out = run_in(
                dir.path(),
                &[command, "--no-config", "-o", output, input],
                b"",
            );
            assert_eq!(out.code, 2, "{command} -o {output} {input}: {}", out.stderr);
            assert_eq!(
                std::fs::read_to_string(dir.path().join("chats/a.txt")).unwrap(),
                chat,
                "{command} -o {output} {input}"
            );
        }
    }
    // An earlier report in the folder is this run's output: left out and replaced.
    for args in [
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "-o",
            "chats/r.json",
            "chats",
        ][..],
        &[
            "grade",
            "--no-config",
            "--format",
            "csv",
            "-o",
            "chats/g.csv",
            "chats",
        ][..],
    ] {
        assert_eq!(run_in(dir.path(), args, b"").code, 0, "{args:?}");
        let again = run_in(dir.path(), args, b"");
        assert_eq!(again.code, 0, "{args:?}: {}", again.stderr);
        assert!(
            again
                .stderr
                .contains("not checked: it is this run's --output"),
            "{}",
            again.stderr
        );
    }
}
