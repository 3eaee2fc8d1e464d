//! Retrieval: from a villager's question to ranked articles.
//!
//! Pipeline (each stage can be switched off for ablation, see [`Weights`]):
//! 1. query analysis: jieba words and Han bigrams, question words dropped;
//! 2. lexicon expansion: colloquial phrases add statute vocabulary and law
//!    hints (`knowledge/lexicon.toml`);
//! 3. law detection: a law named in the question (by any alias) is boosted;
//! 4. BM25 over words (body, headings, law name) and bigrams, in tantivy,
//!    with per-article priors applied inside the collector (village-priority
//!    laws, hinted laws, supplementary provisions and repealed laws lowered);
//! 5. re-ranking of the top candidates by weighted term coverage (off);
//! 6. FAQ evidence: each article also carries the phrasings of the FAQ
//!    entries that cite it (a colloquial field), and articles cited by FAQ
//!    entries similar to the question gain score;
//! 7. everyday questions: each article carries short questions, in our own
//!    words, that it answers (`knowledge/asked`), both as an index field and
//!    through a similarity match that can bring in articles BM25 missed.

use std::collections::{HashMap, HashSet};

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

use crate::library::Library;
use crate::tokenizer;

/// Tunable weights. `Weights::default()` is what ships; `ablate` switches a
/// named stage off so its contribution can be measured.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Boost of a word match in the article body.
    pub body: f32,
    /// Boost of a word match in chapter/section headings.
    pub title: f32,
    /// Boost of a word match in the law's short name.
    pub law: f32,
    /// Boost of a bigram match in the body (0 switches bigrams off).
    pub bigram: f32,
    /// Boost of a bigram match in the headings.
    pub title_bigram: f32,
    /// Weight of words added by the lexicon, relative to the question's own.
    pub lexicon: f32,
    /// Weight of the statute's age bands (16岁 → 未成年人, 未成年工), relative
    /// to a lexicon row's (0 switches them off; see [`crate::ages`]). 2
    /// rather than 1 or 3, chosen on the 179 questions that say an age in
    /// the four held-out file sets of `mingbai eval --hold-out`: recall@5
    /// 0.654 without, 0.698 at 1, 0.704 at 2 and 3; MRR@10 0.517, 0.540,
    /// 0.547, 0.548; recall@10 0.805 up to 2, 0.799 at 3.
    pub ages: f32,
    /// How a lexicon row's weight is shared among its words: weight / n^this
    /// (0: every word gets the full weight; 0.5: square-root sharing).
    pub lexicon_norm: f32,
    /// Prior multiplier for a law the question names.
    pub named_law: f32,
    /// Prior multiplier for a law the lexicon hints at (1.1 rather than
    /// 1.2 since the popularity prior: recall@10 +0.001…+0.005 on each of
    /// the four held-out file sets).
    pub hinted_law: f32,
    /// Prior multiplier for village-priority laws.
    pub priority_law: f32,
    /// Prior multiplier for supplementary provisions (附则) and
    /// commencement articles.
    pub supplementary: f32,
    /// Prior multiplier for laws the source marks repealed or amended.
    pub repealed: f32,
    /// Weight of the re-ranking coverage score (0 switches re-ranking off).
    pub coverage: f32,
    /// How many candidates the re-ranker looks at.
    pub candidates: usize,
    /// Drop stopwords from the BM25 query (off since the everyday questions:
    /// with them, question words and the bigrams across them match; the
    /// FAQ and everyday-question matcher always drops them).
    pub stopwords: bool,
    /// Boost of a word match in the FAQ phrasings attached to an article.
    pub colloq: f32,
    /// Boost of a bigram match there.
    pub colloq_bigram: f32,
    /// Boost of a word match in the article's everyday questions
    /// (knowledge/asked).
    pub asked: f32,
    /// Boost of a bigram match there.
    pub asked_bigram: f32,
    /// Weight of articles whose everyday questions are similar to the
    /// question (0 switches it off).
    pub asked_sim: f32,
    /// Lowest similarity to an everyday question that contributes.
    pub asked_min: f32,
    /// How many articles the everyday-question similarity may put forward
    /// (40 rather than 10: recall@10 +0.001…+0.006 on each held-out file
    /// set of `mingbai eval --hold-out`; the village set prefers 10 by
    /// one question's second article).
    pub asked_entries: usize,
    /// Weight of the words asked alongside the question's words (learned
    /// from the everyday questions, see [`crate::assoc`]: 嫁出去 → 闺女,
    /// 姑娘, 妇女), searched among the everyday questions with this ×
    /// P(word | question word); 0 switches it off.
    pub assoc: f32,
    /// Associated words per question word.
    pub assoc_terms: usize,
    /// Weight of articles cited by matching FAQ entries (0 switches it off).
    pub faq: f32,
    /// Lowest FAQ similarity that contributes.
    pub faq_min: f32,
    /// How many FAQ entries contribute.
    pub faq_entries: usize,
    /// Weight of the chapter's combined evidence in the final score (0 off).
    pub chapter: f32,
    /// Weight of pseudo-relevance-feedback words (0 switches it off).
    pub prf: f32,
    /// How many feedback words are added.
    pub prf_terms: usize,
    /// Popularity prior: ((1 + the article's everyday questions) / 11) to
    /// this power (0 off). Articles people ask about often have many
    /// everyday questions; those with none are rarely what a question is
    /// about (0.2 chosen on the held-out files of `mingbai eval --hold-out`:
    /// recall@10 +0.001…+0.005 on each of the four sets, 0.3 and 0.5 lower;
    /// re-checked after jieba's HMM went: 0.1 and 0.2 within ±0.002 there,
    /// village 5-fold CV keeps 0.2 in every fold).
    pub popular: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            body: 1.0,
            title: 0.4,
            law: 0.3,
            bigram: 0.3,
            title_bigram: 0.1,
            lexicon: 1.0,
            lexicon_norm: 0.5,
            ages: 2.0,
            named_law: 2.5,
            hinted_law: 1.1,
            priority_law: 1.1,
            supplementary: 0.5,
            repealed: 0.8,
            coverage: 0.0,
            candidates: 60,
            stopwords: false,
            colloq: 1.0,
            colloq_bigram: 0.3,
            asked: 2.0,
            asked_bigram: 0.3,
            asked_sim: 2.0,
            asked_min: 0.2,
            asked_entries: 40,
            assoc: 1.0,
            assoc_terms: 4,
            faq: 2.0,
            faq_min: 0.2,
            faq_entries: 3,
            prf: 0.0,
            prf_terms: 10,
            chapter: 0.0,
            popular: 0.2,
        }
    }
}

