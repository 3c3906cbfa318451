//! Plain-text line shapes: one conversation written in every shape real exports use gives
//! the findings of its `[time] speaker: text` twin, and customers are never taken for agents.

mod common;

use common::{Report, Role, folder, run};

/// The shapes of `fixtures/shapes/` that carry times, and the line shape `inspect` names.
const TIMED: &[(&str, &str)] = &[
    ("bare.txt", BARE),
    ("bare-crlf.txt", BARE),
    ("bare-slash-millis.txt", BARE),
    ("bare-chinese-date.txt", BARE),
    ("bare-iso.txt", BARE),
    (
        "bare-dated-day-then-times.txt",
        "`date time speaker: text` (time without brackets) or `time speaker: text` (time of day without brackets)",
    ),
    ("lenticular.txt", "`【time】speaker: text`"),
    ("date-line-lenticular.txt", "`【time】speaker: text`"),
    ("angle.txt", "`<time> speaker: text`"),
    ("tabbed.txt", "`time<TAB>speaker<TAB>text`"),
    ("time-only.txt", TIME_OF_DAY),
    ("time-only-minutes.txt", TIME_OF_DAY),
    ("conversation-header.txt", TIME_OF_DAY),
    ("speaker-paren-time.txt", "`speaker (time): text`"),
    ("speaker-fullwidth-paren-time.txt", "`speaker (time): text`"),
    ("speaker-time.txt", "`speaker time: text`"),
    (
        "header.txt",
        "header lines `speaker time` with dates and seconds, the message on the lines below (千牛/咚咚/飞鸽/企业微信 layout)",
    ),
    (
        "header-role-tag.txt",
        "header lines `speaker time` with dates and seconds, the message on the lines below (千牛/咚咚/飞鸽/企业微信 layout)",
    ),
    (
        "header-time-first.txt",
        "header lines `time speaker` with dates and seconds, the message on the lines below (千牛/咚咚/飞鸽/企业微信 layout)",
    ),
    (
        "header-no-seconds.txt",
        "header lines `speaker time` with dates, the message on the lines below (千牛/咚咚/飞鸽/企业微信 layout)",
    ),
    (
        "header-time-only.txt",
        "header lines `speaker time` with seconds, the message on the lines below (千牛/咚咚/飞鸽/企业微信 layout)",
    ),
];
const BARE: &str = "`date time speaker: text` (time without brackets)";
const TIME_OF_DAY: &str = "`time speaker: text` (time of day without brackets)";
const UNTIMED: &[(&str, &str)] = &[
    ("untimed.txt", "`speaker: text` (no times)"),
    ("role-tag.txt", "`speaker: text` (no times)"),
    ("role-in-parens.txt", "`speaker: text` (no times)"),
    ("speaker-dash.txt", "`speaker - text` (no times)"),
];

type What = Vec<(String, Option<String>, Option<Role>)>;

fn findings(path: &str) -> (What, Report) {
    let r = run(&["check", "--format", "json", path]);
    assert_eq!(r.code, 1, "{path}: {}", r.stderr);
    let report = r.report();
    (report.what(), report)
}

fn layout(path: &str) -> String {
    let r = run(&["inspect", "--format", "json", path]);
    assert_eq!(r.code, 0, "{path}: {}", r.stderr);
    match r.json()[0]["layout"].as_str() {
        Some(layout) => layout.to_owned(),
        None => panic!("{path}: inspect gave no layout: {}", r.stdout),
    }
}

