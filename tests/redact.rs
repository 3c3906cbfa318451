//! `--redact`: no digit run of a reported number, and no reported address or e-mail, in any
//! output format of any command, whichever side said it and however the export spells it.

mod common;

use calamine::{Reader, open_workbook_auto};
use common::{folder, run_in};

/// Personal data the chats below hold, agent and customer side, in the forms written.
const SECRETS: &[&str] = &[
    "13998765432",
    "18600001234",
    "13812345678",
    "330106198805123419",
    "6222021001123456789",
    "zhangsan1988",
    "文三路90号",
];

const CHAT: &str = "\
[2024-06-03 14:02:11] 顾客: 你好，我的手机是 138 1234 5678，快递一直没到
[2024-06-03 14:02:40] 客服小雅: 您好，请问有什么可以帮您？已核对138-1234-5678
[2024-06-03 14:03:50] 客服小雅: 收件人电话登记的是13998765432，地址是浙江省杭州市西湖区文三路90号东部软件园3号楼501室
[2024-06-03 14:05:02] 客服小雅: 他的身份证330106198805123419，卡号6222 0210 0112 3456 789，邮箱zhangsan1988@qq.com
[2024-06-03 14:05:40] 顾客: 你们怎么能随便发别人的信息
[2024-06-03 14:06:15] 客服小雅: 非常抱歉，给您添麻烦了。感谢您的耐心，祝您生活愉快！
";

/// The same data in a JSON Lines export, digits written as `\u` escapes in one message
/// and the agent named by a number.
const JSONL: &str = r#"{"session_id":"s-1","time":"2024-06-03 14:02:11","role":"customer","sender":"tb_88","content":"我的电话\u0031\u0033\u0039\u0039\u0038\u0037\u0036\u0035\u0034\u0033\u0032"}
{"session_id":"s-1","time":"2024-06-03 14:02:40","role":"agent","sender":"客服18600001234","content":"您好，您说的是13998765432吗？另一位顾客的是18600001234"}
"#;

/// Every 6-digit window of the numbers, and the other secrets whole.
fn leaks(output: &str) -> Vec<String> {
    let mut found = Vec::new();
    for secret in SECRETS {
        let digits: Vec<char> = secret.chars().collect();
        let windows: Vec<String> = if secret.chars().all(|c| c.is_ascii_digit()) {
            digits.windows(6).map(|w| w.iter().collect()).collect()
        } else {
            vec![secret.to_string()]
        };
        found.extend(windows.into_iter().filter(|w| output.contains(w.as_str())));
    }
    found
}

fn assert_masked(what: &str, output: &str) {
    let found = leaks(output);
    assert!(found.is_empty(), "{what} shows {found:?}:\n{output}");
}