impl Weights {
    /// Names accepted by [`Weights::ablate`].
    pub const STAGES: &'static [&'static str] = &[
        "bigrams",
        "lexicon",
        "law-detection",
        "priority",
        "priors",
        "headings",
        "rerank",
        "faq",
        "colloquial",
        "asked",
        "assoc",
        "popularity",
        "ages",
    ];

    /// The popularity prior of an article with `questions` everyday
    /// questions: ((1 + questions) / 11)^`popular`, so 10 questions is
    /// neutral, fewer lower and more higher.
    pub fn popularity(&self, questions: usize) -> f32 {
        ((1 + questions) as f32 / 11.0).powf(self.popular)
    }

    /// Sets one weight by name (`bigram=0.5`), for tuning experiments.
    pub fn set(&mut self, assignment: &str) -> Result<(), String> {
        let (key, value) = assignment
            .split_once('=')
            .ok_or_else(|| format!("{assignment:?} is not NAME=VALUE"))?;
        let v: f32 = value
            .trim()
            .parse()
            .map_err(|_| format!("{value:?} is not a number"))?;
        let slot = match key.trim() {
            "body" => &mut self.body,
            "title" => &mut self.title,
            "law" => &mut self.law,
            "bigram" => &mut self.bigram,
            "title_bigram" => &mut self.title_bigram,
            "lexicon" => &mut self.lexicon,
            "lexicon_norm" => &mut self.lexicon_norm,
            "ages" => &mut self.ages,
            "named_law" => &mut self.named_law,
            "hinted_law" => &mut self.hinted_law,
            "priority_law" => &mut self.priority_law,
            "supplementary" => &mut self.supplementary,
            "repealed" => &mut self.repealed,
            "coverage" => &mut self.coverage,
            "faq" => &mut self.faq,
            "colloq" => &mut self.colloq,
            "colloq_bigram" => &mut self.colloq_bigram,
            "asked" => &mut self.asked,
            "asked_bigram" => &mut self.asked_bigram,
            "asked_sim" => &mut self.asked_sim,
            "asked_min" => &mut self.asked_min,
            "assoc" => &mut self.assoc,
            "assoc_terms" => {
                self.assoc_terms = v as usize;
                return Ok(());
            }
            "asked_entries" => {
                self.asked_entries = v as usize;
                return Ok(());
            }
            "faq_min" => &mut self.faq_min,
            "prf" => &mut self.prf,
            "chapter" => &mut self.chapter,
            "popular" => &mut self.popular,
            "prf_terms" => {
                self.prf_terms = v as usize;
                return Ok(());
            }
            "faq_entries" => {
                self.faq_entries = v as usize;
                return Ok(());
            }
            "stopwords" => {
                self.stopwords = v != 0.0;
                return Ok(());
            }
            "candidates" => {
                self.candidates = v as usize;
                return Ok(());
            }
            other => return Err(format!("unknown weight {other:?}")),
        };
        *slot = v;
        Ok(())
    }

    /// Switches one stage off. Returns false for an unknown name.
    pub fn ablate(&mut self, stage: &str) -> bool {
        match stage {
            "bigrams" => {
                self.bigram = 0.0;
                self.title_bigram = 0.0;
            }
            "lexicon" => self.lexicon = 0.0,
            "ages" => self.ages = 0.0,
            "law-detection" => {
                self.named_law = 1.0;
                self.hinted_law = 1.0;
            }
            "priority" => self.priority_law = 1.0,
            "priors" => {
                self.supplementary = 1.0;
                self.repealed = 1.0;
            }
            "headings" => {
                self.title = 0.0;
                self.title_bigram = 0.0;
                self.law = 0.0;
            }
            "rerank" => self.coverage = 0.0,
            "faq" => self.faq = 0.0,
            "colloquial" => {
                self.colloq = 0.0;
                self.colloq_bigram = 0.0;
            }
            "assoc" => self.assoc = 0.0,
            "popularity" => self.popular = 0.0,
            "asked" => {
                // The associations and the popularity prior are learned
                // from the everyday questions.
                self.assoc = 0.0;
                self.popular = 0.0;
                self.asked = 0.0;
                self.asked_bigram = 0.0;
                self.asked_sim = 0.0;
            }
            _ => return false,
        }
        true
    }
}

