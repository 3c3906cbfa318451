//! Deterministic corpus generator for benchmarks and the memory measurement.
//!
//! ```text
//! cargo run --release --example gen_corpus -- text   OUT_DIR  MEGABYTES [CONVERSATIONS_PER_FILE]
//! cargo run --release --example gen_corpus -- text-plain OUT_DIR MEGABYTES [CONVERSATIONS_PER_FILE]
//! cargo run --release --example gen_corpus -- jsonl  OUT_FILE MEGABYTES
//! cargo run --release --example gen_corpus -- phrases OUT_DIR COUNT
//! ```
//!
//! `text` writes plain-text transcripts, `CONVERSATIONS_PER_FILE` (default 1000) per file;
//! `text-plain` writes the same conversations the way most exports do, times without
//! brackets and a `### 会话 C00000001 | 渠道: … | 客服: … | 日期: …` header line per
//! conversation: the same conversations as `text` with the same arguments (about 10% more
//! bytes), so that both forms can be measured on the same words;
//! `jsonl` writes one turn per line, conversations contiguous. `phrases` writes a list of
//! `COUNT` literal phrases (the built-in packs' own, then generated ones) for the comparison
//! benchmark: `phrases-COUNT.txt` (one per line, for `rg -F -f` and pyahocorasick),
//! `extra-COUNT.toml` (the generated ones as a rule pack, added to the built-in packs) and
//! `prh-COUNT.yml` (the same list for textlint-rule-prh). The same arguments always
//! give the same bytes (a fixed-seed xorshift generator), so measurements can be repeated.
//! About one agent turn in twelve breaks a norm, in one of the shapes the linter folds
//! (full-width punctuation, traditional characters, interposed spaces).

#[path = "common.rs"]
mod common;

use common::{Rng, phrase_list, phrase_pack};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

const CUSTOMER: &[&str] = &[
    "你好，我的订单怎么还没发货？",
    "在吗？想问一下这款有没有黑色的",
    "快递三天了还没到，能帮我查一下吗",
    "我要退货，尺码不合适",
    "发票怎么开？",
    "能便宜点吗",
    "这个充电器支持快充吗？",
    "怎么这么久还没人回复",
    "我建议你们把包装做得结实一点",
    "我要找你们经理",
    "好的，谢谢",
    "收到了，质量不错",
];
const AGENT: &[&str] = &[
    "您好，欢迎光临，请问有什么可以帮您？",
    "请您稍等，我马上为您查询。",
    "抱歉，让您久等了，您的包裹已经在派送中。",
    "亲，这款有黑色的，库存充足，请您放心下单。",
    "非常抱歉给您带来不便，退货申请已经为您提交。",
    "发票可以在订单详情里申请，电子发票会发到您的邮箱。",
    "感谢您的建议，我们会转告相关部门。",
    "您反映的问题我们会在24小时内给您答复。",
    "支持18W快充，请您放心使用。",
    "感谢您的耐心等待，祝您生活愉快，再见！",
    "好的，还有其他可以帮您的吗？",
];
/// Norm breaches, each in a shape the folding must see through.
const BREACHES: &[&str] = &[
    "催什么催",
    "你着什么急啊，催什么催！",
    "你问我，我怎么知道",
    "你有沒有搞錯呀",
    "等會兒",
    "你 说 清 楚 点",
    "不知道。",
    "又不是我处理的 你跟我喊什么",
    "喂，说吧",
];
const SHOPS: &[&str] = &["小米旗舰店", "优品数码", "江南家纺", "鲜果园"];
const AGENTS: &[&str] = &["小王", "小李", "阿珍", "小周"];

const GREETINGS: &[&str] = &[
    "您好，欢迎光临，请问有什么可以帮您？",
    "亲，您好，很高兴为您服务。",
    "您好，我是客服小王，请问有什么可以帮到您？",
];
const CLOSINGS: &[&str] = &[
    "感谢您的耐心等待，祝您生活愉快，再见！",
    "好的，还有其他可以帮您的吗？",
    "感谢您的支持，欢迎下次光临。",
];

