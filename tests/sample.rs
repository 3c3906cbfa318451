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

#[test]
fn a_message_longer_than_a_workbook_cell_is_cut_and_still_reads_back() {
    // A pasted spec sheet: one agent turn of 36,000 characters, with a taboo in it.
    let long = format!("喂，说吧，{}", "规格参数：长宽高各三十厘米。".repeat(2_600));
    let dir = folder(&[("chats/spec.txt", chat("客服小王", &long, 1).as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "sample",
            "--no-config",
            "--seed",
            "1",
            "-o",
            "sample.xlsx",
            "chats",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
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
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("sample.xlsx")).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("sample").unwrap();
    let cut = sheet
        .rows()
        .flat_map(|r| r.iter())
        .map(|c| c.to_string())
        .find(|c| c.contains("cut to fit the cell"))
        .expect("the long message, cut");
    assert!(cut.chars().count() <= 32_767, "{}", cut.chars().count());
}

/// Fill in `verdict` on every row with a finding, as QA would.
fn reviewed(sample: &str, verdict: &str) -> String {
    let mut reader = csv::Reader::from_reader(sample.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = headers.iter().position(|h| h == "verdict").unwrap();
    let rule = headers.iter().position(|h| h == "rule").unwrap();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&headers).unwrap();
    for r in reader.records() {
        let mut cells: Vec<String> = r.unwrap().iter().map(str::to_owned).collect();
        if !cells[rule].is_empty() {
            cells[at] = verdict.to_owned();
        }
        out.write_record(&cells).unwrap();
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

#[test]
fn a_reviewed_sample_is_never_replaced_and_reads_back_in_the_encodings_excel_saves() {
    let dir = chats();
    let draw = |out: &str| {
        run_in(
            dir.path(),
            &[
                "sample",
                "--no-config",
                "--per-agent",
                "20",
                "--seed",
                "5",
                "-o",
                out,
                "chats",
            ],
            b"",
        )
    };
    assert_eq!(draw("sample.csv").code, 0);
    let sample = std::fs::read_to_string(dir.path().join("sample.csv")).unwrap();
    let filled = reviewed(&sample, "误报");
    std::fs::write(dir.path().join("sample.csv"), &filled).unwrap();
    // Drawing again over it would lose the verdicts: refused, the file untouched.
    let again = draw("sample.csv");
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("QA verdicts"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sample.csv")).unwrap(),
        filled
    );
    // Saved again by Excel as GBK, or as tab-separated UTF-16 ("Unicode text").
    let (gbk, _, _) = encoding_rs::GBK.encode(&filled);
    std::fs::write(dir.path().join("gbk.csv"), &gbk).unwrap();
    let mut reader = csv::Reader::from_reader(filled.as_bytes());
    let mut tsv = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(Vec::new());
    tsv.write_record(reader.headers().unwrap()).unwrap();
    for r in reader.records() {
        tsv.write_record(&r.unwrap()).unwrap();
    }
    let tsv = String::from_utf8(tsv.into_inner().unwrap()).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(tsv.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("unicode.txt"), &utf16).unwrap();
    let plain = run_in(
        dir.path(),
        &["rules", "--no-config", "--precision", "sample.csv"],
        b"",
    );
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let gbk_run = run_in(
        dir.path(),
        &["rules", "--no-config", "--precision", "gbk.csv"],
        b"",
    );
    assert_eq!(gbk_run.code, 0, "{}", gbk_run.stderr);
    assert_eq!(gbk_run.stdout, plain.stdout);
    let utf16_run = run_in(
        dir.path(),
        &["rules", "--no-config", "--precision", "unicode.txt"],
        b"",
    );
    assert_eq!(utf16_run.code, 0, "{}", utf16_run.stderr);
    assert_eq!(utf16_run.stdout, plain.stdout);
    assert!(
        plain.stdout.contains("taboo.rude-opening"),
        "{}",
        plain.stdout
    );
}

#[test]
fn conversation_ids_that_look_like_formulas_read_back() {
    let csv = "会话ID,时间,发送方,角色,内容\n\
+8613812345678,2024-06-01 10:00:00,买家,customer,在吗\n\
+8613812345678,2024-06-01 10:00:20,客服小美,agent,喂，说吧\n";
    let dir = folder(&[("calls.csv", csv.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "sample",
            "--no-config",
            "--seed",
            "1",
            "-o",
            "s.csv",
            "calls.csv",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sample = std::fs::read_to_string(dir.path().join("s.csv")).unwrap();
    assert!(
        sample.contains("'+86"),
        "the id is neutralised against formulas: {sample}"
    );
    std::fs::write(dir.path().join("s.csv"), reviewed(&sample, "accepted")).unwrap();
    let hidden = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--baseline",
            "s.csv",
            "calls.csv",
        ],
        b"",
    );
    assert_eq!(hidden.code, 0, "{}", hidden.stderr);
    assert!(hidden.report().diagnostics.is_empty(), "{}", hidden.stdout);
}

#[test]
fn overlapping_samples_count_each_finding_once_and_other_names_are_refused() {
    let dir = chats();
    let out = run_in(
        dir.path(),
        &[
            "sample",
            "--no-config",
            "--per-agent",
            "20",
            "--seed",
            "2",
            "-o",
            "s.csv",
            "chats",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sample = std::fs::read_to_string(dir.path().join("s.csv")).unwrap();
    std::fs::write(dir.path().join("s.csv"), reviewed(&sample, "accepted")).unwrap();
    let once = run_in(
        dir.path(),
        &["rules", "--no-config", "--precision", "s.csv"],
        b"",
    );
    let twice = run_in(
        dir.path(),
        &["rules", "--no-config", "--precision", "s.csv", "s.csv"],
        b"",
    );
    assert_eq!(once.code, 0, "{}", once.stderr);
    assert_eq!(once.stdout, twice.stdout, "a file named twice counts once");
    for name in ["s.xls", "s.ods", "s.json"] {
        let out = run_in(
            dir.path(),
            &["sample", "--no-config", "--seed", "2", "-o", name, "chats"],
            b"",
        );
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(!dir.path().join(name).exists(), "{name}");
    }
}