/// A query term with its weight and where it came from.
#[derive(Debug, Clone)]
pub struct QueryTerm {
    /// The word or bigram.
    pub text: String,
    /// Weight in the query.
    pub weight: f32,
    /// What added it: the lexicon phrase that triggered it, or the
    /// question word it is asked alongside; `None` if from the question.
    pub from_lexicon: Option<String>,
}

/// What the analyser made of a question.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Word terms.
    pub words: Vec<QueryTerm>,
    /// Bigram terms.
    pub bigrams: Vec<QueryTerm>,
    /// Laws the question names (law index → the name as written).
    pub named_laws: Vec<(u32, String)>,
    /// Laws the lexicon hints at.
    pub hinted_laws: Vec<u32>,
    /// Lexicon phrases that fired.
    pub lexicon_hits: Vec<String>,
    /// FAQ entries similar to the question, best first.
    pub faq: Vec<crate::faq::Match>,
    /// Articles whose everyday questions are similar to the question, best
    /// first (items of [`Library::asked`]).
    pub asked: Vec<crate::matcher::Scored>,
    /// Words asked alongside the question's words (searched among the
    /// everyday questions with a low weight; not counted in coverage).
    pub asked_with: Vec<QueryTerm>,
}

/// One ranked article.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Article index in the corpus.
    pub article: u32,
    /// Final score.
    pub score: f32,
    /// BM25 score before priors.
    pub bm25: f32,
    /// Prior multiplier applied.
    pub prior: f32,
    /// Weighted share of the query's words found in the article (0..1).
    pub coverage: f32,
    /// Similarity of the article's closest everyday question (0 if none
    /// was among the question's matches).
    pub asked: f32,
    /// Why the prior is what it is.
    pub reasons: Vec<String>,
}

