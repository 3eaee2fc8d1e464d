//! Words asked alongside: which words people use together when they ask
//! about the same articles. 嫁出去 is asked about articles whose everyday
//! questions also say 姑娘, 闺女 and 妇女; 工钱 about those that say 工资
//! and 老板. A question word then brings its associates into the search of
//! the everyday questions, with a low weight.
//!
//! Learned from `knowledge/asked` only, with an article's questions taken
//! together as its text: for a question word `w` and a word `t`, `P(t | w)`
//! is the share of the everyday questions containing `w` whose article's
//! text contains `t`, and the lift is that share over the share of all
//! asked-about articles whose text contains `t`. A pair is kept when it was
//! seen often enough and the lift is high, so words asked about everything
//! (可以, 怎么) are not associated. The learner takes any article text:
//! with the statute text it associates question words with statute words
//! (赔 → 赔偿); measured, that added nothing once the words asked alongside
//! were in (BENCHMARKS.md), so only these ship.

use std::collections::HashMap;

/// How often a question word must occur to learn from it.
const MIN_WORD: u32 = 5;
/// How often a (question word, text word) pair must be seen.
const MIN_PAIR: u32 = 3;
/// Lowest lift kept.
const MIN_LIFT: f32 = 4.0;
/// Words kept per question word (the query uses `Weights::assoc_terms`
/// of them).
const PER_WORD: usize = 8;

/// Question word → its associated words with `P(t | w)`, strongest first.
#[derive(Debug, Default)]
pub struct Associations {
    map: HashMap<String, Vec<(String, f32)>>,
}

/// Words numbered in the order first seen.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    /// Id → word.
    pub words: Vec<String>,
}

impl Vocab {
    /// The id of `word`, numbering it if new.
    pub fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.to_string(), id);
        self.words.push(word.to_string());
        id
    }

    /// Ids of `words`, sorted and without repeats.
    pub fn ids<S: AsRef<str>>(&mut self, words: impl IntoIterator<Item = S>) -> Vec<u32> {
        let mut v: Vec<u32> = words.into_iter().map(|w| self.id(w.as_ref())).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

impl Associations {
    /// Learns, for each article, from the ids of the words of its text
    /// (in `text_vocab`) and the ids of each of its everyday questions'
    /// content words (in `question_vocab`).
    pub fn learn(
        texts: &[Vec<u32>],
        text_vocab: &Vocab,
        questions: &[Vec<Vec<u32>>],
        question_vocab: &Vocab,
    ) -> Self {
        let mut df = vec![0u32; text_vocab.words.len()];
        for t in texts.iter().flatten() {
            df[*t as usize] += 1;
        }
        // Question word → the article of each question containing it.
        let mut asked_in: Vec<Vec<u32>> = vec![Vec::new(); question_vocab.words.len()];
        for (a, qs) in questions.iter().enumerate() {
            for w in qs.iter().flatten() {
                asked_in[*w as usize].push(a as u32);
            }
        }
        let n = texts.len().max(1) as f32;
        let mut counts = vec![0u32; text_vocab.words.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut map = HashMap::new();
        for (w, arts) in asked_in.iter().enumerate() {
            let cw = arts.len() as u32;
            if cw < MIN_WORD {
                continue;
            }
            let word = &question_vocab.words[w];
            for a in arts {
                for &t in texts.get(*a as usize).map(Vec::as_slice).unwrap_or(&[]) {
                    if counts[t as usize] == 0 {
                        touched.push(t);
                    }
                    counts[t as usize] += 1;
                }
            }
            let mut kept: Vec<(u32, f32, f32)> = Vec::new();
            for &t in &touched {
                let c = counts[t as usize];
                counts[t as usize] = 0;
                if c < MIN_PAIR || text_vocab.words[t as usize] == *word {
                    continue;
                }
                let p = c as f32 / cw as f32;
                let lift = p / (df[t as usize] as f32 / n);
                if lift >= MIN_LIFT {
                    kept.push((t, p, p * lift.ln()));
                }
            }
            touched.clear();
            let name = |t: u32| &text_vocab.words[t as usize];
            kept.sort_by(|x, y| y.2.total_cmp(&x.2).then_with(|| name(x.0).cmp(name(y.0))));
            kept.truncate(PER_WORD);
            if !kept.is_empty() {
                let kept = kept
                    .into_iter()
                    .map(|(t, p, _)| (name(t).clone(), p))
                    .collect();
                map.insert(word.clone(), kept);
            }
        }
        map.shrink_to_fit();
        Associations { map }
    }

    /// The words associated with a question word, strongest first.
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
    use std::collections::HashSet;

    use jieba_rs::Jieba;

    use super::*;
    use crate::tokenizer;

    /// Words of a text, sorted and without repeats, as the library gives
    /// them: jieba precise mode, no stopwords, at least `min_chars` long.
    fn content_words(
        jieba: &Jieba,
        stopwords: &HashSet<String>,
        text: &str,
        min_chars: usize,
    ) -> Vec<String> {
        let mut v: Vec<String> = tokenizer::cut(jieba, text)
            .into_iter()
            .filter(|w| w.chars().count() >= min_chars && !stopwords.contains(w))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    fn learn(items: &[(&str, &[&str])]) -> Associations {
        let jieba = crate::tokenizer::jieba_loaded();
        let none = HashSet::new();
        let (mut tv, mut qv) = (Vocab::default(), Vocab::default());
        let texts: Vec<Vec<u32>> = items
            .iter()
            .map(|(t, _)| tv.ids(content_words(jieba, &none, t, 2)))
            .collect();
        let questions: Vec<Vec<Vec<u32>>> = items
            .iter()
            .map(|(_, qs)| {
                qs.iter()
                    .map(|q| qv.ids(content_words(jieba, &none, q, 1)))
                    .collect()
            })
            .collect();
        Associations::learn(&texts, &tv, &questions, &qv)
    }

    #[test]
    fn a_question_word_learns_the_words_of_its_articles_text() {
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
