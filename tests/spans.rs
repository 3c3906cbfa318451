//! Property tests: however a phrase is typed (full-width, traditional, spaces and
//! punctuation in between) inside however much other text, the finding points at exactly
//! the original characters that spell it.

use proptest::prelude::*;
use replylint::checks::Linter;
use replylint::input::{InputFormat, Item, ReadOptions, read};
use replylint::matcher::Matcher;
use replylint::normalize::{Normalized, compact};
use replylint::rules::{BUILTIN_PACKS, RuleSet, load_pack};
use replylint::source::{Input, SourceFile};
use replylint::transcript::{Fields, RoleMap, parse_text};
use std::ops::Range;

fn rules() -> Vec<replylint::rules::Rule> {
    let mut set = RuleSet::default();
    for (name, text) in BUILTIN_PACKS {
        set.add(load_pack(name, text).expect("built-in packs load"))
            .expect("no clashes");
    }
    set.rules().cloned().collect()
}

fn linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| {
        let mut set = RuleSet::default();
        for (name, text) in BUILTIN_PACKS {
            set.add(load_pack(name, text).expect("built-in packs load"))
                .expect("no clashes");
        }
        Linter::new(&set).expect("linter builds")
    })
}

fn matcher() -> &'static Matcher {
    static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    MATCHER.get_or_init(|| Matcher::new(&mut rules()).expect("matcher builds"))
}

/// Ways of typing one character of a phrase.
fn disguise(c: char) -> impl Strategy<Value = String> {
    let full_width = match c {
        '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
        _ => c,
    };
    let traditional = match c {
        '么' => '麼',
        '说' => '說',
        '错' => '錯',
        '经' => '經',
        '处' => '處',
        '没' => '沒',
        '会' => '會',
        '儿' => '兒',
        other => other,
    };
    (
        prop::sample::select(vec![c, full_width, traditional]),
        prop::sample::select(vec!["", "", "", " ", "，", "、", "…", "~", "\u{3000}"]),
    )
        .prop_map(|(c, gap)| format!("{c}{gap}"))
}

fn disguised(phrase: &'static str) -> impl Strategy<Value = String> {
    phrase
        .chars()
        .map(disguise)
        .collect::<Vec<_>>()
        .prop_map(|parts| {
            parts
                .concat()
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_owned()
        })
}

proptest! {
    #[test]
    fn spans_map_back_to_the_original_characters(
        before in "[的了是在我您好请问，。 ]{0,12}",
        after in "[的了是在我您好请问，。 ]{0,12}",
        typed in prop::sample::select(vec!["催什么催", "神经病", "又不是我处理的", "你有没有搞错", "你跟我喊什么"])
            .prop_flat_map(disguised),
    ) {
        let matcher = matcher();
        let text = format!("{before}{typed}{after}");
        let hits = matcher.find(&text);
        let target = compact(&typed);
        prop_assert!(
            hits.iter().any(|h| {
                let original = &text[h.span.clone()];
                compact(original).contains(&target)
                    && original.starts_with(typed.chars().next().unwrap_or_default())
            }),
            "no hit covering {typed:?} in {text:?}: {hits:?}"
        );
        for h in &hits {
            prop_assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
            let original = &text[h.span.clone()];
            // A span never starts or ends on ignorable punctuation or space.
            prop_assert!(!original.starts_with(char::is_whitespace) && !original.ends_with(char::is_whitespace));
        }
    }

    #[test]
    fn any_text_parses_and_checks_without_panicking_and_spans_stay_in_the_text(
        lines in prop::collection::vec(
            "(\\[2024-0[1-9]-1[0-9] 1[0-9]:[0-5][0-9]:[0-5][0-9]\\] )?(客服|顾客|店铺:小|===|x)?[:：]?[ 喂催什么你着急神经病病变。，!？a-z\\r]{0,12}",
            0..12,
        ),
    ) {
        let text = lines.join("\n");
        let mut transcript = parse_text(&text, "p");
        for c in &mut transcript.conversations {
            RoleMap::default().assign(c);
        }
        let file = SourceFile::new("p", text.clone());
        for f in linter().check(&file, "p", &transcript) {
            prop_assert!(f.span.end <= text.len() && f.span.start <= f.span.end);
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            if let Some(m) = &f.matched {
                prop_assert_eq!(m.as_str(), &text[f.span.clone()]);
            }
        }
    }

    #[test]
    fn normalising_never_panics_and_maps_inside_the_text(text in "\\PC{0,40}") {
        let norm = Normalized::default();
        let folded = norm.folded(&text);
        let whole = folded.original(0..folded.text.len());
        prop_assert_eq!(whole.clone(), 0..text.len());
        prop_assert!(whole.end <= text.len());
        if let Some(extent) = norm.compact(&text).original_extent() {
            prop_assert!(text.is_char_boundary(extent.start) && text.is_char_boundary(extent.end));
        }
    }
}

