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
    /// A step of the booking form.
    Form(Form),
    /// An adviser confirms a booking.
    Confirm(i64),
    /// An adviser declines a booking: without a reason, the reasons are shown.
    Decline(i64, Option<u8>),
    /// An adviser records the outcome (index into `Outcome::ALL`).
    Done(i64, u8),
    /// The villager did not come.
    NoShow(i64),
    /// Cancel one's own booking.
    Cancel(i64),
    /// After a decline: book the same request at another slot.
    Rebook(i64, i64),
}

/// Buttons of the booking form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Consultation (0) or mediation request (1).
    Kind(u8),
    /// Topic (index into the topic list).
    Topic(u16),
    /// Village id.
    Village(i64),
    /// Adviser id.
    Adviser(i64),
    /// Slot start (Unix seconds).
    Slot(i64),
    /// No phone number.
    SkipPhone,
    /// Consent given or refused.
    Consent(bool),
    /// Book it.
    Submit,
    /// One step back.
    Back,
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
            Callback::Form(f) => match f {
                Form::Kind(k) => format!("k:k:{k}"),
                Form::Topic(t) => format!("k:t:{t}"),
                Form::Village(v) => format!("k:v:{v}"),
                Form::Adviser(a) => format!("k:a:{a}"),
                Form::Slot(s) => format!("k:s:{s}"),
                Form::SkipPhone => "k:p".into(),
                Form::Consent(c) => format!("k:c:{}", u8::from(c)),
                Form::Submit => "k:ok".into(),
                Form::Back => "k:bk".into(),
            },
            Callback::Confirm(b) => format!("ac:{b}"),
            Callback::Decline(b, None) => format!("ad:{b}"),
            Callback::Decline(b, Some(r)) => format!("ad:{b}:{r}"),
            Callback::Done(b, o) => format!("ao:{b}:{o}"),
            Callback::NoShow(b) => format!("an:{b}"),
            Callback::Cancel(b) => format!("x:{b}"),
            Callback::Rebook(b, t) => format!("r:{b}:{t}"),
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
        let id = |s: &str| num(s).and_then(|n| i64::try_from(n).ok());
        let small = |s: &str| num(s).and_then(|n| u8::try_from(n).ok());
        match data {
            "k:p" => return Some(Callback::Form(Form::SkipPhone)),
            "k:ok" => return Some(Callback::Form(Form::Submit)),
            "k:bk" => return Some(Callback::Form(Form::Back)),
            _ => {}
        }
        let parts: Vec<&str> = data.split(':').collect();
        match parts[..] {
            ["k", "k", k] => {
                return small(k)
                    .filter(|k| *k <= 1)
                    .map(|k| Callback::Form(Form::Kind(k)));
            }
            ["k", "t", t] => {
                return num(t)
                    .and_then(|t| u16::try_from(t).ok())
                    .map(|t| Callback::Form(Form::Topic(t)));
            }
            ["k", "v", v] => return id(v).map(|v| Callback::Form(Form::Village(v))),
            ["k", "a", a] => return id(a).map(|a| Callback::Form(Form::Adviser(a))),
            ["k", "s", s] => return id(s).map(|s| Callback::Form(Form::Slot(s))),
            ["k", "c", c] => {
                return match c {
                    "1" => Some(Callback::Form(Form::Consent(true))),
                    "0" => Some(Callback::Form(Form::Consent(false))),
                    _ => None,
                };
            }
            ["k", ..] => return None,
            ["ac", b] => return id(b).map(Callback::Confirm),
            ["ad", b] => return id(b).map(|b| Callback::Decline(b, None)),
            ["ad", b, r] => return Some(Callback::Decline(id(b)?, Some(small(r)?))),
            ["ao", b, o] => return Some(Callback::Done(id(b)?, small(o)?)),
            ["an", b] => return id(b).map(Callback::NoShow),
            ["x", b] => return id(b).map(Callback::Cancel),
            ["r", b, t] => return Some(Callback::Rebook(id(b)?, id(t)?)),
            ["ac" | "ad" | "ao" | "an" | "x" | "r", ..] => return None,
            _ => {}
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
            Callback::Form(Form::Kind(1)),
            Callback::Form(Form::Topic(3)),
            Callback::Form(Form::Village(12)),
            Callback::Form(Form::Adviser(2)),
            Callback::Form(Form::Slot(1_795_759_200)),
            Callback::Form(Form::SkipPhone),
            Callback::Form(Form::Consent(true)),
            Callback::Form(Form::Consent(false)),
            Callback::Form(Form::Submit),
            Callback::Form(Form::Back),
            Callback::Confirm(7),
            Callback::Decline(7, None),
            Callback::Decline(7, Some(2)),
            Callback::Done(7, 4),
            Callback::NoShow(7),
            Callback::Cancel(7),
            Callback::Rebook(7, 1_795_759_200),
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
