//! Personal data in a message: mainland mobile numbers, resident ID numbers, bank card
//! numbers, e-mail addresses and detailed home addresses.
//!
//! One detector serves two purposes: the `personal-data` rules (an agent exposing a
//! customer's data) and `--redact` (masking such data, from either side, in every output).
//! The rules want precision: an ID number must carry a valid GB 11643 check digit, a card
//! number a valid Luhn digit and a card issuer's prefix, and numbers named as orders or
//! parcels are not cards. Masking wants recall: it takes every number of those shapes.
//!
//! Text is read as it folds (full-width and circled digits are digits), and spans are on
//! the original text.

use crate::normalize::{Mapped, Normalized};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

mod numbers;
use numbers::numbers;
#[cfg(test)]
use numbers::{id_check_char, luhn};

/// The kinds of personal data the detector knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataKind {
    Mobile,
    IdNumber,
    BankCard,
    Email,
    Address,
}

impl DataKind {
    pub const ALL: [DataKind; 5] = [
        DataKind::Mobile,
        DataKind::IdNumber,
        DataKind::BankCard,
        DataKind::Email,
        DataKind::Address,
    ];

    /// The name used in rule packs (`data = "mobile"`).
    pub fn name(self) -> &'static str {
        match self {
            DataKind::Mobile => "mobile",
            DataKind::IdNumber => "id-number",
            DataKind::BankCard => "bank-card",
            DataKind::Email => "email",
            DataKind::Address => "address",
        }
    }

    /// What it is, for `rules --explain`.
    pub fn describe(self) -> &'static str {
        match self {
            DataKind::Mobile => "a mainland mobile number",
            DataKind::IdNumber => "an 18-digit resident ID number with a valid check digit",
            DataKind::BankCard => {
                "a bank card number with an issuer's prefix and a valid Luhn digit"
            }
            DataKind::Email => "a personal e-mail address (not a service mailbox)",
            DataKind::Address => "a home address down to the building or room",
        }
    }
}

/// How strict the detector is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// For findings: valid check digits, card prefixes, no order or shop context.
    Finding,
    /// For masking: every number of the right shape.
    Redact,
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Datum {
    pub kind: DataKind,
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// What identifies it, for telling whether two messages hold the same datum: the
    /// digits of a number (a mobile without its country code), an e-mail address in lower
    /// case, an address without spaces.
    pub value: String,
}

/// Whether `text` may hold personal data at all: a digit (ASCII, full-width or styled), an
/// `@` or enough Chinese numerals for a number. Most messages do not, and are not folded.
pub fn may_hold(text: &str) -> bool {
    let mut numerals = 0;
    text.chars().any(|c| {
        if c.is_ascii() {
            return c.is_ascii_digit() || c == '@';
        }
        if numbers::is_numeral(c) {
            numerals += 1;
            if numerals >= numbers::NUMERAL_RUN {
                return true;
            }
        }
        // Most of a Chinese message: ideographs, none of which folds to a digit.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            return false;
        }
        c == '＠' || crate::normalize::folds_to_digit(c)
    })
}

/// Every piece of personal data in `text`, in order.
pub fn find(text: &str, strictness: Strictness) -> Vec<Datum> {
    if !may_hold(text) {
        return Vec::new();
    }
    let normalized = Normalized::default();
    let folded = normalized.folded(text);
    find_in(&folded, strictness)
}

/// Every piece of personal data in a text, given its folded form (spans on the original).
pub fn find_in(folded: &Mapped, strictness: Strictness) -> Vec<Datum> {
    let mut found = Vec::new();
    // Zero-width characters inside a number or an address (`187\u{200B}4692…`) hide it
    // from a filter, not from a reader: look at the text without them, and map back.
    let (visible, at) = without_invisible(&folded.text);
    let f = visible.as_ref();
    numbers(f, strictness, &mut found);
    emails(f, strictness, &mut found);
    addresses(f, strictness, &mut found);
    if let Some(at) = at {
        for (span, _, _) in &mut found {
            *span = at[span.start]..at[span.end - 1] + 1;
        }
    }
    found.sort_by_key(|(span, _, _)| (span.start, std::cmp::Reverse(span.end)));
    // One datum per place: the first (longest) of overlapping ones.
    let mut out: Vec<Datum> = Vec::new();
    for (span, kind, value) in found {
        let span = folded.original(span);
        if out.last().is_some_and(|d| d.span.end > span.start) {
            continue;
        }
        out.push(Datum { kind, span, value });
    }
    out
}

