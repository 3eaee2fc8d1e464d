//! Reading what people type for bookings: weekdays, hours, dates, names and
//! phone numbers; and writing slot times the way people read them.

use jiff::Timestamp;
use jiff::civil::Date;

use super::store::{Rule, tz};

/// 周二 / 星期二 / 礼拜二 / Tue / Tuesday / 2 → 2 (Monday = 1).
pub fn weekday(s: &str) -> Option<u8> {
    let s = s.trim().to_lowercase();
    let tail = s
        .strip_prefix("周")
        .or_else(|| s.strip_prefix("星期"))
        .or_else(|| s.strip_prefix("礼拜"))
        .unwrap_or(&s);
    let zh = ["一", "二", "三", "四", "五", "六", "日"];
    if let Some(i) = zh.iter().position(|d| *d == tail) {
        return Some(i as u8 + 1);
    }
    if tail == "天" || tail == "七" {
        return Some(7);
    }
    let en = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    if let Some(i) = en.iter().position(|d| tail.starts_with(d)) {
        return Some(i as u8 + 1);
    }
    tail.parse::<u8>().ok().filter(|d| (1..=7).contains(d))
}

/// 14:00 / 14：00 / 9:30 → minutes after midnight.
pub fn clock(s: &str) -> Option<u32> {
    let s = s.trim().replace('：', ":");
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 1440).then_some(h * 60 + m)
}

/// `/availability 周二 14:00-17:00 30` → a rule. The slot length defaults
/// to 30 minutes.
pub fn availability(args: &str) -> Option<Rule> {
    let mut parts = args.split_whitespace();
    let weekday = weekday(parts.next()?)?;
    let range = parts.next()?.replace(['－', '—', '~', '～', '至'], "-");
    let (a, b) = range.split_once('-')?;
    let (start_min, end_min) = (clock(a)?, clock(b)?);
    let slot_minutes = match parts.next() {
        None => 30,
        Some(m) => m
            .trim_end_matches("分钟")
            .trim_end_matches("min")
            .parse()
            .ok()?,
    };
    if parts.next().is_some() || end_min <= start_min || !(5..=480).contains(&slot_minutes) {
        return None;
    }
    if slot_minutes > end_min - start_min {
        return None;
    }
    Some(Rule {
        weekday,
        start_min,
        end_min,
        slot_minutes,
    })
}

/// 2026-12-01 / 2026年12月1日 / 12月1日 / 12-01 (this year, or next year
/// when that date has passed) → a date.
pub fn date(s: &str, today: Date) -> Option<Date> {
    let s = s
        .trim()
        .replace(['年', '月', '/', '.'], "-")
        .replace(['日', '号'], "");
    let parts: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).collect();
    let nums: Vec<i16> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match nums[..] {
        [y, m, d] => Date::new(y, m as i8, d as i8).ok(),
        [m, d] => {
            let this = Date::new(today.year(), m as i8, d as i8).ok()?;
            if this < today {
                Date::new(today.year() + 1, m as i8, d as i8).ok()
            } else {
                Some(this)
            }
        }
        _ => None,
    }
}

/// A mainland mobile or landline number, normalised to digits (and a
/// leading +86 removed). `None` if it does not look like one.
pub fn phone(s: &str) -> Option<String> {
    let digits: String = s
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            ' ' | '-' | '(' | ')' | '（' | '）' | '+' | '\u{3000}' => None,
            _ => Some('x'),
        })
        .collect();
    if digits.contains('x') {
        return None;
    }
    let d = digits
        .strip_prefix("86")
        .filter(|r| r.len() == 11)
        .unwrap_or(&digits);
    let mobile = d.len() == 11 && d.starts_with('1') && matches!(d.as_bytes()[1], b'3'..=b'9');
    let landline = d.starts_with('0') && (10..=12).contains(&d.len());
    (mobile || landline).then(|| d.to_string())
}

/// A villager's name: 1–30 characters, with at least one letter or Han
/// character, and no digits (a phone number in the name field is a slip).
pub fn name(s: &str) -> Option<String> {
    let t = s.trim();
    let n = t.chars().count();
    if n == 0 || n > 30 {
        return None;
    }
    if !t.chars().any(|c| c.is_alphabetic()) || t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if t.chars().any(|c| c.is_control()) {
        return None;
    }
    Some(t.to_string())
}

