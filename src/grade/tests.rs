use super::*;
use crate::config::{GradeConfig, Located, ScoringOverride};
use crate::rules::Severity;
use crate::source::{Position, SourceFile};

fn scoring(weight: u32) -> Scoring {
    Scoring {
        weight,
        ..Scoring::default()
    }
}

fn card(rules: &[(&str, Scoring)], config: &GradeConfig) -> Scorecard {
    Scorecard {
        rules: rules
            .iter()
            .map(|(id, s)| (id.to_string(), s.clone()))
            .collect(),
        sections: config
            .sections
            .iter()
            .map(|(n, p)| (n.value.clone(), *p))
            .collect(),
        pass_mark: DEFAULT_PASS_MARK,
    }
}

fn finding(rule: &str, line: usize) -> Finding {
    let file = SourceFile::new("mock.txt", "客服: 催什么催\n");
    let place = crate::finding::Place {
        file: &file,
        path: "mock.txt",
        conversation: Some("mock.txt"),
        speaker: Some("客服"),
        role: None,
    };
    Finding {
        rule: rule.into(),
        severity: Severity::Error,
        start: Position { line, column: 5 },
        ..place.finding(4..7, Some("催什么催"))
    }
}

fn info() -> ConversationInfo {
    ConversationInfo {
        id: "mock.txt".into(),
        agents: vec!["客服".into()],
        line: 1,
        span: 0..0,
        canned: false,
        agent_turns: 2,
        day: None,
        response_seconds: Vec::new(),
    }
}

/// 100, plus every item, plus every adjustment, is the score.
fn adds_up(c: &Card) -> bool {
    100 + c.items.iter().map(|i| i.points).sum::<i64>()
        + c.adjustments.iter().map(|a| a.points).sum::<i64>()
        == i64::from(c.score)
}

#[test]
fn weights_deduct_per_finding_up_to_the_cap_and_a_bonus_adds_once_never_above_100() {
    let rules = [
        ("taboo.x", scoring(45)),
        (
            "taboo.wait",
            Scoring {
                cap: Some(20),
                ..scoring(10)
            },
        ),
        (
            "good",
            Scoring {
                bonus: 2,
                ..scoring(0)
            },
        ),
    ];
    let sc = card(&rules, &GradeConfig::default());
    let c = sc.grade("mock.txt", &info(), &[finding("taboo.x", 2)]);
    assert_eq!((c.score, c.passed), (55, false));
    let waits: Vec<_> = (1..=3).map(|l| finding("taboo.wait", l)).collect();
    let c = sc.grade("mock.txt", &info(), &waits);
    assert_eq!(c.score, 80, "3 × 10 capped at 20");
    assert!(c.items[0].capped());
    let mut with_bonus = waits.clone();
    with_bonus.push(finding("good", 4));
    with_bonus.push(finding("good", 5));
    assert_eq!(sc.grade("mock.txt", &info(), &with_bonus).score, 82);
    let c = sc.grade("mock.txt", &info(), &[finding("good", 4)]);
    assert_eq!(c.score, 100, "never above 100");
    assert!(adds_up(&c), "{c:?}");
    let c = sc.grade(
        "mock.txt",
        &info(),
        &[
            finding("taboo.x", 1),
            finding("taboo.x", 2),
            finding("taboo.x", 3),
        ],
    );
    assert_eq!(c.score, 0);
    assert!(adds_up(&c), "{c:?}");
}

#[test]
fn a_fatal_item_gives_0_and_a_conversation_without_an_agent_does_not_pass() {
    let rules = [(
        "taboo.insult",
        Scoring {
            fatal: true,
            ..scoring(5)
        },
    )];
    let sc = card(&rules, &GradeConfig::default());
    let c = sc.grade("mock.txt", &info(), &[finding("taboo.insult", 2)]);
    assert_eq!((c.score, c.fatal.as_deref()), (0, Some("taboo.insult")));
    assert!(adds_up(&c), "{c:?}");
    let nobody = ConversationInfo {
        agents: Vec::new(),
        ..info()
    };
    let c = sc.grade("mock.txt", &nobody, &[]);
    assert_eq!((c.graded, c.passed, c.score), (false, false, 100));
}

#[test]
fn sections_keep_their_deductions_inside_them() {
    let file = SourceFile::new("replylint.toml", "");
    let at = |v: &str| Located {
        value: v.into(),
        file: file.clone(),
        span: 0..0,
    };
    let config = GradeConfig {
        pass_mark: None,
        sections: vec![(at("服务态度"), 40), (at("服务规范"), 60)],
        rules: vec![(
            at("taboo.x"),
            ScoringOverride {
                section: Some("服务态度".into()),
                ..ScoringOverride::default()
            },
        )],
    };
    let pack = crate::rules::load_pack(
        "t.toml",
        "[pack]\nname = \"t\"\nversion = \"1\"\n\n[[rule]]\nid = \"taboo.x\"\nseverity = \"error\"\nmessage = \"x\"\nphrases = [\"催什么催\"]\nweight = 45\n",
    )
    .unwrap();
    let rules = pack.rules;
    let sc = Scorecard::resolve(&rules, &config, Some(70)).unwrap();
    let c = sc.grade("mock.txt", &info(), &[finding("taboo.x", 2)]);
    // 45 lost in a section of 40: the section goes to 0, the rest keeps its 60.
    assert_eq!(c.score, 60);
    assert_eq!(c.sections[0], ("服务态度".to_owned(), 0, 40));
    assert!(!c.passed, "pass mark 70 from the command line");
    assert!(adds_up(&c), "{c:?}");
    let bad = GradeConfig {
        sections: vec![(at("服务态度"), 40)],
        ..GradeConfig::default()
    };
    let err = Scorecard::resolve(&rules, &bad, None).unwrap_err();
    assert!(err.message.contains("add up to 40"), "{}", err.message);
    let unknown = GradeConfig {
        rules: vec![(at("taboo.y"), ScoringOverride::default())],
        ..GradeConfig::default()
    };
    let err = Scorecard::resolve(&rules, &unknown, None).unwrap_err();
    assert!(err.message.contains("`taboo.y`"), "{}", err.message);
}
