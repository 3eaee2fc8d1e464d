//! Checks on raw input before it becomes a question: empty, emoji-only, and
//! personal numbers (mainland ID-card and mobile numbers) in group chats.

use std::sync::LazyLock;

use regex::Regex;

/// Digits with the separators people put inside numbers removed, so
/// `138 1234 5678` and `138-1234-5678` are seen as one number.
fn squeeze(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let sep = matches!(c, ' ' | '-' | '\u{3000}');
        let between_digits = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_ascii_digit()
            && (chars[i + 1].is_ascii_digit() || chars[i + 1] == 'X' || chars[i + 1] == 'x');
        if sep && between_digits {
            continue;
        }
        out.push(match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        });
    }
    out
}

static ID_CARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])([1-9][0-9]{16}[0-9Xx])(?:[^0-9]|$)").expect("regex")
});
static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:\+?86)?1[3-9][0-9]{9})(?:[^0-9]|$)").expect("regex")
});

/// Whether the text holds what looks like a mainland ID-card or mobile number.
pub fn contains_personal_number(text: &str) -> bool {
    let s = squeeze(text);
    ID_CARD.is_match(&s) || MOBILE.is_match(&s)
}

/// The text with such numbers replaced by `[已隐去]`.
pub fn redact_personal_numbers(text: &str) -> String {
    let s = squeeze(text);
    let s = ID_CARD.replace_all(&s, |c: &regex::Captures| c[0].replace(&c[1], "[已隐去]"));
    let s = MOBILE.replace_all(&s, |c: &regex::Captures| c[0].replace(&c[1], "[已隐去]"));
    s.into_owned()
}

/// Whether the text has nothing to read: no letter, digit or Han character
/// (emoji, punctuation, symbols only).
pub fn has_no_words(text: &str) -> bool {
    !text.chars().any(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_numbers_in_the_forms_people_write_them() {
        for t in [
            "我的身份证号是53010219800101123X，帮我看看",
            "电话13812345678",
            "电话 138 1234 5678 找我",
            "电话138-1234-5678",
            "+8613812345678",
            "手机：１３８１２３４５６７８",
        ] {
            assert!(contains_personal_number(t), "{t}");
            let r = redact_personal_numbers(t);
            assert!(
                !r.contains("13812345678") && !r.contains("53010219800101123X"),
                "{r}"
            );
            assert!(r.contains("[已隐去]"), "{r}");
        }
    }

    #[test]
    fn ordinary_numbers_are_not_personal() {
        for t in [
            "欠了8000块",
            "民法典第1079条",
            "2023年5月",
            "一亩800元，三十年",
            "12348热线",
        ] {
            assert!(!contains_personal_number(t), "{t}");
        }
    }

    #[test]
    fn emoji_only_has_no_words() {
        assert!(has_no_words("😀😀👍"));
        assert!(has_no_words("？？！！"));
        assert!(!has_no_words("离婚😀"));
        assert!(!has_no_words("ok"));
    }
}
