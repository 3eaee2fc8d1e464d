//! Curated plain-language answers (`knowledge/faq/*.toml`): loading, the
//! checks of `mingbai faq lint`, sign-off by a reviewer, and matching a
//! question to an entry.
//!
//! Matching is TF-IDF cosine similarity between the question and each
//! entry's question and paraphrases (best of them), over jieba words and Han
//! bigrams, with both sides expanded by the colloquial lexicon so that 工钱
//! meets 工资. Scores are in 0..1; [`FAQ_THRESHOLD`] is the level at which
//! an entry leads the answer (chosen for precision on the village set).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::knowledge::{Knowledge, KnowledgeError};
use crate::matcher::{Features, Matcher, features};
use crate::store::Corpus;

/// Similarity at or above which an entry leads the answer.
pub const FAQ_THRESHOLD: f32 = 0.5;
/// Longest plain answer, in characters (whitespace not counted).
pub const MAX_ANSWER_CHARS: usize = 200;
/// Longest everyday question in knowledge/asked (they are short on purpose:
/// one situation each).
pub const MAX_ASKED_CHARS: usize = 40;
/// Fewest entries a topic must have.
pub const MIN_ENTRIES_PER_TOPIC: usize = 5;

/// A cited article: full law name and number.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub struct Cite {
    /// Full law name as in the statute source (aliases are accepted).
    pub law: String,
    /// Article number.
    pub article: u32,
}

/// One FAQ entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Entry {
    /// Unique id, `<topic>-NNN`.
    pub id: String,
    /// Set from the file's `topic`.
    #[serde(default)]
    pub topic: String,
    /// The question as a villager would say it.
    pub question: String,
    /// Other ways to ask it.
    #[serde(default)]
    pub paraphrases: Vec<String>,
    /// The plain answer, ending with a next step.
    pub answer: String,
    /// Articles the answer rests on.
    #[serde(default)]
    pub cites: Vec<Cite>,
    /// Signed off by a legal adviser.
    #[serde(default)]
    pub reviewed: bool,
    /// Who signed it off.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// When (YYYY-MM-DD).
    #[serde(default)]
    pub reviewed_at: Option<String>,
    /// The file it came from (not in the TOML).
    #[serde(skip)]
    pub file: PathBuf,
}

#[derive(Debug, Deserialize)]
struct FaqFile {
    topic: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

/// A match of a question to an entry.
#[derive(Debug, Clone, Copy)]
pub struct Match {
    /// Index into [`Faq::entries`].
    pub entry: usize,
    /// Similarity, 0..1.
    pub score: f32,
}

/// All entries, with the matcher's vectors.
#[derive(Debug, Default)]
pub struct Faq {
    /// Entries in file order.
    pub entries: Vec<Entry>,
    /// Similarity over each entry's question and paraphrases.
    matcher: Matcher,
}

/// A problem found by `faq lint`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Entry id (or file, for file-level problems).
    pub entry: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.entry, self.message)
    }
}

/// Reads every `*.toml` in `dir`, sorted by file name.
pub fn load_entries(dir: &Path) -> Result<Vec<Entry>, KnowledgeError> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(source) => {
            return Err(KnowledgeError::Read {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    files.sort();
    let mut entries = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|source| KnowledgeError::Read {
            path: path.clone(),
            source,
        })?;
        let file: FaqFile = toml::from_str(&text).map_err(|source| KnowledgeError::Parse {
            path: path.clone(),
            source,
        })?;
        for mut e in file.entry {
            e.topic = file.topic.clone();
            e.file = path.clone();
            entries.push(e);
        }
    }
    Ok(entries)
}

/// Characters of an answer, whitespace not counted.
pub fn answer_len(answer: &str) -> usize {
    answer.chars().filter(|c| !c.is_whitespace()).count()
}

impl Faq {
    /// Loads `knowledge/faq/` and prepares the matcher.
    pub fn load(knowledge: &Knowledge, jieba: &jieba_rs::Jieba) -> Result<Self, KnowledgeError> {
        let entries = load_entries(&knowledge.dir.join("faq"))?;
        Ok(Self::new(entries, knowledge, jieba))
    }

