//! The Telegram adapter: updates → [`Inbound`], [`Reply`] → Bot API calls.
//! Everything the bot decides happens in the engine; this file only
//! translates, escapes HTML, splits long messages under Telegram's limit,
//! and runs the dispatcher until shutdown.

use std::future::Future;
use std::sync::Arc;

use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::{Dispatcher, UpdateFilterExt, UpdateHandler};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, CallbackQuery, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, Me,
    MessageEntityKind, MessageId, MessageOrigin, ParseMode, ReplyParameters,
};

use crate::engine::{
    Block, Button, ChatKind, Content, ConvKey, Engine, Forwarded, Inbound, Platform, Reply, Sender,
    parse_command,
};
use crate::i18n::{Lang, tr};

/// The bot type used everywhere: requests go through Telegram's limits.
pub type TgBot = Throttle<Bot>;

/// Telegram's limit on a message's text, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// Adapter errors.
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error("Telegram request failed: {0}")]
    Request(#[from] teloxide::RequestError),
    #[error("bad Bot API URL {0:?}: {1}")]
    ApiUrl(String, url::ParseError),
    #[error("webhook: {0}")]
    Webhook(String),
}

/// A bot for `token`, against `api_url` when given (self-hosted Bot API or
/// a test server), wrapped in the throttle with `limits`.
pub fn bot(token: &str, api_url: Option<&str>, limits: Limits) -> Result<TgBot, TelegramError> {
    let mut bot = Bot::new(token);
    if let Some(u) = api_url {
        let url = url::Url::parse(u).map_err(|e| TelegramError::ApiUrl(u.to_string(), e))?;
        bot = bot.set_api_url(url);
    }
    Ok(bot.throttle(limits))
}

/// Limits high enough never to wait (tests and benchmarks on loopback).
pub fn unthrottled() -> Limits {
    Limits {
        messages_per_sec_chat: 100_000,
        messages_per_min_chat: 1_000_000,
        messages_per_min_channel_or_supergroup: 1_000_000,
        messages_per_sec_overall: 100_000,
    }
}

/// Whether the message mentions the bot (`@name` or a text mention).
fn mentions(msg: &Message, me: &Me) -> bool {
    let Some(entities) = msg
        .parse_entities()
        .or_else(|| msg.parse_caption_entities())
    else {
        return false;
    };
    let at = format!("@{}", me.username());
    entities.iter().any(|e| match e.kind() {
        MessageEntityKind::Mention => e.text().eq_ignore_ascii_case(&at),
        MessageEntityKind::TextMention { user } => user.id == me.id,
        _ => false,
    })
}

/// Translates a message into the engine's terms. `None` for updates the
/// engine has no use for (messages without a sender, service messages).
pub fn inbound_from_message(msg: &Message, me: &Me) -> Option<Inbound> {
    let chat_kind = if msg.chat.is_private() {
        ChatKind::Private
    } else {
        ChatKind::Group
    };
    if let Some(new) = msg.migrate_to_chat_id() {
        return Some(Inbound {
            key: ConvKey {
                platform: Platform::Telegram,
                chat: msg.chat.id.0,
                user: 0,
            },
            chat_kind,
            sender: Sender::default(),
            content: Content::MigratedTo(new.0),
            message_id: None,
            forwarded: None,
            mentions_bot: false,
            replies_to_bot: false,
        });
    }
    let from = msg.from.as_ref()?;
    if from.is_bot {
        return None;
    }
    let username = me.username();
    let text = msg.text().or_else(|| msg.caption());
    let mentions_bot = mentions(msg, me);
    let content = match text {
        None => Content::Unsupported,
        Some(t) => match parse_command(t, username) {
            Some(c) if !c.for_us => return None,
            Some(c) => Content::Command {
                name: c.name,
                args: c.args,
            },
            None => {
                // The mention itself is not part of the question.
                let at = format!("@{username}");
                Content::Text(t.replace(&at, " ").trim().to_string())
            }
        },
    };
    let forwarded = msg.forward_origin().map(|o| Forwarded {
        origin_name: match o {
            MessageOrigin::User { sender_user, .. } => Some(sender_user.full_name()),
            MessageOrigin::HiddenUser {
                sender_user_name, ..
            } => Some(sender_user_name.clone()),
            MessageOrigin::Chat { sender_chat, .. } => sender_chat.title().map(str::to_string),
            MessageOrigin::Channel { chat, .. } => chat.title().map(str::to_string),
        },
    });
    let replies_to_bot = msg
        .reply_to_message()
        .and_then(|r| r.from.as_ref())
        .is_some_and(|u| u.id == me.id);
    Some(Inbound {
        key: ConvKey {
            platform: Platform::Telegram,
            chat: msg.chat.id.0,
            user: from.id.0 as i64,
        },
        chat_kind,
        sender: Sender {
            id: from.id.0 as i64,
            name: from.full_name(),
            lang_code: from.language_code.clone(),
        },
        content,
        message_id: Some(msg.id.0 as i64),
        forwarded,
        mentions_bot,
        replies_to_bot,
    })
}

