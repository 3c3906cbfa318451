#!/usr/bin/env python3
"""Author's consistency audit of the evaluation set (NOT a reference implementation).

Re-derives what the plain-language rule descriptions imply for the checkable
cases (numbers with check digits, e-mail addresses, first/last agent turns,
wait and escalation sequences) and lists broad keyword hits on agent turns
that carry no label for the rule, so that the author can decide each one by
hand. It is deliberately over-eager: every line it prints was reviewed.
"""
import collections
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
TURN = re.compile(r"^\[(.{19})\] ([^:]+): (.*)$")
AGENT = re.compile(r"客服|店长|^Agent ")
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
FW = str.maketrans("０１２３４５６７８９", "0123456789")

KEYWORDS = {
    "ad.superlative": r"最|第一|唯一|顶级|頂級|国家级|國家級|极品|極品|史无前例|冠军|冠軍|NO\.?1|TOP ?1|首选|独家",
    "ad.absolute-claim": r"100%|百分百|百分之百|永不|万能|萬能|根治|药到病除|无副作用|無副作用|零风险|零風險|副作用",
    "ad.false-urgency": r"涨价|漲價|错过|錯過|最后一|最後|仅限|僅限|手慢|库存|庫存|抢|搶|就没了|來不及|来不及|结束|結束|恢复原价|恢復原價",
    "platform.off-site-contact": r"微信|微-信|v信|vx|VX|ｖｘ|ⓥⓧ|wx|薇信|威信|卫星|加V|QQ|qq|扣扣|LINE|加賴|旺旺|站外",
    "platform.private-payment": r"私下|线下|線下|转账|轉帳|转给|转到|转我|打到|收款码|不走平台|平台|支付宝|微信支付|卡上|付款",
    "platform.review-manipulation": r"好评|好評|差评|負評|评价|評價|晒图|刷单|返现|返現|五星|追评|追加",
    "platform.other-platform": r"拼多多|闲鱼|咸鱼|抖音|京东|快手|小红书|蝦皮|1688|微店|天猫|淘宝|momo",
    "promise.guarantee": r"保证|保證|绝对|絕對|肯定|一定|包您|打包票|百分之百|百分百|没问题|沒問題|放心|包邮|保修|保固",
    "en.dismissive": r"(?i)calm|not my job|nothing I can do|nothing to|already said|last message|previous message|what to tell you|as I mentioned|like I said",
    "en.blame": r"(?i)should have|your fault|you didn't|you failed|failed to|on you\b",
}


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and "10X98765432"[sum(int(c) * w for c, w in zip(s, W)) % 11] == s[17].upper()


def luhn(s):
    t = 0
    for i, c in enumerate(reversed(s)):
        d = int(c) * (2 if i % 2 else 1)
        t += d - 9 if d > 9 else d
    return t % 10 == 0


def digits_runs(text):
    t = text.translate(FW)
    t = re.sub(r"(?<=\d)[ \-](?=\d)", "", t)
    t = t.replace("+86 ", "").replace("+86", "")
    return t, re.findall(r"\d[\dXx]*", t)


