//! Roles are never guessed silently: who is the agent, who is not, why, and what happens
//! when nobody can tell (`fixtures/roles/`).

mod common;

use common::{Role, Summary, folder, run, run_in};

/// `(line, rule, speaker, role)` of one diagnostic.
type Found = (u64, String, Option<String>, Option<Role>);

/// `(line, rule, speaker, role)` of every diagnostic of `check --format json ARGS`, with
/// the report's summary.
fn check(dir: Option<&std::path::Path>, args: &[&str]) -> (Vec<Found>, Summary) {
    let mut all = vec!["check", "--no-config", "--format", "json"];
    all.extend_from_slice(args);
    let r = match dir {
        Some(d) => run_in(d, &all, b""),
        None => run(&all),
    };
    let report = r.report();
    let found = report
        .diagnostics
        .into_iter()
        .map(|d| (d.line, d.rule, d.speaker, d.role))
        .collect();
    (found, report.summary)
}

/// The finding of an agent's turn.
fn agent(line: u64, rule: &str, speaker: &str) -> Found {
    (
        line,
        rule.to_owned(),
        Some(speaker.to_owned()),
        Some(Role::Agent),
    )
}

fn rules(found: &[Found]) -> Vec<(u64, &str)> {
    found.iter().map(|(l, r, _, _)| (*l, r.as_str())).collect()
}

#[test]
fn two_unknown_nicknames_get_no_agent_and_no_agent_findings() {
    let path = "fixtures/roles/two-nicknames-no-agent.txt";
    let (found, summary) = check(None, &[path]);
    // `tb_lily_shop` says 等会儿，催什么催 and answers a complaint about waiting without an
    // apology, but nobody is known to be the agent: no rule judges either speaker.
    assert_eq!(rules(&found), [(1, "input.no-agent")]);
    assert_eq!(summary.conversations_without_agent, 1);

    let pretty = run(&["check", "--no-config", path]);
    assert_eq!(pretty.code, 0, "a warning does not fail the run by default");
    assert!(
        pretty.stdout.contains("momo酱")
            && pretty.stdout.contains("help: agent rules were not run"),
        "{}",
        pretty.stdout
    );
    assert!(
        pretty.stdout.trim_end().ends_with(
            "in 1 file, 1 conversation, 4 turns. 1 conversation without an identified agent was not checked for agent rules (input.no-agent)."
        ),
        "{}",
        pretty.stdout
    );
    assert_eq!(
        run(&["check", "--no-config", "--fail-on", "warning", path]).code,
        1
    );
}

#[test]
fn naming_the_agent_fixes_it_on_the_command_line_or_in_the_configuration() {
    let expected = [
        (2, "standard.greeting"),
        (2, "taboo.make-wait"),
        (2, "timing.first-response"),
        (2, "taboo.impatience"),
        (4, "standard.closing"),
        (4, "standard.wait-apology"),
        (4, "standard.wait-return-apology"),
    ];
    let path = "fixtures/roles/two-nicknames-no-agent.txt";
    let (found, summary) = check(None, &["--agent", "^tb_", path]);
    assert_eq!(rules(&found), expected);
    assert!(found.iter().all(
        |(_, _, speaker, role)| speaker.as_deref() == Some("tb_lily_shop")
            && *role == Some(Role::Agent)
    ));
    assert_eq!(summary.conversations_without_agent, 0);

    // The customer named instead: the other party is the agent.
    let (found, _) = check(None, &["--customer", "^momo", path]);
    assert_eq!(rules(&found), expected);

    let text = std::fs::read(common::root().join(path)).expect("the fixture is there");
    let dir = folder(&[
        ("chat.txt", &text),
        ("replylint.toml", b"[roles]\nagent = [\"^tb_\"]\n"),
    ]);
    let r = run_in(dir.path(), &["check", "--format", "json", "chat.txt"], b"");
    let report = r.report();
    let from_config: Vec<(u64, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.line, d.rule.as_str()))
        .collect();
    assert_eq!(from_config, expected);
}

