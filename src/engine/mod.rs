//! The conversation core: `Engine::handle(Inbound) -> Vec<Reply>`.
//!
//! No platform code here (no teloxide): adapters translate updates into
//! [`Inbound`] and send the [`Reply`]s. Sessions are keyed by (platform,
//! chat, user) and kept in SQLite, so a restart loses nothing.

mod answer;
mod booking;
mod callback;
mod command;
mod guard;
mod types;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

pub use booking::{Draft, Step};
pub use callback::{Callback, Form};
pub use command::{ParsedCommand, parse_command};
pub use guard::{contains_personal_number, redact_personal_numbers};
pub use types::*;

use crate::clock::Clock;
use crate::db::{Db, DbError};
use crate::i18n::{Lang, tr, tr_args};
use crate::library::Library;

/// Engine settings (from the config file).
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The bot's username, for deep links (`t.me/<name>?start=…`).
    pub bot_username: String,
    /// Answers a group may get per minute before the bot pauses there.
    pub group_answers_per_minute: usize,
    /// Messages longer than this are read only in part (and told so).
    pub max_message_chars: usize,
    /// Justice-office admins (platform user ids).
    pub admins: Vec<i64>,
    /// Days personal details of finished bookings are kept.
    pub retention_days: u32,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            bot_username: "mingbai_bot".into(),
            group_answers_per_minute: 6,
            max_message_chars: 4000,
            admins: Vec::new(),
            retention_days: 180,
        }
    }
}

/// A conversation's stored state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Nothing under way.
    #[default]
    Idle,
    /// Filling in a booking.
    Booking(Draft),
}

/// What is stored per conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Where the conversation is.
    #[serde(flatten)]
    pub state: State,
    /// The last question asked here (pre-fills a booking).
    #[serde(default)]
    pub last_question: Option<String>,
}

/// Engine errors (storage only: bad input is answered, not an error).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The conversation core.
pub struct Engine {
    /// Statutes, index, FAQ.
    pub lib: Arc<Library>,
    /// The bot database; one connection behind a mutex.
    pub db: Mutex<Db>,
    /// Time source (injected in tests).
    pub clock: Arc<dyn Clock>,
    /// Settings.
    pub config: EngineConfig,
    /// Recent answer times per group chat, for the rate limit.
    rate: Mutex<HashMap<i64, RateWindow>>,
}

#[derive(Default)]
struct RateWindow {
    /// Times (unix seconds) of answers in the last minute.
    sent: VecDeque<i64>,
    /// Whether the "slow down" notice went out in this window.
    warned: bool,
}

/// Per-update context: who, where, in which language.
pub(crate) struct Ctx<'a> {
    pub inb: &'a Inbound,
    pub lang: Lang,
    pub now: i64,
}

impl Engine {
    /// A new engine over an open library and database.
    pub fn new(lib: Arc<Library>, db: Db, clock: Arc<dyn Clock>, config: EngineConfig) -> Self {
        Engine {
            lib,
            db: Mutex::new(db),
            clock,
            config,
            rate: Mutex::new(HashMap::new()),
        }
    }

    /// Handles one update. Never panics on bad input; storage errors are
    /// answered with an apology so the user is not left hanging.
    pub fn handle(&self, inb: Inbound) -> Vec<Reply> {
        match self.try_handle(&inb) {
            Ok(replies) => replies,
            Err(e) => {
                eprintln!("mingbai: error handling an update: {e}");
                let lang = self.lang_hint(&inb);
                let mut out = Vec::new();
                if let Content::Button { callback_id, .. } = &inb.content {
                    out.push(Reply::Ack {
                        callback_id: callback_id.clone(),
                        text: None,
                    });
                }
                out.push(self.message(&inb, vec![Block::Text(tr(lang, "error-internal"))], vec![]));
                out
            }
        }
    }

    fn try_handle(&self, inb: &Inbound) -> Result<Vec<Reply>, EngineError> {
        let now = self.clock.now_unix();
        if let Content::MigratedTo(new) = inb.content {
            self.db()
                .migrate_chat(inb.key.platform.as_str(), inb.key.chat, new, now)?;
            return Ok(Vec::new());
        }
        // Groups run in privacy mode: commands, mentions and replies only.
        if inb.chat_kind == ChatKind::Group {
            let addressed = matches!(
                inb.content,
                Content::Command { .. } | Content::Button { .. }
            ) || inb.mentions_bot
                || inb.replies_to_bot;
            if !addressed {
                return Ok(Vec::new());
            }
        }
        let lang = self.lang(inb)?;
        let ctx = Ctx { inb, lang, now };
        let (session, reset) = self.load_session(&inb.key)?;
        let mut out = Vec::new();
        if reset {
            out.push(self.message(inb, vec![Block::Text(tr(lang, "state-reset"))], vec![]));
        }
        let replies = match &inb.content {
            Content::Command { name, args } => self.command(&ctx, session, name, args)?,
            Content::Text(text) => self.text(&ctx, session, text)?,
            Content::Button { data, callback_id } => {
                self.button(&ctx, session, data, callback_id)?
            }
            Content::Unsupported => {
                vec![self.message(
                    inb,
                    vec![Block::Text(tr(lang, "unsupported-content"))],
                    vec![],
                )]
            }
            Content::MigratedTo(_) => Vec::new(),
        };
        out.extend(replies);
        Ok(out)
    }

