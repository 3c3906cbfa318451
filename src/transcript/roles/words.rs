//! The role words, in one place: the values of a role field or column, the JSON keys that
//! name a role, and the titles and labels that speaker names carry.

use crate::transcript::Role;
use crate::transcript::shape::looks_like_number_or_time;
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// A word that names a role as the value of a role field or column (`"role": "客服"`).
struct RoleWord {
    word: &'static str,
    role: Role,
    /// Also a JSON key whose value is the speaker's handle (`{"client": "@jo"}`); ordinary
    /// nouns such as `service` are not, since `{"service": "退货"}` is a category.
    key: bool,
}

const fn word(word: &'static str, role: Role, key: bool) -> RoleWord {
    RoleWord { word, role, key }
}

/// Compared case-insensitively: the words exports and dialogue data sets use (`sys`/`usr`
/// in CrossWOZ, `action` lines in ABCD).
const ROLE_WORDS: &[RoleWord] = &[
    word("agent", Role::Agent, true),
    word("staff", Role::Agent, true),
    word("operator", Role::Agent, true),
    word("seller", Role::Agent, true),
    word("assistant", Role::Agent, false),
    word("support", Role::Agent, false),
    word("service", Role::Agent, false),
    word("sys", Role::Agent, false),
    word("客服", Role::Agent, true),
    word("坐席", Role::Agent, true),
    word("座席", Role::Agent, true),
    word("售后", Role::Agent, false),
    word("售後", Role::Agent, false),
    word("卖家", Role::Agent, true),
    word("賣家", Role::Agent, true),
    word("商家", Role::Agent, false),
    word("人工", Role::Agent, false),
    word("人工客服", Role::Agent, false),
    word("店小二", Role::Agent, false),
    word("商家客服", Role::Agent, false),
    word("customer", Role::Customer, true),
    word("client", Role::Customer, true),
    word("user", Role::Customer, true),
    word("buyer", Role::Customer, true),
    word("visitor", Role::Customer, true),
    word("usr", Role::Customer, false),
    word("guest", Role::Customer, false),
    word("caller", Role::Customer, false),
    word("客户", Role::Customer, true),
    word("客戶", Role::Customer, true),
    word("顾客", Role::Customer, true),
    word("顧客", Role::Customer, true),
    word("买家", Role::Customer, true),
    word("買家", Role::Customer, true),
    word("用户", Role::Customer, false),
    word("用戶", Role::Customer, false),
    word("访客", Role::Customer, false),
    word("訪客", Role::Customer, false),
    word("来电人", Role::Customer, false),
    word("來電人", Role::Customer, false),
    word("system", Role::System, false),
    word("action", Role::System, false),
    word("bot", Role::System, false),
    word("robot", Role::System, false),
    word("系统", Role::System, false),
    word("系統", Role::System, false),
    word("机器人", Role::System, false),
    word("機器人", Role::System, false),
];

/// The role named by a role field or column value, if it is one of the known words.
pub fn role_value(value: &str) -> Option<Role> {
    let v = value.trim();
    ROLE_WORDS
        .iter()
        .find(|w| w.word.eq_ignore_ascii_case(v))
        .map(|w| w.role)
}

/// The role a JSON key names when its value is the speaker's handle (`{"client": "@jo"}`,
/// `{"agent": "@AcmeSupport"}`); a trailing number is allowed (`client1`, a second
/// customer account in the thread).
pub fn handle_key(key: &str) -> Option<Role> {
    let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
    ROLE_WORDS
        .iter()
        .find(|w| w.key && w.word.eq_ignore_ascii_case(base))
        .map(|w| w.role)
}

/// Bots and the platform: a name that starts or ends with one of these (`机器人小蜜`,
/// `客服机器人`, `智能客服`). A bot's replies are configured text, not an agent's conduct,
/// so they are not judged as the agent's (name it with `--agent` to check them).
const SYSTEM_WORDS: &[&str] = &[
    "智能客服",
    "智能助手",
    "智能助理",
    "机器人",
    "機器人",
    "自动回复",
    "自動回覆",
    "系统",
    "系統",
];

/// Agent titles wherever they stand in a name: `客服小王`, `售前客服小李`, `在线客服`,
/// `人工坐席007`, `客服部-王丽`, `【客服】小王`, `小王（客服）`.
const AGENT_TITLES: &[&str] = &[
    "客服",
    "坐席",
    "座席",
    "店小二",
    "客户服务",
    "客戶服務",
    "客户经理",
    "客戶經理",
    "导购",
    "導購",
    "主管",
    "店长",
    "店長",
    "掌柜",
    "掌櫃",
    "服务专员",
    "服務專員",
    "接线员",
    "接線員",
    "话务员",
    "話務員",
];