#[test]
fn no_output_of_any_command_shows_the_data() {
    let dir = folder(&[
        ("chats/leak.txt", CHAT.as_bytes()),
        ("chats/export.jsonl", JSONL.as_bytes()),
    ]);
    let run = |args: &[&str]| {
        let mut all = vec![args[0], "--no-config", "--redact", "--color", "never"];
        all.extend(&args[1..]);
        all.push("chats");
        run_in(dir.path(), &all, b"")
    };
    // Without --redact the data is there, so the test would see a leak.
    let plain = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "chats"],
        b"",
    );
    assert!(!leaks(&plain.stdout).is_empty(), "{}", plain.stdout);
    let report = plain.report();
    for rule in [
        "privacy.mobile",
        "privacy.id-number",
        "privacy.bank-card",
        "privacy.email",
        "privacy.address",
    ] {
        assert!(
            report.rules().contains(&rule),
            "{rule} not reported: {}",
            plain.stdout
        );
    }

    for format in [
        "pretty", "concise", "json", "jsonl", "csv", "sarif", "github", "gitlab", "junit",
    ] {
        let out = run(&["check", "--format", format]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert_masked(&format!("check --format {format}"), &out.stdout);
        assert_masked(&format!("check --format {format} (stderr)"), &out.stderr);
    }
    let stats = run(&["check", "--statistics", "--format", "concise"]);
    assert_masked("check --statistics", &stats.stdout);
    for format in ["table", "json", "csv", "junit"] {
        let out = run(&["grade", "--explain", "--format", format]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert_masked(&format!("grade --format {format}"), &out.stdout);
    }
    let out = run(&["report", "-o", "report.html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(
        page.contains("收件人电话登记的是"),
        "the page shows the messages"
    );
    assert_masked("report", &page);
    let out = run(&["sample", "--seed", "1", "-o", "sample.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sample = std::fs::read_to_string(dir.path().join("sample.csv")).unwrap();
    assert!(sample.contains("客服小雅"), "{sample}");
    assert_masked("sample.csv", &sample);
    let out = run(&["sample", "--seed", "1", "-o", "sample.xlsx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut book = open_workbook_auto(dir.path().join("sample.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.len() > 10);
    assert_masked("sample.xlsx", &cells.join("\n"));
    let out = run(&["check", "--write-baseline", "baseline.jsonl"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let baseline = std::fs::read_to_string(dir.path().join("baseline.jsonl")).unwrap();
    assert!(baseline.contains("privacy.mobile"), "{baseline}");
    assert_masked("baseline", &baseline);
    // A baseline written with --redact is read with --redact.
    let out = run(&["check", "--baseline", "baseline.jsonl"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
}

#[test]
fn masking_keeps_every_position() {
    let dir = folder(&[("leak.txt", CHAT.as_bytes())]);
    let json = |redact: bool| {
        let mut args = vec!["check", "--no-config", "--format", "json", "leak.txt"];
        if redact {
            args.push("--redact");
        }
        run_in(dir.path(), &args, b"").report()
    };
    let (plain, masked) = (json(false), json(true));
    assert_eq!(plain.diagnostics.len(), masked.diagnostics.len());
    for (p, m) in plain.diagnostics.iter().zip(&masked.diagnostics) {
        let at = |d: &common::Diagnostic| {
            (
                d.rule.clone(),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.byte_start,
                d.byte_end,
            )
        };
        assert_eq!(at(p), at(m));
    }
}

#[test]
fn inspect_masks_speakers_and_unread_lines() {
    let csv = "会话ID,时间,发送方,内容\nS1,2024-06-01 10:00:00,13812345678,在吗 我的手机13998765432\nS1,2024-06-01 10:00:10,客服小美,您好\n";
    let dir = folder(&[("calls.csv", csv.as_bytes())]);
    let plain = run_in(dir.path(), &["inspect", "--no-config", "calls.csv"], b"");
    assert!(!leaks(&plain.stdout).is_empty(), "{}", plain.stdout);
    for format in ["text", "json"] {
        let out = run_in(
            dir.path(),
            &[
                "inspect",
                "--no-config",
                "--redact",
                "--format",
                format,
                "calls.csv",
            ],
            b"",
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_masked(&format!("inspect --format {format}"), &out.stdout);
    }
}

#[test]
fn a_baseline_matches_across_redacted_and_plain_runs_and_tells_numbers_apart() {
    let dir = folder(&[("chats/leak.txt", CHAT.as_bytes())]);
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--no-config", "--format", "concise"];
        args.extend_from_slice(extra);
        args.push("chats");
        run_in(dir.path(), &args, b"")
    };
    let all = check(&[]);
    let reported = all.stdout.lines().filter(|l| l.contains("error[")).count();
    assert!(reported >= 4, "{}", all.stdout);
    for (write, mode) in [("red.jsonl", "--redact"), ("plain.jsonl", "--exit-zero")] {
        let written = check(&[mode, "--write-baseline", write]);
        assert_eq!(written.code, 0, "{}", written.stderr);
    }
    let red = std::fs::read_to_string(dir.path().join("red.jsonl")).unwrap();
    assert_masked("a baseline written with --redact", &red);
    assert!(red.contains("\"digest\":\"x"), "{red}");
    // Either baseline hides every finding, in a plain run and in a redacted one.
    for baseline in ["red.jsonl", "plain.jsonl"] {
        for mode in ["--exit-zero", "--redact"] {
            let out = check(&[mode, "--baseline", baseline]);
            assert!(
                !out.stdout.contains("error["),
                "{baseline} {mode}:\n{}",
                out.stdout
            );
            assert!(
                out.stderr
                    .contains(&format!("{} findings hidden", all_findings(&all))),
                "{baseline} {mode}: {}",
                out.stderr
            );
        }
    }
    // Another number in the same place is a new finding, however the baseline was written.
    let other = CHAT.replace("13998765432", "13311112222");
    std::fs::write(dir.path().join("chats/leak.txt"), other).unwrap();
    for baseline in ["red.jsonl", "plain.jsonl"] {
        let out = check(&["--redact", "--baseline", baseline]);
        assert!(
            out.stdout.contains("error[privacy.mobile]"),
            "{baseline}:\n{}\n{}",
            out.stdout,
            out.stderr
        );
        assert!(!out.stdout.contains("13311112222"), "{}", out.stdout);
    }
}

#[test]
fn code_scanning_fingerprints_match_across_redacted_and_plain_runs_and_tell_numbers_apart() {
    // SARIF's primaryLocationLineHash and GitLab's fingerprint, per rule and line.
    let fingerprints = |chat: &str, format: &str, redact: bool| {
        let dir = folder(&[("leak.txt", chat.as_bytes())]);
        let mut args = vec!["check", "--no-config", "--exit-zero", "--format", format];
        if redact {
            args.push("--redact");
        }
        args.push("leak.txt");
        let out = run_in(dir.path(), &args, b"");
        assert_eq!(out.code, 0, "{}", out.stderr);
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        let mut found: Vec<(String, u64, String)> = if format == "sarif" {
            doc["runs"][0]["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|r| {
                    (
                        r["ruleId"].as_str().unwrap_or_default().to_owned(),
                        r["locations"][0]["physicalLocation"]["region"]["startLine"]
                            .as_u64()
                            .unwrap_or_default(),
                        r["partialFingerprints"]["primaryLocationLineHash"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                    )
                })
                .collect()
        } else {
            doc.as_array()
                .expect("issues")
                .iter()
                .map(|i| {
                    (
                        i["check_name"].as_str().unwrap_or_default().to_owned(),
                        i["location"]["lines"]["begin"].as_u64().unwrap_or_default(),
                        i["fingerprint"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        };
        found.sort();
        found
    };
    let other = CHAT.replace("13998765432", "13311112222");
    for format in ["sarif", "gitlab"] {
        let plain = fingerprints(CHAT, format, false);
        assert!(
            plain.iter().any(|(rule, ..)| rule == "privacy.mobile"),
            "{plain:?}"
        );
        assert_eq!(plain, fingerprints(CHAT, format, true), "{format}");
        let changed = fingerprints(&other, format, true);
        let on_line_3 = |found: &[(String, u64, String)]| -> Vec<String> {
            found
                .iter()
                .filter(|(rule, line, _)| rule == "privacy.mobile" && *line == 3)
                .map(|(.., hash)| hash.clone())
                .collect()
        };
        assert_eq!(on_line_3(&plain).len(), 1, "{plain:?}");
        assert_ne!(on_line_3(&plain), on_line_3(&changed), "{format}");
    }
}

/// The number of findings a concise run reported (its summary's errors, warnings and infos).
fn all_findings(out: &common::Run) -> usize {
    out.stdout
        .lines()
        .filter(|l| l.contains("error[") || l.contains("warning[") || l.contains("info["))
        .count()
}
