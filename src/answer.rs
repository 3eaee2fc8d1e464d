//! An answer to a question as data: the articles (verbatim, with law, number
//! and status), notes about references and replaced laws, and a confidence.
//! Adapters (console, Telegram, JSON) render it; nothing here prints.

use serde::Serialize;

use crate::i18n::{Lang, tr, tr_args};
use crate::library::Library;
use crate::refs::{self, Target};
use crate::search::{Hit, Weights};

/// How many articles an answer shows.
pub const ANSWER_ARTICLES: usize = 3;

/// One cited article.
#[derive(Debug, Clone, Serialize)]
pub struct Cited {
    /// Article index in the corpus (not serialised for users).
    #[serde(skip)]
    pub article: u32,
    /// Full law name.
    pub law: String,
    /// Short law name.
    pub law_short: String,
    /// Article number (Arabic), when numbered.
    pub number: Option<u32>,
    /// Article number as written (第一千零七十九条).
    pub number_zh: String,
    /// Status shown (现行有效, 已废止 …).
    pub status: String,
    /// Set when our reviewed corrections changed the source's status.
    pub status_note: Option<String>,
    /// Verbatim text.
    pub text: String,
    /// Ranking score (0 for direct references).
    pub score: f32,
    /// How it was found: "reference" or "search".
    pub via: &'static str,
}

/// A note attached to an answer.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Note {
    /// A replaced law was named (婚姻法 …).
    Replaced {
        old: String,
        by: String,
        part: String,
        number: Option<u32>,
    },
    /// A referenced article does not exist.
    NoSuchArticle { law: String, number: u32 },
}

/// A curated FAQ entry that matches the question.
#[derive(Debug, Clone, Serialize)]
pub struct FaqHit {
    /// Index into the FAQ entries (not serialised).
    #[serde(skip)]
    pub index: usize,
    /// Entry id.
    pub id: String,
    /// Topic id.
    pub topic: String,
    /// Signed off by a legal adviser.
    pub reviewed: bool,
    /// Similarity to the question, 0..1.
    pub score: f32,
    /// The plain answer.
    pub answer: String,
    /// The articles it rests on, verbatim.
    pub cites: Vec<Cited>,
}

/// The answer to one question.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// Articles, best first.
    pub articles: Vec<Cited>,
    /// Notes about references and replaced laws.
    pub notes: Vec<Note>,
    /// Confidence in the search result, 0..1 (1 for direct references).
    pub confidence: f32,
    /// Whether the confidence clears the threshold for answering plainly.
    pub confident: bool,
    /// The matched FAQ entry, when the match clears its threshold.
    pub faq: Option<FaqHit>,
    /// The most similar FAQ entry whatever its score (for the question
    /// log's topic); not shown to users.
    #[serde(skip)]
    pub faq_nearest: Option<crate::faq::Match>,
}

/// Confidence at or above which an answer is given without hedging.
/// Calibrated on the village question set (see BENCHMARKS.md).
pub const CONFIDENT: f32 = 0.3;

impl Library {
    /// A cited article.
    pub fn cite(&self, article: u32, score: f32, via: &'static str) -> Cited {
        let a = &self.corpus.articles[article as usize];
        let law = &self.corpus.laws[a.law as usize];
        Cited {
            article,
            law: law.name.clone(),
            law_short: law.short.clone(),
            number: a.number,
            number_zh: a.number_zh.clone(),
            status: law.status.clone(),
            status_note: law
                .status_corrected()
                .then(|| format!("来源标注为“{}”，经核对按现行有效处理", law.source_status)),
            text: a.text.clone(),
            score,
            via,
        }
    }

    /// Answers a question: article references first, then search.
    pub fn ask(&self, question: &str) -> Answer {
        self.ask_with(question, &Weights::default(), ANSWER_ARTICLES)
    }

    /// Answers with explicit weights and number of articles.
    pub fn ask_with(&self, question: &str, w: &Weights, k: usize) -> Answer {
        let text = refs::normalise(question);
        let mut articles = Vec::new();
        let mut notes = Vec::new();
        let found = refs::find(&text, &self.corpus, &self.knowledge);
        // What is left once the references are taken out: a bare reference
        // (《民法典》第一千零七十九条) is answered with that article alone.
        let rest_has_question = text
            .char_indices()
            .filter(|(i, c)| {
                crate::tokenizer::is_han(*c) && !found.iter().any(|r| r.span.contains(i))
            })
            .count()
            >= 4;
        let referenced = !found.is_empty();
        for r in found {
            match r.target {
                Target::Article(a) => {
                    if !articles.iter().any(|c: &Cited| c.article == a) {
                        articles.push(self.cite(a, 0.0, "reference"));
                    }
                }
                Target::NoSuchArticle { law } => notes.push(Note::NoSuchArticle {
                    law: self.corpus.laws[law as usize].short.clone(),
                    number: r.number,
                }),
                Target::Replaced(rep) => notes.push(Note::Replaced {
                    old: crate::store::short_name(&rep.old),
                    by: crate::store::short_name(&rep.by),
                    part: rep.part.clone(),
                    number: Some(r.number),
                }),
            }
        }
        // A replaced law named without an article number still gets the note.
        for rep in &self.knowledge.replaced {
            let named = std::iter::once(&rep.old)
                .chain(&rep.aliases)
                .any(|n| text.contains(n.as_str()) && !self.names_current_law_containing(&text, n));
            if named && !notes.iter().any(|n| matches!(n, Note::Replaced { old, .. } if *old == crate::store::short_name(&rep.old))) {
                notes.push(Note::Replaced {
                    old: crate::store::short_name(&rep.old),
                    by: crate::store::short_name(&rep.by),
                    part: rep.part.clone(),
                    number: None,
                });
            }
        }
        let direct = !articles.is_empty();
        let mut confidence = if direct { 1.0 } else { 0.0 };
        if !referenced || (rest_has_question && articles.len() < k) {
            let hits = self.search(&text, k, w);
            if !direct {
                confidence = self.confidence(&hits);
            }
            for h in hits {
                if articles.len() >= k {
                    break;
                }
                if !articles.iter().any(|c: &Cited| c.article == h.article) {
                    articles.push(self.cite(h.article, h.score, "search"));
                }
            }
        }
        // A plain answer only for questions, not for bare references.
        let faq_nearest = self
            .faq
            .rank(&text, &self.knowledge, self.jieba, 1)
            .into_iter()
            .next();
        let faq = faq_nearest
            .filter(|m| m.score >= crate::faq::FAQ_THRESHOLD && (!referenced || rest_has_question))
            .map(|m| self.faq_hit(m.entry, m.score));
        // A matched entry's answer rests on its own citations: show those.
        if let Some(hit) = &faq
            && !direct
        {
            articles = hit.cites.iter().take(k).cloned().collect();
            confidence = confidence.max(hit.score);
        }
        Answer {
            question: question.to_string(),
            articles,
            notes,
            confidence,
            confident: confidence >= CONFIDENT,
            faq,
            faq_nearest,
        }
    }

