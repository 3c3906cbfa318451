//! Shared by the corpus generator and the criterion benches: a deterministic random
//! generator and the phrase lists of the comparison benchmark.

#![allow(dead_code)] // each user takes what it needs

use replylint::rules::{BUILTIN_PACKS, load_pack};

/// xorshift64*: small, fast, and the same everywhere.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.next().is_multiple_of(one_in)
    }
}

/// Characters the generated phrases are made of: common ones, so that the automaton meets
/// many partial matches in the corpus, as it would with a real word list.
const PHRASE_CHARS: &str = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从您请稍等查询订单快递物流退货发票客服亲";

/// A list of `count` literal phrases: the built-in packs' own first, then generated ones
/// (the same for the same `count`). Returns the list and how many are built-in.
pub fn phrase_list(count: usize) -> Result<(Vec<String>, usize), String> {
    let mut list: Vec<String> = Vec::new();
    for (name, text) in BUILTIN_PACKS {
        let pack = load_pack(name, text).map_err(|e| e.to_string())?;
        for rule in &pack.rules {
            for p in &rule.phrases {
                if !list.contains(p) {
                    list.push(p.clone());
                }
            }
        }
    }
    let builtin = list.len();
    let chars: Vec<char> = PHRASE_CHARS.chars().collect();
    let mut rng = Rng(0x5EED_0003);
    let mut seen: std::collections::HashSet<String> = list.iter().cloned().collect();
    while list.len() < count {
        let len = 3 + (rng.next() % 4) as usize;
        let p: String = (0..len)
            .map(|_| chars[(rng.next() % chars.len() as u64) as usize])
            .collect();
        if seen.insert(p.clone()) {
            list.push(p);
        }
    }
    list.truncate(count.max(1));
    Ok((list, builtin))
}

/// A rule pack holding `phrases` in one rule, for any role.
pub fn phrase_pack(name: &str, phrases: &[String]) -> String {
    let quoted: Vec<String> = phrases.iter().map(|p| format!("\"{p}\"")).collect();
    format!(
        "[pack]\nname = \"{name}\"\nversion = \"1\"\n\n[[rule]]\nid = \"bench.phrase\"\nseverity = \"info\"\nmessage = \"benchmark phrase\"\nroles = [\"agent\", \"customer\"]\nphrases = [{}]\n",
        quoted.join(", ")
    )
}