/// What a title next to it turns into words to or about an agent: `客服你好`, `找客服`.
const ADDRESSING_AFTER: &[&str] = &["你", "您", "在吗", "在嗎", "在不在", "呢", "吗", "嗎"];
const ADDRESSING_BEFORE: &[&str] = &["找", "问", "問", "投诉", "投訴", "不是"];

/// Words that make a name an agent's or a customer's only at the start of the name or of a
/// part of it (`售后-小李`, `王丽/售后`, `买家tb_123`, `【顾客】`, `tb_8812（买家）`):
/// elsewhere they are ordinary words of a nickname.
const AGENT_LABELS: &[&str] = &["售后", "售後", "售前"];
const CUSTOMER_LABELS: &[&str] = &[
    "顾客",
    "顧客",
    "客户",
    "客戶",
    "买家",
    "買家",
    "用户",
    "用戶",
    "访客",
    "訪客",
    "游客",
    "遊客",
    "来电人",
    "來電人",
    "消费者",
    "消費者",
];

/// ASCII words and phrases, matched as whole words anywhere in a name, case-insensitively
/// (`Support Agent`, `Agent 007`, `AcmeSupport`, `Customer Service` is an agent).
const SYSTEM_ASCII: &[&str] = &[
    "bot",
    "robot",
    "chatbot",
    "system",
    "auto reply",
    "autoreply",
];
const AGENT_ASCII: &[&str] = &[
    "customer service",
    "customer services",
    "customer support",
    "customer care",
    "client service",
    "client services",
    "help desk",
    "helpdesk",
    "service desk",
    "agent",
    "support",
    "csr",
    "operator",
    "staff",
    "seller",
];
const CUSTOMER_ASCII: &[&str] = &[
    "customer", "user", "client", "visitor", "buyer", "guest", "caller",
];

/// What in a name gave it its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// A title, label or bot word in the name.
    Word(&'static str),
    /// `店铺名:子账号`, the seller-side account of 千牛 and similar platforms.
    ShopAccount,
}

/// The built-in speaker conventions.
pub fn default_role(speaker: &str) -> Role {
    convention(speaker).map_or(Role::Unknown, |(role, _)| role)
}

/// The role a speaker name gives by convention, and why. A number or a time is no name
/// and gets none.
pub fn convention(speaker: &str) -> Option<(Role, Convention)> {
    // An ASCII name is read in a few hundred instructions (`tb_60310`, most customers, each
    // seen once): remembering it would cost more, and crowd the cache out of the CPU's.
    if speaker.is_ascii() {
        return convention_of(speaker);
    }
    // The same few agent names recur in every conversation of an export, and each look-up
    // searches every title: remembered per thread, the conventions cost one hash a turn.
    CONVENTIONS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(known) = cache.get(speaker) {
            return *known;
        }
        let found = convention_of(speaker);
        if cache.len() >= MAX_REMEMBERED {
            cache.clear();
        }
        cache.insert(speaker.into(), found);
        found
    })
}

/// Names remembered per thread before the memory is cleared (customer nicknames are mostly
/// seen once): small enough to stay in the CPU's cache.
const MAX_REMEMBERED: usize = 1 << 12;

/// What the conventions say of a name, remembered by name. Hashed with FxHash: the key is
/// a short name looked up on every line, where SipHash cost as much as the look-up saved.
type Remembered = FxHashMap<Box<str>, Option<(Role, Convention)>>;

thread_local! {
    static CONVENTIONS: RefCell<Remembered> = RefCell::new(FxHashMap::default());
}

fn convention_of(speaker: &str) -> Option<(Role, Convention)> {
    let name = speaker.trim();
    if name.is_empty() || looks_like_number_or_time(name) {
        return None;
    }
    let found = |role, w| Some((role, Convention::Word(w)));
    // The Chinese word lists cannot occur in an ASCII name (`tb_60310`, most customers):
    // skipping them halves the cost of a name seen once.
    let cjk = !name.is_ascii();
    if cjk
        && let Some(w) = SYSTEM_WORDS
            .iter()
            .find(|w| name.starts_with(*w) || name.ends_with(*w))
    {
        return found(Role::System, w);
    }
    let words = ascii_words(name);
    if let Some(w) = find_ascii(&words, SYSTEM_ASCII) {
        return found(Role::System, w);
    }
    if cjk && let Some(w) = AGENT_TITLES.iter().find(|w| is_title(name, w)) {
        return found(Role::Agent, w);
    }
    if let Some(w) = find_ascii(&words, AGENT_ASCII) {
        return found(Role::Agent, w);
    }
    if cjk {
        for part in parts(name) {
            if let Some(w) = AGENT_LABELS.iter().find(|w| part.starts_with(*w)) {
                return found(Role::Agent, w);
            }
            if let Some(w) = CUSTOMER_LABELS.iter().find(|w| part.starts_with(*w)) {
                return found(Role::Customer, w);
            }
        }
    }
    if let Some(w) = find_ascii(&words, CUSTOMER_ASCII) {
        return found(Role::Customer, w);
    }
    is_shop_account(name).then_some((Role::Agent, Convention::ShopAccount))
}