def main():
    labels = collections.defaultdict(dict)
    for raw in (ROOT / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(raw)
        labels[(d["file"], d["line"])][d["rule"]] = d["verdict"]
    problems = []
    kw_hits = []
    for path in sorted((ROOT / "chats").glob("*.txt")):
        rel = f"chats/{path.name}"
        turns = []
        for no, text in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], 2):
            m = TURN.match(text)
            turns.append((no, m.group(2), m.group(3), bool(AGENT.search(m.group(2)))))
        english = any(s.startswith("Agent ") for _, s, _, _ in turns)
        cust_text = ""
        expect = collections.defaultdict(dict)  # line -> rule -> fire/pass (checkable ones)
        agent_lines = [t for t in turns if t[3]]
        for no, spk, text, is_agent in turns:
            if not is_agent:
                cust_text += " " + digits_runs(text)[0] + " " + text
                continue
            norm, runs = digits_runs(text)
            cust_norm = digits_runs(cust_text)[0]
            # mobile
            mobs = re.findall(r"(?<!\d)1[3-9]\d{9}(?!\d)", norm)
            if mobs:
                expect[no]["privacy.mobile"] = "fire" if any(m not in cust_norm for m in mobs) else "pass"
            # id
            ids = [r for r in runs if len(r) == 18 and id_ok(r)]
            if ids:
                expect[no]["privacy.id-number"] = "fire" if any(i.upper() not in cust_norm.upper() for i in ids) else "pass"
            # card
            cards = [r for r in runs if r.isdigit() and 16 <= len(r) <= 19 and r[0] in "456" and luhn(r)]
            if cards:
                expect[no]["privacy.bank-card"] = "fire"
            # email
            emails = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
            for e in emails:
                shop = re.match(r"(service|kefu|support|invoice|design|complaints)@", e)
                given = e in cust_text
                masked = "*" in e
                v = "pass" if (shop or given or masked) else "fire"
                if expect[no].get("privacy.email") != "fire":
                    expect[no]["privacy.email"] = v
            if re.search(r"\*\*\*@", text):
                expect[no].setdefault("privacy.email", "pass")
            # address-like
            if re.search(r"\d+ ?號|\d+ ?号", text) and re.search(r"室|单元|單元|栋|幢|楼|樓", text):
                kw_hits.append((rel, no, "privacy.address", "address-like", labels[(rel, no)].get("privacy.address")))
            for rule, rx in KEYWORDS.items():
                if rule.startswith("en.") != english:
                    continue
                m = re.search(rx, text)
                if m and rule not in labels[(rel, no)]:
                    kw_hits.append((rel, no, rule, m.group(0), None))
        if english:
            first, last = agent_lines[0], agent_lines[-1]
            g = re.match(r"(?i)(hi\b(?!-)|hi there|hello\b|hey\b|good (morning|afternoon|evening)|welcome|thanks for (reaching|contacting|calling)|how can i help)", first[2])
            expect[first[0]]["en.greeting"] = "pass" if g else "fire"
            c = re.search(r"(?i)(have a (great|nice|good|lovely|safe|productive)\b|anything else (i|we) can|take care[!.,]?$|take care!|\bbye\b|goodbye)", last[2])
            expect[last[0]].setdefault("en.closing", "pass" if c else "fire")
            # wait sequences
            for i, (no, spk, text, ia) in enumerate(agent_lines[:-1]):
                if re.search(r"(?i)let me check|one moment|please hold(?! on)|just a moment", text):
                    nxt = agent_lines[i + 1]
                    ok = re.search(r"(?i)thanks? (you )?for (waiting|your patience|holding)|thank you for holding|sorry (for the wait|to keep you)", nxt[2])
                    expect[nxt[0]]["en.wait-apology"] = "pass" if ok else "fire"
            # escalation
            for i, (no, spk, text, ia) in enumerate(turns):
                if not ia and re.search(r"(?i)manager|supervisor|someone above|escalat", text) and "my manager at work" not in text:
                    nxt = next((t for t in turns[i + 1:] if t[3]), None)
                    if nxt:
                        ok = re.search(r"(?i)transfer|putting you through|connect|within \d|by (noon|\d)|before \d|today|tomorrow by", nxt[2])
                        expect[nxt[0]]["en.escalation"] = "pass" if ok else "fire"
        for no, rules in expect.items():
            for rule, v in rules.items():
                got = labels[(rel, no)].get(rule)
                if v == "fire" and got != "fire":
                    problems.append(f"{rel}:{no} {rule}: audit says fire, label {got}")
                if v == "pass" and got == "fire":
                    problems.append(f"{rel}:{no} {rule}: audit says no finding, label fire")
        for (f, no), rules in labels.items():
            if f != rel:
                continue
            for rule, v in rules.items():
                if v == "fire" and rule in ("privacy.mobile", "privacy.id-number", "privacy.bank-card", "privacy.email", "en.greeting", "en.closing", "en.wait-apology", "en.escalation") and expect[no].get(rule) != "fire":
                    problems.append(f"{rel}:{no} {rule}: labelled fire, audit finds nothing")
    print("== checkable disagreements ==")
    for p in problems:
        print(p)
    print("== unlabelled keyword hits on agent turns ==")
    for rel, no, rule, kw, got in kw_hits:
        if got is None:
            print(f"{rel}:{no} {rule} [{kw}]")


if __name__ == "__main__":
    main()
