//! The imported statute corpus: counts, versions, corrections, names.

mod common;

use common::library;
use mingbai::tokenizer;

#[test]
fn import_keeps_every_law_and_article() {
    let lib = library();
    assert_eq!(lib.corpus.laws.len(), 378);
    assert_eq!(lib.corpus.articles.len(), 26_196);
    let civil = lib.corpus.law_named("中华人民共和国民法典").unwrap();
    let n = lib
        .corpus
        .articles
        .iter()
        .filter(|a| a.law == civil)
        .count();
    assert_eq!(n, 1260);
}

#[test]
fn one_current_version_per_law() {
    let lib = library();
    let mut current = std::collections::HashMap::new();
    for law in &lib.corpus.laws {
        if law.current {
            assert!(
                current.insert(law.name.clone(), ()).is_none(),
                "two current versions of {}",
                law.name
            );
        }
    }
    // Every law name has exactly one current version.
    let names: std::collections::HashSet<_> = lib.corpus.laws.iter().map(|l| &l.name).collect();
    assert_eq!(current.len(), names.len());
    // Where the source has a history, the current text is the in-force one.
    let arb = lib.corpus.law_named("中华人民共和国仲裁法").unwrap();
    assert_eq!(lib.corpus.laws[arb as usize].status, "现行有效");
    for law in lib.corpus.laws.iter().filter(|l| l.status == "历史版本") {
        assert!(!law.current, "{} historical version is current", law.name);
    }
}

#[test]
fn historical_versions_never_take_part_in_search() {
    let lib = library();
    for i in 0..lib.corpus.articles.len() as u32 {
        let law = lib.corpus.law_of(i);
        if law.status == "历史版本" {
            assert!(!lib.corpus.searchable(i));
        }
    }
    // The arbitration law's question finds only the current version.
    let hits = lib.search("仲裁协议无效的情形", 20, &Default::default());
    for h in hits {
        assert_ne!(lib.corpus.law_of(h.article).status, "历史版本");
    }
}

#[test]
fn amendment_decisions_are_kept_for_lookup_but_not_answers() {
    let lib = library();
    let decisions: Vec<_> = lib
        .corpus
        .laws
        .iter()
        .filter(|l| l.doc_type == "修改决定" || l.name.contains("修正案"))
        .collect();
    assert!(decisions.len() >= 16, "{}", decisions.len());
    assert!(decisions.iter().all(|l| !l.answerable));
    let hits = lib.search("关于修改村民委员会组织法的决定", 20, &Default::default());
    for h in hits {
        assert!(lib.corpus.law_of(h.article).answerable);
    }
}

#[test]
fn reviewed_override_marks_the_land_contracting_law_in_force() {
    let lib = library();
    let l = lib.corpus.law_named("农村土地承包法").unwrap();
    let law = &lib.corpus.laws[l as usize];
    assert_eq!(law.status, "现行有效");
    assert_eq!(law.source_status, "已废止");
    assert!(law.status_corrected());
    assert_eq!(
        lib.corpus.articles.iter().filter(|a| a.law == l).count(),
        70
    );
    let cited = lib.cite(lib.corpus.article(l, 16).unwrap(), 0.0, "reference");
    assert_eq!(cited.status, "现行有效");
    assert!(cited.status_note.is_some());
}

#[test]
fn short_names_and_aliases_resolve() {
    let lib = library();
    for (alias, full) in [
        ("民法典", "中华人民共和国民法典"),
        ("土地承包法", "中华人民共和国农村土地承包法"),
        ("劳动合同法", "中华人民共和国劳动合同法"),
        ("村委会组织法", "中华人民共和国村民委员会组织法"),
        ("反家暴法", "中华人民共和国反家庭暴力法"),
        ("《劳动法》", "中华人民共和国劳动法"),
        ("中华人民共和国民法典", "中华人民共和国民法典"),
    ] {
        let l = lib
            .corpus
            .law_named(alias)
            .unwrap_or_else(|| panic!("{alias}"));
        assert_eq!(lib.corpus.laws[l as usize].name, full, "{alias}");
    }
    assert!(lib.corpus.law_named("婚姻法").is_none());
    assert!(lib.corpus.law_named("不存在的法").is_none());
}

