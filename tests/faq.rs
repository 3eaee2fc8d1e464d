//! The curated FAQ: lint, citations, matching precision on the village
//! set, sign-off, and one browsing/asking transcript per topic.

mod common;

use common::{engine, library, only_message, private};
use mingbai::engine::{Block, Reply};
use mingbai::faq::{self, Cite, Entry, Faq};

#[test]
fn lint_passes_on_the_shipped_entries() {
    let lib = library();
    let problems = lib.faq.lint(&lib.corpus, &lib.knowledge);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(lib.faq.entries.len() >= 100, "{}", lib.faq.entries.len());
}

#[test]
fn every_curated_citation_resolves_to_a_real_article() {
    let lib = library();
    let mut n = 0;
    for e in &lib.faq.entries {
        for c in &e.cites {
            let a = lib
                .corpus
                .resolve(&c.law, c.article)
                .unwrap_or_else(|| panic!("{}: {} 第{}条 does not exist", e.id, c.law, c.article));
            assert!(lib.corpus.law_of(a).answerable, "{}", e.id);
            n += 1;
        }
    }
    assert!(n >= 300, "{n}");
}

fn entry(
    id: &str,
    topic: &str,
    q: &str,
    paraphrases: &[&str],
    answer: &str,
    cites: Vec<Cite>,
) -> Entry {
    Entry {
        id: id.into(),
        topic: topic.into(),
        question: q.into(),
        paraphrases: paraphrases.iter().map(|s| s.to_string()).collect(),
        answer: answer.into(),
        cites,
        reviewed: false,
        reviewed_by: None,
        reviewed_at: None,
        file: Default::default(),
    }
}

#[test]
fn lint_reports_each_kind_of_problem() {
    let lib = library();
    let civil = |n| Cite {
        law: "中华人民共和国民法典".into(),
        article: n,
    };
    let entries = vec![
        entry(
            "wages-001",
            "wages",
            "问一",
            &["甲", "乙", "丙"],
            "答",
            vec![civil(9999)],
        ),
        entry(
            "wages-001",
            "wages",
            "问二",
            &["丁", "戊", "甲"],
            &"长".repeat(201),
            vec![civil(1079)],
        ),
        entry("debts-001", "wages", "问三", &["甲"], "答", vec![]),
        entry(
            "land-001",
            "land",
            "问四",
            &["庚", "辛", "壬"],
            "答",
            vec![Cite {
                law: "全国人民代表大会常务委员会关于修改《中华人民共和国村民委员会组织法》的决定"
                    .into(),
                article: 1,
            }],
        ),
    ];
    let f = Faq::new(entries, &lib.knowledge, lib.jieba);
    let problems: Vec<String> = f
        .lint(&lib.corpus, &lib.knowledge)
        .iter()
        .map(|p| p.to_string())
        .collect();
    let has = |s: &str| problems.iter().any(|p| p.contains(s));
    assert!(has("article 9999 does not exist"), "{problems:#?}");
    assert!(has("duplicate id"), "{problems:#?}");
    assert!(has("201 characters"), "{problems:#?}");
    assert!(has("is shared with"), "{problems:#?}");
    assert!(has("id should start with its topic"), "{problems:#?}");
    assert!(has("1 paraphrases"), "{problems:#?}");
    assert!(has("cites no article"), "{problems:#?}");
    assert!(has("amendment decision"), "{problems:#?}");
    assert!(has("topic legal-aid: 0 entries"), "{problems:#?}");
}