/// The standard reply a customer's words call for, when they call for one.
fn due_reply(said: &str) -> Option<&'static str> {
    if said.contains("怎么这么久") {
        Some("抱歉，让您久等了，您的包裹已经在派送中。")
    } else if said.contains("建议") {
        Some("感谢您的建议，我们会转告相关部门。")
    } else if said.contains("经理") {
        Some("您反映的问题我们会在24小时内给您答复。")
    } else {
        None
    }
}

/// One conversation: (seconds offset, speaker, is agent, text). Agents mostly follow the
/// norms (greet, close, apologise, answer within a minute or two); about one agent turn in
/// twelve breaks one, and a few openings, closings and replies are missing or late.
fn conversation(rng: &mut Rng) -> Vec<(u64, String, bool, String)> {
    let customer = format!("tb_{}", rng.next() % 100_000);
    let agent = format!("{}:{}", rng.pick(SHOPS), rng.pick(AGENTS));
    let turns = 4 + 2 * (rng.next() % 5) as usize;
    let mut t = 0;
    let mut out: Vec<(u64, String, bool, String)> = Vec::with_capacity(turns);
    for i in 0..turns {
        let is_agent = i % 2 == 1;
        t += if is_agent && rng.chance(20) {
            200 + rng.next() % 400
        } else {
            5 + rng.next() % 90
        };
        let previous = out.last().map_or("", |p| p.3.as_str());
        let text = if !is_agent {
            rng.pick(CUSTOMER).to_owned()
        } else if rng.chance(12) {
            rng.pick(BREACHES).to_owned()
        } else {
            let reply = due_reply(previous).filter(|_| !rng.chance(10));
            let opening = (i == 1 && !rng.chance(20)).then(|| rng.pick(GREETINGS));
            let closing = (i + 1 == turns && !rng.chance(10)).then(|| rng.pick(CLOSINGS));
            let body = match (reply, opening, closing) {
                (Some(r), _, _) => r,
                (None, Some(_), _) | (None, _, Some(_)) => "",
                (None, None, None) => rng.pick(AGENT),
            };
            format!("{}{body}{}", opening.unwrap_or(""), closing.unwrap_or(""))
        };
        let who = if is_agent {
            agent.clone()
        } else {
            customer.clone()
        };
        out.push((t, who, is_agent, text));
    }
    out
}

fn clock(base: u64, offset: u64) -> String {
    let s = base + offset;
    format!(
        "2024-05-{:02} {:02}:{:02}:{:02}",
        1 + (s / 86_400) % 28,
        (s / 3600) % 24,
        (s / 60) % 60,
        s % 60
    )
}

/// How `text` writes a conversation.
#[derive(Clone, Copy)]
enum Form {
    /// `=== c1` separators, `[time] speaker: text`.
    Bracketed,
    /// `### 会话` headers, `time speaker: text`.
    Plain,
}

