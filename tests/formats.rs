//! Input formats: the same conversation in every export shape gives the same findings,
//! positions point at the characters as written, samples of public corpora are read, and large
//! record files are streamed in batches.

mod common;

use common::{Report, Role, folder, root, run, run_in};
use replylint::input::{InputFormat, Item, ReadOptions, read};
use replylint::source::{Input, decode};
use replylint::transcript::{Fields, next_record};

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
    "chat.ods",
];

/// Whether a form is a workbook, whose findings are placed in cells.
fn is_sheet(form: &str) -> bool {
    form.ends_with(".xlsx") || form.ends_with(".ods")
}

fn report(path: &str) -> Report {
    let r = run(&["check", "--format", "json", path]);
    assert_eq!(r.code, 1, "{path}: {}", r.stderr);
    assert_eq!(r.stderr, "", "{path}");
    r.report()
}

#[test]
fn one_conversation_gives_the_same_findings_in_every_form() {
    let plain = report("fixtures/formats/plain.txt").what();
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
            ("standard.wait-return-apology", None),
            ("taboo.ignorance", Some("你问我，我怎么知道")),
        ]
    );
    assert!(plain.iter().all(|(_, _, role)| *role == Some(Role::Agent)));
    for form in &FORMS[1..] {
        let got = report(&format!("fixtures/formats/{form}")).what();
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
    for form in FORMS.iter().filter(|f| !is_sheet(f)) {
        let path = format!("fixtures/formats/{form}");
        let bytes = std::fs::read(root().join(&path)).expect("fixture");
        let text = decode(&bytes).expect("decodable").text;
        let found = report(&path);
        let spans = found.diagnostics.iter().filter(|d| d.matched.is_some());
        assert_eq!(spans.clone().count(), 3, "{form}: {found:?}");
        for d in spans {
            let matched = d.matched();
            let pos = |n: u64| usize::try_from(n).expect("a position fits");
            let written = between(
                &text,
                (pos(d.line), pos(d.column)),
                (pos(d.end_line), pos(d.end_column)),
            );
            // JSON Lines escapes every non-ASCII character: the span covers the escapes.
            let shown = if *form == "chat.jsonl" {
                serde_json::from_str::<String>(&format!("\"{written}\""))
                    .expect("the span is a JSON string's escaped characters")
            } else {
                written
            };
            assert_eq!(shown, matched, "{form}: {d:?}");
        }
    }
    // One spot checked by hand: the escaped 催什么催 on line 4 of the JSON Lines file.
    let r = report("fixtures/formats/chat.jsonl");
    let d = &r.diagnostics[3];
    assert_eq!(
        (d.rule.as_str(), d.line, d.column, d.end_line, d.end_column),
        ("taboo.impatience", 4, 178, 4, 202)
    );
}

#[test]
fn stdin_takes_any_format() {
    for form in [
        "chat.jsonl",
        "chat.csv",
        "qianniu.txt",
        "utf16.csv",
        "chat.xlsx",
    ] {
        let bytes = std::fs::read(root().join("fixtures/formats").join(form)).expect("fixture");
        let r = run_in(&root(), &["check", "--format", "json", "-"], &bytes);
        assert_eq!(r.code, 1, "{form}: {}", r.stderr);
        assert_eq!(
            r.report().what(),
            report("fixtures/formats/plain.txt").what(),
            "{form}"
        );
    }
}

#[test]
fn public_corpora_are_read_without_error() {
    // Samples of the public corpora, vendored with their licences (each folder's SOURCE.md).
    let corpus = root().join("tests/data/corpus");
    for (path, files, conversations, turns) in [
        // 5 + 5 dialogues of 82 + 70 messages.
        ("crosswoz-zh", 2, 10, 152),
        // 23 turns in `dialogContent` (customers, a second customer account, and agents),
        // and each thread's final agent reply (`agentURL`): 8 more.
        ("twitter-cdp-en", 1, 8, 31),
        // 32 agent, 31 customer and 9 action turns.
        ("abcd-sample-en", 1, 3, 72),
    ] {
        let dir = corpus.join(path);
        assert!(dir.is_dir(), "{} is missing", dir.display());
        let dir = dir.to_string_lossy();
        let r = run(&["check", "--format", "json", &dir]);
        assert_eq!(r.stderr, "", "{path}");
        assert!(r.code == 0 || r.code == 1, "{path}: exit {}", r.code);
        let report = r.report();
        assert_eq!(report.summary.files, files, "{path}");
        assert_eq!(report.summary.skipped_files, 0, "{path}");
        assert_eq!(report.summary.conversations, conversations, "{path}");
        assert_eq!(report.summary.turns, turns, "{path}");
        let unparsed = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "input.unparsed")
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
        stop: Default::default(),
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
            let n: usize = c.id[1..].parse().expect("ids are c<number>");
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
        .jsonl()
        .into_iter()
        .filter(|d| d.rule == "taboo.impatience")
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, (0..300).map(|c| c * 4 + 4).collect::<Vec<u64>>());
}