#[test]
fn every_shape_gives_the_findings_of_its_bracketed_twin() {
    let (twin, _) = findings("fixtures/shapes/bracketed.txt");
    let rules: Vec<&str> = twin.iter().map(|(r, _, _)| r.as_str()).collect();
    // The first reply is late across midnight (23:57:00 → 00:01:30), a later one by six
    // and a half minutes, answering a complaint about the wait without an apology.
    assert_eq!(
        rules,
        [
            "standard.greeting",
            "taboo.rude-opening",
            "timing.first-response",
            "taboo.make-wait",
            "standard.closing",
            "standard.wait-apology",
            "standard.wait-return-apology",
            "timing.reply",
            "taboo.ignorance"
        ]
    );
    for (file, shape) in TIMED.iter().chain(UNTIMED) {
        let path = format!("fixtures/shapes/{file}");
        let (mut got, report) = findings(&path);
        let mut want = twin.clone();
        // Without times, the timing rules say once that they could not run.
        if UNTIMED.iter().any(|(f, _)| f == file) {
            let skipped = got.iter().position(|(r, _, _)| r == "timing.skipped");
            assert!(skipped.is_some(), "{file}: {got:?}");
            got.retain(|(r, _, _)| r != "timing.skipped");
            // wait-return-apology applies only after a measured wait of two minutes.
            want.retain(|(r, _, _)| {
                !r.starts_with("timing.") && r != "standard.wait-return-apology"
            });
        }
        // The header export's title line is reported, not read as a turn.
        if *file == "header-no-seconds.txt" {
            assert_eq!(got[0].1.as_deref(), Some("与顾客的聊天记录"));
            got.remove(0);
        }
        assert_eq!(got, want, "{file}");
        assert_eq!(report.summary.turns, 7, "{file}");
        assert_eq!(report.summary.conversations, 1, "{file}");
        for d in &report.diagnostics {
            assert_ne!(
                d.role,
                Some(Role::Customer),
                "{file}: a customer turn got {}",
                d.rule
            );
        }
        assert_eq!(layout(&path), *shape, "{file}");
    }
}

