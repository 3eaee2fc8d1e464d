//! Article references in questions and after `/law`.

mod common;

use common::library;
use mingbai::answer::Note;
use mingbai::refs;

fn cited(q: &str) -> Vec<(String, u32)> {
    library()
        .ask(q)
        .articles
        .iter()
        .filter(|c| c.via == "reference")
        .map(|c| (c.law_short.clone(), c.number.unwrap()))
        .collect()
}

#[test]
fn recognises_the_usual_ways_of_writing_a_reference() {
    for q in [
        "《民法典》第一千零七十九条",
        "民法典第1079条",
        "民法典 第 1079 条",
        "民法典第１０７９条",
        "《中华人民共和国民法典》第一千零七十九条怎么理解",
        "请问民法典第一千零七十九条说的是什么",
    ] {
        assert_eq!(cited(q), vec![("民法典".to_string(), 1079)], "{q}");
    }
    assert_eq!(cited("劳动法50条"), vec![("劳动法".to_string(), 50)]);
    assert_eq!(
        cited("劳动合同法第八十二条第一款"),
        vec![("劳动合同法".to_string(), 82)]
    );
    assert_eq!(
        cited("劳动法第五十条和第五十一条"),
        vec![("劳动法".to_string(), 50), ("劳动法".to_string(), 51)]
    );
}

#[test]
fn a_bare_reference_is_answered_with_that_article_alone() {
    let a = library().ask("《民法典》第一千零七十九条");
    assert_eq!(a.articles.len(), 1);
    assert_eq!(a.confidence, 1.0);
    assert!(a.articles[0].text.contains("离婚"));
}

#[test]
fn paragraph_numbers_are_read() {
    let lib = library();
    let r = refs::find("劳动合同法第八十二条第一款", &lib.corpus, &lib.knowledge);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].number, 82);
    assert_eq!(r[0].paragraph, Some(1));
}

#[test]
fn replaced_law_reference_points_to_the_civil_code() {
    let a = library().ask("婚姻法第32条");
    assert!(
        a.articles.is_empty(),
        "no invented article for a repealed law"
    );
    match &a.notes[..] {
        [
            Note::Replaced {
                old,
                by,
                part,
                number,
            },
        ] => {
            assert_eq!(
                (old.as_str(), by.as_str(), part.as_str()),
                ("婚姻法", "民法典", "婚姻家庭编")
            );
            assert_eq!(*number, Some(32));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_article_gets_a_clear_reply() {
    let a = library().ask("民法典第9999条");
    assert!(a.articles.is_empty());
    assert!(matches!(&a.notes[..], [Note::NoSuchArticle { law, number: 9999 }] if law == "民法典"));
    let text = a.render_text(mingbai::i18n::Lang::Zh);
    assert!(text.contains("没有第9999条"), "{text}");
}

#[test]
fn law_command_arguments() {
    let lib = library();
    for (args, law, n) in [
        ("民法典 1079", "民法典", 1079),
        ("民法典1079", "民法典", 1079),
        ("《劳动法》 五十", "劳动法", 50),
        ("劳动合同法第八十二条", "劳动合同法", 82),
        ("  土地承包法   16 ", "农村土地承包法", 16),
    ] {
        let r = refs::parse_command(args, &lib.corpus, &lib.knowledge)
            .unwrap_or_else(|| panic!("{args}"));
        match r.target {
            refs::Target::Article(a) => {
                let art = &lib.corpus.articles[a as usize];
                assert_eq!(lib.corpus.laws[art.law as usize].short, law, "{args}");
                assert_eq!(art.number, Some(n), "{args}");
            }
            other => panic!("{args}: {other:?}"),
        }
    }
    for bad in ["", "民法典", "1079", "不存在的法 12", "😀"] {
        assert!(
            refs::parse_command(bad, &lib.corpus, &lib.knowledge).is_none(),
            "{bad}"
        );
    }
}

#[test]
fn numbers_in_ordinary_sentences_are_not_references() {
    let lib = library();
    assert!(refs::find("家里有三条狗", &lib.corpus, &lib.knowledge).is_empty());
    assert!(refs::find("第二条路", &lib.corpus, &lib.knowledge).is_empty());
}