/// The cells of the CSV twin, by 1-based row and 0-based column.
fn csv_cell(row: usize, col: usize) -> String {
    let text = std::fs::read_to_string(root().join("fixtures/formats/chat.csv")).expect("fixture");
    let mut at = 0;
    for _ in 1..row {
        at = next_record(&text, at, b',', true).map_or(text.len(), |r| r.1);
    }
    next_record(&text, at, b',', true)
        .and_then(|(rec, _)| rec.fields.into_iter().nth(col))
        .map(|f| f.0)
        .unwrap_or_default()
}

#[test]
fn spreadsheet_findings_name_their_cell_and_the_characters_in_it() {
    for (form, sheet) in [
        ("chat.xlsx", "Sheet1"),
        ("chat-second-sheet.xlsx", "聊天记录"),
        ("chat.ods", "聊天记录"),
    ] {
        let r = report(&format!("fixtures/formats/{form}"));
        let cells: Vec<(String, Option<String>, u64, u64)> = r
            .diagnostics
            .iter()
            .map(|d| (d.rule.clone(), d.cell.clone(), d.line, d.column))
            .collect();
        let at = |rule: &str, cell: &str, line: u64, column: u64| {
            (
                rule.to_owned(),
                Some(format!("{sheet}!{cell}")),
                line,
                column,
            )
        };
        // Compressed bytes have no offsets: the cell says where.
        assert!(
            r.diagnostics
                .iter()
                .all(|d| d.byte_start.is_none() && d.byte_end.is_none()),
            "{form}"
        );
        assert_eq!(
            cells,
            [
                at("standard.greeting", "D3", 3, 1),
                at("timing.first-response", "D3", 3, 1),
                at("taboo.make-wait", "D5", 5, 1),
                at("taboo.impatience", "D5", 5, 5),
                at("standard.closing", "D7", 7, 1),
                at("standard.wait-apology", "D7", 7, 1),
                at("standard.wait-return-apology", "D7", 7, 1),
                // After a doubled quote and a line break inside the cell.
                at("taboo.ignorance", "D7", 7, 17),
            ],
            "{form}"
        );
        // The columns count the characters of the cell's value, as in the CSV twin.
        for d in r.diagnostics.iter().filter(|d| d.matched.is_some()) {
            let pos = |n: u64| usize::try_from(n).expect("a position fits");
            let value = csv_cell(pos(d.line), 3);
            let shown: String = value
                .chars()
                .skip(pos(d.column) - 1)
                .take(pos(d.end_column) - pos(d.column))
                .collect();
            assert_eq!(shown, d.matched(), "{form}: {d:?}");
        }
    }
    let concise = run(&["check", "--format", "concise", "fixtures/formats/chat.xlsx"]);
    assert!(
        concise
            .stdout
            .contains("fixtures/formats/chat.xlsx:Sheet1!D5:5: error[taboo.impatience]"),
        "{}",
        concise.stdout
    );
    // The pretty report's header names the cell; its gutter shows sheet rows.
    let pretty = run(&["check", "--color", "never", "fixtures/formats/chat.xlsx"]);
    assert!(
        pretty
            .stdout
            .contains("[fixtures/formats/chat.xlsx:Sheet1!D5:5]"),
        "{}",
        pretty.stdout
    );
    assert!(
        pretty.stdout.contains(" 5 │ order-2024"),
        "{}",
        pretty.stdout
    );
    // Other files have no cell.
    let csv = report("fixtures/formats/chat.csv");
    assert!(!csv.diagnostics.is_empty());
    assert!(
        csv.diagnostics
            .iter()
            .all(|d| d.cell.is_none() && d.byte_start.is_some() && d.byte_end.is_some()),
        "{csv:?}"
    );
}