/// Characters that show nothing and may sit inside a number or an address.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// `text` without its invisible characters and, when it had any, the byte of `text` each
/// byte of the result comes from.
fn without_invisible(text: &str) -> (std::borrow::Cow<'_, str>, Option<Vec<usize>>) {
    if !text.chars().any(invisible) {
        return (std::borrow::Cow::Borrowed(text), None);
    }
    let mut visible = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices().filter(|&(_, c)| !invisible(c)) {
        visible.push(c);
        at.extend(i..i + c.len_utf8());
    }
    (std::borrow::Cow::Owned(visible), Some(at))
}

/// `text` with every piece of personal data masked, each character by an asterisk of its
/// own length in bytes, so that every byte offset and line stays where it was.
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    let data = find(text, Strictness::Redact);
    if data.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for d in &data {
        out.push_str(&text[at..d.span.start]);
        mask_into(&text[d.span.clone()], &mut out);
        at = d.span.end;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// Append `text` masked: separators kept, every other character an asterisk of its length.
pub fn mask_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            ' ' | '-' | '@' | '.' | '\n' | '\r' => out.push(c),
            _ => out.push_str(match c.len_utf8() {
                1 => "*",
                2 => "¤",
                3 => "＊",
                _ => "＊*",
            }),
        }
    }
}

/// Local parts of a shop's or platform's own mailbox, which are not a customer's data.
const ROLE_MAILBOXES: &[&str] = &[
    "service",
    "support",
    "kefu",
    "help",
    "info",
    "cs",
    "admin",
    "noreply",
    "no-reply",
    "contact",
    "sales",
    "shop",
    "feedback",
    "tousu",
    "jubao",
    "vip",
    "customer",
    "aftersale",
    "aftersales",
    "shouhou",
    "hr",
    "official",
    "team",
    "invoice",
    "fapiao",
    "billing",
    "design",
    "complaints",
    "complaint",
    "orders",
    "order",
    "returns",
    "return",
    "refund",
    "refunds",
    "press",
    "media",
    "marketing",
    "business",
    "bd",
    "partner",
    "partners",
    "jobs",
    "careers",
    "privacy",
    "legal",
    "hello",
    "office",
    "mail",
    "webmaster",
    "postmaster",
    "care",
];

/// Words that make any mailbox holding them a service desk's (`customer.service@`,
/// `tmall-service@`), unlike the other role names, which may end a person's handle
/// (`xiaoju_design@`).
const SERVICE_WORDS: &[&str] = &[
    "service",
    "support",
    "kefu",
    "helpdesk",
    "noreply",
    "aftersale",
    "aftersales",
    "shouhou",
    "invoice",
    "billing",
    "complaints",
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}")
        .expect("a constant pattern, compiled in the tests")
});

fn emails(f: &str, strictness: Strictness, out: &mut Vec<(Range<usize>, DataKind, String)>) {
    if !f.contains('@') {
        return;
    }
    for m in EMAIL.find_iter(f) {
        let address = m.as_str();
        let local = address.split('@').next().unwrap_or_default();
        // `customer.service@`, `tmall-service@`, `kefu01@`: a part of the local name is a
        // role, once digits are taken off.
        let bare = local.trim_end_matches(|c: char| c.is_ascii_digit());
        let role = ROLE_MAILBOXES.contains(&bare)
            || local
                .split(['.', '_', '-', '+'])
                .map(|part| part.trim_end_matches(|c: char| c.is_ascii_digit()))
                .any(|part| SERVICE_WORDS.contains(&part));
        if strictness == Strictness::Finding && role {
            continue;
        }
        out.push((m.range(), DataKind::Email, address.to_owned()));
    }
}