/// `title` occurs in `name` as a title, not in words said to an agent.
fn is_title(name: &str, title: &str) -> bool {
    name.match_indices(title).any(|(at, _)| {
        let (before, after) = (&name[..at], &name[at + title.len()..]);
        !ADDRESSING_AFTER.iter().any(|w| after.starts_with(w))
            && !ADDRESSING_BEFORE.iter().any(|w| before.ends_with(w))
    })
}

/// The name, then the parts that separators and brackets cut it into.
fn parts(name: &str) -> impl Iterator<Item = &str> {
    std::iter::once(name).chain(
        name.split(|c: char| {
            c.is_whitespace() || "-_·/|｜、,，:：()（）[]【】<>《》「」".contains(c)
        })
        .filter(|p| !p.is_empty()),
    )
}

/// The ASCII words of a name, as slices of it: runs of letters, cut where a lowercase
/// letter meets an uppercase one (`AcmeSupport`), and runs of digits. Borrowed rather than
/// lowercased copies: most names are seen once, and their allocations were most of the
/// cost of reading their role.
fn ascii_words(name: &str) -> Vec<&str> {
    let b = name.as_bytes();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..=b.len() {
        let c = b.get(i).copied();
        let joins = match (start, i.checked_sub(1).map(|p| b[p]), c) {
            (Some(_), Some(p), Some(c)) if c.is_ascii_alphabetic() => {
                p.is_ascii_alphabetic() && !(p.is_ascii_lowercase() && c.is_ascii_uppercase())
            }
            (Some(_), Some(p), Some(c)) if c.is_ascii_digit() => p.is_ascii_digit(),
            _ => false,
        };
        if !joins && let Some(s) = start.take() {
            words.push(&name[s..i]);
        }
        if start.is_none() && c.is_some_and(|c| c.is_ascii_alphanumeric()) {
            start = Some(i);
        }
    }
    words
}

