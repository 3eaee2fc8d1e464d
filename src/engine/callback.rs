//! Button data: a small, strictly parsed format that fits Telegram's 64
//! bytes. Anything that does not parse is treated as forged or stale.

use crate::i18n::Lang;

/// What a button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// Show an article in full (article index).
    Full(u32),
    /// Feedback on a logged question: useful or not.
    Useful(i64, bool),
    /// Book the legal adviser about a logged question.
    Book(i64),
    /// Switch language.
    Lang(Lang),
    /// Browse a topic (index into the topic list).
    Topic(u16),
    /// Show an FAQ entry (index into the entries).
    Faq(u16),
    /// Back to the topic list.
    Topics,
}

impl Callback {
    /// The data string.
    pub fn encode(self) -> String {
        match self {
            Callback::Full(a) => format!("f:{a}"),
            Callback::Useful(q, up) => format!("u:{q}:{}", u8::from(up)),
            Callback::Book(q) => format!("b:{q}"),
            Callback::Lang(l) => format!("l:{}", l.code()),
            Callback::Topic(t) => format!("t:{t}"),
            Callback::Faq(e) => format!("e:{e}"),
            Callback::Topics => "T".into(),
        }
    }

    /// Parses data from a client. `None` for anything malformed.
    pub fn decode(data: &str) -> Option<Callback> {
        if data.len() > 64 {
            return None;
        }
        let num = |s: &str| -> Option<u64> {
            (!s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        if data == "T" {
            return Some(Callback::Topics);
        }
        let (kind, rest) = data.split_once(':')?;
        Some(match kind {
            "f" => Callback::Full(u32::try_from(num(rest)?).ok()?),
            "u" => {
                let (q, v) = rest.split_once(':')?;
                let up = match v {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                };
                Callback::Useful(i64::try_from(num(q)?).ok()?, up)
            }
            "b" => Callback::Book(i64::try_from(num(rest)?).ok()?),
            "l" => Callback::Lang(match rest {
                "zh-CN" => Lang::Zh,
                "en" => Lang::En,
                _ => return None,
            }),
            "t" => Callback::Topic(u16::try_from(num(rest)?).ok()?),
            "e" => Callback::Faq(u16::try_from(num(rest)?).ok()?),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_fits_telegram() {
        for c in [
            Callback::Full(26195),
            Callback::Useful(i64::MAX, true),
            Callback::Useful(3, false),
            Callback::Book(99),
            Callback::Lang(Lang::En),
            Callback::Lang(Lang::Zh),
            Callback::Topic(18),
            Callback::Faq(113),
            Callback::Topics,
        ] {
            let d = c.encode();
            assert!(d.len() <= 64);
            assert_eq!(Callback::decode(&d), Some(c), "{d}");
        }
    }

    #[test]
    fn forged_data_does_not_parse() {
        for d in [
            "",
            "x",
            "f:",
            "f:-1",
            "f:abc",
            "f:99999999999",
            "u:1",
            "u:1:2",
            "u::1",
            "l:fr",
            "b:1;DROP TABLE",
            "t:70000",
            "e:1:2",
            "f:1 ",
            "😀",
            &"f:1".repeat(30),
        ] {
            assert_eq!(Callback::decode(d), None, "{d}");
        }
    }
}
