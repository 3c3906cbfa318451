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

mod common;

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

/// One taboo item of the hotline norms (热线电话接线忌语 4.1–4.30): an agent's reply that
/// says it, what must be reported in it (rule, original text), and a reply close to it that
/// is ordinary service language, which that rule must leave alone.
struct Norm {
    item: &'static str,
    said: &'static str,
    found: &'static [(&'static str, &'static str)],
    near_miss: Option<&'static str>,
}

const NORMS: &[Norm] = &[
    Norm {
        item: "4.1",
        said: "喂，说吧，什么事？",
        found: &[("taboo.rude-opening", "喂，说吧")],
        near_miss: Some("喂完奶后再用这个消毒锅消毒就可以了。"),
    },
    Norm {
        item: "4.2",
        said: "什么？",
        found: &[("taboo.hearing", "什么")],
        near_miss: Some("请问您需要开什么类型的发票呢？"),
    },
    Norm {
        item: "4.3",
        said: "你有没有搞错呀，地址是你自己填的",
        found: &[("taboo.arguing", "你有没有搞错")],
        near_miss: Some("我帮您核实一下仓库有没有搞错尺码，请您稍等。"),
    },
    Norm {
        item: "4.4",
        said: "你问的什么问题，页面上都写着呢",
        found: &[("taboo.ignorance", "你问的什么问题")],
        near_miss: Some("您问的问题我记下了，马上帮您查。"),
    },
    Norm {
        item: "4.5",
        said: "你问我，我怎么知道",
        found: &[("taboo.ignorance", "你问我，我怎么知道")],
        near_miss: Some("我来告诉您怎么查物流：点开订单详情就能看到。"),
    },
    Norm {
        item: "4.6",
        said: "又不是我处理的，你跟我喊什么",
        found: &[
            ("taboo.shirking", "又不是我处理的"),
            ("taboo.shirking", "你跟我喊什么"),
        ],
        near_miss: Some("这张单之前是同事处理的，我这边接着帮您跟进，请您放心。"),
    },
    Norm {
        item: "4.7",
        said: "你去告啊！",
        found: &[("taboo.provoke-complaint", "你去告啊")],
        near_miss: Some("如需投诉，您可以拨打服务监督电话，我们会在24小时内答复您。"),
    },
    Norm {
        item: "4.8",
        said: "我态度怎么了，我态度挺好的！",
        found: &[
            ("taboo.arguing", "我态度怎么了"),
            ("taboo.arguing", "我态度挺好"),
        ],
        near_miss: Some("非常抱歉我的态度让您不满意，我会改进的。"),
    },
    Norm {
        item: "4.9",
        said: "你喊什么，小声点不行吗",
        found: &[
            ("taboo.arguing", "你喊什么"),
            ("taboo.arguing", "小声点不行"),
        ],
        near_miss: Some("请问您刚才说的是什么型号？"),
    },
    Norm {
        item: "4.10",
        said: "你着什么急啊，催什么催！",
        found: &[
            ("taboo.impatience", "你着什么急"),
            ("taboo.impatience", "催什么催"),
        ],
        near_miss: Some("您不用着急，我马上为您查询物流。"),
    },
    Norm {
        item: "4.11",
        said: "我怎么横了，我什么时候横了！",
        found: &[
            ("taboo.arguing", "我怎么横了"),
            ("taboo.arguing", "我什么时候横了"),
        ],
        near_miss: Some("横版和竖版海报都有，您选哪一种？"),
    },
    Norm {
        item: "4.12",
        said: "是我说的吗！",
        found: &[("taboo.shirking", "是我说的吗")],
        near_miss: Some("是我说的，这单我负责跟进到底。"),
    },
    Norm {
        item: "4.13",
        said: "你说清楚点行吗？",
        found: &[("taboo.commanding", "你说清楚点")],
        near_miss: Some("我再给您说清楚一点：退款会原路返回。"),
    },
    Norm {
        item: "4.14",
        said: "你怎么不早说呀",
        found: &[("taboo.blame-customer", "你怎么不早说")],
        near_miss: Some("您放心，我们会早一点为您发货。"),
    },
    Norm {
        item: "4.15",
        said: "你先听我说行吗！",
        found: &[("taboo.commanding", "你先听我说")],
        near_miss: Some("请您先听我介绍一下退款流程，好吗？"),
    },
    Norm {
        item: "4.16",
        said: "不知道、不清楚。",
        found: &[("taboo.dont-know", "不知道、不清楚")],
        near_miss: Some("这个我不清楚，我帮您问一下仓库同事，稍后回复您。"),
    },
    Norm {
        item: "4.17",
        said: "你想好了吗？",
        found: &[("taboo.commanding", "你想好了吗")],
        near_miss: Some("请问您想好要哪个颜色了吗？我这边帮您备注。"),
    },
    Norm {
        item: "4.18",
        said: "喂……讲啊，听见了吗？",
        found: &[
            ("taboo.rude-opening", "喂……讲啊"),
            ("taboo.hearing", "听见了吗"),
        ],
        near_miss: Some("您好，您刚才说客服回复“喂，说吧”，我们马上核实。"),
    },
    Norm {
        item: "4.19",
        said: "你不会好好说吗？",
        found: &[("taboo.blame-customer", "你不会好好说")],
        near_miss: Some("您慢慢说，我会好好帮您记下来。"),
    },
    Norm {
        item: "4.20",
        said: "我都说几遍了，你怎么还不明白？",
        found: &[
            ("taboo.repeat-annoyance", "我都说几遍了"),
            ("taboo.repeat-annoyance", "你怎么还不明白"),
        ],
        near_miss: Some("我再给您说一遍，您看哪里还不明白我再解释。"),
    },
    Norm {
        item: "4.21",
        said: "刚才不是跟你说了吗！",
        found: &[("taboo.repeat-annoyance", "刚才不是跟你说了吗")],
        near_miss: Some("刚才跟您说的优惠券已经发到您的账户了。"),
    },
    Norm {
        item: "4.22",
        said: "我没错，你愿意找哪儿就找吧！",
        found: &[
            ("taboo.arguing", "我没错"),
            ("taboo.provoke-complaint", "你愿意找哪儿就找"),
        ],
        near_miss: Some("您说得没错，这单确实是我们发错了货。"),
    },
    Norm {
        item: "4.23",
        said: "你说那么快干什么！",
        found: &[("taboo.hearing", "你说那么快干什么")],
        near_miss: Some("您说得有点快，麻烦您慢一点，好吗？"),
    },
    Norm {
        item: "4.24",
        said: "真烦人，神经病",
        found: &[("taboo.insult", "烦人"), ("taboo.insult", "神经病")],
        near_miss: Some("糖尿病神经病变的患者请遵医嘱服用。"),
    },
    Norm {
        item: "4.25",
        said: "听不到、大声点！",
        found: &[("taboo.hearing", "听不到、大声点")],
        near_miss: Some("音量调大声点就可以了。"),
    },
    Norm {
        item: "4.26",
        said: "不知道现在是休息时间啊，有事一会！",
        found: &[
            ("taboo.impatience", "不知道现在是休息时间"),
            ("taboo.impatience", "有事一会"),
        ],
        near_miss: Some("您有事一会儿再联系我们也可以，订单会为您保留。"),
    },
    Norm {
        item: "4.27",
        said: "快点讲，你到底要干什么？",
        found: &[
            ("taboo.impatience", "快点讲"),
            ("taboo.impatience", "你到底要干什么"),
        ],
        near_miss: Some("我们会快点给您发货，请您放心。"),
    },
    Norm {
        item: "4.28",
        said: "听不懂，换个人说吧！",
        found: &[("taboo.dialect", "听不懂，换个人")],
        near_miss: Some("非常抱歉，我听不太清楚您的方言，请您说慢一点可以吗？"),
    },
    Norm {
        item: "4.29",
        said: "打错了！",
        found: &[("taboo.wrong-number", "打错了")],
        near_miss: Some("您是不是打错了？这里是售后维修中心，请问有什么可以帮您？"),
    },
    Norm {
        item: "4.30",
        said: "等会儿！",
        found: &[("taboo.make-wait", "等会儿")],
        near_miss: Some("好的，等会儿快递员会上门取件。"),
    },
];