/// Characters of a place name: ideographs, except the words that join a sentence to an
/// address (`您的地址是…`).
const PLACE: &str =
    r"[\p{Han}&&[^的是在为到址我您你他她请寄发收送给和与及或把将就了吗呢吧啊住改成换写填留搬家]]";

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    // Exports space the numbers out (`漕宝路 3366 号 宝华苑 22 号楼`), Taiwan writes the
    // section of a road (`文化路一段`) and the floor's part (`12 樓之 3`); Shanghai numbers a
    // lane off the road (`张杨路1588弄12号`).
    // A tower may be lettered (`B塔`, `A座`).
    let unit = r"(?:[0-9]{1,5}\s*(?:号楼|栋|幢|座|单元|室|层|楼(?:之\s*[0-9]{1,3})?|户|号)\s*-?\s*|[A-Za-z]\s*(?:座|塔|栋|幢)\s*|[0-9]{1,4}-[0-9]{1,4}-[0-9]{2,5}\s*)";
    // Estates are named by many endings (`万科城`, `滨江府`, `金地湾`, `幸福里`); the units
    // after them (two at least, `8栋1单元1203室`, or `3-2-501`) make it an address, and a
    // room may be a bare number (`3栋2单元501`).
    let pattern = format!(
        "(?:{p}{{2,8}}(?:省|自治区))?(?:{p}{{2,8}}市)?(?:{p}{{1,8}}(?:区|县|旗))?\
         (?:{p}{{1,16}}(?:路|街|大道|巷|弄|胡同|里)(?:[一二三四五六七八九十]段)?\\s*[0-9]{{1,5}}\\s*(?:弄\\s*[0-9]{{1,5}}\\s*)?号(?:院)?\\s*(?:{p}|[A-Za-z]){{0,12}}\\s*{u}{{1,4}}(?:[0-9]{{3,5}})?\
         |{p}{{1,12}}(?:小区|花园|公寓|家园|嘉园|佳园|苑|新村|大厦|城|府|湾|庭|居|坊|公馆|名邸|社区|村|园|里|山庄|大院)\\s*(?:{u}{{2,4}}|[0-9]{{1,4}}-[0-9]{{1,4}}-[0-9]{{2,5}})(?:[0-9]{{3,5}})?)",
        // 成 is kept out of place names for 改成, but not out of 成都.
        p = format!("(?:成都|{PLACE})"),
        u = unit,
    );
    Regex::new(&pattern).expect("a constant pattern, compiled in the tests")
});

/// Words that make an address the shop's own (where returns go), not a person's home.
const SHOP_ADDRESS: &[&str] = &[
    "退货地址",
    "寄回",
    "退回",
    "售后地址",
    "仓库",
    "门店",
    "店铺地址",
    "公司地址",
    "我们的地址",
    "我司",
    "本店",
    "厂址",
    "发货地址",
    "退货",
    "退换货",
    "售后部",
    "自提",
    "提货点",
    "取货点",
    "维修点",
    "维修中心",
    "服务中心",
    "服务网点",
    "营业厅",
    "专柜",
    "展厅",
];

/// Words that make an address somebody's home even next to a shop word (`仓库周末不开，
/// 您送到我家也行：…`).
const HOME: &[&str] = &["家", "住", "宿舍"];