    /// The database (locked).
    pub fn db(&self) -> std::sync::MutexGuard<'_, Db> {
        // A panic while holding the lock cannot leave the connection in a
        // bad state (SQLite transactions roll back), so recover from poison.
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The user's language: `/lang` choice, else the client's, else zh-CN.
    fn lang(&self, inb: &Inbound) -> Result<Lang, EngineError> {
        let stored = self
            .db()
            .user_lang(inb.key.platform.as_str(), inb.key.user)?;
        Ok(stored
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_else(|| self.lang_hint(inb)))
    }

    fn lang_hint(&self, inb: &Inbound) -> Lang {
        inb.sender
            .lang_code
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_default()
    }

    /// Loads a session; a stored state that no longer parses resets (true).
    fn load_session(&self, key: &ConvKey) -> Result<(Session, bool), EngineError> {
        let stored = self
            .db()
            .session(key.platform.as_str(), key.chat, key.user)?;
        Ok(match stored {
            None => (Session::default(), false),
            Some(text) => match serde_json::from_str(&text) {
                Ok(s) => (s, false),
                Err(_) => {
                    self.db()
                        .clear_session(key.platform.as_str(), key.chat, key.user)?;
                    (Session::default(), true)
                }
            },
        })
    }

    pub(crate) fn save_session(&self, ctx: &Ctx, session: &Session) -> Result<(), EngineError> {
        let k = &ctx.inb.key;
        let text = serde_json::to_string(session).expect("session serialises");
        self.db()
            .set_session(k.platform.as_str(), k.chat, k.user, &text, ctx.now)?;
        Ok(())
    }

    /// A message replying in the update's chat (to the update's message in
    /// groups).
    pub(crate) fn message(
        &self,
        inb: &Inbound,
        blocks: Vec<Block>,
        buttons: Vec<Vec<Button>>,
    ) -> Reply {
        Reply::Message {
            chat: inb.key.chat,
            reply_to: match inb.chat_kind {
                ChatKind::Group => inb.message_id,
                ChatKind::Private => None,
            },
            blocks,
            buttons,
        }
    }

    /// A deep link into a private chat with the bot.
    pub(crate) fn deep_link(&self, payload: &str) -> String {
        format!("https://t.me/{}?start={payload}", self.config.bot_username)
    }

    /// Whether a group may get another answer now; the first refusal in a
    /// window returns `Err(true)` so one notice can be sent.
    fn rate_check(&self, chat: i64, now: i64) -> Result<(), bool> {
        let mut rate = self.rate.lock().unwrap_or_else(|p| p.into_inner());
        let w = rate.entry(chat).or_default();
        while w.sent.front().is_some_and(|&t| t <= now - 60) {
            w.sent.pop_front();
        }
        if w.sent.is_empty() {
            w.warned = false;
        }
        if w.sent.len() >= self.config.group_answers_per_minute {
            let first = !w.warned;
            w.warned = true;
            return Err(first);
        }
        w.sent.push_back(now);
        Ok(())
    }

    fn command(
        &self,
        ctx: &Ctx,
        mut session: Session,
        name: &str,
        args: &str,
    ) -> Result<Vec<Reply>, EngineError> {
        let (inb, lang) = (ctx.inb, ctx.lang);
        let text = |key: &str| vec![self.message(inb, vec![Block::Text(tr(lang, key))], vec![])];
        Ok(match name {
            "start" => self.start(ctx, session, args.trim())?,
            "help" => text("help"),
            "privacy" => vec![self.message(
                inb,
                vec![Block::Text(tr_args(
                    lang,
                    "privacy",
                    &[("days", self.config.retention_days.to_string())],
                ))],
                vec![],
            )],
            "cancel" => {
                let had = session.state != State::Idle;
                session.state = State::Idle;
                self.save_session(ctx, &session)?;
                text(if had { "cancel-done" } else { "cancel-nothing" })
            }
            "lang" => self.lang_command(ctx, args)?,
            "ask" => {
                if args.trim().is_empty() {
                    text("ask-usage")
                } else {
                    self.question(ctx, session, args)?
                }
            }
            "law" => self.law_command(ctx, args)?,
            "topics" => self.topics(ctx),
            "book" => self.start_booking(ctx, session, None)?,
            "my_bookings" | "mybookings" => self.my_bookings(ctx)?,
            "availability" => self.availability(ctx, args)?,
            "block" => self.block(ctx, args)?,
            "delete_my_data" => self.delete_my_data(ctx)?,
            _ => vec![self.message(
                inb,
                vec![Block::Text(tr_args(
                    lang,
                    "unknown-command",
                    &[("command", truncate_chars(name, 32))],
                ))],
                vec![],
            )],
        })
    }