#[test]
fn builtin_pack_examples_hold() {
    let linter = linter();
    for rule in linter.rules() {
        assert!(
            !rule.examples.fire.is_empty(),
            "{} has no fire example",
            rule.id
        );
        assert!(
            !rule.examples.pass.is_empty(),
            "{} has no pass example",
            rule.id
        );
        assert!(rule.help.is_some(), "{} has no standard phrase", rule.id);
    }
    assert_eq!(linter.verify_examples(), []);
}

#[test]
fn hotline_pack_covers_all_thirty_seed_taboos() {
    let text = BUILTIN_PACKS
        .iter()
        .find(|(name, _)| *name == "hotline-taboo")
        .map(|(_, t)| *t)
        .expect("the hotline pack is built in");
    for n in 1..=30 {
        let marker = format!("# 4.{n}");
        let covered = text
            .match_indices(&marker)
            .any(|(at, m)| !text[at + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
        assert!(covered, "seed taboo 4.{n} is not covered");
    }
}

/// Pieces that exports are made of, for inputs that look almost like a real file.
fn export_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(
            "{\"session_id\": \"c1\", \"speaker\": \"客服\", \"text\": \"催\\u4ec0么催\"}\n"
                .to_owned()
        ),
        Just(
            "{\"messages\": [{\"role\": \"sys\", \"content\": \"你问我\"}, [\"agent\", \"x\"]]}"
                .to_owned()
        ),
        Just("会话ID,发送方,内容\n".to_owned()),
        Just("c1,客服,\"说\"\"催什么催\"\"\"\n".to_owned()),
        Just("[[reply]]\ntext = \"喂，说吧\"\n".to_owned()),
        Just("小米旗舰店:小王 2024-5-1 10:00:30\n".to_owned()),
        Just("[01/03/2024, 10:00:30] Bob: hi\n".to_owned()),
        Just("[2024-05-01 10:00:00] 顾客: 在吗\n".to_owned()),
        "[\\[\\]{}\",:\\\\\"\n\r\t 0-9a-z客服催什么顾]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever the bytes and whichever format is forced, reading and checking never
    /// panics, and every finding's drawn span lies on character boundaries of its batch.
    #[test]
    fn any_input_in_any_format_is_read_without_panic(
        pieces in proptest::collection::vec(export_piece(), 0..12),
        format in prop_oneof![
            Just(InputFormat::Auto), Just(InputFormat::Text), Just(InputFormat::Qianniu),
            Just(InputFormat::Json), Just(InputFormat::Jsonl), Just(InputFormat::Csv),
            Just(InputFormat::Tsv), Just(InputFormat::Canned),
        ],
        ext in prop_oneof![Just("txt"), Just("json"), Just("jsonl"), Just("csv"), Just("toml")],
        batch_bytes in 1usize..200,
    ) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(format!("input.{ext}"));
        std::fs::write(&path, pieces.concat()).expect("written");
        let options = ReadOptions { format, encoding: None, fields: Fields::default(), sheet: None, batch_bytes, stop: Default::default() };
        read(&Input::File(path), &options, &mut |item| {
            if let Item::Batch(mut batch) = item {
                for c in &mut batch.transcript.conversations {
                    RoleMap::default().assign(c);
                }
                let text = batch.source.text().to_owned();
                for f in linter().check(&batch.source, "input", &batch.transcript) {
                    assert!(text.is_char_boundary(f.local.start) && text.is_char_boundary(f.local.end));
                    assert!(f.local.start <= f.local.end && f.local.end <= text.len());
                    assert!(f.span.start <= f.span.end);
                }
            }
        });
    }
}