/// Longest question text considered for search, in characters.
pub const MAX_QUERY_CHARS: usize = 400;

impl Library {
    /// Analyses a question: words, bigrams, lexicon expansion, laws named.
    pub fn analyse(&self, question: &str, w: &Weights) -> Analysis {
        let q: String = question.chars().take(MAX_QUERY_CHARS).collect();
        let q = crate::refs::normalise(&q);
        let mut a = Analysis::default();
        let stop = |t: &str| w.stopwords && self.knowledge.stopwords.contains(t);
        let mut seen = HashSet::new();
        for word in tokenizer::words(self.jieba, &q) {
            if !stop(&word) && seen.insert(word.clone()) {
                a.words.push(QueryTerm {
                    text: word,
                    weight: 1.0,
                    from_lexicon: None,
                });
            }
        }
        // Bigrams only from the parts of the question that are not stopwords.
        let content: String = tokenizer::cut(self.jieba, &q)
            .into_iter()
            .map(|t| if stop(&t) { " ".to_string() } else { t })
            .collect::<Vec<_>>()
            .join("");
        let mut seen_bi = HashSet::new();
        for bi in tokenizer::bigrams(&content) {
            if seen_bi.insert(bi.clone()) {
                a.bigrams.push(QueryTerm {
                    text: bi,
                    weight: 1.0,
                    from_lexicon: None,
                });
            }
        }
        // Laws named in the question, longest names first and without
        // overlaps (劳动合同法 is not also 合同法). A replaced law (婚姻法)
        // names the law that replaced it.
        let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
        for (name, law) in &self.law_names {
            for (start, _) in q.match_indices(name.as_str()) {
                let span = start..start + name.len();
                if taken
                    .iter()
                    .any(|t| t.start < span.end && span.start < t.end)
                {
                    continue;
                }
                taken.push(span);
                if !a.named_laws.iter().any(|(l, _)| l == law) {
                    a.named_laws.push((*law, name.clone()));
                }
            }
        }
        if w.faq > 0.0 || w.asked_sim > 0.0 {
            let features = crate::matcher::features(&q, &self.knowledge, self.jieba);
            if w.faq > 0.0 {
                a.faq = self
                    .faq
                    .rank_features(&features, w.faq_entries)
                    .into_iter()
                    .filter(|m| m.score >= w.faq_min)
                    .collect();
            }
            if w.asked_sim > 0.0 {
                a.asked = self
                    .asked
                    .matcher
                    .rank(&features, w.asked_entries)
                    .into_iter()
                    .filter(|m| m.score >= w.asked_min)
                    .collect();
            }
        }
        // The question's own words, before the lexicon adds any. The
        // associations are learned on whole words (precise mode), so only
        // whole words are looked up: 宅基地, not the 基地 in it.
        let own: Vec<String> = if w.assoc > 0.0 {
            let whole: HashSet<String> = tokenizer::cut(self.jieba, &q).into_iter().collect();
            a.words
                .iter()
                .filter(|t| whole.contains(&t.text))
                .map(|t| t.text.clone())
                .collect()
        } else {
            Vec::new()
        };
        // Lexicon expansion.
        if w.lexicon > 0.0 {
            for (term, said) in self.knowledge.lexicon_matches(&q) {
                a.lexicon_hits.push(said.to_string());
                let words = term
                    .means
                    .iter()
                    .flat_map(|m| tokenizer::words(self.jieba, m));
                add_row(&mut a, &mut seen, said, words, w.lexicon, w, &stop);
                for law in &term.laws {
                    if let Some(l) = self.corpus.law_named(law)
                        && !a.hinted_laws.contains(&l)
                    {
                        a.hinted_laws.push(l);
                    }
                }
            }
        }
        // Ages said as numbers → the statute's age bands, each age shared
        // like one lexicon row.
        if w.lexicon * w.ages > 0.0 {
            for (said, bands) in crate::ages::categories(&q) {
                let words = bands
                    .into_iter()
                    .flat_map(|b| tokenizer::cut(self.jieba, b));
                add_row(
                    &mut a,
                    &mut seen,
                    &said,
                    words,
                    w.lexicon * w.ages,
                    w,
                    &stop,
                );
            }
        }
        // After the lexicon, so a word it added is not added again.
        a.asked_with = self.asked_alongside(&own, w, &seen);
        a
    }

