//! The console adapter: `mingbai chat` drives the same [`Engine`] as
//! Telegram. One message a line; meta-commands start with `:`.
//!
//! ```text
//! :as 2 group        act as user 2 in the group chat (chat -1)
//! :as 1 private      back to user 1's private chat
//! :mention 问题       a group message that mentions the bot
//! :reply 问题         a group message that replies to the bot
//! :fwd 问题           a message forwarded into the private chat
//! :press 2  (or :2)  press button 2 of the last reply
//! :help  :quit
//! ```

use std::io::{BufRead, Write};

use crate::engine::{
    Block, Button, ChatKind, Content, ConvKey, Engine, Forwarded, Inbound, Platform, Reply, Sender,
    parse_command,
};

/// The group chat id used by `:as N group`.
pub const CONSOLE_GROUP: i64 = -1;

/// The console session: who is speaking where, and the last buttons.
pub struct Console<'a> {
    engine: &'a Engine,
    user: i64,
    kind: ChatKind,
    buttons: Vec<Button>,
    next_message: i64,
}

impl<'a> Console<'a> {
    /// A console as user 1 in a private chat.
    pub fn new(engine: &'a Engine) -> Self {
        Console {
            engine,
            user: 1,
            kind: ChatKind::Private,
            buttons: Vec::new(),
            next_message: 1,
        }
    }

    fn inbound(&mut self, content: Content) -> Inbound {
        self.next_message += 1;
        Inbound {
            key: ConvKey {
                platform: Platform::Console,
                chat: match self.kind {
                    ChatKind::Private => self.user,
                    ChatKind::Group => CONSOLE_GROUP,
                },
                user: self.user,
            },
            chat_kind: self.kind,
            sender: Sender {
                id: self.user,
                name: format!("user {}", self.user),
                lang_code: None,
            },
            content,
            message_id: Some(self.next_message),
            forwarded: None,
            mentions_bot: false,
            replies_to_bot: false,
        }
    }

    /// Handles one input line; returns the text to print, or `None` to quit.
    pub fn line(&mut self, line: &str) -> Option<String> {
        let line = line.trim_end_matches(['\r', '\n']);
        if let Some(meta) = line.strip_prefix(':') {
            return self.meta(meta.trim());
        }
        let content = match parse_command(line, &self.engine.config.bot_username) {
            Some(c) if !c.for_us => return Some(String::new()),
            Some(c) => Content::Command {
                name: c.name,
                args: c.args,
            },
            None => Content::Text(line.to_string()),
        };
        let inb = self.inbound(content);
        Some(self.send(inb))
    }

    fn meta(&mut self, meta: &str) -> Option<String> {
        let (cmd, rest) = meta.split_once(' ').unwrap_or((meta, ""));
        let rest = rest.trim();
        match cmd {
            "quit" | "q" | "exit" => None,
            "help" | "h" | "?" => Some(HELP.to_string()),
            "as" => {
                let mut parts = rest.split_whitespace();
                let user = parts.next().and_then(|u| u.parse::<i64>().ok());
                let kind = match parts.next() {
                    None | Some("private") | Some("p") => Some(ChatKind::Private),
                    Some("group") | Some("g") => Some(ChatKind::Group),
                    Some(_) => None,
                };
                match (user, kind) {
                    (Some(u), Some(k)) if u > 0 => {
                        self.user = u;
                        self.kind = k;
                        Some(format!(
                            "(now user {u} in {})",
                            if k == ChatKind::Group {
                                "the group"
                            } else {
                                "a private chat"
                            }
                        ))
                    }
                    _ => Some("(usage: :as USER_ID [private|group])".into()),
                }
            }
            "mention" | "reply" | "fwd" => {
                let mut inb = self.inbound(Content::Text(rest.to_string()));
                match cmd {
                    "mention" => inb.mentions_bot = true,
                    "reply" => inb.replies_to_bot = true,
                    _ => inb.forwarded = Some(Forwarded::default()),
                }
                Some(self.send(inb))
            }
            "press" | "p" => self.press(rest),
            n if n.parse::<usize>().is_ok() => self.press(n),
            _ => Some(format!("(unknown meta-command :{cmd}; :help lists them)")),
        }
    }

    fn press(&mut self, n: &str) -> Option<String> {
        let Some(b) = n
            .parse::<usize>()
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.buttons.get(i).cloned())
        else {
            return Some("(no such button)".into());
        };
        match b {
            Button::Callback { data, .. } => {
                let inb = self.inbound(Content::Button {
                    data,
                    callback_id: "console".into(),
                });
                Some(self.send(inb))
            }
            Button::Url { url, .. } => {
                // A deep link opens the private chat with /start payload.
                let payload = url.split_once("start=").map(|(_, p)| p.to_string());
                self.kind = ChatKind::Private;
                let inb = self.inbound(Content::Command {
                    name: "start".into(),
                    args: payload.unwrap_or_default(),
                });
                Some(format!(
                    "(opened {url} in a private chat)\n{}",
                    self.send(inb)
                ))
            }
        }
    }

    fn send(&mut self, inb: Inbound) -> String {
        let replies = self.engine.handle(inb);
        let mut out = String::new();
        let mut buttons = Vec::new();
        for r in &replies {
            match r {
                Reply::Ack { text: Some(t), .. } => out.push_str(&format!("({t})\n")),
                Reply::Ack { text: None, .. } => {}
                Reply::Message {
                    blocks,
                    buttons: rows,
                    ..
                } => {
                    out.push_str(&render_plain(blocks));
                    for b in rows.iter().flatten() {
                        buttons.push(b.clone());
                        out.push_str(&format!("[{}] {}  ", buttons.len(), b.label()));
                    }
                    if !rows.is_empty() {
                        out.push('\n');
                    }
                    out.push('\n');
                }
            }
        }
        if !buttons.is_empty() {
            self.buttons = buttons;
        }
        if replies.is_empty() {
            out.push_str("(no reply)\n");
        }
        out
    }
}

/// Blocks as plain text.
pub fn render_plain(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(t) => out.push_str(&format!("▌{t}\n")),
            Block::Quote(t) => {
                for l in t.lines() {
                    out.push_str(&format!("  {l}\n"));
                }
            }
            Block::Text(t) | Block::Note(t) => {
                out.push_str(t);
                out.push('\n');
            }
        }
    }
    out
}

const HELP: &str = ":as USER [private|group]  switch user and chat
:mention TEXT  group message mentioning the bot
:reply TEXT    group message replying to the bot
:fwd TEXT      forwarded message (a volunteer relaying)
:press N, :N   press button N
:quit";

/// Runs the console loop over stdin/stdout. Prompts only on a terminal.
pub fn run(
    engine: &Engine,
    input: impl BufRead,
    mut output: impl Write,
    interactive: bool,
) -> std::io::Result<()> {
    let mut console = Console::new(engine);
    if interactive {
        writeln!(
            output,
            "明白 mingbai — 请输入问题；:help 查看控制命令，:quit 退出"
        )?;
        write!(output, "> ")?;
        output.flush()?;
    }
    for line in input.lines() {
        let line = line?;
        match console.line(&line) {
            None => break,
            Some(text) => write!(output, "{text}")?,
        }
        if interactive {
            write!(output, "> ")?;
            output.flush()?;
        }
    }
    Ok(())
}
