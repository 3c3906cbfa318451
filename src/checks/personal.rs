//! Personal-data rules: a message exposing a customer's mobile number, ID number, bank
//! card, e-mail or home address.

use super::{Context, Linter, rule_finding};
use crate::finding::Finding;
use crate::personal::{self, DataKind, Strictness};
use crate::transcript::Role;

pub(super) fn check(linter: &Linter, cx: &Context<'_>, out: &mut Vec<Finding>) {
    if linter.personal.is_empty() {
        return;
    }
    // What the customer gave in this conversation: an agent reading it back to confirm it
    // exposes nothing the customer did not already say. Another customer's number, or one
    // the customer never gave, is a finding.
    let mut given: Vec<(DataKind, String)> = Vec::new();
    // The customer's last message asked for a place's number or address (`把景点的电话给我`):
    // the agent answering gives a business's contact, not a person's. Read only when a
    // datum needs it: most customer messages are followed by no personal data at all.
    let mut asker: Option<&str> = None;
    let mut asked: Option<Vec<DataKind>> = None;
    for (i, turn) in cx.conversation.turns.iter().enumerate() {
        if turn.role == Role::Customer {
            asker = Some(&turn.text);
            asked = None;
        }
        let applies = linter
            .personal
            .iter()
            .any(|&r| linter.rules[r].applies_to(turn.role));
        if !(applies || turn.role == Role::Customer) || !personal::may_hold(&turn.text) {
            continue;
        }
        let data = personal::find_in(&cx.folded(i), Strictness::Finding);
        for &r in &linter.personal {
            let rule = &linter.rules[r];
            if !rule.applies_to(turn.role) {
                continue;
            }
            let kind = rule.check.personal_data();
            for datum in &data {
                if Some(datum.kind) != kind || was_given(&given, datum.kind, &datum.value) {
                    continue;
                }
                let asked =
                    asked.get_or_insert_with(|| asker.map_or_else(Vec::new, asks_for_a_place));
                if asked.contains(&datum.kind) && !at_home(&turn.text[..datum.span.start]) {
                    continue;
                }
                let finding = cx.place(i).finding(
                    turn.file_span(datum.span.clone()),
                    turn.text.get(datum.span.clone()),
                );
                out.push(rule_finding(rule, None, finding));
            }
        }
        if turn.role == Role::Customer {
            given.extend(data.into_iter().map(|d| (d.kind, d.value)));
        }
    }
}

/// Whether the customer gave `value` earlier. An address is read from where its place names
/// start, and words before it may look like one (`寄件人写杭州市…`): the same address is
/// one that ends the other.
fn was_given(given: &[(DataKind, String)], kind: DataKind, value: &str) -> bool {
    given.iter().any(|(k, v)| {
        *k == kind
            && (v == value
                || (kind == DataKind::Address
                    && (v.ends_with(value) || value.ends_with(v.as_str()))))
    })
}

/// Words naming a place or business whose phone or address a customer may ask for.
const PLACES: &[&str] = &[
    "景点",
    "景区",
    "酒店",
    "宾馆",
    "饭店",
    "餐馆",
    "餐厅",
    "店",
    "商家",
    "公司",
    "医院",
    "博物馆",
    "公园",
    "机场",
    "车站",
    "银行",
    "营业厅",
    "网点",
    "这家",
    "那家",
    "该",
    "它",
    "这里",
    "那里",
    "哪里",
    "这儿",
    "那儿",
    "图书馆",
    "嘉年华",
    "商场",
    "影院",
];

/// The kinds of data a customer's message asks for about a place (`景点的电话是多少`).
fn asks_for_a_place(text: &str) -> Vec<DataKind> {
    let folded = crate::normalize::compact(text);
    if !PLACES.iter().any(|p| folded.contains(p)) {
        return Vec::new();
    }
    let mut kinds = Vec::new();
    if ["电话", "手机", "联系方式", "号码"]
        .iter()
        .any(|w| folded.contains(w))
    {
        kinds.push(DataKind::Mobile);
    }
    if ["地址", "在哪", "位置", "怎么走"]
        .iter()
        .any(|w| folded.contains(w))
    {
        kinds.push(DataKind::Address);
    }
    kinds
}

/// Whether the words just before a datum say it is somebody's home (`团长张阿姨家，地址是…`).
fn at_home(before: &str) -> bool {
    let near: String = {
        let chars: Vec<char> = before.chars().rev().take(12).collect();
        chars.into_iter().rev().collect()
    };
    ["家", "住", "宿舍"].iter().any(|w| near.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_asking_for_a_places_number_or_address() {
        assert_eq!(
            asks_for_a_place("你把景点的电话给我吧！"),
            [DataKind::Mobile]
        );
        assert_eq!(asks_for_a_place("这家酒店地址在哪？"), [DataKind::Address]);
        assert_eq!(asks_for_a_place("我的快递到哪了"), []);
        assert_eq!(asks_for_a_place("快递员电话多少"), []);
        assert!(at_home("您的自提点是团长张阿姨家，地址是"));
        assert!(!at_home("地址是"));
    }
}
