//! `replylint grade`: scores per conversation, the pass mark, fatal items, bonuses,
//! `--explain` accounting for every point, and the machine formats.

mod common;

use common::{folder, run_in};
use serde_json::Value;
use std::path::Path;

fn grade(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["grade", "--no-config"];
    all.extend_from_slice(args);
    run_in(dir, &all, b"")
}

/// The cards of a `--format json` run, by conversation.
fn cards(run: &common::Run) -> Vec<Value> {
    run.json()["conversations"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

const POLITE: &str = "[2024-05-13 15:00:00] 顾客: 在吗，我买的吹风机什么时候发货？\n\
[2024-05-13 15:00:30] 客服小郑: 您好，请您稍等，我为您查询一下。\n\
[2024-05-13 15:01:10] 客服小郑: 您的订单今天下午发货，咱们会第一时间同步物流单号。\n\
[2024-05-13 15:01:40] 顾客: 好的，谢谢\n\
[2024-05-13 15:02:00] 客服小郑: 不客气，祝您生活愉快，欢迎下次光临！\n";

/// A rude reply and no greeting.
const RUDE: &str = "[2024-03-05 09:12:03] 客户: 你好，我家空调不制冷了，想报修一下\n\
[2024-03-05 09:12:10] 坐席小赵: 喂，说吧\n\
[2024-03-05 09:12:31] 客户: 上周刚修过，现在又不制冷了\n\
[2024-03-05 09:12:50] 坐席小赵: 请提供一下维修单号，我帮您查询。\n\
[2024-03-05 09:13:42] 坐席小赵: 已为您登记返修，师傅会在24小时内联系您，再见。\n";

const INSULT: &str = "[2024-03-05 10:00:00] 顾客: 你们这什么破服务\n\
[2024-03-05 10:00:20] 客服小美: 您好，你神经病吧\n\
[2024-03-05 10:01:00] 顾客: ？？？\n\
[2024-03-05 10:01:20] 客服小美: 抱歉，祝您生活愉快，再见\n";

#[test]
fn a_polite_complete_conversation_scores_100_and_passes() {
    let dir = folder(&[("mock/polite.txt", POLITE.as_bytes())]);
    let out = grade(dir.path(), &["--format", "json", "mock"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let cards = cards(&out);
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0]["score"], 100);
    assert_eq!(cards[0]["passed"], true);
    assert_eq!(cards[0]["agents"][0], "客服小郑");
}

#[test]
fn a_rude_reply_without_a_greeting_fails_under_60() {
    let dir = folder(&[
        ("mock/rude.txt", RUDE.as_bytes()),
        ("mock/polite.txt", POLITE.as_bytes()),
    ]);
    let out = grade(dir.path(), &["mock"]);
    assert_eq!(out.code, 1, "one conversation fails:\n{}", out.stdout);
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("rude.txt"))
        .unwrap_or_default();
    assert!(
        line.trim_start().starts_with("45  FAIL"),
        "100 − 45 (taboo) − 10 (no greeting): {line}"
    );
    assert!(
        line.contains("-45 taboo.rude-opening `喂，说吧` (line 2)"),
        "{line}"
    );
    assert!(
        out.stdout
            .contains("Graded 2 conversations: 1 passed, 1 failed (pass mark 60)."),
        "{}",
        out.stdout
    );
    // The per-agent summary, worst mean first.
    let agents: Vec<&str> = out
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("agent "))
        .skip(1)
        .take(2)
        .collect();
    assert!(agents[0].starts_with("坐席小赵"), "{agents:?}");
    assert!(agents[0].contains("45.0"), "{agents:?}");
    // A lower pass mark passes it.
    assert_eq!(grade(dir.path(), &["--pass-mark", "40", "mock"]).code, 0);
}

#[test]
fn a_fatal_item_scores_0() {
    let dir = folder(&[("insult.txt", INSULT.as_bytes())]);
    let out = grade(dir.path(), &["--format", "json", "insult.txt"]);
    assert_eq!(out.code, 1);
    let card = &cards(&out)[0];
    assert_eq!(card["score"], 0);
    assert_eq!(card["fatal"], "taboo.insult");
}

