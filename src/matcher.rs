//! Short-text similarity: TF-IDF cosine between a question and the
//! phrasings of an item (an FAQ entry, or an article's everyday questions),
//! an item scoring as its best phrasing. Shared by the FAQ and by retrieval.
//!
//! Features are content words, Han bigrams of the content, and the statute
//! words the colloquial lexicon adds, so 工钱 meets 工资 and 劳动报酬.
//! Scoring walks an inverted index, so it costs the postings of the
//! question's features, not the number of phrasings.

use std::collections::HashMap;

use crate::knowledge::Knowledge;
use crate::tokenizer;

/// Features of one text: feature → term frequency (weighted).
pub type Features = HashMap<String, f32>;

/// Features of a text: content words (weight 1 per occurrence), Han bigrams
/// and the words the lexicon adds (0.5 per occurrence). Term frequency is
/// damped as `1 + ln tf`, at least 1, so the lower weight only tells when a
/// feature repeats: any feature present counts at least once. (Making 0.5
/// count half was measured: MRR +0.01, recall@5 −0.004 to −0.007 on the
/// two sets — not kept.)
pub fn features(text: &str, knowledge: &Knowledge, jieba: &jieba_rs::Jieba) -> Features {
    features_of_cut(text, &tokenizer::cut(jieba, text), knowledge)
}

/// [`features`] of a text already segmented into `words` (jieba precise
/// mode, [`tokenizer::cut`]).
pub fn features_of_cut(text: &str, words: &[String], knowledge: &Knowledge) -> Features {
    let mut f: Features = HashMap::new();
    let stop = |w: &str| knowledge.stopwords.contains(w);
    let mut content = String::new();
    for w in words {
        if stop(w) {
            content.push(' ');
            continue;
        }
        content.push_str(w);
        *f.entry(format!("w:{w}")).or_default() += 1.0;
    }
    for b in tokenizer::bigrams(&content) {
        *f.entry(format!("b:{b}")).or_default() += 0.5;
    }
    for (term, _) in knowledge.lexicon_matches(text) {
        for m in &term.means {
            *f.entry(format!("w:{m}")).or_default() += 0.5;
        }
    }
    f
}

/// One item's similarity to a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Index of the item (as passed to [`Matcher::new`]).
    pub item: usize,
    /// Cosine similarity of its best phrasing, 0..1.
    pub score: f32,
    /// Which of the item's phrasings matched best.
    pub text: usize,
}

/// The inverted index over every phrasing of every item.
#[derive(Debug, Default)]
pub struct Matcher {
    /// Feature → (id, idf).
    vocab: HashMap<String, (u32, f32)>,
    /// Feature id → (phrasing, weight in its unit vector).
    postings: Vec<Vec<(u32, f32)>>,
    /// Phrasing → (item, position among the item's phrasings).
    owner: Vec<(u32, u32)>,
}

/// Collects phrasings one at a time, keeping only compact (feature id,
/// term frequency) pairs, so that building over tens of thousands of
/// phrasings does not hold every phrasing's feature map at once.
#[derive(Debug, Default)]
pub struct MatcherBuilder {
    /// Feature → id.
    ids: HashMap<String, u32>,
    /// Feature id → number of phrasings that have it.
    df: Vec<u32>,
    /// Phrasing → its (feature id, tf) pairs.
    texts: Vec<Vec<(u32, f32)>>,
    /// Phrasing → (item, position among the item's phrasings).
    owner: Vec<(u32, u32)>,
    /// Position the next phrasing of the last item added gets.
    next_pos: u32,
}

impl MatcherBuilder {
    /// Adds one phrasing of `item`. An item's phrasings are added one after
    /// another and numbered in that order ([`Scored::text`]).
    pub fn add(&mut self, item: usize, features: Features) {
        let item = item as u32;
        let pos = match self.owner.last() {
            Some(&(last, _)) if last == item => self.next_pos,
            _ => 0,
        };
        self.next_pos = pos + 1;
        let mut v = Vec::with_capacity(features.len());
        for (name, tf) in features {
            let next = self.ids.len() as u32;
            let id = *self.ids.entry(name).or_insert(next);
            if id == next {
                self.df.push(0);
            }
            self.df[id as usize] += 1;
            v.push((id, tf));
        }
        self.texts.push(v);
        self.owner.push((item, pos));
    }

