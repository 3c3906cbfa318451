//! `--fix` and `--diff` on canned-reply libraries: replacements in the file's own bytes
//! (encoding, BOM and line endings kept), re-checked until stable, never on transcripts,
//! never through a link out of the checked folder.

mod common;

use common::{folder, run_in};
use std::fs;
use std::path::Path;

/// Check `args` in `dir` with the built-in packs and no configuration.
fn check(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["check", "--no-config"];
    all.extend_from_slice(args);
    run_in(dir, &all, b"")
}

/// The rules reported in `dir` for `path`, as `(line, rule)`.
fn findings(dir: &Path, path: &str) -> Vec<(u64, String)> {
    check(dir, &["--format", "json", path])
        .report()
        .diagnostics
        .into_iter()
        .map(|d| (d.line, d.rule))
        .collect()
}

const LIBRARY: &str = "# 售后快捷短语\n\
您好，很高兴为您服务。\n\
好的，等会儿，我这边在忙\n\
喂，说吧\n\
hold on\n\
请您稍等，马上为您处理。\n";

const FIXED: &str = "# 售后快捷短语\n\
您好，很高兴为您服务。\n\
好的，请您稍等，我这边在忙\n\
您好\n\
hold on\n\
请您稍等，马上为您处理。\n";

#[test]
fn fix_puts_the_replacements_in_place_and_a_second_run_changes_nothing() {
    let dir = folder(&[("canned-replies.txt", LIBRARY.as_bytes())]);
    let first = check(dir.path(), &["--fix", "--format", "concise", "."]);
    let fixed = fs::read_to_string(dir.path().join("canned-replies.txt")).unwrap();
    assert_eq!(fixed, FIXED, "{}", first.stderr);
    assert!(
        first
            .stderr
            .contains("fixed 2 findings in 1 file; 1 finding remains"),
        "{}",
        first.stderr
    );
    // What remains is reported as usual: the English command to wait has no Chinese
    // stand-in (a warning, so the run passes).
    assert_eq!(first.code, 0);
    assert!(first.stdout.contains("taboo.make-wait"), "{}", first.stdout);
    assert!(first.stdout.contains("`hold on`"), "{}", first.stdout);

    let second = check(dir.path(), &["--fix", "--format", "concise", "."]);
    assert_eq!(
        fs::read_to_string(dir.path().join("canned-replies.txt")).unwrap(),
        FIXED
    );
    assert!(
        second.stderr.contains("fixed 0 findings in 0 files"),
        "{}",
        second.stderr
    );
    // The fixed rules no longer fire; only the reply without a swap is left.
    assert_eq!(
        findings(dir.path(), "canned-replies.txt"),
        vec![(5, "taboo.make-wait".to_owned())]
    );
}

#[test]
fn diff_prints_the_fixes_and_changes_nothing() {
    let dir = folder(&[("canned-replies.txt", LIBRARY.as_bytes())]);
    let out = check(dir.path(), &["--diff", "canned-replies.txt"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("canned-replies.txt")).unwrap(),
        LIBRARY
    );
    let expected = "--- canned-replies.txt\n\
+++ canned-replies.txt\n\
@@ -1,6 +1,6 @@\n \
# 售后快捷短语\n \
您好，很高兴为您服务。\n\
-好的，等会儿，我这边在忙\n\
-喂，说吧\n\
+好的，请您稍等，我这边在忙\n\
+您好\n \
hold on\n \
请您稍等，马上为您处理。\n";
    assert_eq!(out.stdout, expected);
    assert!(
        out.stderr
            .contains("would fix 2 findings in 1 file; run with --fix to apply"),
        "{}",
        out.stderr
    );
    // Nothing to fix: nothing printed, exit 0.
    fs::write(dir.path().join("canned-replies.txt"), FIXED).unwrap();
    let clean = check(dir.path(), &["--diff", "canned-replies.txt"]);
    assert_eq!(
        (clean.code, clean.stdout.as_str()),
        (0, ""),
        "{}",
        clean.stderr
    );
    assert!(clean.stderr.contains("nothing to fix"), "{}", clean.stderr);
}

