//! One large file is cut into parts that are parsed and checked on every core: whatever the
//! part size and the number of threads, the report is the one a one-thread run writes, byte
//! for byte (order, lines, columns and file-absolute byte offsets).

mod common;

use common::{folder, run_in};

const CUSTOMER: [&str; 6] = [
    "在吗",
    "我的快递怎么还没到？",
    "能便宜点吗 😅",
    "發票怎麼開",
    "你们\"官方\"客服呢",
    "好的，谢谢",
];
const AGENT: [&str; 8] = [
    "您好，请问有什么可以帮您",
    "催什么催，神经病",
    "你问我，我怎么知道",
    "请您稍等，我帮您查一下",
    "抱歉，让您久等了",
    "喂，说吧",
    "这个我们保证百分之百正品，全网最低价",
    "感谢您的耐心，祝您生活愉快，再见",
];

/// A small deterministic generator, so that each run of the test reads the same files.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Turns of `conversations` chats as `(conversation, speaker, text)`, in file order.
fn turns(conversations: usize, seed: u64) -> Vec<(String, String, String)> {
    let mut rng = Lcg(seed);
    let mut out = Vec::new();
    for c in 0..conversations {
        let agent = format!("客服{}", ["小王", "小李", "阿珍"][c % 3]);
        for t in 0..2 + rng.below(7) {
            let (speaker, text) = if t % 2 == 0 {
                ("顾客", CUSTOMER[rng.below(CUSTOMER.len())])
            } else {
                (agent.as_str(), AGENT[rng.below(AGENT.len())])
            };
            out.push((
                format!("s{c:04}"),
                speaker.to_owned(),
                format!("{text} #{t}"),
            ));
        }
    }
    out
}

fn json_line(id: Option<&str>, speaker: &str, text: &str) -> String {
    let mut row = serde_json::json!({"sender": speaker, "content": text});
    if let Some(id) = id {
        row["session_id"] = id.into();
    }
    row.to_string()
}

/// JSON Lines of one turn per line, with the things real exports hold: a byte-order mark, a
/// stray byte that is not UTF-8, blank lines and lines that are not JSON.
fn jsonl_turns() -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    for (i, (id, speaker, text)) in turns(400, 7).iter().enumerate() {
        out.extend_from_slice(json_line(Some(id), speaker, text).as_bytes());
        out.push(b'\n');
        match i % 97 {
            13 => out.extend_from_slice(b"\n\n"),
            41 => out.extend_from_slice(b"{\"session_id\": \"broken\n"),
            77 => {
                // A stray byte in a nick: one conversation's rows stay together, as
                // exports write them.
                out.extend_from_slice(
                    format!("{{\"session_id\":\"{id}\",\"sender\":\"").as_bytes(),
                );
                out.extend_from_slice(b"\xe9\",\"content\":\"x\"}\n");
            }
            _ => {}
        }
    }
    out
}

/// JSON Lines of one whole conversation per line (the shape Spark jobs pipe through).
fn jsonl_conversations() -> Vec<u8> {
    let mut rows: Vec<(String, Vec<serde_json::Value>)> = Vec::new();
    for (id, speaker, text) in turns(300, 11) {
        let turn = serde_json::json!({"speaker": speaker, "text": text});
        match rows.last_mut() {
            Some((last, turns)) if *last == id => turns.push(turn),
            _ => rows.push((id, vec![turn])),
        }
    }
    rows.into_iter()
        .map(|(id, turns)| {
            serde_json::json!({"conversation": id, "turns": turns}).to_string() + "\n"
        })
        .collect::<String>()
        .into_bytes()
}

/// CSV whose quoted messages hold commas, doubled quotes and line breaks.
fn csv_turns() -> String {
    let mut out = String::from("会话ID,时间,发送方,内容\r\n");
    for (i, (id, speaker, text)) in turns(400, 5).iter().enumerate() {
        let text = match i % 5 {
            0 => format!("\"{},第二行\n{}\"", text.replace('"', "\"\""), "补充"),
            1 => format!("\"{}\"", text.replace('"', "\"\"")),
            _ => text.replace(['"', ','], " "),
        };
        let minute = i % 60;
        out.push_str(&format!(
            "{id},2024-06-01 10:{minute:02}:00,{speaker},{text}\r\n"
        ));
    }
    out
}

