//! Shared test set-up: the real statute corpus, fetched and indexed the same
//! way as for users (first use downloads and verifies it; later runs reuse
//! `.mingbai/`).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use mingbai::library::{Library, Paths};
use mingbai::progress::Progress;

/// The library over the real corpus, opened once per test binary.
pub fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        Library::open(&Paths::resolve(None, None, None), false, &Progress::Lines)
            .expect("statute corpus set-up (needs python3 -m pip, or MINGBAI_STATUTES_DB)")
    })
}

/// The shared lay-question evaluation file, if this checkout has it beside.
pub fn shared_eval_file() -> Option<PathBuf> {
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/lay-queries-train.jsonl");
    p.exists().then_some(p)
}

/// The project's own village question set.
pub fn village_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/village-queries.jsonl")
}

/// (short law name, article number) of the top `k` search hits.
pub fn top(lib: &Library, question: &str, k: usize) -> Vec<(String, u32)> {
    lib.search(question, k, &Default::default())
        .into_iter()
        .map(|h| {
            let a = &lib.corpus.articles[h.article as usize];
            (
                lib.corpus.laws[a.law as usize].short.clone(),
                a.number.unwrap_or(0),
            )
        })
        .collect()
}