#[test]
fn a_gbk_library_stays_gbk_and_line_endings_and_byte_order_marks_stay() {
    let crlf = LIBRARY.replace('\n', "\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&crlf);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(crlf.encode_utf16().flat_map(u16::to_le_bytes));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(crlf.as_bytes());
    let dir = folder(&[
        ("快捷短语-gbk.txt", &gbk),
        ("快捷短语-utf16.txt", &utf16),
        ("快捷短语-bom.txt", &bom),
    ]);
    let out = check(dir.path(), &["--fix", "--format", "concise", "."]);
    assert!(
        out.stderr.contains("fixed 6 findings in 3 files"),
        "{}",
        out.stderr
    );
    let fixed_crlf = FIXED.replace('\n', "\r\n");

    let gbk = fs::read(dir.path().join("快捷短语-gbk.txt")).unwrap();
    assert!(std::str::from_utf8(&gbk).is_err(), "no longer GBK");
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&gbk);
    assert!(!had_errors);
    assert_eq!(text, fixed_crlf);

    let utf16 = fs::read(dir.path().join("快捷短语-utf16.txt")).unwrap();
    let mut expected = vec![0xFF, 0xFE];
    expected.extend(fixed_crlf.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(utf16, expected);

    let bom = fs::read(dir.path().join("快捷短语-bom.txt")).unwrap();
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(std::str::from_utf8(&bom[3..]).unwrap(), fixed_crlf);
}

#[test]
fn toml_and_csv_libraries_are_fixed_inside_their_strings_and_cells() {
    let toml = "[[reply]]\n\
shortcut = \"/wait\"\n\
text = \"等一下，马上来\"\n\
\n\
# escapes in the file: 喂，说吧\n\
[[reply]]\n\
text = \"\\u5582\\uff0c说吧\"\n";
    let csv = "分组,快捷编码,快捷短语内容\r\n\
售后,/w,\"等会儿，我在忙\"\r\n\
售后,/x,喂，说吧\r\n";
    let dir = folder(&[
        ("shop.toml", toml.as_bytes()),
        ("quick.csv", csv.as_bytes()),
    ]);
    let out = check(dir.path(), &["--fix", "-v", "."]);
    assert!(
        out.stderr
            .contains("fixed 3 findings in 2 files; 1 finding remains"),
        "{}",
        out.stderr
    );
    // The reply written with escapes is left to a person, and -v says why.
    assert!(
        out.stderr.contains(
            "shop.toml:7:9: taboo.rude-opening not fixed: the text is written with escapes in the file"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.code, 1);
    assert_eq!(
        fs::read_to_string(dir.path().join("shop.toml")).unwrap(),
        toml.replace("等一下", "请您稍等")
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("quick.csv")).unwrap(),
        "分组,快捷编码,快捷短语内容\r\n\
售后,/w,\"请您稍等，我在忙\"\r\n\
售后,/x,您好\r\n"
    );
}

#[test]
fn a_phrase_inside_a_longer_clause_is_left_to_a_person() {
    let text = "您先候着\n等会儿再说\n等一下下\n等着吧\n喂 喂，哪位？\n好的，等会儿，我在忙\n";
    let dir = folder(&[("canned-replies.txt", text.as_bytes())]);
    let out = check(dir.path(), &["--fix", "-v", "."]);
    assert_eq!(
        fs::read_to_string(dir.path().join("canned-replies.txt")).unwrap(),
        "您先候着\n等会儿再说\n等一下下\n等着吧\n您好，哪位？\n好的，请您稍等，我在忙\n"
    );
    assert!(
        out.stderr.contains(
            "canned-replies.txt:2:1: taboo.make-wait not fixed: the phrase is part of a longer clause"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn fixes_that_do_not_settle_leave_the_file_as_it_was() {
    let pack = r#"
[pack]
name = "swap"
version = "1"

[[rule]]
id = "swap.a"
severity = "error"
message = "a"
phrases = ["甲"]
replacement = "乙"

[[rule]]
id = "swap.b"
severity = "error"
message = "b"
phrases = ["乙"]
replacement = "甲"
"#;
    let dir = folder(&[
        ("pack.toml", pack.as_bytes()),
        ("canned-replies.txt", "甲\n".as_bytes()),
    ]);
    let out = check(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "pack.toml",
            "--fix",
            "canned-replies.txt",
        ],
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("canned-replies.txt")).unwrap(),
        "甲\n"
    );
    assert!(
        out.stderr.contains("the fixes do not settle"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("fixed 0 findings"), "{}", out.stderr);
}

#[test]
fn a_chat_log_named_like_a_library_is_a_transcript_and_is_not_edited() {
    let chat = "客服: 等会儿\n顾客: 好\n客服: 喂，说吧\n";
    let dir = folder(&[("canned.txt", chat.as_bytes())]);
    let out = check(dir.path(), &["--fix", "canned.txt"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("canned.txt")).unwrap(),
        chat
    );
    assert!(
        out.stderr.contains("not edited: 1 transcript"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_library_is_refused_and_diff_reports_what_cannot_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder(&[
        ("ro-canned.txt", "等会儿！\n".as_bytes()),
        ("bad-canned.txt", b"\xff\xfe\xfd"),
    ]);
    let ro = dir.path().join("ro-canned.txt");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let out = check(dir.path(), &["--fix", "ro-canned.txt"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not fixed: the file is read-only"),
        "{}",
        out.stderr
    );
    assert_eq!(fs::read_to_string(&ro).unwrap(), "等会儿！\n");
    let out = check(dir.path(), &["--diff", "bad-canned.txt"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("bad-canned.txt"), "{}", out.stderr);
}

#[test]
fn a_suppressed_finding_is_not_fixed() {
    let text = "# replylint: allow(taboo.make-wait) 活动话术，已审核\n等会儿！\n等会儿！\n";
    let dir = folder(&[("canned-replies.txt", text.as_bytes())]);
    check(dir.path(), &["--fix", "."]);
    assert_eq!(
        fs::read_to_string(dir.path().join("canned-replies.txt")).unwrap(),
        "# replylint: allow(taboo.make-wait) 活动话术，已审核\n等会儿！\n请您稍等！\n"
    );
}

#[test]
fn transcripts_are_never_edited() {
    let chat = "客服: 喂，说吧\n顾客: 我的快递到哪了\n客服: 等会儿，我查一下\n";
    let dir = folder(&[("chat.txt", chat.as_bytes())]);
    let out = check(dir.path(), &["--fix", "chat.txt"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("chat.txt")).unwrap(),
        chat
    );
    assert!(
        out.stderr.contains(
            "--fix edits canned-reply libraries only; not edited: 1 transcript (a record of what was said: accept its findings with --write-baseline FILE)"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.code, 1, "the findings are still reported");
    assert!(out.stdout.contains("taboo.rude-opening"), "{}", out.stdout);
}

#[test]
fn a_replacement_that_is_no_plain_swap_is_left_to_a_person() {
    let pack = r#"
[pack]
name = "quoting"
version = "1"

[[rule]]
id = "shop.cold"
severity = "error"
message = "cold"
phrases = ["不行"]
replacement = "\"抱歉\""
"#;
    let dir = folder(&[
        ("pack.toml", pack.as_bytes()),
        ("canned-replies.txt", "不行\n".as_bytes()),
    ]);
    let out = check(
        dir.path(),
        &[
            "--no-default-rules",
            "--rules",
            "pack.toml",
            "--fix",
            "canned-replies.txt",
        ],
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("canned-replies.txt")).unwrap(),
        "不行\n"
    );
    assert!(out.stderr.contains("fixed 0 findings"), "{}", out.stderr);
    assert_eq!(out.code, 1);
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_checked_folder_is_not_written_through() {
    let outside = folder(&[("canned-replies.txt", LIBRARY.as_bytes())]);
    let dir = folder(&[("lib/real-canned.txt", LIBRARY.as_bytes())]);
    let lib = dir.path().join("lib");
    std::os::unix::fs::symlink(
        outside.path().join("canned-replies.txt"),
        lib.join("canned-replies.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(lib.join("real-canned.txt"), lib.join("linked-canned.txt")).unwrap();
    let out = check(dir.path(), &["--fix", "lib/canned-replies.txt"]);
    assert_eq!(
        fs::read_to_string(outside.path().join("canned-replies.txt")).unwrap(),
        LIBRARY
    );
    assert!(
        out.stderr
            .contains("lib/canned-replies.txt: not fixed: it is a link to")
            && out.stderr.contains("outside"),
        "{}",
        out.stderr
    );
    assert_eq!(out.code, 2);
    // A link to a file inside the folder is fixed through, and stays a link.
    let out = check(dir.path(), &["--fix", "lib/linked-canned.txt"]);
    assert!(out.stderr.contains("fixed 2 findings"), "{}", out.stderr);
    assert!(
        fs::symlink_metadata(lib.join("linked-canned.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(lib.join("real-canned.txt")).unwrap(),
        FIXED
    );
}