/// A customer's question and the agent's reply `said`, in the bracketed export shape.
fn exchange(said: &str) -> String {
    format!(
        "[2024-06-01 10:00:00] 顾客: 你好，我的订单怎么还没发货？\n[2024-06-01 10:00:30] 客服小王: {said}\n"
    )
}

/// The agent's reply starts after `[2024-06-01 10:00:30] 客服小王: `, at column 29.
const REPLY_COLUMN: u64 = 29;

/// `(column, end_column)` of the first occurrence of `matched` in `said`, on line 2.
fn columns(said: &str, matched: &str) -> (u64, u64) {
    let at = said
        .find(matched)
        .unwrap_or_else(|| panic!("{matched:?} is not in {said:?}"));
    let before = said[..at].chars().count() as u64;
    let start = REPLY_COLUMN + before;
    (start, start + matched.chars().count() as u64)
}

#[test]
fn every_hotline_taboo_item_is_reported_where_the_agent_says_it() {
    let items: Vec<&str> = NORMS.iter().map(|n| n.item).collect();
    let all: Vec<String> = (1..=30).map(|n| format!("4.{n}")).collect();
    assert_eq!(items, all, "one row per item of the norms, in order");

    let said: Vec<(String, String)> = NORMS
        .iter()
        .map(|n| (format!("said-{}.txt", n.item), exchange(n.said)))
        .collect();
    let near: Vec<(String, String)> = NORMS
        .iter()
        .filter_map(|n| Some((format!("near-{}.txt", n.item), exchange(n.near_miss?))))
        .collect();
    let files: Vec<(&str, &[u8])> = said
        .iter()
        .chain(&near)
        .map(|(name, text)| (name.as_str(), text.as_bytes()))
        .collect();
    let dir = common::folder(&files);
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend(common::TABOO_ONLY);
    args.push(".");
    let out = common::run_in(dir.path(), &args, b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.report();
    assert_eq!(report.summary.files, files.len() as u64);

    let mut wrong = Vec::new();
    for norm in NORMS {
        let path = format!("./said-{}.txt", norm.item);
        let got: Vec<(u64, u64, u64, String, String)> = report
            .diagnostics
            .iter()
            .filter(|d| d.path == path)
            .map(|d| {
                assert_eq!(d.role, Some(common::Role::Agent), "{d:?}");
                assert_eq!(d.speaker.as_deref(), Some("客服小王"), "{d:?}");
                (
                    d.line,
                    d.column,
                    d.end_column,
                    d.rule.clone(),
                    d.matched().to_owned(),
                )
            })
            .collect();
        let want: Vec<(u64, u64, u64, String, String)> = norm
            .found
            .iter()
            .map(|(rule, matched)| {
                let (column, end) = columns(norm.said, matched);
                (2, column, end, (*rule).to_owned(), (*matched).to_owned())
            })
            .collect();
        if got != want {
            wrong.push(format!(
                "{} {:?}: want {want:?}, got {got:?}",
                norm.item, norm.said
            ));
        }
        if let Some(near_miss) = norm.near_miss {
            let path = format!("./near-{}.txt", norm.item);
            let fired: Vec<(&str, Option<&str>)> = report
                .diagnostics
                .iter()
                .filter(|d| d.path == path)
                .filter(|d| norm.found.iter().any(|(rule, _)| *rule == d.rule))
                .map(|d| (d.rule.as_str(), d.matched.as_deref()))
                .collect();
            if !fired.is_empty() {
                wrong.push(format!(
                    "{} near miss {near_miss:?} fired on {fired:?}",
                    norm.item
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
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
