//! The tantivy index over the searchable articles: schema, build, open.
//!
//! The index lives in `<data>/index/` with a fingerprint file beside the
//! segments. A missing, stale or unreadable index (an older build, a changed
//! statute source or `knowledge/`) is rebuilt, never crashed on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jieba_rs::Jieba;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

use crate::store::Corpus;
use crate::tokenizer;

/// Bumped whenever the schema or the analyzers change.
pub const INDEX_VERSION: u32 = 5;
const FINGERPRINT_FILE: &str = "mingbai-fingerprint";

/// Index errors.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("I/O error on the index at {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article index in the corpus (fast field, for mapping hits back).
    pub aid: Field,
    /// Law short name, jieba words.
    pub law: Field,
    /// Chapter and section headings, jieba words.
    pub title: Field,
    /// Article text, jieba words.
    pub body: Field,
    /// Article text, character bigrams.
    pub body_bi: Field,
    /// Headings, character bigrams.
    pub title_bi: Field,
    /// How villagers ask about this article: the questions and paraphrases
    /// of the FAQ entries that cite it (knowledge/faq), jieba words.
    pub colloq: Field,
    /// The same, character bigrams.
    pub colloq_bi: Field,
    /// Everyday questions this article answers, written per article in our
    /// own words (knowledge/asked), jieba words.
    pub asked: Field,
    /// The same, character bigrams.
    pub asked_bi: Field,
}

/// Text attached to articles besides their own: how people ask about them.
#[derive(Debug, Default)]
pub struct Expansions {
    /// Article id → the phrasings of the FAQ entries that cite it.
    pub faq: HashMap<u32, String>,
    /// Article id → its per-article everyday questions.
    pub asked: HashMap<u32, String>,
}

fn text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Builds the schema and names its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        aid: b.add_u64_field("aid", FAST | STORED | INDEXED),
        law: b.add_text_field("law", text(tokenizer::WORDS)),
        title: b.add_text_field("title", text(tokenizer::WORDS)),
        body: b.add_text_field("body", text(tokenizer::WORDS)),
        body_bi: b.add_text_field("body_bi", text(tokenizer::BIGRAMS)),
        title_bi: b.add_text_field("title_bi", text(tokenizer::BIGRAMS)),
        colloq: b.add_text_field("colloq", text(tokenizer::WORDS)),
        colloq_bi: b.add_text_field("colloq_bi", text(tokenizer::BIGRAMS)),
        asked: b.add_text_field("asked", text(tokenizer::WORDS)),
        asked_bi: b.add_text_field("asked_bi", text(tokenizer::BIGRAMS)),
    };
    (b.build(), fields)
}

/// An open index with its reader.
pub struct OpenIndex {
    /// The tantivy index (tokenizers registered).
    pub index: Index,
    /// Reader reused for every search.
    pub reader: IndexReader,
    /// Field handles.
    pub fields: Fields,
}

/// Opens the index in `dir` if its fingerprint matches, else (re)builds it.
/// Returns the index and whether it was built now.
pub fn open_or_build(
    dir: &Path,
    fingerprint: &str,
    corpus: &Corpus,
    expansions: &Expansions,
    jieba: &'static Jieba,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(OpenIndex, bool), IndexError> {
    let fp_path = dir.join(FINGERPRINT_FILE);
    let want = format!("{INDEX_VERSION}:{fingerprint}");
    if std::fs::read_to_string(&fp_path).is_ok_and(|s| s.trim() == want)
        && let Ok(open) = open(dir, jieba)
    {
        return Ok((open, false));
    }
    build(dir, corpus, expansions, jieba, progress)?;
    std::fs::write(&fp_path, &want).map_err(|source| IndexError::Io {
        path: fp_path.clone(),
        source,
    })?;
    Ok((open(dir, jieba)?, true))
}

fn open(dir: &Path, jieba: &'static Jieba) -> Result<OpenIndex, IndexError> {
    let index = Index::open_in_dir(dir)?;
    let (expected, fields) = schema();
    if index.schema() != expected {
        return Err(tantivy::TantivyError::SchemaError("schema changed".into()).into());
    }
    tokenizer::register(&index, jieba);
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    Ok(OpenIndex {
        index,
        reader,
        fields,
    })
}

fn build(
    dir: &Path,
    corpus: &Corpus,
    expansions: &Expansions,
    jieba: &'static Jieba,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), IndexError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    let tmp = dir.with_extension("building");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(&tmp, schema)?;
    tokenizer::register(&index, jieba);
    // One indexing thread, so one segment: every query term is looked up
    // and scored once rather than once per segment. Search p50 1.8 → 1.5 ms
    // and p99 4.4–4.9 → 3.4–3.6 ms on the lay set (same run, same machine);
    // the build takes 1.9 s instead of 0.85 s, once.
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 100_000_000)?;
    let total = corpus.searchable_count() as u64;
    let mut done = 0u64;
    for (i, a) in corpus.articles.iter().enumerate() {
        if !corpus.searchable(i as u32) {
            continue;
        }
        let law = &corpus.laws[a.law as usize];
        let heading = format!("{} {}", a.chapter, a.section);
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.aid, i as u64);
        doc.add_text(f.law, &law.short);
        doc.add_text(f.title, &heading);
        doc.add_text(f.body, &a.text);
        doc.add_text(f.body_bi, &a.text);
        doc.add_text(f.title_bi, &heading);
        if let Some(c) = expansions.faq.get(&(i as u32)) {
            doc.add_text(f.colloq, c);
            doc.add_text(f.colloq_bi, c);
        }
        if let Some(c) = expansions.asked.get(&(i as u32)) {
            doc.add_text(f.asked, c);
            doc.add_text(f.asked_bi, c);
        }
        writer.add_document(doc)?;
        done += 1;
        if done.is_multiple_of(2000) {
            progress(done, total);
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    progress(done, total);
    let _ = std::fs::remove_dir_all(dir);
    std::fs::rename(&tmp, dir).map_err(io(dir))?;
    Ok(())
}

/// Total size of the files in the index directory, in bytes.
pub fn size_on_disk(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