#[test]
fn a_handover_between_two_sub_accounts_keeps_the_buyer_a_customer() {
    let path = "fixtures/roles/handover-sub-accounts.txt";
    let (found, _) = check(None, &[path]);
    // The buyer's 你有没有搞错 and 催什么催 are not reported; the second sub-account's
    // 你问我，我怎么知道 is.
    assert_eq!(found, [agent(11, "taboo.ignorance", "小米旗舰店:小王")]);

    let r = run(&["inspect", "--no-config", "--format", "json", path]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = r.json();
    let speakers: Vec<(String, String, String)> = report[0]["speakers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap_or_default().to_owned();
            (f("name"), f("role"), f("reason"))
        })
        .collect();
    let shop = "a `shop:account` seller name".to_owned();
    assert_eq!(
        speakers,
        [
            (
                "tb_8812".to_owned(),
                "customer".to_owned(),
                "the other party of 小米旗舰店:小林, 小米旗舰店:小王".to_owned()
            ),
            (
                "小米旗舰店:小林".to_owned(),
                "agent".to_owned(),
                shop.clone()
            ),
            ("小米旗舰店:小王".to_owned(), "agent".to_owned(), shop),
        ]
    );
}

#[test]
fn a_speaker_that_is_a_number_or_a_time_is_reported_and_given_no_role() {
    let path = "fixtures/roles/numeric-speaker.csv";
    let (found, summary) = check(None, &[path]);
    // 工号 in the speaker column: `1024` says 催什么催 (line 5) but is not guessed to be
    // the agent, and its partner is not guessed to be the customer.
    assert_eq!(
        rules(&found),
        [(2, "input.no-agent"), (3, "input.bad-speaker")]
    );
    assert_eq!(summary.conversations_without_agent, 1);
    // With the agent named, its 催什么催，等着 is impatient and a curt order to wait.
    let (found, _) = check(None, &["--agent", r"^\d+$", path]);
    assert_eq!(
        rules(&found),
        [
            (5, "standard.closing"),
            (5, "taboo.impatience"),
            (5, "taboo.make-wait")
        ]
    );

    // A time in the speaker field beside a known agent: reported once, never a customer.
    let jsonl = concat!(
        r#"{"session_id": "c1", "sender": "2024-06-01 20:10", "content": "你有没有搞错"}"#,
        "\n",
        r#"{"session_id": "c1", "sender": "客服小王", "content": "您好，请问有什么可以帮您？"}"#,
        "\n",
        r#"{"session_id": "c1", "sender": "2024-06-01 20:10", "content": "催什么催"}"#,
        "\n",
        r#"{"session_id": "c1", "sender": "客服小王", "content": "好的，感谢您的耐心，再见！"}"#,
        "\n",
    );
    let dir = folder(&[("chat.jsonl", jsonl.as_bytes())]);
    let (found, summary) = check(Some(dir.path()), &["chat.jsonl"]);
    assert_eq!(rules(&found), [(1, "input.bad-speaker")]);
    assert_eq!(summary.conversations_without_agent, 0);
}

#[test]
fn a_buyer_nick_of_digits_in_a_text_export_is_read_as_in_json_lines() {
    // A phone number as the buyer's nick: the line keeps its speaker (it was read as a
    // platform message before, and the number as part of the text), is reported as no name,
    // and takes the role it is given; the shop manager 店长 is an agent by title.
    let text = "[2024-07-22 14:29:54] 13800138000: 在吗，催什么催\n\
                [2024-07-22 14:30:16] 店长老周: 您好，我帮您查一下\n\
                [2024-07-22 14:30:58] 13800138000: 好\n\
                [2024-07-22 14:31:15] 店长老周: 已经发出了，祝您生活愉快\n";
    let dir = folder(&[("chat.txt", text.as_bytes())]);
    let (found, summary) = check(Some(dir.path()), &["chat.txt"]);
    assert_eq!(rules(&found), [(1, "input.bad-speaker")]);
    assert_eq!(summary.conversations_without_agent, 0);
    let (found, _) = check(
        Some(dir.path()),
        &["--customer", "^1[0-9]{10}$", "chat.txt"],
    );
    assert_eq!(found, []);
    let (found, _) = check(Some(dir.path()), &["--agent", "^1[0-9]{10}$", "chat.txt"]);
    assert!(
        rules(&found).contains(&(1, "taboo.impatience")),
        "{found:?}"
    );
}

