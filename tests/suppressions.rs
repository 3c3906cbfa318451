//! Inline suppressions in canned-reply libraries: `# replylint: allow(rule) reason` above
//! or after a reply, `allow`/`reason` fields in TOML; unused and invalid ones reported;
//! `--no-suppress` shows everything.

mod common;

use common::{folder, run_in};

fn rules(dir: &std::path::Path, extra: &[&str]) -> (i32, Vec<(String, u64, u64, String)>) {
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args, b"");
    let found = out
        .report()
        .diagnostics
        .into_iter()
        .map(|d| (d.path, d.line, d.column, d.rule))
        .collect();
    (out.code, found)
}

const TEXT: &str = "# 售后快捷短语\n\
# replylint: allow(taboo.make-wait) 大促话术，已审核\n\
等会儿！\n\
等会儿！\n\
催什么催  # replylint: allow(taboo.impatience, taboo.insult) 内部培训示例\n\
您好，很高兴为您服务  # replylint: allow(taboo.nope)\n\
您好 # replylint: allow taboo\n";

#[test]
fn a_used_suppression_hides_exactly_its_rule_on_its_reply() {
    let dir = folder(&[("canned-replies.txt", TEXT.as_bytes())]);
    let (code, found) = rules(dir.path(), &["canned-replies.txt"]);
    assert_eq!(code, 1);
    let at = |line: u64, rule: &str| found.iter().any(|f| f.1 == line && f.3 == rule);
    // The comment above line 3 hides make-wait there, not on the same reply on line 4.
    assert!(!at(3, "taboo.make-wait"), "{found:?}");
    assert!(at(4, "taboo.make-wait"), "{found:?}");
    assert!(!at(5, "taboo.impatience"), "{found:?}");
    // The rule it names that does not fire is reported at the name.
    assert!(
        found.contains(&(
            "canned-replies.txt".into(),
            5,
            44,
            "suppression.unused".into()
        )),
        "{found:?}"
    );
    assert!(at(6, "suppression.invalid"), "an unknown rule: {found:?}");
    assert!(
        at(7, "suppression.invalid"),
        "an unreadable marker: {found:?}"
    );
    assert_eq!(
        found.iter().filter(|f| f.3 == "suppression.unused").count(),
        1,
        "{found:?}"
    );

    let (_, everything) = rules(dir.path(), &["--no-suppress", "canned-replies.txt"]);
    let all_at = |line: u64, rule: &str| everything.iter().any(|f| f.1 == line && f.3 == rule);
    assert!(all_at(3, "taboo.make-wait") && all_at(5, "taboo.impatience"));
    assert!(!everything.iter().any(|f| f.3.starts_with("suppression.")));
}

#[test]
fn toml_replies_take_fields_or_a_comment_above_the_table() {
    let library = "# replylint: allow(taboo.make-wait) 大促期间\n\
[[reply]]\n\
group = \"售后\"\n\
shortcut = \"/w\"\n\
text = \"等会儿！\"\n\
\n\
[[reply]]\n\
group = \"售后\"\n\
shortcut = \"/w2\"\n\
text = \"等会儿！\"\n\
allow = [\"taboo.\", \"standard.closing\"]\n\
reason = \"已审核\"\n\
\n\
[[reply]]\n\
group = \"售后\"\n\
shortcut = \"/w3\"\n\
text = \"等会儿！\"\n";
    let dir = folder(&[("shop-replies.toml", library.as_bytes())]);
    let (code, found) = rules(dir.path(), &["shop-replies.toml"]);
    assert_eq!(code, 0, "only warnings: {found:?}");
    let waits: Vec<u64> = found
        .iter()
        .filter(|f| f.3 == "taboo.make-wait")
        .map(|f| f.1)
        .collect();
    assert_eq!(
        waits,
        [17],
        "only the third reply keeps its finding: {found:?}"
    );
    // `standard.closing` does not apply to canned replies: unused, at its string.
    assert!(
        found.contains(&(
            "shop-replies.toml".into(),
            11,
            21,
            "suppression.unused".into()
        )),
        "{found:?}"
    );
}

#[test]
fn a_csv_library_takes_a_suppression_column() {
    let library = "分组,快捷编码,快捷短语,豁免规则\n\
售后,/w,等会儿！,taboo.make-wait 大促话术\n\
售后,/w2,等会儿！,\n\
售后,/w3,您好,taboo.impatience：已审核\n\
售后,/w4,您好,taboo.nope\n";
    let dir = folder(&[("shop-replies.csv", library.as_bytes())]);
    let (code, found) = rules(dir.path(), &["shop-replies.csv"]);
    assert_eq!(code, 1, "{found:?}");
    assert_eq!(
        found,
        [
            ("shop-replies.csv".into(), 3, 8, "taboo.make-wait".into()),
            (
                "shop-replies.csv".into(),
                4,
                11,
                "suppression.unused".into()
            ),
            (
                "shop-replies.csv".into(),
                5,
                11,
                "suppression.invalid".into()
            ),
        ]
    );
}

#[test]
fn markers_as_typed_on_a_chinese_keyboard_and_anywhere_in_a_toml_reply_are_read() {
    let text = "＃ replylint: allow(taboo.make-wait) 全角井号\n\
等会儿！\n\
等会儿！ ＃ REPLYLINT：allow（taboo.make-wait） 行尾\n\
参加#replylint: allow(taboo.impatience)#话题 催什么催\n\
等会儿！\n\
# replylint: allow(taboo.impatience) 文件末尾\n";
    let toml = "# replylint: allow(taboo.make-wait) 隔一空行\n\
\n\
[[reply]]\n\
shortcut = \"/a\"\n\
text = \"等会儿！\"\n\
\n\
[[reply]]\n\
shortcut = \"/b\"\n\
# replylint: allow(taboo.make-wait) 表内注释\n\
text = \"等会儿！\"\n\
\n\
[[reply]]\n\
shortcut = \"/c\"\n\
text = \"等会儿！\" # replylint: allow(taboo.make-wait) 行尾\n\
\n\
[[reply]]\n\
shortcut = \"/d\"\n\
text = \"您好\"\n\
allow = \"taboo.make-wait\"\n";
    let dir = folder(&[
        ("canned-replies.txt", text.as_bytes()),
        ("shop-replies.toml", toml.as_bytes()),
    ]);
    let (_, found) = rules(dir.path(), &["canned-replies.txt"]);
    let lines: Vec<(u64, &str)> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
    assert_eq!(
        lines,
        [
            (4, "taboo.impatience"),
            (5, "taboo.make-wait"),
            (6, "suppression.unused"),
        ],
        "a marker glued to text is part of the reply; one at the end belongs to the last reply"
    );
    let (_, found) = rules(dir.path(), &["shop-replies.toml"]);
    let lines: Vec<(u64, &str)> = found.iter().map(|f| (f.1, f.3.as_str())).collect();
    assert_eq!(lines, [(19, "suppression.invalid")], "{found:?}");
}