fn text(dir: &Path, megabytes: u64, per_file: usize, form: Form) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut rng = Rng(0x5EED_0001);
    let target = megabytes << 20;
    let (mut written, mut file_no, mut conv_no) = (0u64, 0u64, 0u64);
    while written < target {
        let path = dir.join(format!("chats-{file_no:05}.txt"));
        let mut out = BufWriter::new(File::create(path)?);
        for _ in 0..per_file {
            let base = conv_no * 1000 % 2_000_000;
            let turns = conversation(&mut rng);
            let mut block = match form {
                Form::Bracketed => format!("=== c{conv_no}\n"),
                Form::Plain => {
                    let agent = turns.iter().find(|t| t.2).map_or("", |t| t.1.as_str());
                    let shop = agent.split(':').next().unwrap_or_default();
                    let first = clock(base, turns.first().map_or(0, |t| t.0));
                    let day = first.split(' ').next().unwrap_or_default();
                    format!("### 会话 C{conv_no:08} | 渠道: {shop} | 客服: {agent} | 日期: {day}\n")
                }
            };
            // The budget is counted in the bracketed form's bytes, so that both forms hold
            // the same conversations and give the same findings.
            written += format!("=== c{conv_no}\n").len() as u64;
            for (t, who, _, said) in turns {
                let stamp = clock(base, t);
                let bracketed = format!("[{stamp}] {who}: {said}\n");
                written += bracketed.len() as u64;
                match form {
                    Form::Bracketed => block.push_str(&bracketed),
                    Form::Plain => block.push_str(&format!("{stamp} {who}: {said}\n")),
                }
            }
            out.write_all(block.as_bytes())?;
            conv_no += 1;
            if written >= target {
                break;
            }
        }
        out.flush()?;
        file_no += 1;
    }
    eprintln!(
        "{file_no} files, {conv_no} conversations, {written} bytes of bracketed text in {}",
        dir.display()
    );
    Ok(())
}

fn jsonl(path: &Path, megabytes: u64) -> io::Result<()> {
    let mut rng = Rng(0x5EED_0002);
    let target = megabytes << 20;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let (mut written, mut conv_no) = (0u64, 0u64);
    while written < target {
        let base = conv_no * 1000 % 2_000_000;
        for (t, who, is_agent, said) in conversation(&mut rng) {
            let role = if is_agent { "客服" } else { "客户" };
            let line = format!(
                "{{\"session_id\":\"s{conv_no}\",\"time\":\"{}\",\"sender\":\"{who}\",\"role\":\"{role}\",\"content\":\"{said}\"}}\n",
                clock(base, t)
            );
            written += line.len() as u64;
            out.write_all(line.as_bytes())?;
        }
        conv_no += 1;
    }
    out.flush()?;
    eprintln!(
        "{conv_no} conversations, {written} bytes in {}",
        path.display()
    );
    Ok(())
}

fn phrases(dir: &Path, count: usize) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let (list, builtin) = phrase_list(count).map_err(io::Error::other)?;
    let extra = &list[builtin.min(list.len())..];
    fs::write(
        dir.join(format!("phrases-{count}.txt")),
        list.join("\n") + "\n",
    )?;
    let pack = if extra.is_empty() {
        String::new()
    } else {
        phrase_pack(&format!("bench-{count}"), extra)
    };
    fs::write(dir.join(format!("extra-{count}.toml")), pack)?;
    let prh: String = std::iter::once("version: 1\nrules:\n".to_owned())
        .chain(
            list.iter()
                .map(|p| format!("  - expected: \"{p}\"\n    patterns: \"{p}\"\n")),
        )
        .collect();
    fs::write(dir.join(format!("prh-{count}.yml")), prh)?;
    eprintln!(
        "{} phrases ({builtin} built-in) in {}",
        list.len(),
        dir.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mb = |i: usize| args.get(i).and_then(|s| s.parse::<u64>().ok());
    let result = match (args.first().map(String::as_str), args.get(1), mb(2)) {
        (Some(form @ ("text" | "text-plain")), Some(dir), Some(m)) => {
            let per_file = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1000);
            let form = if form == "text" {
                Form::Bracketed
            } else {
                Form::Plain
            };
            text(Path::new(dir), m, per_file, form)
        }
        (Some("jsonl"), Some(file), Some(m)) => jsonl(Path::new(file), m),
        (Some("phrases"), Some(dir), Some(n)) => phrases(Path::new(dir), n as usize),
        _ => {
            eprintln!(
                "usage: gen_corpus text|text-plain OUT_DIR MEGABYTES [CONVERSATIONS_PER_FILE]\n       gen_corpus jsonl OUT_FILE MEGABYTES\n       gen_corpus phrases OUT_DIR COUNT"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
