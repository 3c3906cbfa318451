//! Input formats: the same conversation in every export shape gives the same findings,
//! positions point at the characters as written, the public corpora are read, and large
//! record files are streamed in batches.

mod common;

use common::{folder, root, run, run_in};
use replylint::input::{InputFormat, Item, ReadOptions, read};
use replylint::source::{Input, decode};
use replylint::transcript::Fields;
use serde_json::Value;

/// The one conversation of `fixtures/formats/`, in each form it is written in.
const FORMS: &[&str] = &[
    "plain.txt",
    "qianniu.txt",
    "whatsapp.txt",
    "chat.jsonl",
    "chat.json",
    "chat.csv",
    "gbk.txt",
    "utf16.csv",
    "chat.xlsx",
    "chat-second-sheet.xlsx",
];

fn report(path: &str) -> Value {
    let r = run(&["check", "--format", "json", path]);
    assert_eq!(r.code, 1, "{path}: {}", r.stderr);
    assert_eq!(r.stderr, "", "{path}");
    r.json()
}

/// `(rule, matched, role)` of every finding, in report order.
fn what(report: &Value) -> Vec<(String, Option<String>, Option<String>)> {
    report["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    (
                        d["rule"].as_str().unwrap_or_default().to_owned(),
                        d["matched"].as_str().map(str::to_owned),
                        d["role"].as_str().map(str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn one_conversation_gives_the_same_findings_in_every_form() {
    let plain = what(&report("fixtures/formats/plain.txt"));
    let rules: Vec<(&str, Option<&str>)> = plain
        .iter()
        .map(|(r, m, _)| (r.as_str(), m.as_deref()))
        .collect();
    assert_eq!(
        rules,
        [
            ("standard.greeting", None),
            ("timing.first-response", None),
            ("taboo.make-wait", Some("等会儿")),
            ("taboo.impatience", Some("催什么催")),
            ("standard.closing", None),
            ("standard.wait-apology", None),
            ("taboo.ignorance", Some("你问我，我怎么知道")),
        ]
    );
    assert!(
        plain
            .iter()
            .all(|(_, _, role)| role.as_deref() == Some("agent"))
    );
    for form in &FORMS[1..] {
        let got = what(&report(&format!("fixtures/formats/{form}")));
        assert_eq!(got, plain, "{form}");
    }
}

/// The characters between two positions of a text (1-based lines, character columns).
fn between(text: &str, (line, col): (usize, usize), (end_line, end_col): (usize, usize)) -> String {
    let mut out = String::new();
    for (n, l) in text.split('\n').enumerate().map(|(i, l)| (i + 1, l)) {
        if n < line || n > end_line {
            continue;
        }
        let from = if n == line { col - 1 } else { 0 };
        let to = if n == end_line {
            end_col - 1
        } else {
            usize::MAX
        };
        out.extend(l.chars().skip(from).take(to.saturating_sub(from)));
        if n < end_line {
            out.push('\n');
        }
    }
    out
}

#[test]
fn positions_point_at_the_characters_as_written() {
    // Spreadsheet findings are placed in their cells (`spreadsheet_findings_name_their_cells`).
    for form in FORMS.iter().filter(|f| !f.ends_with(".xlsx")) {
        let path = format!("fixtures/formats/{form}");
        let bytes = std::fs::read(root().join(&path)).expect("fixture");
        let text = decode(&bytes).expect("decodable").text;
        for d in report(&path)["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let Some(matched) = d["matched"].as_str() else {
                continue;
            };
            let pos = |k: &str| d[k].as_u64().unwrap_or(0) as usize;
            let written = between(
                &text,
                (pos("line"), pos("column")),
                (pos("end_line"), pos("end_column")),
            );
            // JSON Lines escapes every non-ASCII character: the span covers the escapes.
            let shown = if *form == "chat.jsonl" {
                serde_json::from_str::<String>(&format!("\"{written}\"")).unwrap_or_default()
            } else {
                written
            };
            assert_eq!(shown, matched, "{form}: {d}");
        }
    }
    // One spot checked by hand: the escaped 催什么催 on line 4 of the JSON Lines file.
    let r = report("fixtures/formats/chat.jsonl");
    let d = &r["diagnostics"][3];
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_column"].as_u64()
        ),
        (Some(4), Some(178), Some(202))
    );
}

#[test]
fn stdin_takes_any_format() {
    for form in ["chat.jsonl", "chat.csv", "qianniu.txt", "utf16.csv"] {
        let bytes = std::fs::read(root().join("fixtures/formats").join(form)).expect("fixture");
        let r = run_in(&root(), &["check", "--format", "json", "-"], &bytes);
        assert_eq!(r.code, 1, "{form}: {}", r.stderr);
        assert_eq!(
            what(&r.json()),
            what(&report("fixtures/formats/plain.txt")),
            "{form}"
        );
    }
}