    /// The words asked alongside the question's own words (those not in
    /// the query already), each weighted `w.assoc × P(t | w)`, keeping a
    /// word's best weight; the source word is noted for explain.
    fn asked_alongside(
        &self,
        own: &[String],
        w: &Weights,
        seen: &HashSet<String>,
    ) -> Vec<QueryTerm> {
        let mut out: Vec<QueryTerm> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for word in own {
            for (t, p) in self.asked.asked_with.of(word).iter().take(w.assoc_terms) {
                if seen.contains(t) {
                    continue;
                }
                let weight = w.assoc * p;
                match at.get(t.as_str()) {
                    Some(&i) => out[i].weight = out[i].weight.max(weight),
                    None => {
                        at.insert(t, out.len());
                        out.push(QueryTerm {
                            text: t.clone(),
                            weight,
                            from_lexicon: Some(word.clone()),
                        });
                    }
                }
            }
        }
        out
    }

    /// Ranks articles for a question; returns at most `k` hits.
    pub fn search(&self, question: &str, k: usize, w: &Weights) -> Vec<Hit> {
        let mut a = self.analyse(question, w);
        if w.prf > 0.0 {
            let first = self.search_analysed(&a, 5, w);
            self.add_feedback_terms(&mut a, &first, w);
        }
        self.search_analysed(&a, k, w)
    }

    /// Pseudo-relevance feedback: the words that best characterise the first
    /// results join the query with a low weight.
    fn add_feedback_terms(&self, a: &mut Analysis, first: &[Hit], w: &Weights) {
        let mut score: HashMap<String, f32> = HashMap::new();
        let top = first
            .first()
            .map(|h| h.score)
            .unwrap_or(1.0)
            .max(f32::EPSILON);
        for h in first {
            let text = &self.corpus.articles[h.article as usize].text;
            let mut seen = HashSet::new();
            for word in tokenizer::cut(self.jieba, text) {
                if word.chars().count() < 2 || self.knowledge.stopwords.contains(&word) {
                    continue;
                }
                if seen.insert(word.clone()) {
                    *score.entry(word).or_default() += h.score / top;
                }
            }
        }
        let have: HashSet<String> = a.words.iter().map(|t| t.text.clone()).collect();
        let mut ranked: Vec<(String, f32)> = score
            .into_iter()
            .filter(|(word, s)| !have.contains(word) && *s > 1.0)
            .map(|(word, s)| {
                let idf = self.idf(&word);
                (word, s * idf)
            })
            .collect();
        ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
        for (word, _) in ranked.into_iter().take(w.prf_terms) {
            a.words.push(QueryTerm {
                text: word,
                weight: w.prf,
                from_lexicon: Some("feedback".into()),
            });
        }
    }