/// CSV of whole chats, one per row, in a quoted cell and without an id column: each
/// conversation is named after the line its row starts on.
fn csv_chats() -> String {
    let mut out = String::from("渠道,聊天记录,满意度\n");
    let mut chat = String::new();
    let mut last_id = None;
    for (id, speaker, text) in turns(300, 9) {
        if last_id.as_ref().is_some_and(|last| *last != id) {
            out.push_str(&format!("\"网页,PC\",\"{chat}\",满意\n"));
            chat.clear();
        }
        chat.push_str(&format!("{speaker}: {}\n", text.replace('"', "\"\"")));
        last_id = Some(id);
    }
    out.push_str(&format!("\"网页,PC\",\"{chat}\",满意\n"));
    out
}

/// One chat of 2.4 MB with no conversation field: checked in parts of 1 MB.
fn jsonl_one_long_conversation() -> Vec<u8> {
    let mut out = String::new();
    for (i, (_, speaker, text)) in turns(12_000, 3).iter().enumerate() {
        out.push_str(&json_line(None, speaker, text));
        out.push('\n');
        if i % 1_501 == 0 {
            out.push_str("{not json\n");
        }
    }
    assert!(out.len() > 2 << 20, "longer than two parts of 1 MB");
    out.into_bytes()
}

/// The report of `file` with `args`, as JSON Lines.
fn report(dir: &std::path::Path, file: &str, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check", "--format", "jsonl", "--no-config"];
    all.extend_from_slice(args);
    all.push(file);
    let run = run_in(dir, &all, b"");
    assert_ne!(run.code, 2, "{file} {args:?}: {}", run.stderr);
    assert_ne!(run.code, 101, "{file} {args:?}: {}", run.stderr);
    (run.code, run.stdout)
}

fn assert_same_at_every_part_size(file: &str, bytes: &[u8], min_findings: usize) {
    let dir = folder(&[(file, bytes)]);
    let (code, one_thread) = report(dir.path(), file, &["--threads", "1"]);
    let findings = one_thread.lines().count();
    assert!(
        findings >= min_findings,
        "{file}: {findings} findings, expected at least {min_findings}:\n{one_thread}"
    );
    for size in ["1", "300", "4K", "64K"] {
        for threads in ["1", "3"] {
            let (parted_code, parted) = report(
                dir.path(),
                file,
                &["--threads", threads, "--part-size", size],
            );
            assert_eq!(
                parted_code, code,
                "{file}: exit status with --part-size {size}"
            );
            if parted != one_thread {
                let first = one_thread
                    .lines()
                    .zip(parted.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(findings.min(parted.lines().count()));
                panic!(
                    "{file} with --part-size {size} --threads {threads} differs from one thread \
                     at finding {}: {} findings against {findings}\none thread: {:?}\nparts:      {:?}",
                    first + 1,
                    parted.lines().count(),
                    one_thread.lines().nth(first),
                    parted.lines().nth(first),
                );
            }
        }
    }
}

#[test]
fn json_lines_of_turns_give_the_same_report_at_every_part_size() {
    assert_same_at_every_part_size("chats.jsonl", &jsonl_turns(), 300);
}

#[test]
fn json_lines_of_whole_conversations_give_the_same_report_at_every_part_size() {
    assert_same_at_every_part_size("table.jsonl", &jsonl_conversations(), 200);
}

#[test]
fn csv_with_line_breaks_in_quotes_gives_the_same_report_at_every_part_size() {
    assert_same_at_every_part_size("export.csv", csv_turns().as_bytes(), 300);
}

#[test]
fn csv_of_whole_chats_names_each_after_its_line_at_every_part_size() {
    let csv = csv_chats();
    assert_same_at_every_part_size("chats.csv", csv.as_bytes(), 100);
    // Each row's conversation is named after the line the row starts on.
    let starts: Vec<usize> = csv
        .split("\"网页,PC\"")
        .scan(1, |line, piece| {
            let at = *line;
            *line += piece.matches('\n').count();
            Some(at)
        })
        .skip(1)
        .collect();
    let dir = folder(&[("chats.csv", csv.as_bytes())]);
    let (_, report) = report(dir.path(), "chats.csv", &["--part-size", "1K"]);
    let named: std::collections::BTreeSet<usize> = report
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|f| {
            let id = f["conversation"].as_str()?.to_owned();
            id.strip_prefix("chats.csv:")?.parse().ok()
        })
        .collect();
    assert!(named.len() > 50, "{} conversations named", named.len());
    for line in &named {
        assert!(starts.contains(line), "no row starts on line {line}");
    }
}