fn addresses(f: &str, strictness: Strictness, out: &mut Vec<(Range<usize>, DataKind, String)>) {
    if !f.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    for m in ADDRESS.find_iter(f) {
        let end = m.start() + m.as_str().trim_end_matches([' ', '-', '\t']).len();
        if strictness == Strictness::Finding {
            // What leads up to the address names whose it is.
            let before: String = {
                let chars: Vec<char> = f[..m.start()].chars().rev().take(20).collect();
                chars.into_iter().rev().collect()
            };
            let shop = SHOP_ADDRESS.iter().any(|w| before.contains(w));
            let home = HOME.iter().any(|w| before.contains(w));
            if shop && !home {
                continue;
            }
        }
        let value: String = f[m.start()..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        // A home is down to the flat (`501室`, `2单元`, `12樓之3`); a building or floor
        // alone (`4号楼`, `海文大厦1层`) is an office, a hotel or a sight.
        let flat = ["室", "单元", "户", "楼之"]
            .iter()
            .any(|w| value.contains(w))
            || value.ends_with(|c: char| c.is_ascii_digit())
            || value.matches('-').count() >= 2;
        let after: String = f[end..].chars().take(4).collect();
        let business = ["商铺", "店铺", "门面", "门市", "办公", "写字楼", "营业"]
            .iter()
            .any(|w| after.contains(w));
        if strictness == Strictness::Finding && business {
            continue;
        }
        if strictness == Strictness::Finding && !flat {
            continue;
        }
        out.push((m.start()..end, DataKind::Address, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick test agrees with its definition: a digit in any style, an at sign, or
        /// enough Chinese numerals.
        #[test]
        fn may_hold_is_a_digit_an_at_sign_or_enough_numerals(
            text in "[好的一二三四五六七八九十零〇两幺壹贰叁a@＠5５⑤⁵㈤\u{3000}，。]{0,14}",
        ) {
            let numerals = text.chars().filter(|&c| numbers::is_numeral(c)).count();
            let expected = numerals >= numbers::NUMERAL_RUN
                || text.chars().any(|c| {
                    c.is_ascii_digit() || c == '@' || c == '＠' || crate::normalize::folds_to_digit(c)
                });
            proptest::prop_assert_eq!(may_hold(&text), expected, "{:?}", text);
        }
    }

    fn kinds(text: &str) -> Vec<(DataKind, &str)> {
        find(text, Strictness::Finding)
            .into_iter()
            .map(|d| (d.kind, &text[d.span]))
            .collect()
    }

    #[test]
    fn the_patterns_compile() {
        assert!(EMAIL.is_match("a@b.cn"));
        assert!(ADDRESS.is_match("浙江省杭州市西湖区文三路90号东部软件园3号楼501室"));
    }

    #[test]
    fn mobile_numbers_in_their_written_shapes() {
        for text in [
            "他的手机是13812345678",
            "电话138 1234 5678",
            "打138-1234-5678",
            "+86 13812345678",
            "+8613812345678",
            "１３８１２３４５６７８",
            "他的电话186.0000.1234",
            "他的电话186*0000*1234",
            "他的电话186/0000/1234",
            "他的电话（187）4692-0573",
            "电话是187 4692\n0573",
            "电话是1874692\u{200B}0573",
            "电话一八六零零零零一二三四",
            "电话幺八六 零零零零 一二三四",
        ] {
            let found = kinds(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, DataKind::Mobile, "{text}");
        }
        let d = &find("电话+86 138-1234-5678", Strictness::Finding)[0];
        assert_eq!(d.value, "13812345678");
        // Masked, landline, hotline, order, parcel: not mobiles.
        for text in [
            "138****5678",
            "座机010-12345678",
            "热线400-820-8820",
            "订单号 2034567890123456789",
            "单号SF1234567890123",
            "YT13812345678900",
            "12345678901",
            // Lists and measures written with the separators a number may have.
            "价格分别是199, 299, 399, 49元",
            "满199、299、399、49可用",
            "IP 192.168.100.200",
            "尺码165/88A",
            "日期2024.06.01",
            "第一二三四五六七八九",
            "一共三五个",
        ] {
            assert_eq!(kinds(text), [], "{text}");
        }
        // Two numbers in a list, each found.
        let text = "李强，440106197002268615，15200535145，广东省";
        let found: Vec<DataKind> = kinds(text).into_iter().map(|(k, _)| k).collect();
        assert_eq!(found, [DataKind::IdNumber, DataKind::Mobile], "{text}");
        // Eleven numerals that are no mobile number (11…) stay words.
        assert_eq!(kinds("一一二三四五六七八九零"), []);
    }

    #[test]
    fn id_numbers_need_a_valid_check_digit() {
        let first = "11010519491231002";
        let check = id_check_char(first).unwrap();
        assert_eq!(check, 'X');
        let valid = format!("身份证{first}{check}");
        assert_eq!(
            kinds(&valid),
            [(DataKind::IdNumber, &valid["身份证".len()..])]
        );
        let lower = format!("{first}x");
        assert_eq!(kinds(&lower).len(), 1);
        let wrong = format!("{first}1");
        assert_eq!(kinds(&wrong), []);
        // Masking takes the shape, check digit or not.
        assert_eq!(find(&wrong, Strictness::Redact).len(), 1);
    }

    #[test]
    fn bank_cards_need_luhn_an_issuer_and_no_order_context() {
        assert!(luhn("6222021234567890128"));
        assert_eq!(kinds("卡号6222 0212 3456 7890 128").len(), 1);
        assert_eq!(kinds("卡号 4111111111111111")[0].0, DataKind::BankCard);
        assert_eq!(kinds("4111111111111112"), []);
        assert_eq!(kinds("订单号6222021234567890128"), []);
        assert_eq!(
            find("订单号6222021234567890128", Strictness::Redact).len(),
            1
        );
    }

    #[test]
    fn emails_except_the_shops_own() {
        assert_eq!(kinds("发到 zhang.san@163.com 吧")[0].1, "zhang.san@163.com");
        assert_eq!(kinds("请发邮件至 service@shop.com"), []);
        assert_eq!(find("service@shop.com", Strictness::Redact).len(), 1);
        for shop in [
            "customer.service@shop.com",
            "tmall-service@x.cn",
            "kefu01@x.cn",
        ] {
            assert_eq!(kinds(shop), [], "{shop}");
        }
        assert_eq!(kinds("xiaoju_design@126.com").len(), 1);
        // A zero-width space inside the address does not cut it in two.
        let text = "邮箱是liu.xiao\u{200B}hong@163.com";
        assert_eq!(
            kinds(text),
            [(DataKind::Email, "liu.xiao\u{200B}hong@163.com")]
        );
    }

    #[test]
    fn a_shops_pick_up_and_repair_points_are_not_homes() {
        for text in [
            "自提点地址：上海市徐汇区漕溪北路88号圣爱大厦1802室，营业时间9:00-18:00",
            "售后维修点在深圳市福田区华强北路1002号赛格广场28楼2806室，带上购买凭证就可以",
        ] {
            assert_eq!(kinds(text), [], "{text}");
        }
    }

    #[test]
    fn home_addresses_with_building_and_room() {
        let text = "地址是浙江省杭州市西湖区文三路90号东部软件园3号楼501室，麻烦";
        let found = kinds(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.starts_with("浙江省") && found[0].1.ends_with("501室"));
        assert_eq!(kinds("送到阳光小区3栋2单元501")[0].1, "阳光小区3栋2单元501");
        let lane = "地址是上海市浦东新区张杨路1588弄12号402室，孙阿姨收的";
        let found = kinds(lane);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.starts_with("上海市") && found[0].1.ends_with("402室"));
        assert_eq!(kinds("放在张杨路1588弄门口的快递柜了"), []);
        let chengdu = "寄到成都市武侯区人民南路四段27号8栋2单元1101室";
        assert_eq!(kinds(chengdu)[0].1, &chengdu[6..]);
        // Towers and estates with Latin letters in their names are masked (a home or an
        // office: masking takes both).
        for text in [
            "收货人：张三，北京市朝阳区建国路88号 SOHO现代城 5号楼 2201",
            "寄到广州市天河区体育西路191号中石化大厦B塔2501",
        ] {
            let masked = redact(text);
            assert!(
                !masked.contains("2201") && !masked.contains("2501"),
                "{masked}"
            );
        }
        for home in ["万科城8栋1单元1203室", "滨江府3-2-501", "幸福里5幢2单元302"] {
            assert_eq!(kinds(home).len(), 1, "{home}");
        }
        assert_eq!(kinds("家住阳光小区3栋2单元501")[0].1, "阳光小区3栋2单元501");
        assert_eq!(
            kinds("退货地址：浙江省杭州市余杭区文一西路969号3号楼仓库"),
            []
        );
        assert_eq!(kinds("文三路90号"), []);
        // Spaced out, as exports write it; a home next to a shop word is still a home.
        let spaced =
            "您直接寄到我家：上海市闵行区七宝镇漕宝路 3366 号 宝华苑 22 号楼 1 单元 803 室。";
        let found = kinds(spaced);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.starts_with("上海市") && found[0].1.ends_with("803 室"));
        // Offices, hotels and shops are not homes: no flat, or named a shop.
        assert_eq!(kinds("地址是北京朝阳区新东路12号4号楼3层"), []);
        assert_eq!(kinds("地址是新华西街58号1号楼1楼1032室商铺。"), []);
        assert_eq!(find("新东路12号4号楼3层", Strictness::Redact).len(), 1);
        let tw = "您上次填的是新北市板橋區文化路一段 266 號 12 樓之 3 林小姐";
        assert!(kinds(tw)[0].1.ends_with("12 樓之 3"), "{:?}", kinds(tw));
    }

    #[test]
    fn redaction_keeps_every_byte_offset() {
        let text = "客户电话１３８１２３４５６７８，邮箱a1@b.cn";
        let masked = redact(text);
        assert_eq!(masked.len(), text.len());
        assert!(
            !masked
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        );
        assert!(masked.contains("**@*.**"));
        assert_eq!(redact("没有号码"), "没有号码");
    }
}