    /// The FAQ entry at `index` as an answer part.
    pub fn faq_hit(&self, index: usize, score: f32) -> FaqHit {
        let e = &self.faq.entries[index];
        FaqHit {
            index,
            id: e.id.clone(),
            topic: e.topic.clone(),
            reviewed: e.reviewed,
            score,
            answer: e.answer.trim().to_string(),
            cites: e
                .cites
                .iter()
                .filter_map(|c| self.corpus.resolve(&c.law, c.article))
                .map(|a| self.cite(a, 0.0, "faq"))
                .collect(),
        }
    }

    /// Whether `name` occurs in `text` only as part of a longer current law
    /// name (合同法 inside 劳动合同法).
    fn names_current_law_containing(&self, text: &str, name: &str) -> bool {
        self.law_names
            .iter()
            .filter(|(n, _)| n.len() > name.len() && n.contains(name))
            .any(|(n, _)| text.contains(n.as_str()))
    }

    /// Confidence of a ranking: how much of the question the best article
    /// covers, or how close the question is to one of its everyday
    /// questions (whichever is higher), scaled down when the runner-up is
    /// nearly as good.
    pub fn confidence(&self, hits: &[Hit]) -> f32 {
        let Some(top) = hits.first() else { return 0.0 };
        let margin = match hits.get(1) {
            Some(second) if top.score > 0.0 => {
                ((top.score - second.score) / top.score).clamp(0.0, 1.0)
            }
            _ => 1.0,
        };
        // How much of the question the article covers, or how close the
        // question is to one of the everyday questions the article answers.
        let evidence = top.coverage.max(top.asked);
        (evidence * (0.7 + 0.3 * margin)).clamp(0.0, 1.0)
    }
}

impl Answer {
    /// Plain-text rendering for the console and `mingbai ask`.
    pub fn render_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some(f) = &self.faq {
            out.push_str(&tr(lang, "faq-lead"));
            out.push('\n');
            out.push_str(&f.answer);
            out.push('\n');
            if !f.reviewed {
                out.push_str(&tr(lang, "faq-unreviewed"));
                out.push('\n');
            }
            out.push('\n');
            out.push_str(&tr(lang, "faq-articles"));
            out.push_str("\n\n");
        }
        for note in &self.notes {
            out.push_str(&note.render(lang));
            out.push_str("\n\n");
        }
        if self.articles.is_empty() {
            out.push_str(&tr(lang, "answer-nothing-found"));
            out.push('\n');
        } else {
            if self.faq.is_none()
                && !self.confident
                && self.articles.iter().all(|a| a.via == "search")
            {
                out.push_str(&tr(lang, "answer-unsure"));
                out.push_str("\n\n");
            }
            let mut noted = std::collections::HashSet::new();
            for (i, c) in self.articles.iter().enumerate() {
                out.push_str(&format!("{}. {}\n{}\n", i + 1, c.heading(lang), c.text));
                if let Some(n) = c
                    .status_note
                    .as_ref()
                    .filter(|_| noted.insert(c.law.clone()))
                {
                    out.push_str(&tr_args(
                        lang,
                        "answer-status-corrected",
                        &[("note", n.clone())],
                    ));
                    out.push('\n');
                }
                out.push('\n');
            }
            if lang != Lang::Zh {
                out.push_str(&tr(lang, "answer-statutes-in-chinese"));
                out.push('\n');
            }
        }
        out.push_str(&tr(lang, "answer-disclaimer"));
        out.push('\n');
        out
    }
}

impl Cited {
    /// 《民法典》第一千零七十九条（现行有效）
    pub fn heading(&self, lang: Lang) -> String {
        tr_args(
            lang,
            "article-heading",
            &[
                ("law", self.law_short.clone()),
                ("number", self.number_zh.clone()),
                ("status", self.status.clone()),
            ],
        )
    }
}

impl Note {
    /// The note as a sentence.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Note::Replaced {
                old,
                by,
                part,
                number,
            } => tr_args(
                lang,
                if number.is_some() {
                    "note-replaced-article"
                } else {
                    "note-replaced"
                },
                &[
                    ("old", old.clone()),
                    ("by", by.clone()),
                    ("part", part.clone()),
                    ("number", number.map(|n| n.to_string()).unwrap_or_default()),
                ],
            ),
            Note::NoSuchArticle { law, number } => tr_args(
                lang,
                "note-no-such-article",
                &[("law", law.clone()), ("number", number.to_string())],
            ),
        }
    }
}
