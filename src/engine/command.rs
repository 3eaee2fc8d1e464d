//! Reading a command from message text: `/ask 问题`, `/ask@mingbai_bot 问题`.

/// A command found at the start of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCommand {
    /// Lower-case name without the slash.
    pub name: String,
    /// Everything after the name (trimmed).
    pub args: String,
    /// False when the command names another bot (`/ask@other_bot`).
    pub for_us: bool,
}

/// Parses `text` if it starts with `/`. `bot` is this bot's username.
pub fn parse_command(text: &str, bot: &str) -> Option<ParsedCommand> {
    let t = text.trim_start();
    let rest = t.strip_prefix('/')?;
    let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let (head, args) = rest.split_at(end);
    let (name, target) = match head.split_once('@') {
        Some((n, b)) => (n, Some(b)),
        None => (head, None),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some(ParsedCommand {
        name: name.to_ascii_lowercase(),
        args: args.trim().to_string(),
        for_us: target.is_none_or(|b| b.eq_ignore_ascii_case(bot)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commands() {
        let c = parse_command("/ask 包工头拖欠工钱", "mingbai_bot").unwrap();
        assert_eq!(
            (c.name.as_str(), c.args.as_str(), c.for_us),
            ("ask", "包工头拖欠工钱", true)
        );
        let c = parse_command("/ASK@Mingbai_Bot  问题 ", "mingbai_bot").unwrap();
        assert_eq!(
            (c.name.as_str(), c.args.as_str(), c.for_us),
            ("ask", "问题", true)
        );
        let c = parse_command("/ask@other_bot x", "mingbai_bot").unwrap();
        assert!(!c.for_us);
        assert_eq!(parse_command("/start\nq123", "b").unwrap().args, "q123");
    }

    #[test]
    fn malformed_commands_are_not_commands() {
        for t in ["/", "/ ", "//x", "/问题", "hello /ask", "/a-b"] {
            assert_eq!(parse_command(t, "b"), None, "{t}");
        }
    }
}