/// Translates a button press.
pub fn inbound_from_callback(q: &CallbackQuery) -> Inbound {
    let (chat, chat_kind, message_id) = match &q.message {
        Some(m) => (
            m.chat().id.0,
            if m.chat().is_private() {
                ChatKind::Private
            } else {
                ChatKind::Group
            },
            Some(m.id().0 as i64),
        ),
        // A button on an inline message: answer privately.
        None => (q.from.id.0 as i64, ChatKind::Private, None),
    };
    Inbound {
        key: ConvKey {
            platform: Platform::Telegram,
            chat,
            user: q.from.id.0 as i64,
        },
        chat_kind,
        sender: Sender {
            id: q.from.id.0 as i64,
            name: q.from.full_name(),
            lang_code: q.from.language_code.clone(),
        },
        content: Content::Button {
            data: q.data.clone().unwrap_or_default(),
            callback_id: q.id.0.clone(),
        },
        message_id,
        forwarded: None,
        mentions_bot: false,
        replies_to_bot: false,
    }
}

/// Escapes text for Telegram's HTML parse mode.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn wrap(block: &Block, raw: &str) -> String {
    match block {
        Block::Text(_) => escape(raw),
        Block::Heading(_) => format!("<b>{}</b>", escape(raw)),
        Block::Quote(_) => format!("<blockquote>{}</blockquote>", escape(raw)),
        Block::Note(_) => format!("<i>{}</i>", escape(raw)),
    }
}

/// Splits raw text into pieces of at most `max` characters, at line or
/// sentence ends where possible.
fn split_raw(text: &str, max: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > max {
        let window = &rest[..max];
        let cut = window
            .iter()
            .rposition(|c| matches!(c, '\n' | '。' | '；' | '！' | '？' | '.'))
            .filter(|&i| i >= max / 2)
            .map(|i| i + 1)
            .unwrap_or(max);
        pieces.push(rest[..cut].iter().collect());
        rest.drain(..cut);
    }
    if !rest.is_empty() {
        pieces.push(rest.iter().collect());
    }
    pieces
}