#[test]
fn every_everyday_question_row_names_a_real_article_once() {
    let lib = library();
    assert!(
        lib.knowledge.asked.len() >= 2000,
        "{}",
        lib.knowledge.asked.len()
    );
    let mut k = lib.knowledge.clone();
    let row = |law: &str, article, phrasing: &str, origin: &str| {
        let (file, line) = origin.trim_start_matches("asked/").split_once(':').unwrap();
        mingbai::knowledge::AskedRow {
            law: law.into(),
            article,
            phrasings: vec![phrasing.into()],
            file: file.into(),
            line: line.parse().unwrap(),
        }
    };
    k.asked = vec![
        row("中华人民共和国民法典", 9999, "问", "asked/t.tsv:1"),
        row(
            "中华人民共和国民法典",
            1079,
            "两口子过不下去了",
            "asked/t.tsv:2",
        ),
        row(
            "中华人民共和国民法典",
            1079,
            "分居两年能离吗",
            "asked/t.tsv:3",
        ),
        row(
            "中华人民共和国民法典",
            1079,
            "分居两年能离吗",
            "asked/u.tsv:1",
        ),
        row(
            "中华人民共和国劳动法",
            50,
            &"工".repeat(41),
            "asked/t.tsv:4",
        ),
        row(
            "全国人民代表大会常务委员会关于修改《中华人民共和国村民委员会组织法》的决定",
            1,
            "问",
            "asked/t.tsv:5",
        ),
    ];
    let problems: Vec<String> = lib
        .faq
        .lint(&lib.corpus, &k)
        .iter()
        .map(|p| p.to_string())
        .collect();
    let has = |s: &str| problems.iter().any(|p| p.contains(s));
    assert!(has("asked/t.tsv:1"), "{problems:#?}");
    assert!(has("article 9999 does not exist"), "{problems:#?}");
    assert!(has("the same article as asked/t.tsv:2"), "{problems:#?}");
    assert!(has("phrasing of 41 characters"), "{problems:#?}");
    assert!(has("not a current, answerable law"), "{problems:#?}");
    assert_eq!(problems.len(), 4, "{problems:#?}");
}

#[test]
fn a_malformed_everyday_question_file_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    for f in ["source.toml", "laws.toml", "topics.toml"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir(dir.path().join("asked")).unwrap();
    let bad = dir.path().join("asked/bad.tsv");
    for (text, want) in [
        (
            "# comment\n中华人民共和国民法典\t1079\n",
            "line 2: expected law",
        ),
        ("中华人民共和国民法典\t一千\t问\n", "is not a number"),
        ("中华人民共和国民法典\t1079\t | \n", "no phrasings"),
    ] {
        std::fs::write(&bad, text).unwrap();
        let err = mingbai::knowledge::Knowledge::load(dir.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.tsv") && err.contains(want), "{err}");
    }
    std::fs::write(
        &bad,
        "中华人民共和国民法典\t1079\t两口子过不下去了|分居两年能离吗\n",
    )
    .unwrap();
    let k = mingbai::knowledge::Knowledge::load(dir.path()).unwrap();
    assert_eq!(k.asked.len(), 1);
    assert_eq!(k.asked[0].phrasings.len(), 2);
}

#[test]
fn sign_off_records_who_and_when_and_keeps_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/faq/wages.toml");
    let copy = dir.path().join("wages.toml");
    std::fs::copy(&src, &copy).unwrap();
    let entries = faq::load_entries(dir.path()).unwrap();
    let e = entries.iter().find(|e| e.id == "wages-002").unwrap();
    faq::sign_off(e, "王律师", "2026-11-26").unwrap();
    let again = faq::load_entries(dir.path()).unwrap();
    let e2 = again.iter().find(|e| e.id == "wages-002").unwrap();
    assert!(e2.reviewed);
    assert_eq!(e2.reviewed_by.as_deref(), Some("王律师"));
    assert_eq!(e2.reviewed_at.as_deref(), Some("2026-11-26"));
    // Other entries are untouched.
    assert_eq!(again.iter().filter(|e| e.reviewed).count(), 1);
    assert_eq!(again.len(), entries.len());
}