#[test]
fn message_lines_with_times_and_colons_stay_in_their_message() {
    // Polite chats whose messages hold a time range, `备注：`, a URL, a weekday and date,
    // a line starting with a date and time, and (in the header layout) a line ending
    // with a time: no finding, and no turn more than the chat has.
    for (file, turns) in [
        ("continuations-bare.txt", 4),
        ("continuations-header.txt", 5),
    ] {
        let path = format!("fixtures/shapes/{file}");
        let r = run(&["check", "--format", "json", &path]);
        assert_eq!(r.code, 0, "{file}: {}", r.stdout);
        let report = r.report();
        assert_eq!(report.diagnostics, [], "{file}");
        assert_eq!(report.summary.turns, turns, "{file}");
    }
    // The twin: a taboo phrase on a continuation line is the agent's, reported there.
    let text =
        std::fs::read_to_string(common::root().join("fixtures/shapes/continuations-bare.txt"))
            .expect("the fixture is there");
    let rude = text.replacen("备注：明天发货\n", "备注：明天发货，催什么催\n", 1);
    assert_ne!(rude, text);
    let dir = folder(&[("rude.txt", rude.as_bytes())]);
    let r = run(&[
        "check",
        "--format",
        "json",
        &dir.path().join("rude.txt").to_string_lossy(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let report = r.report();
    assert_eq!(report.summary.turns, 4);
    assert_eq!(
        report.spots(),
        [(4, 9, 13, "taboo.impatience".into(), "催什么催".into())]
    );
    assert_eq!(report.diagnostics[0].role, Some(Role::Agent));
}

#[test]
fn bare_timestamps_never_make_customers_agents() {
    // The report that started this: the time's colons ended the speaker, and the
    // shop-account convention took `2024-06-01 20:10` for a seller.
    let dir = folder(&[(
        "chat.txt",
        "2024-06-01 20:10:00 顾客: 你有没有搞错呀\n2024-06-01 20:10:30 客服小王: 您好，请问有什么可以帮您？\n2024-06-01 20:11:00 顾客: 神经病，催什么催\n2024-06-01 20:11:30 客服小王: 抱歉让您久等了，祝您生活愉快，再见\n".as_bytes(),
    )]);
    let r = run(&[
        "check",
        "--format",
        "json",
        &dir.path().join("chat.txt").to_string_lossy(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let report = r.report();
    assert_eq!(report.diagnostics, []);
    assert_eq!(report.summary.turns, 4);

    // The twin: the agent's own taboo is reported, at the agent's line.
    let rude = "2024-06-01 20:10:00 顾客: 你有没有搞错呀\n2024-06-01 20:10:30 客服小王: 您好，请问有什么可以帮您？\n2024-06-01 20:11:00 顾客: 神经病，催什么催\n2024-06-01 20:11:30 客服小王: 神经病，再见\n";
    let dir = folder(&[("rude.txt", rude.as_bytes())]);
    let r = run(&[
        "check",
        "--format",
        "json",
        &dir.path().join("rude.txt").to_string_lossy(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let report = r.report();
    let taboo: Vec<(u64, &str, Option<Role>)> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.starts_with("taboo."))
        .map(|d| (d.line, d.rule.as_str(), d.role))
        .collect();
    assert_eq!(taboo, [(4, "taboo.insult", Some(Role::Agent))]);
}

#[test]
fn conversation_headers_split_a_bare_timestamp_folder() {
    let mut day = String::new();
    for n in 1..=3 {
        day.push_str(&format!(
            "### 会话 C0000000{n} | 渠道: 淘宝旗舰店 | 客服: 小孙 | 日期: 2024-07-05\n\
             2024-07-05 10:0{n}:00 tb_88{n}: 在吗\n\
             2024-07-05 10:0{n}:20 小孙: 喂，说吧\n\n"
        ));
    }
    let dir = folder(&[
        ("a/day1.txt", day.as_bytes()),
        ("b/day2.txt", day.as_bytes()),
    ]);
    let r = run(&["check", "--format", "json", &dir.path().to_string_lossy()]);
    let report = r.report();
    assert_eq!(report.summary.conversations, 6);
    assert_eq!(report.summary.turns, 12);
    let rude: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "taboo.rude-opening")
        .map(|d| {
            let (Some(conversation), Some(role)) = (&d.conversation, d.role) else {
                panic!("no conversation or no role: {d:?}")
            };
            (conversation.as_str(), role.as_str())
        })
        .collect();
    // `小孙` is an agent only because the header says so.
    assert_eq!(
        rude,
        [
            ("C00000001", "agent"),
            ("C00000002", "agent"),
            ("C00000003", "agent"),
            ("C00000001", "agent"),
            ("C00000002", "agent"),
            ("C00000003", "agent")
        ]
    );
}

#[test]
fn times_of_day_cross_midnight() {
    // 23:58 → 00:06 is eight minutes: over the 3-minute first-response limit, not minus a day.
    let late = folder(&[(
        "late.txt",
        "23:58 顾客: 在吗\n00:06 客服小王: 您好，抱歉让您久等了，请问有什么可以帮您？\n00:07 顾客: 好的\n00:07 客服小王: 祝您生活愉快，再见\n".as_bytes(),
    )]);
    let r = run(&[
        "check",
        "--format",
        "json",
        &late.path().join("late.txt").to_string_lossy(),
    ]);
    assert_eq!(
        r.report().rules(),
        ["timing.first-response"],
        "{}",
        r.stdout
    );
}

#[test]
fn a_time_that_does_not_parse_keeps_its_turn_and_is_reported() {
    let dir = folder(&[(
        "bad.txt",
        "2024-06-01 20:10:00 顾客: 在吗\n2024-13-45 25:61:00 客服小王: 催什么催\n".as_bytes(),
    )]);
    let r = run(&[
        "check",
        "--format",
        "json",
        &dir.path().join("bad.txt").to_string_lossy(),
    ]);
    let report = r.report();
    let got: Vec<(&str, u64, u64)> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "input.bad-timestamp" || d.rule == "taboo.impatience")
        .map(|d| (d.rule.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        got,
        [("input.bad-timestamp", 2, 1), ("taboo.impatience", 2, 27)]
    );
}

#[test]
fn lines_that_merely_contain_times_or_colons_continue_the_message() {
    let dir = folder(&[(
        "c.txt",
        "2024-06-01 20:10:00 顾客: 几点送到？\n2024-06-01 20:10:30 客服小王: 您好，送货时间是\n14:00 - 16:00 之间\n备注：明天发货\n20:30 到货\n详见 https://kuaidi100.com/x\n".as_bytes(),
    )]);
    let r = run(&[
        "inspect",
        "--format",
        "json",
        &dir.path().join("c.txt").to_string_lossy(),
    ]);
    let report = r.json();
    assert_eq!(report[0]["turns"], 2, "{}", r.stdout);
    assert_eq!(report[0]["unparsed_total"], 0);
}