/// The first of `phrases` (lowercase, words separated by one space) whose words occur in
/// a row in `words`, compared case-insensitively.
fn find_ascii(words: &[&str], phrases: &[&'static str]) -> Option<&'static str> {
    // Most names have no word starting like any phrase (`tb_60310`): one bit test each.
    let wanted = initials(phrases);
    if !words
        .iter()
        .any(|w| initial(w).is_some_and(|i| wanted & i != 0))
    {
        return None;
    }
    phrases.iter().copied().find(|phrase| {
        let first = phrase.as_bytes()[0];
        (0..words.len()).any(|i| {
            words[i].as_bytes()[0].to_ascii_lowercase() == first && phrase_at(&words[i..], phrase)
        })
    })
}

/// The first letters of `phrases`, one bit each.
fn initials(phrases: &[&str]) -> u32 {
    phrases
        .iter()
        .filter_map(|p| initial(p))
        .fold(0, |m, i| m | i)
}

/// A word's first letter as a bit (`a` is bit 0), case-insensitively.
fn initial(word: &str) -> Option<u32> {
    let c = word.as_bytes().first()?.to_ascii_lowercase();
    c.is_ascii_lowercase().then(|| 1 << (c - b'a'))
}

/// Whether `words` start with the words of `phrase`. Walks the phrase in place: splitting
/// it for every name cost more than all the rest of reading the name's role.
fn phrase_at(words: &[&str], phrase: &str) -> bool {
    let mut rest = phrase;
    for word in words {
        let Some(head) = rest.get(..word.len()) else {
            return false;
        };
        if !head.eq_ignore_ascii_case(word) {
            return false;
        }
        rest = &rest[word.len()..];
        match rest.strip_prefix(' ') {
            Some(more) => rest = more,
            None => return rest.is_empty(),
        }
    }
    false
}

/// `店铺名:子账号`: both sides names, neither a number nor a time (`2024-06-01 20:10` has a
/// colon too).
fn is_shop_account(speaker: &str) -> bool {
    speaker.split_once([':', '：']).is_some_and(|(shop, name)| {
        let (shop, name) = (shop.trim(), name.trim());
        !shop.is_empty()
            && !name.is_empty()
            && !looks_like_number_or_time(shop)
            && !looks_like_number_or_time(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(speaker: &str) -> Option<(Role, &'static str)> {
        convention(speaker).map(|(role, c)| {
            (
                role,
                match c {
                    Convention::Word(w) => w,
                    Convention::ShopAccount => "shop:account",
                },
            )
        })
    }

    #[test]
    fn agent_titles_anywhere_in_the_name() {
        for (speaker, word) in [
            ("客服小王", "客服"),
            ("售前客服小李", "客服"),
            ("店长老周", "店长"),
            ("掌柜阿明", "掌柜"),
            ("售后客服", "客服"),
            ("在线客服", "客服"),
            ("官方客服", "客服"),
            ("金牌客服", "客服"),
            ("人工客服", "客服"),
            ("人工坐席007", "坐席"),
            ("坐席1024", "坐席"),
            ("客服-小王", "客服"),
            ("客服部-王丽", "客服"),
            ("【客服】小王", "客服"),
            ("[客服]小王", "客服"),
            ("小王（客服）", "客服"),
            ("小王(客服)", "客服"),
            ("店小二", "店小二"),
            ("客户服务部", "客户服务"),
            ("客户经理张敏", "客户经理"),
            ("导购小陈", "导购"),
            ("话务员 027", "话务员"),
            ("售后-小李", "售后"),
            ("售後小張", "售後"),
            ("王丽/售后", "售后"),
            ("Support Agent", "agent"),
            ("Agent 007", "agent"),
            ("Agent Smith", "agent"),
            ("agent_7", "agent"),
            ("AcmeSupport", "support"),
            ("support", "support"),
            ("CSR-Li", "csr"),
            ("Customer Service", "customer service"),
            ("Acme Customer Care", "customer care"),
        ] {
            assert_eq!(why(speaker), Some((Role::Agent, word)), "{speaker}");
        }
        assert_eq!(
            why("小米官方旗舰店:小林"),
            Some((Role::Agent, "shop:account"))
        );
        assert_eq!(why("小米旗舰店：小王"), Some((Role::Agent, "shop:account")));
    }

    #[test]
    fn customer_labels_and_bots() {
        for (speaker, word) in [
            ("买家", "买家"),
            ("買家", "買家"),
            ("买家tb_123", "买家"),
            ("【顾客】", "顾客"),
            ("顧客", "顧客"),
            ("客戶", "客戶"),
            ("访客123", "访客"),
            ("用户_5521", "用户"),
            ("tb_8812（买家）", "买家"),
            ("【VIP】顾客小李", "顾客"),
            ("Customer", "customer"),
            ("Customer 42", "customer"),
            ("Visitor", "visitor"),
        ] {
            assert_eq!(why(speaker), Some((Role::Customer, word)), "{speaker}");
        }
        for (speaker, word) in [
            ("智能客服", "智能客服"),
            ("机器人小蜜", "机器人"),
            ("客服机器人", "机器人"),
            ("系统消息", "系统"),
            ("系統", "系統"),
            ("Support Bot", "bot"),
            ("system", "system"),
        ] {
            assert_eq!(why(speaker), Some((Role::System, word)), "{speaker}");
        }
    }

    #[test]
    fn ordinary_names_numbers_and_times_get_no_role() {
        for speaker in [
            "tb_8812",
            "小王",
            "客服你好",
            "客服在吗",
            "找客服的人",
            "人工智能爱好者",
            "小二哥",
            "无忧售后宝",
            "王顾客",
            "Agentur Müller",
            "Botany fan",
            "Userfriendly",
            "@jo",
            "20",
            "10:00",
            "2024-06-01 20:10",
            "13812345678",
            "小米旗舰店:007",
            "2024-06-01:小王",
            "",
        ] {
            assert_eq!(why(speaker), None, "{speaker:?}");
        }
    }

    #[test]
    fn role_values_and_keys() {
        assert_eq!(role_value(" 客服 "), Some(Role::Agent));
        assert_eq!(role_value("USR"), Some(Role::Customer));
        assert_eq!(role_value("action"), Some(Role::System));
        assert_eq!(role_value("客服主管"), None);
        assert_eq!(handle_key("client1"), Some(Role::Customer));
        assert_eq!(handle_key("Agent"), Some(Role::Agent));
        assert_eq!(handle_key("service"), None);
        assert_eq!(handle_key("usr"), None);
    }

    #[test]
    fn the_chinese_word_lists_hold_no_ascii_word() {
        // `convention_of` skips them for ASCII names.
        for list in [SYSTEM_WORDS, AGENT_TITLES, AGENT_LABELS, CUSTOMER_LABELS] {
            assert!(list.iter().all(|w| !w.is_ascii()), "{list:?}");
        }
    }
}