#[test]
fn faq_matching_precision_on_the_village_set() {
    let lib = library();
    let qs = mingbai::eval::read_queries(&common::village_file()).unwrap();
    let labels_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/village-faq-labels.jsonl");
    let labels: std::collections::HashMap<String, Vec<String>> =
        std::fs::read_to_string(labels_path)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let ids = v["faq"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect();
                (v["id"].as_str().unwrap().to_string(), ids)
            })
            .collect();
    let gold: Vec<Vec<String>> = qs.iter().map(|q| labels[&q.id].clone()).collect();
    let best: Vec<(Option<String>, f32)> = qs
        .iter()
        .map(
            |q| match lib.faq.best(&q.query, &lib.knowledge, lib.jieba) {
                Some(m) => (Some(lib.faq.entries[m.entry].id.clone()), m.score),
                None => (None, 0.0),
            },
        )
        .collect();
    let q = faq::quality(&best, &gold, &[faq::FAQ_THRESHOLD])[0];
    assert!(q.precision >= 0.95, "{q:?}");
    assert!(q.coverage >= 0.25, "{q:?}");
}

#[test]
fn ask_json_carries_the_matched_entry() {
    let a = library().ask("包工头拖欠工钱不给，人跑了，找哪个要");
    let v = serde_json::to_value(&a).unwrap();
    let f = &v["faq"];
    assert!(f["id"].as_str().unwrap().starts_with("wages-"), "{f}");
    assert_eq!(f["reviewed"], false);
    assert!(!f["cites"].as_array().unwrap().is_empty());
    let text = a.render_text(mingbai::i18n::Lang::Zh);
    assert!(text.contains("本答复尚待法律顾问审核"), "{text}");
    let en = a.render_text(mingbai::i18n::Lang::En);
    assert!(en.contains("not yet been reviewed"), "{en}");
    // Chatter that matches nothing carries none.
    let v = serde_json::to_value(library().ask("民法典第1079条")).unwrap();
    assert!(v["faq"].is_null());
}

/// One transcript per topic: asking an entry's own question leads with its
/// plain answer, then its cited articles verbatim.
fn topic_transcript(topic: &str) {
    let (e, _) = engine();
    let lib = library();
    let entries: Vec<_> = lib.faq.by_topic(topic).collect();
    assert!(entries.len() >= 5, "{topic}");
    let (_, entry) = entries[0];
    let replies = e.handle(private(1, &entry.question));
    let r = only_message(&replies);
    let Reply::Message { blocks, .. } = r else {
        panic!()
    };
    assert_eq!(
        blocks[0],
        Block::Heading("简单说：".into()),
        "{topic}: {r:#?}"
    );
    assert_eq!(
        blocks[1],
        Block::Text(entry.answer.trim().to_string()),
        "{topic}"
    );
    let text = r.text();
    for c in entry.cites.iter().take(3) {
        let a = lib.corpus.resolve(&c.law, c.article).unwrap();
        let cited = lib.cite(a, 0.0, "faq");
        assert!(
            text.contains(&cited.heading(mingbai::i18n::Lang::Zh)),
            "{topic}: {text}"
        );
    }
    assert!(text.contains("不是律师意见"));
}

macro_rules! transcripts {
    ($($name:ident => $topic:literal),* $(,)?) => {
        $(#[test] fn $name() { topic_transcript($topic); })*
    };
}

transcripts! {
    transcript_land => "land",
    transcript_homestead => "homestead",
    transcript_requisition => "requisition",
    transcript_wages => "wages",
    transcript_labour_contract => "labour-contract",
    transcript_work_injury => "work-injury",
    transcript_marriage => "marriage",
    transcript_children => "children",
    transcript_domestic_violence => "domestic-violence",
    transcript_elderly => "elderly",
    transcript_inheritance => "inheritance",
    transcript_debts => "debts",
    transcript_fraud => "fraud",
    transcript_traffic => "traffic",
    transcript_neighbours => "neighbours",
    transcript_village_affairs => "village-affairs",
    transcript_women_land => "women-land",
    transcript_mediation => "mediation",
    transcript_legal_aid => "legal-aid",
}
