//! Encodings decided on evidence: a stray byte never turns a UTF-8 file into mojibake.

mod common;

use common::{folder, run};

/// A 6,000-turn UTF-8 transcript in which every agent turn is rude.
fn transcript() -> Vec<u8> {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "[2024-06-01 10:{:02}:{:02}] 顾客: 在吗\n[2024-06-01 10:{:02}:{:02}] 客服小王: 您好，催什么催\n",
            i / 60 % 60,
            i % 60,
            i / 60 % 60,
            i % 60
        ));
    }
    text.into_bytes()
}

fn findings(dir: &std::path::Path, name: &str) -> (i32, Vec<(String, u64, u64)>) {
    let r = run(&[
        "check",
        "--format",
        "json",
        &dir.join(name).to_string_lossy(),
    ]);
    let found = r
        .report()
        .diagnostics
        .into_iter()
        .map(|d| (d.rule, d.line, d.column))
        .collect();
    (r.code, found)
}

#[test]
fn a_stray_byte_gives_the_same_findings_and_one_warning_at_it() {
    let clean = transcript();
    let mut one = clean.clone();
    one.extend_from_slice(b"[2024-06-01 11:00:00] \xe9\n");
    let mut latin = clean.clone();
    latin.extend_from_slice(b"[x] \xe9s\xe7a\n");
    let dir = folder(&[
        ("clean.txt", &clean),
        ("one.txt", &one),
        ("latin.txt", &latin),
    ]);
    let (code, expected) = findings(dir.path(), "clean.txt");
    assert_eq!(code, 1);
    let impatience = expected
        .iter()
        .filter(|f| f.0 == "taboo.impatience")
        .count();
    assert_eq!(impatience, 3000);

    let (code, mut got) = findings(dir.path(), "one.txt");
    assert_eq!(code, 1);
    let stray: Vec<_> = got
        .iter()
        .filter(|f| f.0 == "input.invalid-bytes")
        .cloned()
        .collect();
    assert_eq!(stray, [("input.invalid-bytes".to_owned(), 6001, 23)]);
    got.retain(|f| f.0 != "input.invalid-bytes");
    assert_eq!(got, expected);

    // The shape from the report that found this: two invalid sequences, two warnings.
    let (_, got) = findings(dir.path(), "latin.txt");
    let stray: Vec<(u64, u64)> = got
        .iter()
        .filter(|f| f.0 == "input.invalid-bytes")
        .map(|f| (f.1, f.2))
        .collect();
    assert_eq!(stray, [(6001, 5), (6001, 7)]);
    assert_eq!(
        got.iter().filter(|f| f.0 == "taboo.impatience").count(),
        3000
    );

    let r = run(&[
        "check",
        "-v",
        "--format",
        "json",
        &dir.path().join("one.txt").to_string_lossy(),
    ]);
    // Over one block, the file is decoded as it is read, in the encoding its first block
    // shows; the stray byte after it is reported where it is (above).
    assert!(
        r.stderr
            .contains("(UTF-8: valid UTF-8, from the first 64 KB), lines read as"),
        "{}",
        r.stderr
    );
    let mut small = "[2024-06-01 10:00:00] 客服小王: 您好，请问有什么可以帮您\n"
        .repeat(20)
        .into_bytes();
    small.extend_from_slice(b"[2024-06-01 11:00:00] \xe9\n");
    let small = folder(&[("small.txt", &small)]);
    let r = run(&[
        "check",
        "-v",
        &small.path().join("small.txt").to_string_lossy(),
    ]);
    assert!(
        r.stderr
            .contains("(UTF-8: UTF-8 with 1 invalid byte (shown as U+FFFD and reported))"),
        "{}",
        r.stderr
    );
}

#[test]
fn gbk_is_still_gbk() {
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "[2024-06-01 10:00:00] 顾客: 在吗\n[2024-06-01 10:00:30] 客服小王: 好好好好好好，催什么催\n",
    );
    let dir = folder(&[("gbk.txt", &gbk)]);
    let (code, got) = findings(dir.path(), "gbk.txt");
    assert_eq!(code, 1);
    assert!(got.iter().any(|f| f.0 == "taboo.impatience"), "{got:?}");
    assert!(!got.iter().any(|f| f.0 == "input.invalid-bytes"), "{got:?}");
}

#[test]
fn a_stray_nul_byte_does_not_skip_the_file() {
    let mut chat =
        b"[2024-06-01 10:00:00] \xe9\xa1\xbe\xe5\xae\xa2: \xe5\x9c\xa8\xe5\x90\x97\n".to_vec();
    chat.extend_from_slice("[2024-06-01 10:00:05] 客服小王: 您好\0，催什么催\n".as_bytes());
    let dir = folder(&[
        ("chat.txt", &chat),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"),
    ]);
    let (code, found) = findings(dir.path(), "chat.txt");
    assert_eq!(code, 1);
    assert!(
        found
            .iter()
            .any(|(rule, line, _)| rule == "taboo.impatience" && *line == 2),
        "{found:?}"
    );
    // A file with NULs throughout is still skipped as binary.
    let r = run(&["check", &dir.path().join("image.txt").to_string_lossy()]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("binary file"), "{}", r.stderr);
}

#[test]
fn a_bad_byte_after_the_first_block_stops_reading_with_every_place_before_it_right() {
    // A GBK export streamed in the encoding its first 64 KB show, with a byte that is no
    // GBK three quarters in: what comes before it is checked, at the bytes where it is.
    let text = String::from_utf8(transcript()).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut bytes = gbk.into_owned();
    let quarter = bytes.len() * 3 / 4;
    let bad = quarter + bytes[quarter..].iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.insert(bad, 0xFF);
    assert!(bad > 128 << 10, "{bad}");
    let dir = folder(&[("late.txt", &bytes)]);
    let path = dir.path().join("late.txt");
    let r = run(&["check", "--format", "json", &path.to_string_lossy()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("not valid gb18030 text at byte {bad}; the rest")),
        "{}",
        r.stderr
    );
    let found = r.report().diagnostics;
    let mut checked = 0;
    for d in found.iter().filter(|d| d.rule == "taboo.impatience") {
        let (start, end) = (d.byte_start.unwrap() as usize, d.byte_end.unwrap() as usize);
        assert!(end <= bad);
        let (written, _) = encoding_rs::GBK.decode_without_bom_handling(&bytes[start..end]);
        assert_eq!(
            Some(written.as_ref()),
            d.matched.as_deref(),
            "line {}",
            d.line
        );
        checked += 1;
    }
    assert!(checked > 2000, "{checked}");

    // An encoding given is never replaced: a stray byte is an error there too.
    let mut utf8 = transcript();
    let at = utf8.len() * 3 / 4;
    utf8.insert(at, 0xFF);
    let dir = folder(&[("given.txt", &utf8)]);
    let path = dir.path().join("given.txt");
    let r = run(&["check", "--encoding", "utf-8", &path.to_string_lossy()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("not valid UTF-8 text at byte")
            && r.stderr.contains("the encoding given with"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("input.invalid-bytes"), "{}", r.stdout);
}