/// 11月27日 周四 14:00 (Chinese) or Thu 27 Nov 14:00 (English).
pub fn slot_label(ts: i64, english: bool) -> String {
    let Ok(t) = Timestamp::from_second(ts) else {
        return ts.to_string();
    };
    let z = t.to_zoned(tz());
    let wd = z.date().weekday().to_monday_one_offset() as usize - 1;
    if english {
        const WD: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MO: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!(
            "{} {} {} {:02}:{:02}",
            WD[wd],
            z.day(),
            MO[z.month() as usize - 1],
            z.hour(),
            z.minute()
        )
    } else {
        const WD: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        format!(
            "{}月{}日 {} {:02}:{:02}",
            z.month(),
            z.day(),
            WD[wd],
            z.hour(),
            z.minute()
        )
    }
}

/// The weekday name for a rule.
pub fn weekday_name(d: u8, english: bool) -> &'static str {
    let i = (d.clamp(1, 7) - 1) as usize;
    if english {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i]
    } else {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i]
    }
}

/// 14:00 from minutes.
pub fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_in_the_forms_people_use() {
        for (s, d) in [
            ("周二", 2),
            ("星期二", 2),
            ("礼拜天", 7),
            ("周日", 7),
            ("Tue", 2),
            ("tuesday", 2),
            ("5", 5),
        ] {
            assert_eq!(weekday(s), Some(d), "{s}");
        }
        for s in ["周八", "", "0", "8", "周"] {
            assert_eq!(weekday(s), None, "{s}");
        }
    }

    #[test]
    fn availability_commands() {
        assert_eq!(
            availability("周二 14:00-17:00 30"),
            Some(Rule {
                weekday: 2,
                start_min: 840,
                end_min: 1020,
                slot_minutes: 30
            })
        );
        assert_eq!(
            availability("星期五 9：00～11：30").unwrap().slot_minutes,
            30
        );
        for bad in [
            "",
            "周二",
            "周二 17:00-14:00",
            "周二 14:00-17:00 0",
            "周二 25:00-26:00",
            "周二 14:00-14:20 30",
            "周二 14:00-17:00 30 x",
            "周二 14-17",
        ] {
            assert_eq!(availability(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates() {
        let today = Date::new(2026, 11, 26).unwrap();
        assert_eq!(date("2026-12-01", today), Date::new(2026, 12, 1).ok());
        assert_eq!(date("12月1日", today), Date::new(2026, 12, 1).ok());
        assert_eq!(date("1月5号", today), Date::new(2027, 1, 5).ok());
        assert_eq!(date("2026年2月30日", today), None);
        assert_eq!(date("明天", today), None);
    }

    #[test]
    fn phone_numbers_in_odd_formats() {
        for (s, p) in [
            ("13812345678", "13812345678"),
            ("138 1234 5678", "13812345678"),
            ("138-1234-5678", "13812345678"),
            ("+86 138 1234 5678", "13812345678"),
            ("１３８１２３４５６７８", "13812345678"),
            ("0871-6512 3456", "087165123456"),
            ("(0871)65123456", "087165123456"),
        ] {
            assert_eq!(phone(s).as_deref(), Some(p), "{s}");
        }
        for s in [
            "12345",
            "1381234567",
            "23812345678",
            "abc",
            "138123456789",
            "'; DROP TABLE bookings; --",
            "😀",
        ] {
            assert_eq!(phone(s), None, "{s}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(name(" 张三 ").as_deref(), Some("张三"));
        assert_eq!(
            name("O'Brien'); DROP TABLE x;--").as_deref(),
            Some("O'Brien'); DROP TABLE x;--")
        );
        for bad in ["", "😀😀", "13812345678", &"长".repeat(31), "张三\u{0}"] {
            assert_eq!(name(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn slot_labels_are_in_shanghai_time() {
        // 2026-11-27 06:00 UTC is 14:00 in Shanghai, a Friday.
        let ts = jiff::Timestamp::from_second(1_795_759_200).unwrap();
        assert_eq!(ts.to_zoned(tz()).hour(), 14);
        let l = slot_label(1_795_759_200, false);
        assert!(l.ends_with("14:00"), "{l}");
    }
}