    /// The finished matcher.
    pub fn build(self) -> Matcher {
        let n_texts = self.texts.len() as f32;
        let idf: Vec<f32> = self
            .df
            .iter()
            .map(|&d| ((1.0 + n_texts) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        let mut postings = vec![Vec::new(); idf.len()];
        for (t, v) in self.texts.into_iter().enumerate() {
            for (f, w) in unit(v.into_iter().map(|(f, tf)| (f, damp(tf) * idf[f as usize]))) {
                postings[f as usize].push((t as u32, w));
            }
        }
        let vocab = self
            .ids
            .into_iter()
            .map(|(name, id)| (name, (id, idf[id as usize])))
            .collect();
        Matcher {
            vocab,
            postings,
            owner: self.owner,
        }
    }
}

/// Term-frequency damping: `1 + ln tf`, at least 1.
fn damp(tf: f32) -> f32 {
    1.0 + tf.ln().max(0.0)
}

/// Scales a sparse vector to unit length.
fn unit(v: impl Iterator<Item = (u32, f32)>) -> Vec<(u32, f32)> {
    let mut v: Vec<(u32, f32)> = v.collect();
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v
}

impl Matcher {
    /// Indexes `items`, each a list of phrasings' features.
    pub fn new(items: &[Vec<Features>]) -> Self {
        let mut b = MatcherBuilder::default();
        for (item, texts) in items.iter().enumerate() {
            for t in texts {
                b.add(item, t.clone());
            }
        }
        b.build()
    }

    /// TF-IDF vector (sparse, unit length) over the known vocabulary.
    fn vectorise(&self, features: &Features) -> Vec<(u32, f32)> {
        unit(
            features
                .iter()
                .filter_map(|(f, tf)| self.vocab.get(f).map(|(id, idf)| (*id, damp(*tf) * idf))),
        )
    }

    /// Items ranked by their best phrasing's similarity to `question`, best
    /// first, at most `k`, only those above zero.
    pub fn rank(&self, question: &Features, k: usize) -> Vec<Scored> {
        let q = self.vectorise(question);
        // A dense accumulator: common features touch thousands of
        // phrasings, and a hash map per touch cost more than the scoring.
        let mut acc = vec![0.0f32; self.owner.len()];
        let mut touched: Vec<u32> = Vec::new();
        for (f, qw) in q {
            for &(t, w) in &self.postings[f as usize] {
                let a = &mut acc[t as usize];
                if *a == 0.0 {
                    touched.push(t);
                }
                *a += qw * w;
            }
        }
        let mut best: HashMap<u32, Scored> = HashMap::new();
        for t in touched {
            let score = acc[t as usize];
            let (item, pos) = self.owner[t as usize];
            let s = best.entry(item).or_insert(Scored {
                item: item as usize,
                score: 0.0,
                text: pos as usize,
            });
            if score > s.score || (score == s.score && (pos as usize) < s.text) {
                s.score = score;
                s.text = pos as usize;
            }
        }
        let mut out: Vec<Scored> = best.into_values().filter(|s| s.score > 0.0).collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.item.cmp(&b.item)));
        out.truncate(k);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(words: &[&str]) -> Features {
        words.iter().map(|w| (format!("w:{w}"), 1.0)).collect()
    }

    #[test]
    fn an_item_scores_as_its_best_phrasing() {
        let m = Matcher::new(&[
            vec![feats(&["离婚", "孩子"]), feats(&["工钱"])],
            vec![feats(&["工钱", "老板"])],
        ]);
        let r = m.rank(&feats(&["工钱"]), 5);
        assert_eq!(r[0].item, 0);
        assert_eq!(r[0].text, 1);
        assert!((r[0].score - 1.0).abs() < 1e-5, "{r:?}");
        assert_eq!(r[1].item, 1);
        assert!(r[1].score < 1.0);
    }

    #[test]
    fn unknown_words_match_nothing() {
        let m = Matcher::new(&[vec![feats(&["离婚"])]]);
        assert!(m.rank(&feats(&["火星"]), 5).is_empty());
        assert!(m.rank(&Features::new(), 5).is_empty());
        assert!(Matcher::new(&[]).rank(&feats(&["离婚"]), 5).is_empty());
    }
}