    /// Prepares the matcher over `entries`.
    pub fn new(entries: Vec<Entry>, knowledge: &Knowledge, jieba: &jieba_rs::Jieba) -> Self {
        let texts: Vec<Vec<Features>> = entries
            .iter()
            .map(|e| {
                std::iter::once(&e.question)
                    .chain(&e.paraphrases)
                    .map(|t| features(t, knowledge, jieba))
                    .collect()
            })
            .collect();
        Faq {
            entries,
            matcher: Matcher::new(&texts),
        }
    }

    /// Entries ranked by similarity to the question, best first (at most `k`).
    pub fn rank(
        &self,
        question: &str,
        knowledge: &Knowledge,
        jieba: &jieba_rs::Jieba,
        k: usize,
    ) -> Vec<Match> {
        self.rank_features(&features(question, knowledge, jieba), k)
    }

    /// [`Faq::rank`] for a question already turned into features.
    pub fn rank_features(&self, question: &Features, k: usize) -> Vec<Match> {
        self.matcher
            .rank(question, k)
            .into_iter()
            .map(|s| Match {
                entry: s.item,
                score: s.score,
            })
            .collect()
    }

    /// The best entry if it clears the threshold.
    pub fn best(
        &self,
        question: &str,
        knowledge: &Knowledge,
        jieba: &jieba_rs::Jieba,
    ) -> Option<Match> {
        self.rank(question, knowledge, jieba, 1)
            .into_iter()
            .next()
            .filter(|m| m.score >= FAQ_THRESHOLD)
    }

    /// Entries of a topic, in file order.
    pub fn by_topic<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = (usize, &'a Entry)> + 'a {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.topic == topic)
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<(usize, &Entry)> {
        self.entries.iter().enumerate().find(|(_, e)| e.id == id)
    }

    /// Every problem `faq lint` reports.
    pub fn lint(&self, corpus: &Corpus, knowledge: &Knowledge) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut p = |entry: &str, message: String| {
            problems.push(Problem {
                entry: entry.to_string(),
                message,
            })
        };
        let topics: HashSet<&str> = knowledge.topics.iter().map(String::as_str).collect();
        let mut ids = HashSet::new();
        let mut phrasings: HashMap<String, String> = HashMap::new();
        let mut per_topic: HashMap<&str, usize> = HashMap::new();
        for e in &self.entries {
            if !ids.insert(e.id.as_str()) {
                p(&e.id, "duplicate id".into());
            }
            if !e.id.starts_with(&format!("{}-", e.topic)) {
                p(
                    &e.id,
                    format!("id should start with its topic {:?}", e.topic),
                );
            }
            if !topics.contains(e.topic.as_str()) {
                p(
                    &e.id,
                    format!("unknown topic {:?} (see knowledge/topics.toml)", e.topic),
                );
            }
            *per_topic.entry(e.topic.as_str()).or_default() += 1;
            let len = answer_len(&e.answer);
            if len > MAX_ANSWER_CHARS {
                p(
                    &e.id,
                    format!("answer has {len} characters (at most {MAX_ANSWER_CHARS})"),
                );
            }
            if e.answer.trim().is_empty() || e.question.trim().is_empty() {
                p(&e.id, "empty question or answer".into());
            }
            if !(3..=5).contains(&e.paraphrases.len()) {
                p(
                    &e.id,
                    format!("{} paraphrases (want 3 to 5)", e.paraphrases.len()),
                );
            }
            for text in std::iter::once(&e.question).chain(&e.paraphrases) {
                let key: String = text
                    .chars()
                    .filter(|c| {
                        !c.is_whitespace()
                            && !c.is_ascii_punctuation()
                            && !"，。？！、".contains(*c)
                    })
                    .collect();
                if let Some(other) = phrasings.insert(key, e.id.clone())
                    && other != e.id
                {
                    p(&e.id, format!("phrasing {text:?} is shared with {other}"));
                }
            }
            if e.cites.is_empty() {
                p(&e.id, "cites no article".into());
            }
            for c in &e.cites {
                match corpus.resolve(&c.law, c.article) {
                    None => p(
                        &e.id,
                        format!(
                            "cited {} article {} does not exist in the statutes",
                            c.law, c.article
                        ),
                    ),
                    Some(a) => {
                        let law = corpus.law_of(a);
                        if !law.answerable {
                            p(&e.id, format!("cites an amendment decision: {}", law.name));
                        } else if law.status != "现行有效" && !e.answer.contains(&law.status) {
                            p(
                                &e.id,
                                format!(
                                    "cites {} article {} whose status is {} but the answer does not say so",
                                    law.short, c.article, law.status
                                ),
                            );
                        }
                    }
                }
            }
            if e.reviewed && (e.reviewed_by.is_none() || e.reviewed_at.is_none()) {
                p(
                    &e.id,
                    "reviewed = true needs reviewed_by and reviewed_at".into(),
                );
            }
        }
        for t in &knowledge.topics {
            let n = per_topic.get(t.as_str()).copied().unwrap_or(0);
            if n < MIN_ENTRIES_PER_TOPIC {
                p(
                    &format!("topic {t}"),
                    format!("{n} entries (at least {MIN_ENTRIES_PER_TOPIC})"),
                );
            }
        }
        // The per-article everyday questions (knowledge/asked) must each name
        // an article that search can return, once per file.
        let mut rows = HashMap::new();
        for row in &knowledge.asked {
            let origin = row.origin();
            match corpus.resolve(&row.law, row.article) {
                None => p(
                    &origin,
                    format!(
                        "{} article {} does not exist in the statutes",
                        row.law, row.article
                    ),
                ),
                Some(a) if !corpus.searchable(a) => p(
                    &origin,
                    format!("{} is not a current, answerable law", row.law),
                ),
                Some(a) => {
                    // Once per file (several files may add to one article).
                    if let Some(other) = rows.insert((row.file.as_str(), a), origin.clone()) {
                        p(&origin, format!("the same article as {other}"));
                    }
                }
            }
            for q in &row.phrasings {
                let n = q.chars().count();
                if n > MAX_ASKED_CHARS {
                    p(
                        &origin,
                        format!("phrasing of {n} characters (at most {MAX_ASKED_CHARS})"),
                    );
                }
            }
        }
        problems
    }
}

