//! The page itself: HTML with inline CSS and SVG charts, every text escaped.

use super::HtmlEmitter;
use crate::summary::Summary;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 中文 labels (the default).
    Zh,
    /// English labels.
    En,
}

/// Every label of the page, in one language.
struct Labels {
    html_lang: &'static str,
    title: &'static str,
    files: &'static str,
    conversations: &'static str,
    turns: &'static str,
    errors: &'static str,
    warnings: &'static str,
    infos: &'static str,
    mean_score: &'static str,
    pass_rate: &'static str,
    not_graded: &'static str,
    by_rule: &'static str,
    by_agent: &'static str,
    agent: &'static str,
    agent_turns: &'static str,
    findings: &'static str,
    per_100: &'static str,
    by_day: &'static str,
    day: &'static str,
    response: &'static str,
    replies: &'static str,
    worst: &'static str,
    score: &'static str,
    line: &'static str,
    rule: &'static str,
    nothing: &'static str,
    pass_mark: &'static str,
    buckets: [&'static str; 5],
}

const ZH: Labels = Labels {
    html_lang: "zh-CN",
    title: "客服质检报告",
    files: "文件",
    conversations: "会话",
    turns: "消息",
    errors: "错误",
    warnings: "警告",
    infos: "提示",
    mean_score: "平均分",
    pass_rate: "合格率",
    not_graded: "未评分（未识别客服）",
    by_rule: "各规则问题数",
    by_agent: "各客服表现（每百条客服消息的问题数，最差在前）",
    agent: "客服",
    agent_turns: "客服消息",
    findings: "问题",
    per_100: "每百条",
    by_day: "每日趋势",
    day: "日期",
    response: "响应时长分布",
    replies: "回复",
    worst: "得分最低的会话",
    score: "得分",
    line: "行",
    rule: "规则",
    nothing: "没有可显示的数据",
    pass_mark: "合格线",
    buckets: ["30秒内", "30–60秒", "1–3分钟", "3–10分钟", "10分钟以上"],
};

const EN: Labels = Labels {
    html_lang: "en",
    title: "Customer-service QA report",
    files: "files",
    conversations: "conversations",
    turns: "messages",
    errors: "errors",
    warnings: "warnings",
    infos: "infos",
    mean_score: "mean score",
    pass_rate: "pass rate",
    not_graded: "not graded (no agent identified)",
    by_rule: "Findings per rule",
    by_agent: "Agents (findings per 100 agent messages, worst first)",
    agent: "agent",
    agent_turns: "agent messages",
    findings: "findings",
    per_100: "per 100",
    by_day: "Per day",
    day: "day",
    response: "Response times",
    replies: "replies",
    worst: "Lowest-scored conversations",
    score: "score",
    line: "line",
    rule: "rule",
    nothing: "nothing to show",
    pass_mark: "pass mark",
    buckets: ["< 30 s", "30–60 s", "1–3 min", "3–10 min", "> 10 min"],
};

/// Text as HTML character data or attribute value: the XML escaping serves HTML too.
use crate::report::junit::xml;

/// Text for the page: markup escaped, and the characters that would reorder or hide it
/// (a bidirectional override in a message) shown as visible escapes, as on a terminal.
fn esc(text: &str) -> String {
    xml(&crate::report::escape_terminal(text))
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2rem auto;max-width:60rem;color:#222;padding:0 1rem}\
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}\
.totals{display:flex;flex-wrap:wrap;gap:1rem}.total{background:#f4f6f8;border-radius:6px;padding:.6rem 1rem;min-width:6rem}\
.total b{display:block;font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}\
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}td.n{text-align:right}\
svg{display:block;margin:.5rem 0}svg text{font-size:12px;fill:#333}.bar{fill:#c0392b}.bar2{fill:#2c7fb8}\
.line{fill:none;stroke:#c0392b;stroke-width:2}.line2{fill:none;stroke:#2c7fb8;stroke-width:2}\
mark{background:#fde2e1;color:#900;padding:0 2px}.conv{border:1px solid #eee;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}\
.fail{color:#c0392b;font-weight:bold}.pass{color:#1e8449;font-weight:bold}.muted{color:#777}";

pub(super) fn write(out: &mut dyn Write, r: &HtmlEmitter, summary: &Summary) -> io::Result<()> {
    let l = match r.lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n",
        l.html_lang, l.title, l.title
    );
    totals(&mut h, r, summary, l);
    h.push_str(&format!("<h2>{}</h2>\n", l.by_rule));
    let rules: Vec<(String, f64)> = {
        let mut v: Vec<_> = r.by_rule.iter().collect();
        v.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
        v.into_iter()
            .take(20)
            .map(|(id, (_, n))| (id.clone(), *n as f64))
            .collect()
    };
    bars(&mut h, &rules, "bar", l, |v| format!("{v}"));
    agents(&mut h, r, l);
    days(&mut h, r, l);
    responses(&mut h, r, l);
    worst(&mut h, r, l);
    h.push_str("</body></html>\n");
    out.write_all(h.as_bytes())
}

fn totals(h: &mut String, r: &HtmlEmitter, summary: &Summary, l: &Labels) {
    let mean = if r.graded == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}", r.score_sum as f64 / r.graded as f64)
    };
    let rate = if r.graded == 0 {
        "–".to_owned()
    } else {
        format!("{:.0}%", 100.0 * r.passed as f64 / r.graded as f64)
    };
    h.push_str("<div class=\"totals\">");
    let not_graded = (r.not_graded > 0).then(|| {
        (
            l.not_graded,
            format!("<span class=\"fail\">{}</span>", r.not_graded),
        )
    });
    for (label, value) in [
        (l.files, summary.files.to_string()),
        (l.conversations, summary.conversations.to_string()),
        (l.turns, summary.turns.to_string()),
        (l.errors, summary.errors.to_string()),
        (l.warnings, summary.warnings.to_string()),
        (l.infos, summary.infos.to_string()),
        (l.mean_score, mean),
        (
            l.pass_rate,
            format!(
                "{rate} <span class=\"muted\">({} {})</span>",
                l.pass_mark, r.scorecard.pass_mark
            ),
        ),
    ]
    .into_iter()
    .chain(not_graded)
    {
        let _ = write!(h, "<div class=\"total\"><b>{value}</b>{}</div>", esc(label));
    }
    h.push_str("</div>\n");
}

/// A horizontal bar chart of `(label, value)`.
fn bars(
    h: &mut String,
    rows: &[(String, f64)],
    class: &str,
    l: &Labels,
    show: impl Fn(f64) -> String,
) {
    if rows.is_empty() {
        let _ = writeln!(h, "<p class=\"muted\">{}</p>", l.nothing);
        return;
    }
    let (label_w, bar_w, row_h) = (260.0, 380.0, 22.0);
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max).max(1e-9);
    let height = row_h * rows.len() as f64 + 4.0;
    let _ = write!(
        h,
        "<svg class=\"chart\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\" role=\"img\">",
        label_w + bar_w + 60.0,
        label_w + bar_w + 60.0
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 2.0;
        let w = (value / max * bar_w).max(1.0);
        let _ = write!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
<rect class=\"{class}\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\"></rect>\
<text x=\"{:.1}\" y=\"{}\">{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(label),
            row_h - 6.0,
            label_w + w + 4.0,
            y + 15.0,
            esc(&show(*value))
        );
    }
    h.push_str("</svg>\n");
}