#[test]
fn replaced_law_names_get_a_civil_code_note() {
    let lib = library();
    for (q, old, part) in [
        ("婚姻法规定离婚财产怎么分", "婚姻法", "婚姻家庭编"),
        ("继承法里面遗嘱怎么写才有效", "继承法", "继承编"),
        ("合同法规定违约金过高怎么办", "合同法", "合同编"),
        ("物权法说的相邻关系", "物权法", "物权编"),
        ("民法通则诉讼时效", "民法通则", "总则编"),
    ] {
        let a = lib.ask(q);
        let note = a
            .notes
            .iter()
            .find(|n| matches!(n, mingbai::answer::Note::Replaced { .. }))
            .unwrap_or_else(|| panic!("no note for {q}"));
        let text = note.render(mingbai::i18n::Lang::Zh);
        assert!(
            text.contains(old) && text.contains("民法典") && text.contains(part),
            "{text}"
        );
        // And the answer still cites the Civil Code.
        assert!(a.articles.iter().any(|c| c.law_short == "民法典"), "{q}");
    }
    // 劳动合同法 contains 合同法 but is not the replaced Contract Law.
    let a = lib.ask("劳动合同法规定试用期最长多久");
    assert!(a.notes.is_empty(), "{:?}", a.notes);
}

#[test]
fn tokenizer_keeps_legal_terms_whole() {
    let lib = library();
    for term in [
        "土地承包经营权",
        "土地经营权",
        "宅基地使用权",
        "劳动报酬",
        "经济补偿",
        "人身安全保护令",
    ] {
        let words = tokenizer::cut(lib.jieba, &format!("关于{term}的规定"));
        assert!(words.iter().any(|w| w == term), "{term}: {words:?}");
    }
}

#[test]
fn divorce_question_finds_civil_code_1079() {
    let lib = library();
    let hits = common::top(lib, "夫妻感情不和想离婚，对方不同意，去法院能判离吗", 5);
    assert!(hits.contains(&("民法典".into(), 1079)), "{hits:?}");
}

#[test]
fn wage_question_finds_labour_law_50() {
    let lib = library();
    let hits = common::top(lib, "老板拖欠工资不发怎么办", 5);
    assert!(hits.contains(&("劳动法".into(), 50)), "{hits:?}");
}

#[test]
fn every_answer_shows_status_and_disclaimer() {
    let lib = library();
    let a = lib.ask("土地流转合同到期了对方不还地");
    assert!(!a.articles.is_empty());
    let text = a.render_text(mingbai::i18n::Lang::Zh);
    for c in &a.articles {
        assert!(text.contains(&c.status), "{text}");
        assert!(text.contains(&c.text), "article text is quoted verbatim");
    }
    assert!(text.contains("不是律师意见"), "{text}");
    let en = a.render_text(mingbai::i18n::Lang::En);
    assert!(en.contains("not a lawyer's advice"), "{en}");
}

#[test]
fn a_stale_or_broken_index_is_rebuilt_not_crashed_on() {
    use mingbai::library::{Library, Paths};
    use mingbai::progress::Progress;
    library();
    let dir = tempfile::tempdir().unwrap();
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".mingbai");
    std::fs::copy(shared.join("statutes.db"), dir.path().join("statutes.db")).unwrap();
    let index = dir.path().join("index");
    std::fs::create_dir_all(&index).unwrap();
    // An index from an older build.
    std::fs::write(index.join("meta.json"), "{\"old\": true}").unwrap();
    std::fs::write(index.join("mingbai-fingerprint"), "0:older-build").unwrap();
    let paths = Paths::resolve(Some(dir.path().to_path_buf()), None, None);
    let lib = Library::open(&paths, false, &Progress::Quiet).unwrap();
    assert!(lib.report.index_build.is_some(), "rebuilt");
    assert!(
        lib.report.imported.is_none(),
        "the statute store was reused"
    );
    assert_eq!(
        lib.report.indexed_articles,
        library().report.indexed_articles
    );
    drop(lib);
    // A broken index whose fingerprint claims to be current.
    std::fs::write(index.join("meta.json"), "garbage").unwrap();
    let lib = Library::open(&paths, false, &Progress::Quiet).unwrap();
    assert!(lib.report.index_build.is_some(), "rebuilt");
    assert!(!lib.search("离婚", 3, &Default::default()).is_empty());
    // An intact, current index is reused.
    drop(lib);
    let lib = Library::open(&paths, false, &Progress::Quiet).unwrap();
    assert!(lib.report.index_build.is_none());
}
