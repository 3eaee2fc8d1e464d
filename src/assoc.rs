//! Word associations learned from the everyday questions: which statute
//! words the articles asked about with a question word tend to contain.
//! 赔 is asked about articles that say 赔偿 and 损失; 娃娃 about articles
//! that say 子女 and 未成年人. A question word then brings its statute
//! words into the query, with a low weight.
//!
//! Learned from `knowledge/asked` and the statute text only: for a
//! question word `w` and a statute word `t`, `P(t | w)` is the share of the
//! everyday questions containing `w` whose article contains `t`, and the
//! lift is that share over the share of all asked-about articles that
//! contain `t`. A pair is kept when it was seen often enough and the lift
//! is high, so words every article has (应当, 规定) are not associated.

use std::collections::{HashMap, HashSet};

use jieba_rs::Jieba;

use crate::tokenizer;

/// How often a question word must occur to learn from it.
const MIN_WORD: u32 = 5;
/// How often a (question word, statute word) pair must be seen.
const MIN_PAIR: u32 = 3;
/// Lowest lift kept.
const MIN_LIFT: f32 = 4.0;
/// Statute words kept per question word (the query uses
/// `Weights::assoc_terms` of them).
const PER_WORD: usize = 8;

/// Question word → its statute words with `P(t | w)`, strongest first.
#[derive(Debug, Default)]
pub struct Associations {
    map: HashMap<String, Vec<(String, f32)>>,
}

impl Associations {
    /// Learns from `items`: each an article's text and its everyday
    /// questions; `stopwords` are never associated.
    pub fn learn<'a>(
        items: impl Iterator<Item = (&'a str, &'a [String])>,
        stopwords: &HashSet<String>,
        jieba: &Jieba,
    ) -> Self {
        let content = |text: &str, min_chars: usize| -> Vec<String> {
            let mut v: Vec<String> = tokenizer::cut(jieba, text)
                .into_iter()
                .filter(|w| w.chars().count() >= min_chars && !stopwords.contains(w))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let mut statute_ids: HashMap<String, u32> = HashMap::new();
        let mut statute_words: Vec<String> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        // Article → its statute word ids.
        let mut articles: Vec<Vec<u32>> = Vec::new();
        // Question word → the article of each question containing it.
        let mut asked_in: HashMap<String, Vec<u32>> = HashMap::new();
        for (text, questions) in items {
            let a = articles.len() as u32;
            let mut ids = Vec::new();
            for t in content(text, 2) {
                let next = statute_words.len() as u32;
                let id = *statute_ids.entry(t.clone()).or_insert(next);
                if id == next {
                    statute_words.push(t);
                    df.push(0);
                }
                df[id as usize] += 1;
                ids.push(id);
            }
            articles.push(ids);
            for q in questions {
                for w in content(q, 1) {
                    asked_in.entry(w).or_default().push(a);
                }
            }
        }
        let n = articles.len().max(1) as f32;
        let mut counts = vec![0u32; statute_words.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut map = HashMap::new();
        for (w, arts) in asked_in {
            let cw = arts.len() as u32;
            if cw < MIN_WORD {
                continue;
            }
            for a in &arts {
                for &t in &articles[*a as usize] {
                    if counts[t as usize] == 0 {
                        touched.push(t);
                    }
                    counts[t as usize] += 1;
                }
            }
            let mut kept: Vec<(String, f32, f32)> = Vec::new();
            for &t in &touched {
                let c = counts[t as usize];
                counts[t as usize] = 0;
                let word = &statute_words[t as usize];
                if c < MIN_PAIR || *word == w {
                    continue;
                }
                let p = c as f32 / cw as f32;
                let lift = p / (df[t as usize] as f32 / n);
                if lift >= MIN_LIFT {
                    kept.push((word.clone(), p, p * lift.ln()));
                }
            }
            touched.clear();
            kept.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)));
            kept.truncate(PER_WORD);
            if !kept.is_empty() {
                map.insert(w, kept.into_iter().map(|(t, p, _)| (t, p)).collect());
            }
        }
        Associations { map }
    }

    /// The statute words associated with a question word, strongest first.
    pub fn of(&self, word: &str) -> &[(String, f32)] {
        self.map.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// How many question words have associations.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learn(items: &[(&str, &[&str])]) -> Associations {
        let jieba = crate::tokenizer::jieba_loaded();
        let owned: Vec<(String, Vec<String>)> = items
            .iter()
            .map(|(t, qs)| (t.to_string(), qs.iter().map(|q| q.to_string()).collect()))
            .collect();
        Associations::learn(
            owned.iter().map(|(t, qs)| (t.as_str(), qs.as_slice())),
            &HashSet::new(),
            jieba,
        )
    }

    #[test]
    fn a_question_word_learns_the_statute_words_of_its_articles() {
        // 工钱 is asked about the wage articles only; 规定 is in every article.
        let mut items: Vec<(&str, &[&str])> = vec![
            (
                "用人单位应当按时支付劳动报酬。本法另有规定。",
                &["工钱拖着不给", "工钱能要回来吗"],
            ),
            (
                "拖欠劳动报酬的，劳动者可以申请支付令。本法另有规定。",
                &["工钱要不回来", "工钱打官司"],
            ),
            (
                "劳动报酬低于最低工资标准的，应当支付差额。本法另有规定。",
                &["工钱太低"],
            ),
        ];
        let other: &[&str] = &["离婚孩子归谁"];
        for _ in 0..20 {
            items.push(("夫妻离婚时子女抚养按照规定处理。", other));
        }
        let a = learn(&items);
        let words: Vec<&str> = a.of("工钱").iter().map(|(w, _)| w.as_str()).collect();
        assert!(words.contains(&"劳动报酬"), "{words:?}");
        assert!(!words.contains(&"规定"), "{words:?}");
        let (_, p) = a.of("工钱").iter().find(|(w, _)| w == "劳动报酬").unwrap();
        assert!(
            (p - 1.0).abs() < 1e-6,
            "every 工钱 question's article says it: {p}"
        );
    }

    #[test]
    fn rare_words_and_unknown_words_learn_nothing() {
        let a = learn(&[
            ("用人单位应当支付劳动报酬。", &["工钱"]),
            ("离婚。", &["孩子"]),
        ]);
        assert!(a.of("工钱").is_empty(), "seen once is below the threshold");
        assert!(a.of("火星").is_empty());
        assert!(learn(&[]).is_empty());
    }
}
