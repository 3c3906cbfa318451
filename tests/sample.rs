//! `replylint sample`: a seeded, stratified review sample whose verdicts read back as a
//! baseline.

mod common;

use common::{folder, run_in};

fn chat(agent: &str, reply: &str, day: u32) -> String {
    format!(
        "[2024-05-{day:02} 10:00:00] 顾客: 在吗，我的快递到哪了？\n\
[2024-05-{day:02} 10:00:20] {agent}: {reply}\n\
[2024-05-{day:02} 10:01:00] 顾客: 好的\n\
[2024-05-{day:02} 10:01:20] {agent}: 不客气，祝您生活愉快，欢迎下次光临！\n"
    )
}

/// Two agents, ten conversations each: polite, rude, and one insult for 客服小美.
fn chats() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 1..=10 {
        let polite = "您好，请您稍等，我为您查询一下物流。";
        let rude = "喂，说吧，你自己不会查物流吗";
        let (a, b) = if i % 3 == 0 {
            (rude, rude)
        } else {
            (polite, polite)
        };
        files.push((format!("chats/wang-{i:02}.txt"), chat("客服小王", a, i)));
        let b = if i == 7 {
            "您好，你神经病吧"
        } else {
            b
        };
        files.push((format!("chats/mei-{i:02}.txt"), chat("客服小美", b, i)));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    folder(&refs)
}

fn conversations(csv: &str) -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for r in reader.records() {
        let r = r.unwrap();
        let key = (r[0].to_owned(), r[2].to_owned(), r[4].to_owned());
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    seen
}

#[test]
fn the_same_seed_gives_the_same_sample_and_every_fatal_conversation_is_in_it() {
    let dir = chats();
    let args = [
        "sample",
        "--no-config",
        "--per-agent",
        "3",
        "--seed",
        "11",
        "chats",
    ];
    let first = run_in(dir.path(), &args, b"");
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stderr.contains("seed 11"), "{}", first.stderr);
    let again = run_in(dir.path(), &args, b"");
    assert_eq!(first.stdout, again.stdout, "the same seed, the same sample");
    let drawn = conversations(&first.stdout);
    assert_eq!(drawn.len(), 6, "3 per agent: {drawn:?}");
    assert!(
        drawn.iter().any(|(_, c, _)| c.ends_with("mei-07.txt")),
        "the fatal one: {drawn:?}"
    );
    // Stratified: each agent's sample holds failing and passing conversations.
    for agent in ["客服小王", "客服小美"] {
        let bands: Vec<&str> = drawn
            .iter()
            .filter(|(a, _, _)| a == agent)
            .map(|(_, _, b)| b.as_str())
            .collect();
        assert!(
            bands.contains(&"fail") && bands.contains(&"100"),
            "{agent}: {bands:?}"
        );
    }
    let other = run_in(
        dir.path(),
        &[
            "sample",
            "--no-config",
            "--per-agent",
            "3",
            "--seed",
            "12",
            "chats",
        ],
        b"",
    );
    assert_eq!(conversations(&other.stdout).len(), 6);
}

#[test]
fn verdicts_filled_in_read_back_as_a_baseline_and_in_the_precision_report() {
    let dir = chats();
    let out = run_in(
        dir.path(),
        &[
            "sample",
            "--no-config",
            "--per-agent",
            "10",
            "--seed",
            "1",
            "-o",
            "sample.csv",
            "chats",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // A reviewer marks every finding of the sample a false positive (误报).
    let text = std::fs::read_to_string(dir.path().join("sample.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let verdict = header.iter().position(|h| h == "verdict").unwrap();
    let rule = header.iter().position(|h| h == "rule").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for r in reader.records() {
        let mut r: Vec<String> = r.unwrap().iter().map(str::to_owned).collect();
        if !r[rule].is_empty() {
            r[verdict] = "误报".into();
        }
        writer.write_record(&r).unwrap();
    }
    std::fs::write(
        dir.path().join("reviewed.csv"),
        writer.into_inner().unwrap(),
    )
    .unwrap();

    let all = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "chats"],
        b"",
    );
    assert!(!all.report().diagnostics.is_empty());
    let hidden = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "reviewed.csv",
            "chats",
        ],
        b"",
    );
    assert_eq!(hidden.code, 0, "{}", hidden.stderr);
    assert!(hidden.report().diagnostics.is_empty(), "{}", hidden.stdout);
    let precision = run_in(dir.path(), &["rules", "--precision", "reviewed.csv"], b"");
    assert!(
        precision.stdout.contains("taboo.rude-opening"),
        "{}",
        precision.stdout
    );
    assert!(precision.stdout.contains("0.000"), "{}", precision.stdout);
}

#[test]
fn a_sample_saved_as_a_workbook_reads_back_as_a_baseline() {
    let dir = chats();
    let out = run_in(
        dir.path(),
        &[
            "sample",
            "--no-config",
            "--per-agent",
            "10",
            "--seed",
            "3",
            "-o",
            "sample.xlsx",
            "chats",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let bytes = std::fs::read(dir.path().join("sample.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip container");
    // Every conversation is in the sample, so the workbook holds every finding.
    let hidden = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "sample.xlsx",
            "chats",
        ],
        b"",
    );
    assert_eq!(hidden.code, 0, "{}", hidden.stderr);
    assert!(hidden.report().diagnostics.is_empty(), "{}", hidden.stdout);
}