#[test]
fn a_gbk_export_gives_the_same_report_at_every_part_size() {
    // Byte offsets of GBK come from line starts, not from the UTF-8 text.
    let gbk = encoding_rs::GBK.encode(&csv_turns()).0.into_owned();
    assert_same_at_every_part_size("gbk.csv", &gbk, 300);
}

#[test]
fn a_conversation_too_long_to_check_whole_is_cut_at_the_same_places_at_every_part_size() {
    let bytes = jsonl_one_long_conversation();
    assert_same_at_every_part_size("one.jsonl", &bytes, 1_000);
    // It is checked in parts of 1 MB.
    let dir = folder(&[("one.jsonl", &bytes)]);
    let run = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-config",
            "--threads",
            "1",
            "one.jsonl",
        ],
        b"",
    );
    let parts = (bytes.len() >> 20) + 1;
    assert_eq!(
        run.json()["summary"]["conversations"],
        parts,
        "{}",
        run.stderr
    );
}

/// JSON Lines of `(conversation, speaker, text)` rows, one turn per line.
fn jsonl_rows(rows: &[(&str, &str, &str)]) -> String {
    rows.iter()
        .map(|(id, who, text)| json_line(Some(id), who, text) + "\n")
        .collect()
}

/// The findings of `file` with `args` as (line, rule) pairs, and its standard error.
fn rules_found(dir: &std::path::Path, file: &str, args: &[&str]) -> (Vec<(u64, String)>, String) {
    let mut all = vec!["check", "--format", "jsonl", "--no-config"];
    all.extend_from_slice(args);
    all.push(file);
    let run = run_in(dir, &all, b"");
    assert_ne!(run.code, 2, "{file} {args:?}: {}", run.stderr);
    assert_ne!(run.code, 101, "{file} {args:?}: {}", run.stderr);
    let found = run
        .stdout
        .lines()
        .map(|l| {
            let f: serde_json::Value = serde_json::from_str(l).unwrap_or_default();
            (
                f["line"].as_u64().unwrap_or_default(),
                f["rule"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (found, run.stderr)
}

#[test]
fn a_conversation_that_comes_back_after_another_is_reported_and_checked_on_its_own() {
    // Rows sorted by time, not by conversation: A's last two turns come after B.
    let rows = [
        ("A", "顾客", "在吗"),
        ("A", "客服小王", "您好，请问有什么可以帮您"),
        ("B", "顾客", "发货了吗"),
        ("B", "客服小李", "您好，今天发货，祝您生活愉快"),
        ("A", "顾客", "好的"),
        ("A", "客服小王", "感谢您的耐心，祝您生活愉快，再见"),
    ];
    let file = jsonl_rows(&rows);
    assert_same_at_every_part_size("sorted-by-time.jsonl", file.as_bytes(), 2);
    let dir = folder(&[("sorted-by-time.jsonl", file.as_bytes())]);
    let (found, _) = rules_found(dir.path(), "sorted-by-time.jsonl", &[]);
    assert!(
        found.contains(&(5, "input.conversation-resumed".to_owned())),
        "{found:?}"
    );
    // A's first run has no closing and its second no greeting: each is checked on its own.
    assert!(
        found.contains(&(2, "standard.closing".to_owned())),
        "{found:?}"
    );
    assert!(
        found.contains(&(6, "standard.greeting".to_owned())),
        "{found:?}"
    );

    // Conversations in order: nothing comes back.
    let mut sorted = rows.to_vec();
    sorted.sort_by_key(|r| r.0);
    let file = jsonl_rows(&sorted);
    let dir = folder(&[("sorted.jsonl", file.as_bytes())]);
    let (found, _) = rules_found(dir.path(), "sorted.jsonl", &[]);
    assert!(
        found
            .iter()
            .all(|(_, rule)| rule != "input.conversation-resumed"),
        "{found:?}"
    );
}

#[test]
fn an_event_line_without_a_conversation_id_goes_on_with_the_conversation() {
    let mut file = String::new();
    for c in 0..300 {
        let id = format!("QY{c}");
        file += &(json_line(Some(&id), "访客", "在吗") + "\n");
        file += &(json_line(Some(&id), "客服小周", "您好，请问有什么可以帮您") + "\n");
        file += "{\"type\": \"event\", \"content\": \"系统消息：客服小周已接入会话\"}\n";
        file += &(json_line(Some(&id), "客服小周", "感谢您的耐心，祝您生活愉快，再见") + "\n");
    }
    assert_same_at_every_part_size("events.jsonl", file.as_bytes(), 0);
    let dir = folder(&[("events.jsonl", file.as_bytes())]);
    let run = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-config",
            "--part-size",
            "1",
            "events.jsonl",
        ],
        b"",
    );
    assert_eq!(
        run.json()["summary"]["conversations"],
        300,
        "{}",
        run.stderr
    );
    let found = run.stdout;
    for wrong in [
        "standard.greeting",
        "standard.closing",
        "input.conversation-resumed",
    ] {
        assert!(!found.contains(wrong), "{wrong}: {found}");
    }
}

#[test]
fn a_cut_in_a_long_conversation_is_reported_and_is_neither_its_opening_nor_its_closing() {
    let mut file = json_line(Some("JD-1"), "顾客", "在吗") + "\n";
    file += &(json_line(Some("JD-1"), "客服小王", "您好，请问有什么可以帮您") + "\n");
    while file.len() < (5 << 20) / 2 {
        file += &(json_line(Some("JD-1"), "顾客", "还有一个问题，这个尺码偏大吗") + "\n");
        file += &(json_line(Some("JD-1"), "客服小王", "亲，尺码是标准的，请您放心") + "\n");
    }
    file += &(json_line(Some("JD-1"), "客服小王", "感谢您的耐心，祝您生活愉快，再见") + "\n");
    assert_same_at_every_part_size("long.jsonl", file.as_bytes(), 2);
    let dir = folder(&[("long.jsonl", file.as_bytes())]);
    let (found, _) = rules_found(dir.path(), "long.jsonl", &[]);
    let cuts = found
        .iter()
        .filter(|(_, rule)| rule == "input.conversation-cut")
        .count();
    assert_eq!(cuts, file.len() >> 20, "{found:?}");
    for wrong in ["standard.greeting", "standard.closing"] {
        assert!(
            found.iter().all(|(_, rule)| rule != wrong),
            "{wrong}: {found:?}"
        );
    }
    // A conversation under 1 MB is not cut.
    let short: String = file
        .lines()
        .take(2_000)
        .map(|l| l.to_owned() + "\n")
        .collect();
    let dir = folder(&[("short.jsonl", short.as_bytes())]);
    let (found, _) = rules_found(dir.path(), "short.jsonl", &[]);
    assert!(
        found
            .iter()
            .all(|(_, rule)| rule != "input.conversation-cut"),
        "{found:?}"
    );
}

#[test]
fn a_file_lists_its_first_twenty_invalid_byte_sequences_at_every_part_size() {
    let mut file = Vec::new();
    for c in 0..30 {
        file.extend_from_slice(
            format!("{{\"session_id\":\"s{c}\",\"sender\":\"顾客\",\"content\":\"在吗").as_bytes(),
        );
        file.push(0xE9);
        file.extend_from_slice(b"\"}\n");
    }
    assert_same_at_every_part_size("stray.jsonl", &file, 20);
    let dir = folder(&[("stray.jsonl", &file)]);
    for size in ["4M", "1"] {
        let (found, stderr) = rules_found(dir.path(), "stray.jsonl", &["--part-size", size]);
        let listed: Vec<u64> = found
            .iter()
            .filter(|(_, rule)| rule == "input.invalid-bytes")
            .map(|(line, _)| *line)
            .collect();
        assert_eq!(listed, (1..=20).collect::<Vec<u64>>(), "--part-size {size}");
        assert!(
            stderr.contains("10 more invalid byte sequences"),
            "{stderr}"
        );
    }
}

/// `args` run on `file` give the same standard output at part size 1 as at the default.
fn assert_same_output_at_part_size_one(dir: &std::path::Path, file: &str, args: &[&str]) {
    let run = |extra: &[&str]| {
        let mut all = vec!["check", "--no-config"];
        all.extend_from_slice(args);
        all.extend_from_slice(extra);
        all.push(file);
        run_in(dir, &all, b"").stdout
    };
    assert_eq!(run(&[]), run(&["--part-size", "1"]), "{file} {args:?}");
}

#[test]
fn the_formats_that_draw_on_the_text_are_the_same_at_every_part_size_when_an_id_comes_back() {
    let rows = [
        ("1001", "客服小王", "催什么催"),
        ("1002", "顾客", "在吗"),
        ("1001", "顾客", "好的"),
        ("1002", "客服小李", "你问我，我怎么知道"),
    ];
    let file = jsonl_rows(&rows);
    let dir = folder(&[("back.jsonl", file.as_bytes())]);
    for format in ["csv", "sarif", "gitlab", "json", "junit"] {
        assert_same_output_at_part_size_one(dir.path(), "back.jsonl", &["--format", format]);
    }
    // JUnit has a case for each run of a conversation, in file order.
    let run = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "junit", "back.jsonl"],
        b"",
    );
    let cases: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<testcase name=\""))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert_eq!(cases, ["1001", "1002", "1001", "1002"], "{}", run.stdout);
    // The CSV report quotes each finding's message, in the first run of 1001 too.
    let run = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "csv", "back.jsonl"],
        b"",
    );
    assert!(run.stdout.contains("催什么催"), "{}", run.stdout);
}

