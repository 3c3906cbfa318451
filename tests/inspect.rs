//! `replylint inspect`: how each input is read, before any rule runs.

mod common;

use common::{folder, run_in};
use serde_json::Value;

fn speakers(report: &Value) -> Vec<(String, String, String)> {
    report["speakers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or_default().to_owned(),
                s["role"].as_str().unwrap_or_default().to_owned(),
                s["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn inspect_names_the_shape_conversations_and_every_role_with_its_reason() {
    let export = "### 会话 C1 | 渠道: 淘宝 | 客服: 小孙 | 日期: 2024-07-05\n\
                  2024-07-05 10:00:00 tb_8812: 在吗\n\
                  2024-07-05 10:00:20 小孙: 您好\n\
                  ### 会话 C2 | 渠道: 淘宝\n\
                  2024-07-05 11:00:00 顾客: 在吗\n\
                  2024-07-05 11:00:20 售前客服小李: 您好\n\
                  ### 会话 C3\n\
                  2024-07-05 12:00:00 tb_1: 在吗\n\
                  2024-07-05 12:00:20 小美: 催什么催\n";
    let dir = folder(&[("day.txt", export.as_bytes())]);
    let r = run_in(
        dir.path(),
        &["inspect", "--no-config", "--format", "json", "day.txt"],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = &r.json()[0];
    assert_eq!(
        report["layout"],
        "`date time speaker: text` (time without brackets)"
    );
    assert_eq!(report["conversations"], 3);
    assert_eq!(report["turns"], 6);
    assert_eq!(report["without_agent"], 1);
    assert_eq!(report["first_time"], "2024-07-05 10:00:00");
    let ids: Vec<&str> = report["conversation_list"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["C1", "C2", "C3"]);
    assert_eq!(
        speakers(report),
        [
            (
                "tb_8812".into(),
                "customer".into(),
                "the other party of 小孙".into()
            ),
            (
                "小孙".into(),
                "agent".into(),
                "named as the agent by the conversation header".into()
            ),
            (
                "顾客".into(),
                "customer".into(),
                "title `顾客` in the name".into()
            ),
            (
                "售前客服小李".into(),
                "agent".into(),
                "title `客服` in the name".into()
            ),
            (
                "tb_1".into(),
                "unknown".into(),
                "unknown: name it with --agent/--customer or [roles]".into()
            ),
            (
                "小美".into(),
                "unknown".into(),
                "unknown: name it with --agent/--customer or [roles]".into()
            ),
        ]
    );

    // A pattern fixes the unknown speakers, and the reason says where it came from.
    let r = run_in(
        dir.path(),
        &[
            "inspect",
            "--no-config",
            "--format",
            "json",
            "--agent",
            "^小美$",
            "day.txt",
        ],
        b"",
    );
    let report = &r.json()[0];
    assert_eq!(report["without_agent"], 0);
    let fixed = speakers(report);
    assert!(fixed.contains(&(
        "小美".into(),
        "agent".into(),
        "--agent pattern `^小美$`".into()
    )));
    assert!(fixed.contains(&(
        "tb_1".into(),
        "customer".into(),
        "the other party of 小美".into()
    )));
}

#[test]
fn inspect_text_shows_encoding_unread_lines_and_what_to_do() {
    let mut bytes = "导出时间 2024年6月1日\n[2024-06-01 10:00:00] tb_1: 在吗\n[2024-06-01 10:00:30] 小美: 您好\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"[2024-06-01 10:01:00] tb_1: caf\xe9\n");
    let dir = folder(&[("chat.txt", &bytes)]);
    let r = run_in(dir.path(), &["inspect", "--no-config", "chat.txt"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for expected in [
        "reading chat.txt as plain text (UTF-8: UTF-8 with 1 invalid byte (shown as U+FFFD and reported)), lines read as `[time] speaker: text`",
        "1 conversation, 3 turns, 2024-06-01 10:00:00 – 2024-06-01 10:01:00",
        "1 conversation without an identified agent: agent rules do not run on them; name the agents with --agent REGEX",
        "tb_1  unknown   2 turns, 1 conversation  unknown: name it with --agent/--customer or [roles]",
        "1:1 input.unparsed: not a turn: the file's lines are read as `[time] speaker: text`  | 导出时间 2024年6月1日",
        "4:32 input.invalid-bytes: bytes that are not valid UTF-8 here; read as U+FFFD",
    ] {
        assert!(
            r.stdout.contains(expected),
            "missing {expected:?} in:\n{}",
            r.stdout
        );
    }
}

#[test]
fn inspect_reports_inputs_it_cannot_read() {
    let dir = folder(&[("ok.txt", "客服: 您好\n".as_bytes())]);
    let r = run_in(
        dir.path(),
        &["inspect", "--no-config", "ok.txt", "missing.txt"],
        b"",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.txt"), "{}", r.stderr);
    assert!(r.stdout.contains("ok.txt"), "{}", r.stdout);
}
