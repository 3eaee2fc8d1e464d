//! Shared test set-up: the real statute corpus, fetched and indexed the same
//! way as for users (first use downloads and verifies it; later runs reuse
//! `.mingbai/`).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use mingbai::clock::ManualClock;
use mingbai::db::Db;
use mingbai::engine::{ChatKind, Content, Engine, EngineConfig, Inbound, Platform, Reply};

use mingbai::library::{Library, Paths};
use mingbai::progress::Progress;

/// The library over the real corpus, opened once per test binary.
pub fn library() -> &'static Library {
    library_arc_ref()
}

fn library_arc_ref() -> &'static Arc<Library> {
    static LIB: OnceLock<Arc<Library>> = OnceLock::new();
    LIB.get_or_init(|| {
        Arc::new(
            Library::open(&Paths::resolve(None, None, None), false, &Progress::Lines)
                .expect("statute corpus set-up (needs python3 -m pip, or MINGBAI_STATUTES_DB)"),
        )
    })
}

/// The shared library as an `Arc`, for engines.
pub fn library_arc() -> Arc<Library> {
    library_arc_ref().clone()
}

/// An engine over the shared library, an in-memory database and a manual
/// clock (returned so tests can move time).
pub fn engine() -> (Engine, Arc<ManualClock>) {
    engine_with(Db::open_in_memory().unwrap(), EngineConfig::default())
}

/// An engine with a given database and config.
pub fn engine_with(db: Db, config: EngineConfig) -> (Engine, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::at(1_790_000_000));
    (Engine::new(library_arc(), db, clock.clone(), config), clock)
}

/// A private text message.
pub fn private(user: i64, text: &str) -> Inbound {
    Inbound::private_text(Platform::Telegram, user, text)
}

/// A group message from `user` in `chat`, with content.
pub fn group(chat: i64, user: i64, content: Content) -> Inbound {
    let mut inb = Inbound::private_text(Platform::Telegram, user, "");
    inb.key.chat = chat;
    inb.chat_kind = ChatKind::Group;
    inb.content = content;
    inb.message_id = Some(77);
    inb
}

/// A command.
pub fn cmd(name: &str, args: &str) -> Content {
    Content::Command {
        name: name.into(),
        args: args.into(),
    }
}

/// A button press.
pub fn press(data: &str) -> Content {
    Content::Button {
        data: data.into(),
        callback_id: "cb".into(),
    }
}

/// The single message among replies (panics otherwise).
pub fn only_message(replies: &[Reply]) -> &Reply {
    let msgs: Vec<&Reply> = replies
        .iter()
        .filter(|r| matches!(r, Reply::Message { .. }))
        .collect();
    assert_eq!(msgs.len(), 1, "{replies:#?}");
    msgs[0]
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