#[test]
fn public_corpora_are_read_without_error() {
    let shared = root().join("../shared/corpus");
    // The corpus lives beside the repository, as in CI: a missing corpus is a failure, not
    // a silent pass.
    assert!(
        shared.is_dir(),
        "{} is missing: clone the repository beside shared/",
        shared.display()
    );
    for (path, conversations, turns) in [
        ("crosswoz-zh", 1000, 16_934),
        ("twitter-cdp-en", 1025, 1325),
        ("abcd-sample-en", 3, 72),
    ] {
        let dir = shared.join(path);
        let dir = dir.to_string_lossy();
        let r = run(&["check", "--format", "json", &dir]);
        assert_eq!(r.stderr, "", "{path}");
        assert!(r.code == 0 || r.code == 1, "{path}: exit {}", r.code);
        let summary = &r.json()["summary"];
        assert_eq!(summary["conversations"], conversations, "{path}");
        assert_eq!(summary["turns"], turns, "{path}");
        let unparsed = r.json()["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["rule"] == "input.unparsed")
            .count();
        assert_eq!(unparsed, 0, "{path}");
    }
}

#[test]
fn large_record_files_stream_in_batches_with_file_positions() {
    // 300 conversations of 4 turns; every agent's second turn is rude.
    let mut jsonl = String::new();
    for c in 0..300 {
        for (i, (who, text)) in [
            ("顾客", "在吗？"),
            ("客服", "您好，请问有什么可以帮您？"),
            ("顾客", "快点发货"),
            ("客服", "催什么催"),
        ]
        .iter()
        .enumerate()
        {
            jsonl.push_str(&format!(
                "{{\"conversation_id\": \"c{c}\", \"speaker\": \"{who}\", \"time\": {}, \"text\": \"{text}\"}}\n",
                1_700_000_000 + c * 100 + i as i64 * 10
            ));
        }
    }
    let dir = folder(&[("big.jsonl", jsonl.as_bytes())]);
    let options = ReadOptions {
        format: InputFormat::Auto,
        encoding: None,
        fields: Fields::default(),
        sheet: None,
        batch_bytes: 10_000,
    };
    let mut batches = Vec::new();
    read(
        &Input::File(dir.path().join("big.jsonl")),
        &options,
        &mut |item| match item {
            Item::Batch(b) => batches.push(b),
            Item::Problem(p) => panic!("{p:?}"),
            Item::Detail(_) => {}
        },
    );
    assert!(batches.len() > 10, "{} batches", batches.len());
    let mut ids = Vec::new();
    for b in &batches {
        for c in &b.transcript.conversations {
            // Batches are cut between conversations, never inside one.
            assert_eq!(c.turns.len(), 4, "{}", c.id);
            ids.push(c.id.clone());
            let last = &c.turns[3];
            let line = b.source.position(last.location.start).line;
            let n: usize = c.id[1..].parse().unwrap_or(0);
            assert_eq!(line, n * 4 + 4, "{}", c.id);
        }
    }
    assert_eq!(ids.len(), 300);
    ids.dedup();
    assert_eq!(ids.len(), 300);

    // The binary, reading the same file, reports each rude turn on its own line.
    let r = run_in(
        dir.path(),
        &["check", "--format", "jsonl", "big.jsonl"],
        b"",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<u64> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("one JSON object per line"))
        .filter(|d| d["rule"] == "taboo.impatience")
        .map(|d| d["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(lines, (0..300).map(|c| c * 4 + 4).collect::<Vec<u64>>());
}

#[test]
fn spreadsheet_findings_name_their_cells() {
    let r = run(&["check", "--format", "json", "fixtures/formats/chat.xlsx"]);
    let cells: Vec<(String, String, u64, u64)> = r.json()["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["cell"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .filter(|d| d.0.starts_with("taboo."))
        .collect();
    assert_eq!(
        cells,
        [
            ("taboo.make-wait".to_owned(), "Sheet1!D5".to_owned(), 5, 1),
            ("taboo.impatience".to_owned(), "Sheet1!D5".to_owned(), 5, 5),
            // After a line break and a doubled quote inside the cell.
            ("taboo.ignorance".to_owned(), "Sheet1!D7".to_owned(), 7, 17),
        ]
    );
    let concise = run(&["check", "--format", "concise", "fixtures/formats/chat.xlsx"]);
    assert!(
        concise
            .stdout
            .contains("fixtures/formats/chat.xlsx:Sheet1!D5:5: error[taboo.impatience]"),
        "{}",
        concise.stdout
    );
}

#[test]
fn spreadsheets_that_cannot_be_read_are_errors_and_the_rest_is_checked() {
    let dir = folder(&[
        (
            "broken.xlsx",
            b"PK\x03\x04 this is not a workbook".as_slice(),
        ),
        ("chat.txt", "客服小王: 催什么催\n顾客: 好\n".as_bytes()),
    ]);
    std::fs::copy(
        root().join("fixtures/formats/chat.xlsx"),
        dir.path().join("walked.xlsx"),
    )
    .expect("copied");
    let r = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "."],
        b"",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("broken.xlsx: not a readable spreadsheet"),
        "{}",
        r.stderr
    );
    let paths: Vec<String> = r.json()["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "taboo.impatience")
        .map(|d| d["path"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(paths, ["./chat.txt", "./walked.xlsx"]);
    let unknown = run(&["check", "--sheet", "nope", "fixtures/formats/chat.xlsx"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("the sheets are: `Sheet1`, `备注`"),
        "{}",
        unknown.stderr
    );
}