/// Renders blocks as HTML messages, each within `max` characters (markup
/// included, so the parsed text is shorter still).
pub fn render_html(blocks: &[Block], max: usize) -> Vec<String> {
    // Room for the widest wrapper, and escaping can grow text up to 6×.
    let piece_max = (max - 32) / 6;
    let mut parts = Vec::new();
    for b in blocks {
        let raw = b.text();
        if escape(raw).chars().count() + 32 <= max {
            parts.push(wrap(b, raw));
        } else {
            for p in split_raw(raw, piece_max.max(1)) {
                parts.push(wrap(b, &p));
            }
        }
    }
    let mut messages: Vec<String> = Vec::new();
    let mut current = String::new();
    for p in parts {
        let len = current.chars().count();
        if len > 0 && len + 1 + p.chars().count() > max {
            messages.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(&p);
    }
    if !current.is_empty() {
        messages.push(current);
    }
    messages
}

/// The inline keyboard for button rows.
pub fn keyboard(rows: &[Vec<Button>]) -> Option<InlineKeyboardMarkup> {
    if rows.is_empty() {
        return None;
    }
    let rows = rows.iter().map(|row| {
        row.iter()
            .filter_map(|b| match b {
                Button::Callback { label, data } => {
                    Some(InlineKeyboardButton::callback(label.clone(), data.clone()))
                }
                Button::Url { label, url } => url::Url::parse(url)
                    .ok()
                    .map(|u| InlineKeyboardButton::url(label.clone(), u)),
            })
            .collect::<Vec<_>>()
    });
    Some(InlineKeyboardMarkup::new(rows))
}

/// Sends the engine's replies.
pub async fn send(bot: &TgBot, replies: Vec<Reply>) -> Result<(), TelegramError> {
    for r in replies {
        match r {
            Reply::Ack { callback_id, text } => {
                let mut req =
                    bot.answer_callback_query(teloxide::types::CallbackQueryId(callback_id));
                if let Some(t) = text {
                    req = req.text(t);
                }
                req.await?;
            }
            Reply::Message {
                chat,
                reply_to,
                blocks,
                buttons,
            } => {
                let messages = render_html(&blocks, MAX_MESSAGE_CHARS);
                let last = messages.len().saturating_sub(1);
                for (i, html) in messages.into_iter().enumerate() {
                    let mut req = bot
                        .send_message(ChatId(chat), html)
                        .parse_mode(ParseMode::Html);
                    if i == 0
                        && let Some(id) = reply_to
                    {
                        req = req.reply_parameters(
                            ReplyParameters::new(MessageId(id as i32))
                                .allow_sending_without_reply(),
                        );
                    }
                    if i == last
                        && let Some(kb) = keyboard(&buttons)
                    {
                        req = req.reply_markup(kb);
                    }
                    req.await?;
                }
            }
        }
    }
    Ok(())
}

/// Runs the engine off the async threads (SQLite and search block briefly)
/// and sends what it returns. A failed send is logged, not retried.
async fn handle_and_send(bot: &TgBot, engine: Arc<Engine>, inb: Inbound) {
    let replies = tokio::task::spawn_blocking(move || engine.handle(inb))
        .await
        .unwrap_or_default();
    if let Err(e) = send(bot, replies).await {
        log_error(&e);
    }
}

async fn on_message(bot: TgBot, msg: Message, me: Me, engine: Arc<Engine>) -> ResponseResult<()> {
    if let Some(inb) = inbound_from_message(&msg, &me) {
        handle_and_send(&bot, engine, inb).await;
    }
    Ok(())
}

async fn on_callback(bot: TgBot, q: CallbackQuery, engine: Arc<Engine>) -> ResponseResult<()> {
    handle_and_send(&bot, engine, inbound_from_callback(&q)).await;
    Ok(())
}

fn log_error(e: &TelegramError) {
    eprintln!("mingbai: sending a reply failed: {e}");
}

/// The update handler tree (built at start-up; dptree checks its types then).
pub fn handler() -> UpdateHandler<teloxide::RequestError> {
    teloxide::dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

/// The command menu, in order; each has a `cmd-<name>` string per locale.
pub const COMMANDS: [&str; 9] = [
    "ask",
    "law",
    "topics",
    "book",
    "my_bookings",
    "help",
    "lang",
    "privacy",
    "cancel",
];

/// Registers the command menu in both languages.
pub async fn register_commands(bot: &TgBot) -> Result<(), TelegramError> {
    for lang in Lang::ALL {
        let cmds: Vec<BotCommand> = COMMANDS
            .iter()
            .map(|c| BotCommand::new(*c, tr(lang, &format!("cmd-{c}"))))
            .collect();
        let mut req = bot.set_my_commands(cmds);
        if lang != Lang::Zh {
            req = req.language_code(lang.code());
        }
        req.await?;
    }
    Ok(())
}

/// Every minute: sends due booking reminders (each at most once, recorded
/// in the database, so a restart reschedules them); every hour: purges
/// personal details past the retention period.
pub async fn background(bot: TgBot, engine: Arc<Engine>, hours: Vec<u32>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    let mut n: u64 = 0;
    loop {
        tick.tick().await;
        let e = engine.clone();
        let h = hours.clone();
        let purge = n.is_multiple_of(60);
        let replies = tokio::task::spawn_blocking(move || {
            if purge {
                e.purge();
            }
            e.due_reminders(Platform::Telegram, &h)
        })
        .await
        .unwrap_or_default();
        if let Err(err) = send(&bot, replies).await {
            log_error(&err);
        }
        n += 1;
    }
}

/// How updates arrive.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Long polling.
    Polling,
    /// A webhook server listening on `listen`, registered at `url`.
    Webhook {
        /// Address to listen on.
        listen: std::net::SocketAddr,
        /// Public URL Telegram posts to.
        url: url::Url,
    },
}

/// Runs the bot until `shutdown` completes, then stops polling, lets
/// in-flight updates finish and returns.
pub async fn serve(
    bot: TgBot,
    engine: Arc<Engine>,
    me: Me,
    mode: Mode,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), TelegramError> {
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler())
        .dependencies(teloxide::dptree::deps![engine, me])
        .default_handler(|_| async {})
        .build();
    let token = dispatcher.shutdown_token();
    tokio::spawn(async move {
        shutdown.await;
        // The dispatcher may still be starting: retry until it accepts.
        loop {
            match token.shutdown() {
                Ok(done) => {
                    done.await;
                    break;
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        }
    });
    match mode {
        Mode::Polling => dispatcher.dispatch().await,
        Mode::Webhook { listen, url } => {
            let listener = teloxide::update_listeners::webhooks::axum(
                bot,
                teloxide::update_listeners::webhooks::Options::new(listen, url),
            )
            .await
            .map_err(TelegramError::Request)?;
            dispatcher
                .dispatch_with_listener(
                    listener,
                    LoggingErrorHandler::with_custom_text("webhook error"),
                )
                .await
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        let html = render_html(
            &[Block::Text("<b>&".into()), Block::Quote("a<b".into())],
            4096,
        );
        assert_eq!(
            html,
            vec!["&lt;b&gt;&amp;\n<blockquote>a&lt;b</blockquote>".to_string()]
        );
    }

    #[test]
    fn long_text_is_split_under_the_limit() {
        let long = "很长的一句话。".repeat(1500);
        let blocks = vec![
            Block::Heading("标题".into()),
            Block::Quote(long.clone()),
            Block::Note("注".into()),
        ];
        let msgs = render_html(&blocks, MAX_MESSAGE_CHARS);
        assert!(msgs.len() > 2);
        for m in &msgs {
            assert!(
                m.chars().count() <= MAX_MESSAGE_CHARS,
                "{}",
                m.chars().count()
            );
        }
        // Nothing is lost.
        let joined: String = msgs
            .concat()
            .replace("<blockquote>", "")
            .replace("</blockquote>", "");
        assert_eq!(joined.matches("很长的一句话。").count(), 1500);
        // Even markup-heavy text stays under the limit once escaped.
        let msgs = render_html(&[Block::Text("<&>".repeat(3000))], MAX_MESSAGE_CHARS);
        assert!(msgs.iter().all(|m| m.chars().count() <= MAX_MESSAGE_CHARS));
    }
}