fn agents(h: &mut String, r: &HtmlEmitter, l: &Labels) {
    let _ = writeln!(h, "<h2>{}</h2>", l.by_agent);
    let mut rows: Vec<_> = r
        .by_agent
        .iter()
        .map(|(name, t)| {
            let per = if t.agent_turns == 0 {
                0.0
            } else {
                100.0 * t.findings as f64 / t.agent_turns as f64
            };
            (name, t, per)
        })
        .collect();
    rows.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
    let chart: Vec<(String, f64)> = rows
        .iter()
        .take(20)
        .map(|(n, _, p)| ((*n).clone(), *p))
        .collect();
    bars(h, &chart, "bar2", l, |v| format!("{v:.1}"));
    let _ = write!(
        h,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        l.agent, l.conversations, l.agent_turns, l.findings, l.per_100, l.mean_score
    );
    for (name, t, per) in &rows {
        let mean = if t.graded == 0 {
            "–".to_owned()
        } else {
            format!("{:.1}", t.score_sum as f64 / t.graded as f64)
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{per:.1}</td><td class=\"n\">{mean}</td></tr>",
            esc(name),
            t.conversations,
            t.agent_turns,
            t.findings
        );
    }
    h.push_str("</table>\n");
}

fn days(h: &mut String, r: &HtmlEmitter, l: &Labels) {
    if r.by_day.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h2>{}</h2>", l.by_day);
    let points: Vec<(&String, &(usize, usize))> = r.by_day.iter().collect();
    if points.len() >= 2 {
        let (w, ht, pad) = (640.0, 200.0, 30.0);
        let max = points
            .iter()
            .map(|(_, (c, f))| (*c).max(*f))
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let x = |i: usize| pad + i as f64 * (w - 2.0 * pad) / (points.len() - 1) as f64;
        let y = |v: usize| ht - pad - v as f64 / max * (ht - 2.0 * pad);
        let line = |pick: fn(&(usize, usize)) -> usize| {
            points
                .iter()
                .enumerate()
                .map(|(i, (_, v))| format!("{:.1},{:.1}", x(i), y(pick(v))))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let _ = writeln!(
            h,
            "<svg class=\"chart\" width=\"{w}\" height=\"{ht}\" viewBox=\"0 0 {w} {ht}\" role=\"img\">\
<polyline class=\"line\" points=\"{}\"></polyline><polyline class=\"line2\" points=\"{}\"></polyline>\
<text x=\"{pad}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
<text x=\"{pad}\" y=\"14\">{} <tspan fill=\"#c0392b\">■ {}</tspan> <tspan fill=\"#2c7fb8\">■ {}</tspan></text></svg>",
            line(|v| v.1),
            line(|v| v.0),
            ht - 8.0,
            esc(points[0].0),
            w - pad,
            ht - 8.0,
            esc(points[points.len() - 1].0),
            max,
            l.findings,
            l.conversations
        );
    }
    let _ = write!(
        h,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        l.day, l.conversations, l.findings
    );
    for (day, (c, f)) in &points {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{c}</td><td class=\"n\">{f}</td></tr>",
            esc(day)
        );
    }
    h.push_str("</table>\n");
}