/// The findings of one file read with `batch_bytes`, as `--format jsonl` writes them, and
/// their byte ranges.
fn checked(path: &std::path::Path, batch_bytes: usize) -> (String, Vec<(Range<usize>, String)>) {
    use replylint::report::{Batch, Format, Options, Theme, emitter};
    let options = ReadOptions {
        format: InputFormat::Auto,
        encoding: None,
        fields: Fields::default(),
        sheet: None,
        batch_bytes,
        stop: Default::default(),
    };
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let options_out = Options {
        theme: Theme::Plain,
        show_summary: false,
        rules: Vec::new(),
        fail_on: replylint::rules::Severity::Warning,
    };
    let mut emitter = emitter(Format::Jsonl, &options_out);
    read(&Input::File(path.to_owned()), &options, &mut |item| {
        if let Item::Batch(mut batch) = item {
            for c in &mut batch.transcript.conversations {
                RoleMap::default().assign(c);
            }
            let mut findings = linter().check(&batch.source, "input", &batch.transcript);
            findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            spans.extend(
                findings
                    .iter()
                    .filter_map(|f| Some((f.span.clone(), f.matched.clone()?))),
            );
            let batch = Batch {
                path: "input",
                findings: &findings,
                source: None,
                conversations: &[],
            };
            emitter.batch(&mut out, &batch).expect("written to memory");
        }
    });
    (String::from_utf8(out).expect("JSON is UTF-8"), spans)
}

/// Conversations of one rude agent turn each, as JSON Lines.
fn jsonl(conversations: usize) -> String {
    (0..conversations)
        .map(|i| {
            format!(
                "{{\"session_id\": \"c{i}\", \"sender\": \"顾客\", \"content\": \"在吗，订单{i}\"}}\n\
                 {{\"session_id\": \"c{i}\", \"sender\": \"客服小王\", \"content\": \"您好，催什么催，神经病\"}}\n"
            )
        })
        .collect()
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn spans_are_bytes_of_the_file_as_stored_streamed_or_whole() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // UTF-8 with a byte-order mark and a stray byte early on, which shifts every later
    // finding by two bytes against the decoded text.
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend_from_slice(b"{\"session_id\": \"c\", \"sender\": \"\xe9\", \"content\": \"x\"}\n");
    utf8.extend_from_slice(jsonl(40).as_bytes());
    let gbk = encoding_rs::GBK.encode(&jsonl(40)).0.into_owned();
    let csv = "会话ID,发送方,内容\nc1,顾客,在吗\nc1,客服,你着什么急啊，催什么催\nc2,顾客,在吗\nc2,客服,喂，说吧\n";
    let text = "[2024-06-01 10:00:00] 顾客: 在吗\n[2024-06-01 10:00:30] 客服小王: 你着什么急啊，催什么催\n";
    // ASCII for more than the first block, then GBK: read as GB18030 from there.
    let mut late_gbk =
        "{\"session_id\": \"a\", \"sender\": \"customer\", \"content\": \"hello there\"}\n"
            .repeat(1200)
            .into_bytes();
    late_gbk.extend_from_slice(&gbk);
    let files: Vec<(&str, Vec<u8>, &'static encoding_rs::Encoding)> = vec![
        ("utf8.jsonl", utf8, encoding_rs::UTF_8),
        ("utf16.jsonl", utf16le(&jsonl(40)), encoding_rs::UTF_16LE),
        ("gbk.jsonl", gbk.to_vec(), encoding_rs::GBK),
        ("late-gbk.jsonl", late_gbk, encoding_rs::GBK),
        ("utf16.csv", utf16le(csv), encoding_rs::UTF_16LE),
        (
            "gbk.csv",
            encoding_rs::GBK.encode(csv).0.to_vec(),
            encoding_rs::GBK,
        ),
        ("utf16.txt", utf16le(text), encoding_rs::UTF_16LE),
        (
            "gbk.txt",
            encoding_rs::GBK.encode(text).0.to_vec(),
            encoding_rs::GBK,
        ),
    ];
    for (name, bytes, encoding) in &files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("written");
        let (whole, spans) = checked(&path, usize::MAX);
        let (streamed, _) = checked(&path, 1);
        assert_eq!(streamed, whole, "{name}: streamed and whole differ");
        assert!(spans.len() >= 2, "{name}: {spans:?}");
        for (span, matched) in spans {
            let stored = bytes.get(span.clone()).unwrap_or_default();
            let (there, _) = encoding.decode_without_bom_handling(stored);
            assert_eq!(there, matched, "{name}: bytes {span:?}");
        }
        let line = whole.lines().next().unwrap_or_default();
        assert!(line.contains("\"byte_start\":"), "{name}: {line}");
    }
}
