//! Chinese numerals as they appear in article numbers (第一千零七十九条).

/// Parses a Chinese or Arabic numeral: `一千零七十九`, `二十一`, `十`, `两百`,
/// `〇`, `1079`, full-width `１０７９`. Returns `None` for anything else,
/// including empty input and values that would overflow.
pub fn parse(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        let ascii: String = s
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                c => c,
            })
            .collect();
        return ascii.parse().ok();
    }
    let mut total: u64 = 0; // completed groups (above 万)
    let mut section: u64 = 0; // value below the current 万 group
    let mut digit: Option<u64> = None;
    // A run of bare digits (一〇七九) is read positionally.
    if s.chars().all(|c| digit_value(c).is_some()) && s.chars().count() > 1 {
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)? + digit_value(c)?;
        }
        return u32::try_from(v).ok();
    }
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            if digit.is_some() && d != 0 {
                return None; // two digits in a row without a unit: 一二百
            }
            digit = if d == 0 { digit.or(None) } else { Some(d) };
            continue;
        }
        let unit = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' | '萬' => 10_000,
            _ => return None,
        };
        if unit == 10_000 {
            section += digit.take().unwrap_or(0);
            if section == 0 {
                return None;
            }
            total += section * unit;
            section = 0;
        } else {
            // 十 alone means 一十.
            let d = digit.take().unwrap_or(if unit == 10 { 1 } else { 0 });
            if d == 0 {
                return None;
            }
            section += d * unit;
        }
    }
    section += digit.unwrap_or(0);
    u32::try_from(total + section).ok()
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' | '○' | 'Ｏ' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Writes a number the way statutes do: 1079 → 一千零七十九, 10 → 十, 110 → 一百一十.
pub fn format(n: u32) -> String {
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        let (high, low) = (n / 10_000, n % 10_000);
        let mut s = format(high) + "万";
        if low > 0 {
            if low < 1000 {
                s.push('零');
            }
            s += &format_below_10k(low, true);
        }
        return s;
    }
    format_below_10k(n, false)
}

fn format_below_10k(n: u32, inner: bool) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [(u32, &str); 4] = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut out = String::new();
    let mut pending_zero = false;
    let mut started = false;
    for (unit, name) in UNITS {
        let d = (n / unit) % 10;
        if d == 0 {
            if started {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十五 rather than 一十五 at the very start of a number.
        if unit != 10 || d != 1 || started || inner {
            out.push_str(DIGITS[d as usize]);
        }
        out.push_str(name);
        started = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_numerals_statutes_use() {
        for (s, n) in [
            ("十", 10),
            ("二十一", 21),
            ("一百零五", 105),
            ("一千零七十九", 1079),
            ("两百", 200),
            ("〇", 0),
            ("零", 0),
            ("一百一十", 110),
            ("一百十", 110),
            ("一千二百六十", 1260),
            ("十五", 15),
            ("五十", 50),
            ("一千", 1000),
            ("一千零一", 1001),
            ("一万零一", 10001),
            ("1079", 1079),
            ("１０７９", 1079),
            (" 二十 ", 20),
            ("一〇七九", 1079),
        ] {
            assert_eq!(parse(s), Some(n), "{s}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_numeral() {
        for s in ["", "abc", "第", "条", "一二百", "十条", "99999999999"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn formats_like_the_statutes() {
        for (n, s) in [
            (1, "一"),
            (10, "十"),
            (15, "十五"),
            (21, "二十一"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1079, "一千零七十九"),
            (1260, "一千二百六十"),
            (1001, "一千零一"),
            (2000, "二千"),
        ] {
            assert_eq!(format(n), s, "{n}");
        }
    }

    #[test]
    fn format_and_parse_round_trip() {
        for n in 0..=3000 {
            assert_eq!(parse(&format(n)), Some(n), "{n} = {}", format(n));
        }
    }
}