    fn start(&self, ctx: &Ctx, session: Session, payload: &str) -> Result<Vec<Reply>, EngineError> {
        let (inb, lang) = (ctx.inb, ctx.lang);
        if payload.starts_with('i') && payload.len() > 1 {
            return self.redeem(ctx, payload);
        }
        if let Some(token) = payload.strip_prefix('b') {
            // Booking from a group's deep link, question carried along.
            let question = self.db().pending(token)?;
            if question.is_none() {
                return Ok(vec![self.message(
                    inb,
                    vec![Block::Text(tr(lang, "start-link-expired"))],
                    vec![],
                )]);
            }
            return self.start_booking(ctx, session, question);
        }
        if let Some(token) = payload.strip_prefix('q') {
            let question = self.db().pending(&format!("q{token}"))?;
            return match question {
                Some(q) => {
                    let mut out = vec![self.message(
                        inb,
                        vec![Block::Text(tr(lang, "start-continued"))],
                        vec![],
                    )];
                    out.extend(self.question(ctx, session, &q)?);
                    Ok(out)
                }
                None => Ok(vec![self.message(
                    inb,
                    vec![
                        Block::Text(tr(lang, "start-link-expired")),
                        Block::Text(tr(lang, "welcome")),
                    ],
                    vec![],
                )]),
            };
        }
        Ok(vec![self.message(
            inb,
            vec![Block::Text(tr(lang, "welcome"))],
            vec![],
        )])
    }

    fn lang_command(&self, ctx: &Ctx, args: &str) -> Result<Vec<Reply>, EngineError> {
        let (inb, lang) = (ctx.inb, ctx.lang);
        let arg = args.trim();
        if arg.is_empty() {
            let buttons = vec![vec![
                Button::Callback {
                    label: "中文".into(),
                    data: Callback::Lang(Lang::Zh).encode(),
                },
                Button::Callback {
                    label: "English".into(),
                    data: Callback::Lang(Lang::En).encode(),
                },
            ]];
            return Ok(vec![self.message(
                inb,
                vec![Block::Text(tr(lang, "lang-choose"))],
                buttons,
            )]);
        }
        let chosen = match arg.to_lowercase().as_str() {
            "中文" | "zh" | "zh-cn" | "cn" | "chinese" => Some(Lang::Zh),
            "english" | "en" | "英文" | "英语" => Some(Lang::En),
            _ => None,
        };
        Ok(match chosen {
            Some(l) => self.set_lang(ctx, l)?,
            None => vec![self.message(inb, vec![Block::Text(tr(lang, "lang-unknown"))], vec![])],
        })
    }

    pub(crate) fn set_lang(&self, ctx: &Ctx, l: Lang) -> Result<Vec<Reply>, EngineError> {
        self.db()
            .set_user_lang(ctx.inb.key.platform.as_str(), ctx.inb.key.user, l.code())?;
        Ok(vec![self.message(
            ctx.inb,
            vec![Block::Text(tr(l, "lang-set"))],
            vec![],
        )])
    }

    fn law_command(&self, ctx: &Ctx, args: &str) -> Result<Vec<Reply>, EngineError> {
        let (inb, lang) = (ctx.inb, ctx.lang);
        if args.trim().is_empty() {
            return Ok(vec![self.message(
                inb,
                vec![Block::Text(tr(lang, "law-usage"))],
                vec![],
            )]);
        }
        let r = crate::refs::parse_command(args, &self.lib.corpus, &self.lib.knowledge);
        let Some(r) = r else {
            return Ok(vec![self.message(
                inb,
                vec![Block::Text(tr(lang, "law-not-understood"))],
                vec![],
            )]);
        };
        let answer = self.lib.ask(&format!("{}第{}条", r.law_written, r.number));
        Ok(vec![self.render_answer(ctx, &answer)])
    }

    fn text(&self, ctx: &Ctx, session: Session, text: &str) -> Result<Vec<Reply>, EngineError> {
        if let State::Booking(d) = &session.state
            && ctx.inb.chat_kind == ChatKind::Private
            && ctx.inb.forwarded.is_none()
        {
            let d = d.clone();
            return self.booking_text(ctx, session, d, text);
        }
        if ctx.inb.forwarded.is_some() && ctx.inb.chat_kind == ChatKind::Private {
            return self.relayed(ctx, text);
        }
        self.question(ctx, session, text)
    }
}

/// The first `n` characters of `s`.
pub fn truncate_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
