//! `replylint rules` (the table, what the configuration turned off), `rules --explain ID`
//! and `replylint init`.

mod common;

use common::{folder, run_in};
use unicode_width::UnicodeWidthStr;

const CONFIG: &str =
    "[rules]\nignore = [\"taboo.make-wait\"]\nseverity = { \"standard.closing\" = \"error\" }\n";

/// A pack whose ids are long and whose messages mix Chinese, Latin and emoji.
const PACK: &str = "[pack]\nname = \"my-shop\"\nversion = \"2.0.0\"\n\n\
[[rule]]\nid = \"shop.competitor-platform-mention-in-any-reply\"\nseverity = \"warning\"\n\
message = \"不要提及竞品平台 / no competitor 🚫\"\nhelp = \"请以本店页面信息为准\"\nphrases = [\"某宝\", \"某东\"]\n\
except = [\"某宝贝\"]\nexamples.fire = [\"某宝更便宜\"]\nexamples.pass = [\"这款宝贝很受欢迎\"]\n";

#[test]
fn the_table_lists_meta_rules_marks_what_the_configuration_changed_and_stays_aligned() {
    let dir = folder(&[
        ("replylint.toml", CONFIG.as_bytes()),
        ("shop.toml", PACK.as_bytes()),
    ]);
    let out = run_in(dir.path(), &["rules", "--rules", "shop.toml"], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = |id: &str| {
        out.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap_or_else(|| panic!("no row for {id}:\n{}", out.stdout))
    };
    assert!(row("taboo.make-wait").contains("taboo.make-wait (off)"));
    assert!(!row("taboo.impatience").contains("(off)"));
    assert!(row("standard.closing").contains("error (was warning)"));
    for meta in ["input.unparsed", "input.no-agent", "timing.skipped"] {
        row(meta);
    }
    assert!(
        out.stdout
            .contains("1 rules are turned off by the configuration")
    );
    // The description column starts at the same display column on every row, whatever the
    // id's length and however wide the characters before it.
    let starts: Vec<usize> = [
        row("shop.competitor-platform-mention-in-any-reply"),
        row("taboo.impatience"),
        row("input.unparsed"),
    ]
    .iter()
    .map(|line| {
        let at = line
            .find(|c: char| !c.is_ascii())
            .or_else(|| line.find("a line"))
            .unwrap_or_else(|| panic!("no description in {line}"));
        line[..at].width()
    })
    .collect();
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "{starts:?}\n{}",
        out.stdout
    );

    let plain = run_in(dir.path(), &["rules", "--no-config"], b"");
    assert!(!plain.stdout.contains("(off)"), "{}", plain.stdout);
}

#[test]
fn explain_shows_one_rule_with_its_pack_phrases_and_examples() {
    let dir = folder(&[
        ("replylint.toml", CONFIG.as_bytes()),
        ("shop.toml", PACK.as_bytes()),
    ]);
    let id = "shop.competitor-platform-mention-in-any-reply";
    let out = run_in(
        dir.path(),
        &["rules", "--rules", "shop.toml", "--explain", id],
        b"",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    for expected in [
        "my-shop 2.0.0 (shop.toml, line 6)",
        "severity:    warning",
        "status:      on",
        "say:         请以本店页面信息为准",
        "phrases:     某宝 | 某东",
        "except:      某宝贝",
        "fires on:    某宝更便宜",
        "passes:      这款宝贝很受欢迎",
    ] {
        assert!(out.stdout.contains(expected), "{expected}:\n{}", out.stdout);
    }

    let wait = run_in(
        dir.path(),
        &["rules", "--explain", "standard.wait-return-apology"],
        b"",
    );
    assert_eq!(wait.code, 0, "{}", wait.stderr);
    assert!(wait.stdout.contains("trigger:     稍等"), "{}", wait.stdout);
    assert!(wait.stdout.contains("reply with:  久等"), "{}", wait.stdout);

    let off = run_in(dir.path(), &["rules", "--explain", "taboo.make-wait"], b"");
    assert!(off.stdout.contains("status:      off"), "{}", off.stdout);

    let meta = run_in(dir.path(), &["rules", "--explain", "input.no-agent"], b"");
    assert!(meta.stdout.contains("--agent REGEX"), "{}", meta.stdout);

    let typo = run_in(dir.path(), &["rules", "--explain", "taboo.impatiense"], b"");
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `taboo.impatience`"),
        "{}",
        typo.stderr
    );
}

#[test]
fn init_writes_a_starter_that_check_accepts_and_never_overwrites() {
    let dir = folder(&[(
        "canned-replies.txt",
        "您好，很高兴为您服务。\n催什么催\n".as_bytes(),
    )]);
    let out = run_in(dir.path(), &["init"], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = std::fs::read_to_string(dir.path().join("replylint.toml")).expect("written");
    assert!(written.contains("[rules]") && written.contains("# ignore = "));

    let check = run_in(dir.path(), &["-v", "check", "canned-replies.txt"], b"");
    assert_eq!(
        check.code, 1,
        "the starter changes nothing: {}",
        check.stderr
    );
    assert!(
        check.stderr.contains("using configuration"),
        "{}",
        check.stderr
    );

    std::fs::write(
        dir.path().join("replylint.toml"),
        "[rules]\nignore = [\"taboo.\"]\n",
    )
    .expect("edited");
    let again = run_in(dir.path(), &["init"], b"");
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already here"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("replylint.toml")).expect("kept"),
        "[rules]\nignore = [\"taboo.\"]\n"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("listed").collect();
    assert_eq!(left.len(), 2, "no temporary file is left");
}