#[test]
fn junit_puts_a_finding_on_a_header_line_in_its_own_run_and_names_the_file_case_apart() {
    // A bad time on the header of a returning conversation's first message, above its
    // first turn; and a file whose first conversation is named after it.
    let paste = "导出时间 2024年3月1日\n=== c2\n顾客 2024-06-01 10:00:00\n在吗\n客服小王 2024-06-01 10:00:10\n您好\n=== c3\n顾客 2024-06-01 11:00:00\n在吗\n=== c2\n顾客 2024-13-45 25:61:00\n在吗\n";
    let dir = folder(&[("h.txt", paste.as_bytes())]);
    let args = ["--input-format", "qianniu", "--format", "junit"];
    assert_same_output_at_part_size_one(dir.path(), "h.txt", &args);
    let mut all = vec!["check", "--no-config"];
    all.extend_from_slice(&args);
    all.push("h.txt");
    let out = run_in(dir.path(), &all, b"").stdout;
    let cases: Vec<&str> = out.split("<testcase ").skip(1).collect();
    assert_eq!(cases.len(), 4, "{out}");
    assert!(
        cases[2].starts_with("name=\"c2\"") && cases[2].contains("input.bad-timestamp"),
        "{out}"
    );
    assert!(!cases[0].contains("input.bad-timestamp"), "{out}");
    assert!(cases[3].starts_with("name=\"(reading the file)\""), "{out}");
}

