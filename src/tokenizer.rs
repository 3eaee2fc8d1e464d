//! Chinese tokenizers for tantivy over one process-wide jieba dictionary.
//!
//! Two analyzers, registered under the name constants below every time an
//! index is opened or created ([`register`]):
//! - [`WORDS`]: jieba's search-mode cut (long words and their parts), with
//!   punctuation and spaces dropped and Latin letters lower-cased;
//! - [`BIGRAMS`]: overlapping character bigrams of each run of Han
//!   characters, which catches words jieba cuts differently in a question
//!   than in a statute.

use std::sync::OnceLock;

use jieba_rs::Jieba;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Name of the word analyzer in tantivy's tokenizer manager.
pub const WORDS: &str = "mingbai_zh_words";
/// Name of the bigram analyzer in tantivy's tokenizer manager.
pub const BIGRAMS: &str = "mingbai_zh_bigrams";

/// jieba's HMM guesses words outside its dictionary by gluing single
/// characters together (修高速要征我们村的地 gives 要征, so 征 no longer
/// meets 征收 or 征地). Off: unknown runs stay single characters, which the
/// bigrams pair up anyway. Measured with `mingbai eval`: recall@5 +0.003…
/// +0.016 on each of the four held-out file sets, village +0.008; lay
/// recall@5 +0.003 but recall@10 −0.005 (11 questions changed).
const HMM: bool = false;

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The process-wide jieba, loaded once. The first caller's user dictionary
/// wins; later calls reuse the same dictionary.
pub fn jieba(userdict: &[(String, usize)]) -> &'static Jieba {
    JIEBA.get_or_init(|| {
        let mut j = Jieba::new();
        for (word, freq) in userdict {
            j.add_word(word, Some(*freq), None);
        }
        j
    })
}

/// The process-wide jieba if it was loaded already, else one with no user
/// dictionary.
pub fn jieba_loaded() -> &'static Jieba {
    jieba(&[])
}

/// Registers both analyzers on an index. Call it whenever an index is opened.
pub fn register(index: &tantivy::Index, jieba: &'static Jieba) {
    let manager = index.tokenizers();
    manager.register(
        WORDS,
        TextAnalyzer::builder(WordTokenizer { jieba }).build(),
    );
    manager.register(BIGRAMS, TextAnalyzer::builder(BigramTokenizer).build());
}

/// Whether a character is a Han ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

fn keep(word: &str) -> bool {
    word.chars().any(|c| is_han(c) || c.is_alphanumeric())
}

/// jieba search-mode words of `text`, filtered and lower-cased.
pub fn words(jieba: &Jieba, text: &str) -> Vec<String> {
    jieba
        .cut_for_search(text, HMM)
        .into_iter()
        .filter(|t| keep(t.word))
        .map(|t| t.word.to_lowercase())
        .collect()
}

/// jieba precise-mode words (no overlapping parts), filtered.
pub fn cut(jieba: &Jieba, text: &str) -> Vec<String> {
    jieba
        .cut(text, HMM)
        .into_iter()
        .filter(|t| keep(t.word))
        .map(|t| t.word.to_lowercase())
        .collect()
}

/// Character bigrams of each Han run; a run of one character gives itself.
pub fn bigrams(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut Vec<String>| {
        if run.len() == 1 {
            out.push(run[0].to_string());
        }
        for w in run.windows(2) {
            out.push(w.iter().collect());
        }
        run.clear();
    };
    for c in text.chars() {
        if is_han(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Tokens made up front; tantivy iterates over them.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl VecTokenStream {
    fn new(texts: Vec<String>) -> Self {
        let tokens = texts
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect();
        VecTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// tantivy tokenizer for [`WORDS`].
#[derive(Clone)]
pub struct WordTokenizer {
    jieba: &'static Jieba,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(words(self.jieba, text))
    }
}

/// tantivy tokenizer for [`BIGRAMS`].
#[derive(Clone)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(bigrams(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_of_han_runs() {
        assert_eq!(bigrams("工钱，拖欠"), vec!["工钱", "拖欠"]);
        assert_eq!(bigrams("劳动报酬"), vec!["劳动", "动报", "报酬"]);
        assert_eq!(bigrams("a 地 b"), vec!["地"]);
        assert!(bigrams("😀😀").is_empty());
    }

    #[test]
    fn punctuation_and_emoji_are_not_words() {
        let j = Jieba::new();
        let w = words(&j, "工资，拖欠！😀 ABC");
        assert!(w.iter().all(|t| keep(t)), "{w:?}");
        assert!(w.contains(&"abc".to_string()), "{w:?}");
        assert!(!w.iter().any(|t| t == "，" || t == " "), "{w:?}");
    }
}