/// Signs off an entry in its file: `reviewed = true`, who and when. The file
/// keeps its formatting and comments.
pub fn sign_off(entry: &Entry, by: &str, date: &str) -> Result<(), KnowledgeError> {
    let path = &entry.file;
    let text = std::fs::read_to_string(path).map_err(|source| KnowledgeError::Read {
        path: path.clone(),
        source,
    })?;
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| KnowledgeError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
    let invalid = |message: String| KnowledgeError::Invalid {
        path: path.clone(),
        message,
    };
    let entries = doc
        .get_mut("entry")
        .and_then(|e| e.as_array_of_tables_mut())
        .ok_or_else(|| invalid("no [[entry]] tables".into()))?;
    let table = entries
        .iter_mut()
        .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(entry.id.as_str()))
        .ok_or_else(|| invalid(format!("no entry {}", entry.id)))?;
    table["reviewed"] = toml_edit::value(true);
    table["reviewed_by"] = toml_edit::value(by);
    table["reviewed_at"] = toml_edit::value(date);
    std::fs::write(path, doc.to_string()).map_err(|source| KnowledgeError::Read {
        path: path.clone(),
        source,
    })
}

/// FAQ matching quality on a labelled question set at one threshold.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct FaqQuality {
    /// Similarity threshold.
    pub threshold: f32,
    /// Questions with a match at or above the threshold.
    pub matched: usize,
    /// Matches whose entry the labels call a correct answer.
    pub correct: usize,
    /// correct / matched (1 when nothing matched).
    pub precision: f64,
    /// matched / questions.
    pub coverage: f64,
    /// correct / questions that some entry answers.
    pub recall: f64,
}

/// Precision and coverage of the best match for each question across
/// thresholds. `labels[i]` lists the entry ids that correctly answer
/// question `i`.
pub fn quality(
    best: &[(Option<String>, f32)],
    labels: &[Vec<String>],
    thresholds: &[f32],
) -> Vec<FaqQuality> {
    let answerable = labels.iter().filter(|l| !l.is_empty()).count().max(1);
    thresholds
        .iter()
        .map(|&t| {
            let mut matched = 0;
            let mut correct = 0;
            for ((id, score), gold) in best.iter().zip(labels) {
                if let Some(id) = id
                    && *score >= t
                {
                    matched += 1;
                    if gold.contains(id) {
                        correct += 1;
                    }
                }
            }
            FaqQuality {
                threshold: t,
                matched,
                correct,
                precision: if matched == 0 {
                    1.0
                } else {
                    correct as f64 / matched as f64
                },
                coverage: matched as f64 / best.len().max(1) as f64,
                recall: correct as f64 / answerable as f64,
            }
        })
        .collect()
}