#[test]
fn an_id_of_spaces_is_no_id_and_spaces_around_an_id_do_not_make_another() {
    let file = [
        json_line(Some("S1"), "顾客", "在吗"),
        json_line(Some(""), "系统", "客服已接入"),
        json_line(Some(" S1"), "客服小王", "您好，请问有什么可以帮您"),
        json_line(Some("S1 "), "客服小王", "感谢您的耐心，祝您生活愉快，再见"),
    ]
    .join("\n");
    let dir = folder(&[("ids.jsonl", file.as_bytes())]);
    let run = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "ids.jsonl"],
        b"",
    );
    assert_eq!(run.json()["summary"]["conversations"], 1, "{}", run.stdout);
    assert!(
        !run.stdout.contains("conversation-resumed"),
        "{}",
        run.stdout
    );
}

#[test]
fn two_whole_conversations_under_one_id_are_told_apart_from_one_that_comes_back() {
    let whole = |id: &str| {
        serde_json::json!({"conversation": id, "turns": [
            {"speaker": "顾客", "text": "在吗"},
            {"speaker": "客服小王", "text": "您好，请问有什么可以帮您"},
        ]})
        .to_string()
    };
    let file = [whole("D-3"), whole("D-3")].join("\n");
    let dir = folder(&[("twice.jsonl", file.as_bytes())]);
    let (found, _) = rules_found(dir.path(), "twice.jsonl", &[]);
    assert!(
        found.contains(&(2, "input.conversation-resumed".to_owned())),
        "{found:?}"
    );
    let run = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "concise", "twice.jsonl"],
        b"",
    );
    assert!(
        run.stdout.contains("right after the first"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_row_without_an_id_before_a_long_conversation_does_not_move_its_cut() {
    // The row without an id goes with conversation 19, which it follows: BIG-1 starts on
    // the row after it, and its cut is 1 MB from there at every part size.
    let mut csv = String::from("ticket_id,time,sender,message\n");
    csv += "19,2024-06-01 05:20:10,客服小王,请您稍等，马上为您核实\n";
    csv += ",2024-06-01 08:20:00,顾客,退款怎么还没到\n";
    let mut second = 0;
    while csv.len() < (3 << 20) / 2 {
        let who = if second % 2 == 0 {
            "客服小李"
        } else {
            "顾客"
        };
        csv += &format!(
            "BIG-1,2024-06-01 08:{:02}:{:02},{who},这边给您申请了退款，请留意。。。。\n",
            second / 60 % 60,
            second % 60
        );
        second += 1;
    }
    assert_same_at_every_part_size("long.csv", csv.as_bytes(), 1);
}

#[test]
fn a_large_plain_text_export_is_checked_in_batches_with_the_same_report() {
    // Over two parts of 64 KB, so it is checked in batches of whole conversations.
    let mut text = String::new();
    for (i, (id, speaker, message)) in turns(900, 13).iter().enumerate() {
        if i == 0 || !text.contains(&format!("=== {id}\n")) {
            text += &format!("=== {id}\n");
        }
        text += &format!(
            "[2024-06-01 10:{:02}:{:02}] {speaker}: {message}\n",
            i / 60 % 60,
            i % 60
        );
    }
    assert!(text.len() > 128 << 10, "{} bytes", text.len());
    assert_same_at_every_part_size("month.txt", text.as_bytes(), 300);
}

/// A plain-text export as QA tools write them: turns above the first header, unnamed and
/// named headers, headers with a date, day lines, times of day that cross midnight, a
/// continuation line, a line that is nobody's, a dated turn that dates the time-only
/// conversations after it, and one turn written in another line shape.
fn text_days_and_unnamed_headers() -> String {
    let mut rng = Lcg(29);
    let mut out =
        String::from("客服聊天记录导出\n[23:59:00] 顾客: 在吗\n[23:59:30] 客服小王: 催什么催\n");
    out += "----- 2024-06-01 -----\n";
    for c in 0..600 {
        match c % 6 {
            0 => out += &format!("=== t{c}\n"),
            1 => out += "===\n",
            2 => {
                out += &format!(
                    "### 会话 C{c} | 客服: 客服小李 | 日期: 2024-06-{:02}\n",
                    1 + c % 28
                )
            }
            3 => out += &format!("———— 2024年7月{}日 星期六 ————\n===\n", 1 + c % 28),
            4 => out += &format!("【会话】K-{c} 客服：阿珍\n"),
            _ => out += "Session: \n",
        }
        let agent = ["客服小王", "客服小李", "阿珍"][c % 3];
        let mut minute = 23 * 60 + 50 + rng.below(5);
        for t in 0..2 + rng.below(6) {
            let (speaker, text) = if t % 2 == 0 {
                ("顾客", CUSTOMER[rng.below(CUSTOMER.len())])
            } else {
                (agent, AGENT[rng.below(AGENT.len())])
            };
            let (h, m, sec) = (minute / 60 % 24, minute % 60, rng.below(60));
            let stamp = if c % 7 == 0 && t == 0 {
                format!("2024-08-{:02} {h:02}:{m:02}:{sec:02}", 1 + c % 28)
            } else {
                format!("{h:02}:{m:02}:{sec:02}")
            };
            if c % 50 == 3 && t == 3 {
                // The agent's turn pasted in another layout, with a date.
                out += &format!("2024-09-01 {h:02}:{m:02}:{sec:02} {agent}: {text}\n");
            } else if c % 50 == 10 && t == 1 {
                // The same by nobody of the conversation: more of the message above, which
                // dates nothing after it.
                out += &format!("2024-10-01 {h:02}:{m:02}:{sec:02} 路人甲: 顺便问下\n");
            } else {
                out += &format!("[{stamp}] {speaker}: {text}\n");
            }
            if c % 9 == 0 && t == 1 {
                out += "备注：明天发货\n";
            }
            minute += 1 + rng.below(4);
        }
        if c % 13 == 0 {
            out += "\n\n";
        }
    }
    out
}

#[test]
fn a_plain_text_export_gives_the_same_report_at_every_part_size() {
    let text = text_days_and_unnamed_headers();
    assert!(text.len() > 64 << 10, "{} bytes", text.len());
    assert_same_at_every_part_size("days.txt", text.as_bytes(), 300);
    let dir = folder(&[("days.txt", text.as_bytes())]);
    let (_, report) = report(dir.path(), "days.txt", &["--part-size", "1"]);
    // Unnamed conversations are numbered in the file, whatever part they are read in.
    assert!(report.contains("\"days.txt#599\""), "{report}");
    for format in ["json", "csv", "sarif", "junit"] {
        assert_same_output_at_part_size_one(dir.path(), "days.txt", &["--format", format]);
    }
    // The pages and grades draw on the day of each conversation and its reply times.
    let run = |command: &str, extra: &[&str]| {
        let mut all = vec![command, "--no-config"];
        all.extend_from_slice(extra);
        all.push("days.txt");
        run_in(dir.path(), &all, b"").stdout
    };
    for command in ["report", "grade", "inspect"] {
        let whole = run(command, &[]);
        assert!(whole.len() > 1000, "{command}: {whole}");
        assert_eq!(whole, run(command, &["--part-size", "1"]), "{command}");
    }
    assert!(run("report", &[]).contains("2024-07-"));
}

#[test]
fn a_finding_and_the_turn_it_points_back_to_share_one_excerpt_in_any_part() {
    // A header with no message above the first conversation makes the conversation a part
    // of its own at part size 1; the wait and the late reply are still one excerpt.
    let paste = "客户小李 2024-6-17 6:04:50\n=== A\n售后-小李 2024-6-17 6:11:30\n请您稍等，我马上为您查询。\n已读\n客户小李 2024-6-17 6:18:10\n我的订单号是 20240601123456\n售后-小李 2024-6-17 6:21:30\n催什么催\n";
    let dir = folder(&[("wait.txt", paste.as_bytes())]);
    assert_same_output_at_part_size_one(dir.path(), "wait.txt", &["--color", "never"]);
    let run = run_in(
        dir.path(),
        &["check", "--no-config", "--color", "never", "wait.txt"],
        b"",
    );
    assert!(
        run.stdout.contains("standard.wait-return-apology"),
        "{}",
        run.stdout
    );
}

#[test]
fn inspect_lists_the_first_reading_problems_in_file_order_at_every_part_size() {
    // Unknown speakers are found after the file is parsed, a bad time while it is: listed
    // in file order, the first ten are the same however the file is cut.
    let mut text = String::new();
    for c in 1..=12 {
        let time = if c == 12 {
            "2024-13-45 25:61:00"
        } else {
            "2024-06-01 10:00:00"
        };
        text += &format!(
            "=== C{c}\n[{time}] 顾客: 在吗\n[2024-06-01 10:00:10] 客服小王: 您好，祝您生活愉快，再见\n[2024-06-01 10:00:20] momo酱: 我也在\n"
        );
    }
    let dir = folder(&[("first10.txt", text.as_bytes())]);
    let inspect = |extra: &[&str]| {
        let mut all = vec!["inspect", "--no-config"];
        all.extend_from_slice(extra);
        all.push("first10.txt");
        run_in(dir.path(), &all, b"").stdout
    };
    let whole = inspect(&[]);
    assert_eq!(whole, inspect(&["--part-size", "1"]));
    let lines: Vec<usize> = whole
        .lines()
        .filter(|l| l.contains("input."))
        .filter_map(|l| l.trim().split(':').next()?.parse().ok())
        .collect();
    assert_eq!(lines.len(), 10, "{whole}");
    assert!(lines.is_sorted(), "{whole}");
    assert!(!whole.contains("input.bad-timestamp"), "{whole}");
}

#[test]
fn a_header_layout_paste_gives_the_same_report_at_every_part_size() {
    // 千牛: a `speaker time` header over each message, read receipts and recalls.
    let mut text = String::new();
    for (i, (id, speaker, message)) in turns(700, 31).iter().enumerate() {
        if i == 0 || !text.contains(&format!("=== {id}\n")) {
            text += &format!("=== {id}\n");
        }
        text += &format!(
            "{speaker} 2024-3-{} {:02}:{:02}:{:02}\n{message}\n",
            1 + i / 3000,
            10 + i / 3600 % 12,
            i / 60 % 60,
            i % 60
        );
        match i % 17 {
            0 => text += "已读\n",
            5 => text += &format!("{speaker} 撤回了一条消息\n"),
            9 => text += "第二行\n",
            _ => {}
        }
    }
    assert_same_at_every_part_size("paste.txt", text.as_bytes(), 200);
}

#[test]
fn reading_findings_about_a_conversation_name_it() {
    // Spark joins findings back to the table by conversation: the reading problems of a
    // conversation carry its id too.
    let mut file = String::new();
    for line in [
        json_line(Some("C-7"), "顾客", "在吗"),
        json_line(Some("C-7"), "路人甲", "我也想问"),
        json_line(Some("C-7"), "客服小王", "您好，请问有什么可以帮您"),
        json_line(Some("C-8"), "10:00", "在吗"),
        json_line(Some("C-8"), "tb_1", "你好"),
    ] {
        file += &(line + "\n");
    }
    let dir = folder(&[("named.jsonl", file.as_bytes())]);
    let run = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "jsonl", "named.jsonl"],
        b"",
    );
    let named: Vec<(String, String)> = run
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("input.")))
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["conversation"].as_str().unwrap_or("(none)").to_owned(),
            )
        })
        .collect();
    assert!(
        named.contains(&("input.unknown-speaker".into(), "C-7".into())),
        "{named:?}"
    );
    assert!(named.iter().any(|(_, c)| c == "C-8"), "{named:?}");
    assert!(named.iter().all(|(_, c)| c != "(none)"), "{named:?}");
}