#[test]
fn explain_accounts_for_every_point_on_every_fixture() {
    let root = common::root();
    let out = grade(&root, &["--format", "json", "fixtures"]);
    let cards = cards(&out);
    assert!(cards.len() > 50, "{}", cards.len());
    for card in &cards {
        let items: i64 = card["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["points"].as_i64().unwrap())
            .sum();
        let adjustments: i64 = card["adjustments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["points"].as_i64().unwrap())
            .sum();
        if card["graded"] == true {
            assert_eq!(
                100 + items + adjustments,
                card["score"].as_i64().unwrap(),
                "{card}"
            );
        }
    }
    // The same in words: the lines of --explain add up to the score.
    let dir = folder(&[("rude.txt", RUDE.as_bytes())]);
    let text = grade(dir.path(), &["--explain", "rude.txt"]).stdout;
    let points: i64 = text
        .lines()
        .skip_while(|l| !l.starts_with("rude.txt (agent 坐席小赵): 45/100"))
        .take_while(|l| !l.contains("score"))
        .filter_map(|l| l.split_whitespace().next())
        .filter_map(|w| w.parse::<i64>().ok())
        .sum();
    assert_eq!(points, 45, "{text}");
    assert!(text.contains("    =45  score"), "{text}");
}

#[test]
fn a_bonus_item_adds_points_and_check_does_not_report_it() {
    let with_rating = RUDE.replace("再见。", "如果您满意，请您对本次服务进行评价，再见。");
    let dir = folder(&[("rated.txt", with_rating.as_bytes())]);
    let out = grade(dir.path(), &["--format", "json", "rated.txt"]);
    assert_eq!(cards(&out)[0]["score"], 47, "45 + 2");
    let check = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "rated.txt"],
        b"",
    );
    assert!(
        !check.report().rules().contains(&"standard.invite-rating"),
        "{}",
        check.stdout
    );
}

#[test]
fn grade_settings_come_from_replylint_toml() {
    let config = "[grade]\n\
pass-mark = 50\n\
sections = { \"服务态度\" = 40, \"服务规范\" = 40, \"响应时效\" = 20 }\n\
\n\
[grade.rules.\"taboo.rude-opening\"]\n\
weight = 20\n";
    let dir = folder(&[
        ("replylint.toml", config.as_bytes()),
        ("rude.txt", RUDE.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["grade", "--format", "json", "rude.txt"], b"");
    let card = &cards(&out)[0];
    assert_eq!(out.json()["pass_mark"], 50);
    assert_eq!(card["score"], 70, "{card}");
    assert_eq!(card["sections"][0]["name"], "响应时效");
    assert_eq!(out.code, 0);
    let typo = folder(&[
        (
            "replylint.toml",
            "[grade.rules.\"taboo.rude-openin\"]\nweight = 1\n".as_bytes(),
        ),
        ("rude.txt", RUDE.as_bytes()),
    ]);
    let out = run_in(typo.path(), &["grade", "rude.txt"], b"");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `taboo.rude-opening`"),
        "{}",
        out.stderr
    );
}

#[test]
fn junit_and_csv_give_a_row_per_conversation() {
    let dir = folder(&[
        ("rude.txt", RUDE.as_bytes()),
        ("polite.txt", POLITE.as_bytes()),
    ]);
    let junit = grade(dir.path(), &["--format", "junit", "."]).stdout;
    assert_eq!(junit.matches("<testcase ").count(), 2, "{junit}");
    assert_eq!(junit.matches("<failure ").count(), 1, "{junit}");
    assert!(
        junit.contains(r#"<failure message="score 45 under the pass mark 60">"#),
        "{junit}"
    );
    let csv = grade(dir.path(), &["--format", "csv", "."]).stdout;
    assert!(csv.starts_with('\u{feff}'));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[2].contains(",45,fail,"), "{csv}");
}

#[test]
fn a_conversation_without_an_agent_is_not_graded_and_does_not_pass() {
    let chat = "小明: 在吗\n小红: 在的\n";
    let dir = folder(&[("nobody.txt", chat.as_bytes())]);
    let out = grade(dir.path(), &["nobody.txt"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("NOT GRADED"), "{}", out.stdout);
    assert!(
        out.stdout.contains("1 not graded: no agent identified"),
        "{}",
        out.stdout
    );
}

#[test]
fn what_was_not_graded_never_looks_like_a_pass() {
    // Only customer turns: nobody to grade.
    let dir = folder(&[
        (
            "custonly.txt",
            "[2024-06-01 10:00:00] 顾客: 在吗\n[2024-06-01 10:01:00] 顾客: 有人吗\n".as_bytes(),
        ),
        ("empty.txt", b""),
        (
            "bidi.txt",
            "[2024-06-01 10:00:00] 顾客: 在吗\n[2024-06-01 10:00:05] 客服小美: 你\u{202e}有病吧\n"
                .as_bytes(),
        ),
    ]);
    let json = grade(dir.path(), &["--format", "json", "custonly.txt"]).json();
    let card = &json["conversations"][0];
    assert_eq!(card["graded"], false, "{json}");
    assert_eq!(
        card["score"],
        Value::Null,
        "no score for what was not graded: {json}"
    );
    let junit = grade(dir.path(), &["--format", "junit", "empty.txt"]);
    assert_eq!(junit.code, 1, "{}", junit.stderr);
    assert!(
        junit.stdout.contains(r#"tests="1" failures="1""#),
        "{}",
        junit.stdout
    );
    assert!(
        junit.stdout.contains("no conversation was graded"),
        "{}",
        junit.stdout
    );
    let out = run_in(
        dir.path(),
        &[
            "report",
            "--no-config",
            "-o",
            "r.html",
            "custonly.txt",
            "bidi.txt",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(
        page.contains("未评分（未识别客服）"),
        "the headline counts what was not graded"
    );
    assert!(
        !page.contains('\u{202e}'),
        "a bidi override is shown, not obeyed"
    );
    assert!(page.contains("\\u{202e}"));
}
