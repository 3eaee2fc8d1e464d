//! What the engine takes in and gives back. Platform-neutral: the Telegram
//! and console adapters translate to and from these.

use serde::{Deserialize, Serialize};

/// Which platform a conversation is on (part of every key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Platform {
    /// Telegram.
    Telegram,
    /// The local console.
    Console,
}

impl Platform {
    /// Stable name used in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Telegram => "telegram",
            Platform::Console => "console",
        }
    }
}

/// A conversation: one user in one chat. Never the chat alone: in a group
/// that would mix people up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConvKey {
    /// Platform.
    pub platform: Platform,
    /// Chat id (negative for Telegram groups).
    pub chat: i64,
    /// User id.
    pub user: i64,
}

/// Private chat with the bot, or a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    /// One-to-one chat with the bot.
    Private,
    /// A group or supergroup.
    Group,
}

impl ChatKind {
    /// Name used in the question log.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Private => "private",
            ChatKind::Group => "group",
        }
    }
}

/// Who sent the update.
#[derive(Debug, Clone, Default)]
pub struct Sender {
    /// Platform user id.
    pub id: i64,
    /// Display name (not stored).
    pub name: String,
    /// Client language code, e.g. `zh-hans`, `en`.
    pub lang_code: Option<String>,
}

/// What the update carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Plain text (mention of the bot already removed by the adapter).
    Text(String),
    /// A command addressed to this bot: name without the slash, and the rest.
    Command {
        /// Lower-case name (`ask`, `law` …).
        name: String,
        /// Everything after the command.
        args: String,
    },
    /// A pressed button: its opaque data and the platform's callback id.
    Button {
        /// Callback data as sent by the client (untrusted).
        data: String,
        /// Id to acknowledge the press with.
        callback_id: String,
    },
    /// The group became a supergroup with this new chat id.
    MigratedTo(i64),
    /// Something we cannot read (photo, sticker, voice …).
    Unsupported,
}

/// A forwarded message's origin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forwarded {
    /// The origin's display name, when the platform reveals it.
    pub origin_name: Option<String>,
}

/// One incoming update.
#[derive(Debug, Clone)]
pub struct Inbound {
    /// The conversation.
    pub key: ConvKey,
    /// Private or group.
    pub chat_kind: ChatKind,
    /// The sender.
    pub sender: Sender,
    /// The content.
    pub content: Content,
    /// The message id, for replying to it.
    pub message_id: Option<i64>,
    /// Set when the message was forwarded.
    pub forwarded: Option<Forwarded>,
    /// The message mentions the bot.
    pub mentions_bot: bool,
    /// The message replies to one of the bot's messages.
    pub replies_to_bot: bool,
}

impl Inbound {
    /// A text message in a private chat (tests, console).
    pub fn private_text(platform: Platform, user: i64, text: &str) -> Self {
        Inbound {
            key: ConvKey {
                platform,
                chat: user,
                user,
            },
            chat_kind: ChatKind::Private,
            sender: Sender {
                id: user,
                ..Default::default()
            },
            content: Content::Text(text.to_string()),
            message_id: None,
            forwarded: None,
            mentions_bot: false,
            replies_to_bot: false,
        }
    }
}

/// A piece of reply text. Adapters choose the formatting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// Ordinary text.
    Text(String),
    /// A heading line (bold on Telegram).
    Heading(String),
    /// Quoted statute text (a block quote on Telegram).
    Quote(String),
    /// A small note (italic on Telegram).
    Note(String),
}

impl Block {
    /// The raw text.
    pub fn text(&self) -> &str {
        match self {
            Block::Text(s) | Block::Heading(s) | Block::Quote(s) | Block::Note(s) => s,
        }
    }
}

/// A button under a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Button {
    /// Sends `data` back to the engine when pressed.
    Callback {
        /// Label.
        label: String,
        /// Opaque data (at most 64 bytes).
        data: String,
    },
    /// Opens a link (deep links into a private chat).
    Url {
        /// Label.
        label: String,
        /// Address.
        url: String,
    },
}

impl Button {
    /// The label.
    pub fn label(&self) -> &str {
        match self {
            Button::Callback { label, .. } | Button::Url { label, .. } => label,
        }
    }
}

/// One thing to send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Reply {
    /// A message.
    Message {
        /// Target chat.
        chat: i64,
        /// Message to reply to.
        reply_to: Option<i64>,
        /// Text blocks, in order.
        blocks: Vec<Block>,
        /// Button rows.
        buttons: Vec<Vec<Button>>,
    },
    /// Acknowledges a button press, with an optional short notice.
    Ack {
        /// The callback id.
        callback_id: String,
        /// Short notice shown by the client.
        text: Option<String>,
    },
}

impl Reply {
    /// All text of a message reply (tests, console).
    pub fn text(&self) -> String {
        match self {
            Reply::Message { blocks, .. } => blocks
                .iter()
                .map(Block::text)
                .collect::<Vec<_>>()
                .join("\n"),
            Reply::Ack { text, .. } => text.clone().unwrap_or_default(),
        }
    }

    /// Every button of a message reply.
    pub fn buttons(&self) -> Vec<&Button> {
        match self {
            Reply::Message { buttons, .. } => buttons.iter().flatten().collect(),
            Reply::Ack { .. } => Vec::new(),
        }
    }
}