#[test]
fn sheets_are_chosen_by_name_or_by_holding_anything() {
    let dir = folder(&[]);
    let cover = root().join("fixtures/formats/chat-second-sheet.xlsx");
    let cover = cover.to_string_lossy();
    // An empty cover sheet is passed over, and -v says so.
    let first = run_in(
        dir.path(),
        &["check", "--no-config", "-v", "--format", "json", &cover],
        b"",
    );
    assert_eq!(first.code, 1, "{}", first.stderr);
    assert!(
        first
            .stderr
            .contains("sheet `聊天记录` (the first whose rows name the columns; before it: 封面)"),
        "{}",
        first.stderr
    );
    assert_eq!(
        first.report().diagnostics[3].cell.as_deref(),
        Some("聊天记录!D5")
    );
    // Named, the empty sheet is read: nothing to check, and said so.
    let named = run_in(
        dir.path(),
        &["check", "--no-config", "--sheet", "封面", &cover],
        b"",
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert!(
        named.stderr.contains("sheet `封面` is empty"),
        "{}",
        named.stderr
    );
    // The same from replylint.toml.
    std::fs::write(
        dir.path().join("replylint.toml"),
        "[input]\nsheet = \"封面\"\n",
    )
    .expect("written");
    let configured = run_in(dir.path(), &["check", &cover], b"");
    assert!(
        configured.stderr.contains("sheet `封面` is empty"),
        "{}",
        configured.stderr
    );
    let unknown = run(&["check", "--sheet", "nope", "fixtures/formats/chat.xlsx"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("no sheet named `nope`; the sheets are `Sheet1`, `备注`"),
        "{}",
        unknown.stderr
    );
    // A workbook with nothing in it is a note, like an empty file.
    let empty = run(&["check", "--format", "json", "tests/data/empty.xlsx"]);
    assert_eq!(empty.code, 0, "{}", empty.stderr);
    assert!(
        empty.stderr.contains("every sheet is empty"),
        "{}",
        empty.stderr
    );
    let report = empty.report();
    assert_eq!(report.diagnostics, []);
    assert_eq!(report.summary.skipped_files, 1, "{:?}", report.summary);
}

/// `(rule, cell, column, matched)` of every finding of a report.
fn in_cells(report: &Report) -> Vec<(String, String, u64, Option<String>)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let Some(cell) = &d.cell else {
                panic!("a workbook finding without its cell: {d:?}")
            };
            (d.rule.clone(), cell.clone(), d.column, d.matched.clone())
        })
        .collect()
}

#[test]
fn help_desk_workbooks_one_chat_per_row_and_date_serials() {
    let path = "tests/data/help-desk.xlsx";
    // The chat in one cell is read as a plain-text transcript; columns count the cell's
    // characters, line breaks included.
    let per_row = run(&["check", "--format", "json", path]);
    assert_eq!(
        in_cells(&per_row.report()),
        [
            (
                "standard.closing".into(),
                "每行一个会话!B2".into(),
                131,
                None
            ),
            // 等着吧 is impatient, and a curt order to wait.
            (
                "taboo.impatience".into(),
                "每行一个会话!B2".into(),
                131,
                Some("等着吧".into())
            ),
            (
                "taboo.make-wait".into(),
                "每行一个会话!B2".into(),
                131,
                Some("等着".into())
            ),
            (
                "taboo.impatience".into(),
                "每行一个会话!B2".into(),
                135,
                Some("催什么催".into())
            ),
        ]
    );
    // Bare serials in the time column are dates: the 9.5-minute wait is seen, and the
    // customer's complaint about it calls for an apology. A time that is not one keeps its
    // turn, checked and reported; the note right of the header is under no column.
    let serials = run(&["check", "--format", "json", "--sheet", "数字时间", path]);
    assert_eq!(
        in_cells(&serials.report()),
        [
            ("timing.skipped".into(), "数字时间!D3".into(), 1, None),
            ("input.bad-timestamp".into(), "数字时间!B5".into(), 1, None),
            ("standard.closing".into(), "数字时间!D5".into(), 1, None),
            (
                "standard.wait-apology".into(),
                "数字时间!D5".into(),
                1,
                None
            ),
            (
                "taboo.impatience".into(),
                "数字时间!D5".into(),
                1,
                Some("催什么催".into())
            ),
        ]
    );
    let inspect = run(&["inspect", "--sheet", "数字时间", path]);
    assert!(
        inspect
            .stdout
            .contains("2024-06-01 20:10:00 – 2024-06-01 20:20:00"),
        "{}",
        inspect.stdout
    );
}

#[test]
fn a_corrupt_workbook_is_an_error_and_the_walk_checks_the_rest() {
    let dir = folder(&[
        (
            "broken.xlsx",
            b"PK\x03\x04 not a workbook after all".as_slice(),
        ),
        ("chat.txt", "客服小王: 催什么催\n顾客: 好\n".as_bytes()),
    ]);
    std::fs::create_dir(dir.path().join("exports")).expect("a folder");
    std::fs::copy(
        root().join("fixtures/formats/chat.xlsx"),
        dir.path().join("exports/walked.xlsx"),
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
    let found: Vec<(String, Option<String>)> = r
        .report()
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == "taboo.impatience")
        .map(|d| (d.path, d.cell))
        .collect();
    assert_eq!(
        found,
        [
            ("./chat.txt".to_owned(), None),
            (
                "./exports/walked.xlsx".to_owned(),
                Some("Sheet1!D5".to_owned())
            ),
        ]
    );
}