    /// Ranks articles for an analysed question.
    pub fn search_analysed(&self, a: &Analysis, k: usize, w: &Weights) -> Vec<Hit> {
        let f = self.index.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut add = |field, text: &str, boost: f32| {
            if boost > 0.0 {
                let q = TermQuery::new(
                    Term::from_field_text(field, text),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
            }
        };
        for t in &a.words {
            add(f.colloq, &t.text, w.colloq * t.weight);
            add(f.asked, &t.text, w.asked * t.weight);
            add(f.body, &t.text, w.body * t.weight);
            add(f.title, &t.text, w.title * t.weight);
            add(f.law, &t.text, w.law * t.weight);
        }
        for t in &a.asked_with {
            add(f.asked, &t.text, w.asked * t.weight);
        }
        for t in &a.bigrams {
            add(f.colloq_bi, &t.text, w.colloq_bigram * t.weight);
            add(f.asked_bi, &t.text, w.asked_bigram * t.weight);
            add(f.body_bi, &t.text, w.bigram * t.weight);
            add(f.title_bi, &t.text, w.title_bigram * t.weight);
        }
        if clauses.is_empty() && a.faq.is_empty() && a.asked.is_empty() {
            return Vec::new();
        }
        let query = BooleanQuery::new(clauses);
        let priors = self.priors(a, w);
        let searcher = self.index.reader.searcher();
        let doc_to_aid = self.doc_to_aid.clone();
        let collector = tantivy::collector::TopDocs::with_limit(w.candidates.max(k)).tweak_score(
            move |segment: &SegmentReader| {
                let ord = segment.segment_id();
                let map = doc_to_aid.get(&ord).cloned().unwrap_or_default();
                let priors = priors.clone();
                move |doc: DocId, score: Score| {
                    let aid = map.get(doc as usize).copied().unwrap_or(0);
                    score * priors.get(aid as usize).copied().unwrap_or(1.0)
                }
            },
        );
        let Ok(top) = searcher.search(&query, &collector) else {
            return Vec::new();
        };
        let mut hits: Vec<Hit> = top
            .into_iter()
            .filter_map(|(score, addr)| {
                let seg = searcher.segment_reader(addr.segment_ord).segment_id();
                let aid = *self.doc_to_aid.get(&seg)?.get(addr.doc_id as usize)?;
                let prior = self.prior_of(aid, a, w);
                Some(Hit {
                    article: aid,
                    score,
                    bm25: score / prior.0,
                    prior: prior.0,
                    coverage: 0.0,
                    asked: 0.0,
                    reasons: prior.1,
                })
            })
            .collect();
        if w.coverage > 0.0 || !a.faq.is_empty() || !a.asked.is_empty() {
            // Scores relative to the best BM25 hit, so other evidence adds on
            // a known scale.
            let top = hits
                .first()
                .map(|h| h.score)
                .unwrap_or(1.0)
                .max(f32::EPSILON);
            for h in &mut hits {
                h.score /= top;
            }
        }
        if w.chapter > 0.0 {
            self.add_chapter_evidence(&mut hits, w);
        }
        self.add_faq_citations(&mut hits, a, w);
        self.add_asked(&mut hits, a, w);
        let weights = self.term_weights(a);
        for h in &mut hits {
            h.coverage = self.coverage(h.article, a, &weights);
            if w.coverage > 0.0 {
                h.score += w.coverage * h.coverage;
            }
        }
        hits.sort_by(|x, y| y.score.total_cmp(&x.score));
        // One hit per (law, number): 第一百二十条之一 shares its identity.
        let mut seen = HashSet::new();
        hits.retain(|h| {
            let art = &self.corpus.articles[h.article as usize];
            seen.insert((art.law, art.number.unwrap_or(u32::MAX - h.article)))
        });
        hits.truncate(k);
        hits
    }

    /// Hierarchical evidence: an article whose chapter holds many good
    /// candidates is more likely right than an isolated match.
    fn add_chapter_evidence(&self, hits: &mut [Hit], w: &Weights) {
        let top = hits
            .first()
            .map(|h| h.score)
            .unwrap_or(1.0)
            .max(f32::EPSILON);
        let key = |h: &Hit| {
            let a = &self.corpus.articles[h.article as usize];
            (a.law, a.chapter.clone(), a.section.clone())
        };
        let mut sum: HashMap<(u32, String, String), f32> = HashMap::new();
        for h in hits.iter() {
            *sum.entry(key(h)).or_default() += h.score / top;
        }
        let best = sum.values().copied().fold(f32::EPSILON, f32::max);
        for h in hits.iter_mut() {
            let c = sum[&key(h)] / best;
            h.score += w.chapter * c * top;
        }
    }

    /// Articles cited by FAQ entries that match the question gain
    /// `w.faq × similarity`; cited articles not found by BM25 join the list.
    fn add_faq_citations(&self, hits: &mut Vec<Hit>, a: &Analysis, w: &Weights) {
        for m in &a.faq {
            let entry = &self.faq.entries[m.entry];
            for c in &entry.cites {
                let Some(aid) = self.corpus.resolve(&c.law, c.article) else {
                    continue;
                };
                if !self.corpus.searchable(aid) {
                    continue;
                }
                let gain = w.faq * (m.score - w.faq_min) / (1.0 - w.faq_min).max(0.05);
                let reason = format!(
                    "cited by FAQ {} (similarity {:.2}) +{gain:.2}",
                    entry.id, m.score
                );
                credit(hits, aid, gain, 1.0, reason);
            }
        }
    }

    /// Articles whose everyday questions resemble the question gain
    /// `w.asked_sim × similarity × prior`; those BM25 missed join the list.
    fn add_asked(&self, hits: &mut Vec<Hit>, a: &Analysis, w: &Weights) {
        for m in &a.asked {
            let aid = self.asked.articles[m.item];
            let prior = self.prior_of(aid, a, w).0;
            let gain =
                w.asked_sim * prior * (m.score - w.asked_min) / (1.0 - w.asked_min).max(0.05);
            let reason = format!(
                "asked like 「{}」 (similarity {:.2}) +{gain:.2}",
                self.asked.phrasings[m.item][m.text], m.score
            );
            let h = credit(hits, aid, gain, prior, reason);
            h.asked = h.asked.max(m.score);
        }
    }

    /// Per-article prior multipliers for this question (indexed by article).
    fn priors(&self, a: &Analysis, w: &Weights) -> std::sync::Arc<Vec<f32>> {
        let mut law_factor: HashMap<u32, f32> = HashMap::new();
        for (law, _) in &a.named_laws {
            *law_factor.entry(*law).or_insert(1.0) *= w.named_law;
        }
        for law in &a.hinted_laws {
            *law_factor.entry(*law).or_insert(1.0) *= w.hinted_law;
        }
        let mut p = self.base_priors(w);
        if !law_factor.is_empty() {
            let p = std::sync::Arc::make_mut(&mut p);
            for (i, art) in self.corpus.articles.iter().enumerate() {
                if let Some(f) = law_factor.get(&art.law) {
                    p[i] *= f;
                }
            }
        }
        p
    }

    /// Priors that do not depend on the question (cached for default weights).
    fn base_priors(&self, w: &Weights) -> std::sync::Arc<Vec<f32>> {
        let compute = || {
            std::sync::Arc::new(
                (0..self.corpus.articles.len() as u32)
                    .map(|i| self.static_prior(i, w).0)
                    .collect::<Vec<f32>>(),
            )
        };
        let d = Weights::default();
        if (w.priority_law, w.supplementary, w.repealed, w.popular)
            == (d.priority_law, d.supplementary, d.repealed, d.popular)
        {
            self.default_priors.get_or_init(compute).clone()
        } else {
            compute()
        }
    }

    fn static_prior(&self, aid: u32, w: &Weights) -> (f32, Vec<String>) {
        let art = &self.corpus.articles[aid as usize];
        let law = &self.corpus.laws[art.law as usize];
        let mut p = 1.0;
        let mut why = Vec::new();
        if law.priority && w.priority_law != 1.0 {
            p *= w.priority_law;
            why.push(format!("village-priority law ×{}", w.priority_law));
        }
        if w.supplementary != 1.0
            && (art.chapter.contains("附则")
                || art.text.starts_with("本法自")
                || art.text.contains("施行。") && art.text.chars().count() < 40)
        {
            p *= w.supplementary;
            why.push(format!("supplementary provision ×{}", w.supplementary));
        }
        // Only repealed laws: 刑法 is 已被修改 (amended, in force).
        if w.repealed != 1.0 && law.status.contains("废止") {
            p *= w.repealed;
            why.push(format!("status {} ×{}", law.status, w.repealed));
        }
        if w.popular != 0.0 {
            let n = self.asked.count(aid);
            let f = w.popularity(n);
            p *= f;
            why.push(format!("{n} everyday questions ×{f:.2}"));
        }
        (p, why)
    }

    fn prior_of(&self, aid: u32, a: &Analysis, w: &Weights) -> (f32, Vec<String>) {
        let (mut p, mut why) = self.static_prior(aid, w);
        let law = self.corpus.articles[aid as usize].law;
        if let Some((_, name)) = a.named_laws.iter().find(|(l, _)| *l == law)
            && w.named_law != 1.0
        {
            p *= w.named_law;
            why.push(format!("question names {name} ×{}", w.named_law));
        }
        if a.hinted_laws.contains(&law) && w.hinted_law != 1.0 {
            p *= w.hinted_law;
            why.push(format!("lexicon hints this law ×{}", w.hinted_law));
        }
        (p, why)
    }

    /// Each query word's weight × IDF, computed once per question.
    fn term_weights(&self, a: &Analysis) -> Vec<f32> {
        let searcher = self.index.reader.searcher();
        a.words
            .iter()
            .map(|t| t.weight * self.idf_in(&searcher, &t.text))
            .collect()
    }

    /// Weighted share of the query's words that occur in the article
    /// (`weights` from [`Library::term_weights`]).
    fn coverage(&self, aid: u32, a: &Analysis, weights: &[f32]) -> f32 {
        let text = &self.corpus.articles[aid as usize].text;
        let total: f32 = weights.iter().sum();
        let have: f32 = a
            .words
            .iter()
            .zip(weights)
            .filter(|(t, _)| text.contains(&t.text))
            .map(|(_, w)| w)
            .sum();
        if total == 0.0 { 0.0 } else { have / total }
    }

    /// Inverse document frequency of a word in article bodies.
    pub fn idf(&self, word: &str) -> f32 {
        self.idf_in(&self.index.reader.searcher(), word)
    }

    fn idf_in(&self, searcher: &tantivy::Searcher, word: &str) -> f32 {
        let term = Term::from_field_text(self.index.fields.body, word);
        let df = searcher.doc_freq(&term).unwrap_or(0) as f32;
        let n = searcher.num_docs() as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }
}

/// Adds one expansion row (a lexicon row, an age band) to the query: its
/// words not in the query yet share `budget`, each getting budget /
/// n^`lexicon_norm`, so a row with many words does not outweigh the question
/// itself; `said` is what triggered it, for explain.
fn add_row(
    a: &mut Analysis,
    seen: &mut HashSet<String>,
    said: &str,
    words: impl IntoIterator<Item = String>,
    budget: f32,
    w: &Weights,
    stop: &impl Fn(&str) -> bool,
) {
    let mut added: Vec<String> = Vec::new();
    for word in words {
        if !stop(&word) && !added.contains(&word) && seen.insert(word.clone()) {
            added.push(word);
        }
    }
    let weight = budget / (added.len().max(1) as f32).powf(w.lexicon_norm);
    for word in added {
        a.words.push(QueryTerm {
            text: word,
            weight,
            from_lexicon: Some(said.to_string()),
        });
    }
}

/// Adds evidence to an article's hit, or lists the article (with the prior it
/// would have had) when BM25 did not find it; returns the hit.
fn credit(hits: &mut Vec<Hit>, article: u32, gain: f32, prior: f32, reason: String) -> &mut Hit {
    let i = match hits.iter().position(|h| h.article == article) {
        Some(i) => {
            hits[i].score += gain;
            hits[i].reasons.push(reason);
            i
        }
        None => {
            hits.push(Hit {
                article,
                score: gain,
                bm25: 0.0,
                prior,
                coverage: 0.0,
                asked: 0.0,
                reasons: vec![reason],
            });
            hits.len() - 1
        }
    };
    &mut hits[i]
}