#[test]
fn a_speaker_left_unknown_beside_an_agent_is_reported() {
    let path = "fixtures/roles/third-speaker-unknown.txt";
    let (found, _) = check(None, &[path]);
    assert_eq!(rules(&found), [(5, "input.unknown-speaker")]);
    let (found, _) = check(None, &["--agent", "^阿杰$", path]);
    assert_eq!(found, [agent(5, "taboo.make-wait", "阿杰")]);
}

#[test]
fn the_agent_named_in_a_conversation_header_is_the_agent() {
    let (found, summary) = check(None, &["fixtures/roles/declared-agent.txt"]);
    assert_eq!(found, [agent(3, "taboo.commanding", "小孙")]);
    assert_eq!(summary.conversations_without_agent, 0);
}

#[test]
fn titles_labels_and_bots_in_real_names_leave_polite_agents_clean() {
    // Nine conversations, an agent title or a customer label in a different place in
    // each; every customer says a taboo phrase, a bot says 等会儿, the agents are polite.
    let path = "fixtures/roles/titles-polite.txt";
    let (found, summary) = check(None, &[path]);
    assert_eq!(found, []);
    assert_eq!(summary.conversations, 9);
    assert_eq!(summary.conversations_without_agent, 0);

    // The twin: the agent after the bot says a taboo phrase, and is reported for it.
    let text = std::fs::read_to_string(common::root().join(path)).expect("the fixture is there");
    let polite = "金牌客服: 已为您修改好了";
    let rude = text.replacen(polite, "金牌客服: 你着什么急，已为您修改好了", 1);
    assert_ne!(rude, text);
    let line = text
        .lines()
        .position(|l| l.contains(polite))
        .expect("the line is there") as u64
        + 1;
    let dir = folder(&[("titles.txt", rude.as_bytes())]);
    let (found, _) = check(Some(dir.path()), &["titles.txt"]);
    assert_eq!(found, [agent(line, "taboo.impatience", "金牌客服")]);
}

#[test]
fn no_customer_turn_carries_an_agent_rule_finding() {
    let (found, _) = check(None, &["fixtures/roles"]);
    assert!(!found.is_empty());
    for (line, rule, speaker, role) in &found {
        assert!(
            *role == Some(Role::Agent) || (role.is_none() && rule.starts_with("input.")),
            "{line} {rule} {speaker:?} {role:?}"
        );
    }
}

#[test]
fn a_role_column_beside_the_names_gives_the_agents_their_names() {
    // 发送方 holds only 客服 / 顾客; the names are in 客服 and 顾客, or 客服昵称.
    let jd = "会话ID,客服,顾客,时间,发送方,内容\n\
S1,小李,jd_u1,2024-06-01 09:00:00,顾客,你好 我要退货\n\
S1,小李,jd_u1,2024-06-01 09:00:10,客服,您好，请问有什么可以帮您？\n\
S2,小王,jd_u2,2024-06-01 10:00:00,顾客,在吗\n\
S2,小王,jd_u2,2024-06-01 10:00:10,客服,您好，请问有什么可以帮您？\n";
    let qn = "会话ID,买家昵称,客服昵称,发送时间,发送人,消息内容\n\
1001,tb_8812,小美,2024-06-01 09:00:00,tb_8812,在吗\n\
1001,tb_8812,小美,2024-06-01 09:00:10,小美,您好，请问有什么可以帮您？\n";
    let dir = folder(&[("jd.csv", jd.as_bytes()), ("qn.csv", qn.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "jd.csv",
            "qn.csv",
        ],
        b"",
    );
    let report = out.report();
    let speakers: std::collections::BTreeSet<(String, String)> = report
        .diagnostics
        .iter()
        .filter_map(|d| Some((d.speaker.clone()?, format!("{:?}", d.role?))))
        .collect();
    for (name, role) in &speakers {
        assert!(
            !["客服", "顾客"].contains(&name.as_str()),
            "a role word as a name: {speakers:?}"
        );
        assert_eq!(role, "Agent", "{speakers:?}");
    }
    let grades = run_in(
        dir.path(),
        &[
            "grade",
            "--no-config",
            "--format",
            "json",
            "jd.csv",
            "qn.csv",
        ],
        b"",
    )
    .json();
    let agents: Vec<String> = grades["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["agents"][0].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(agents, ["小李", "小王", "小美"], "{grades}");
}
