//! Folding as users meet it: emoji between the characters of a phrase, and regexes written
//! in traditional or full-width characters, reported at the original characters.

mod common;

use common::{Report, TABOO_ONLY, folder, run_in};

/// One `check --format json` of `files` in a temporary folder; `args` come before the path.
fn check(files: &[(&str, &[u8])], args: &[&str], path: &str) -> Report {
    let dir = folder(files);
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    all.push(path);
    let out = run_in(dir.path(), &all, b"");
    assert!(out.code <= 1, "{}\n{}", out.stdout, out.stderr);
    out.report()
}

#[test]
fn emoji_between_characters_still_spell_the_phrase_at_the_original_place() {
    let chat = "\
[2024-03-01 10:00:00] 顾客: 我的快递呢😭
[2024-03-01 10:00:40] 客服小王: 催😡什么催
[2024-03-01 10:01:10] 客服小王: 神🙄经🙄病
[2024-03-01 10:01:30] 客服小王: 您好😀请稍等
[2024-03-01 10:02:00] 客服小王: 😀喂，说吧
[2024-03-01 10:02:30] 客服小王: 您好😀喂，说吧
";
    let report = check(&[("chat.txt", chat.as_bytes())], &TABOO_ONLY, "chat.txt");
    assert_eq!(
        report.spots(),
        [
            (2, 29, 34, "taboo.impatience".into(), "催😡什么催".into()),
            (3, 29, 34, "taboo.insult".into(), "神🙄经🙄病".into()),
            // An emoji before 喂 leaves 喂 at the start of the message; after 您好 it is not.
            (5, 30, 34, "taboo.rude-opening".into(), "喂，说吧".into()),
        ]
    );
    // Byte offsets are of the whole file and cover the emoji inside the match.
    let d = &report.diagnostics[0];
    let start = chat.find("催😡").expect("the phrase is in the chat") as u64;
    assert_eq!(d.byte_start, Some(start));
    assert_eq!(d.byte_end, Some(start + "催😡什么催".len() as u64));
}

#[test]
fn taiwanese_spellings_fold_to_the_simplified_phrase() {
    let chat = "\
[2024-03-01 10:00:00] 顧客: 請問妳們甚麼時候出貨
[2024-03-01 10:00:40] 客服: 妳著甚麼急啊
[2024-03-01 10:01:10] 客服: 商品已經寄出，請您耐心等著
[2024-03-01 10:01:30] 客服: 這是著名品牌
";
    let report = check(&[("chat.txt", chat.as_bytes())], &TABOO_ONLY, "chat.txt");
    assert_eq!(
        report.spots(),
        [(2, 27, 32, "taboo.impatience".into(), "妳著甚麼急".into())]
    );
}

const FOLDED_PACK: &str = r#"[pack]
name = "shop"
version = "1"

[[rule]]
id = "shop.rude"
message = "生硬"
regex = ['說吧$', 'ＡＢＣ', '[你妳]甚麼意思']
examples.fire = ["说吧", "說吧", "abc", "ＡＢＣ快递", "妳甚麼意思", "你什么意思"]
examples.pass = ["您请说", "ab", "你甚至不知道"]
"#;

#[test]
fn regexes_in_traditional_and_full_width_characters_fire() {
    let dir = folder(&[("shop.toml", FOLDED_PACK.as_bytes())]);
    let out = run_in(
        dir.path(),
        &[
            "rules",
            "--test",
            "--no-default-rules",
            "--rules",
            "shop.toml",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.trim_end().ends_with("0 failed"),
        "{}",
        out.stdout
    );

    let chat = "客服: 妳甚麼意思？\n客服: 好的，說吧\n";
    let args = ["--no-default-rules", "--rules", "shop.toml"];
    let report = check(
        &[
            ("shop.toml", FOLDED_PACK.as_bytes()),
            ("a.txt", chat.as_bytes()),
        ],
        &args,
        "a.txt",
    );
    assert_eq!(
        report.spots(),
        [
            (1, 5, 10, "shop.rude".into(), "妳甚麼意思".into()),
            (2, 8, 10, "shop.rude".into(), "說吧".into()),
        ]
    );
}

#[test]
fn a_regex_character_that_cannot_be_folded_is_reported_where_it_is_written() {
    let pack = "[pack]\nname = \"shop\"\nversion = \"1\"\n\n[[rule]]\nid = \"shop.x\"\nmessage = \"m\"\nregex = ['好[İx]']\n";
    let dir = folder(&[
        ("shop.toml", pack.as_bytes()),
        ("a.txt", "客服: 您好".as_bytes()),
    ]);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "--color",
            "never",
            "--no-default-rules",
            "--rules",
            "shop.toml",
            "a.txt",
        ],
        b"",
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("`İ` in a class cannot be folded"),
        "{}",
        out.stderr
    );
    // Line 8, the 13th character: the İ itself, not the start of the string.
    assert!(out.stderr.contains("shop.toml:8:13"), "{}", out.stderr);
}