fn responses(h: &mut String, r: &HtmlEmitter, l: &Labels) {
    if r.response_seconds.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h2>{}</h2>", l.response);
    let mut counts = [0usize; 5];
    for &s in &r.response_seconds {
        let bucket = match s {
            ..30 => 0,
            30..60 => 1,
            60..180 => 2,
            180..600 => 3,
            _ => 4,
        };
        counts[bucket] += 1;
    }
    let rows: Vec<(String, f64)> = l
        .buckets
        .iter()
        .zip(counts)
        .map(|(b, n)| ((*b).to_owned(), n as f64))
        .collect();
    bars(h, &rows, "bar2", l, |v| format!("{v} {}", l.replies));
}

fn worst(h: &mut String, r: &HtmlEmitter, l: &Labels) {
    if r.worst.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h2>{}</h2>", l.worst);
    for w in &r.worst {
        let c = &w.card;
        let result = if c.passed {
            "<span class=\"pass\">pass</span>"
        } else {
            "<span class=\"fail\">FAIL</span>"
        };
        let _ = write!(
            h,
            "<div class=\"conv\"><p><b>{}</b> · {} {} · {} {} {result}</p><table>\
<tr><th>{}</th><th>{}</th><th></th></tr>",
            esc(&c.label()),
            l.agent,
            esc(&c.agent()),
            l.score,
            c.score,
            l.line,
            l.rule
        );
        for f in &w.findings {
            let text = match (&f.turn_text, &f.matched) {
                (Some(turn), Some(m)) => match turn.find(m.as_str()) {
                    Some(at) => format!(
                        "{}<mark>{}</mark>{}",
                        esc(&turn[..at]),
                        esc(m),
                        esc(&turn[at + m.len()..])
                    ),
                    None => format!("<mark>{}</mark>", esc(m)),
                },
                (Some(turn), None) => esc(turn),
                (None, Some(m)) => format!("<mark>{}</mark>", esc(m)),
                (None, None) => String::new(),
            };
            let _ = write!(
                h,
                "<tr><td class=\"n\">{}</td><td>{}<br><span class=\"muted\">{}</span></td><td>{text}</td></tr>",
                f.start.line,
                esc(&f.rule),
                esc(&f.message)
            );
        }
        h.push_str("</table></div>\n");
    }
}
