//! Ages as people say them (娃娃才两岁半, 我儿子16岁, 七十多岁的老人) → the
//! statute's age categories (未成年人, 无民事行为能力人, 十四周岁, 未成年工,
//! 老年人). Statutes never say "16岁"; they name the band an age falls in,
//! and that band decides the rule (capacity, criminal responsibility, child
//! labour, custody, elderly support). Every category word occurs in current
//! statute text (checked by a test against the real corpus).

use std::sync::LazyLock;

use regex::Regex;

/// A number of years before 岁/周岁; 多/来 (七十多岁) still counts as that
/// number. 几 (十几岁) is not a number, nor is a range (十二三岁): both are
/// left alone.
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{1,3}|[零〇一二两三四五六七八九十]{1,4})(?:多|来)?周?岁")
        .expect("valid regex")
});

/// Oldest age read as a person's age (larger numbers are something else).
const MAX_AGE: u32 = 120;

/// Each age said in `question` (already [`crate::refs::normalise`]d), with
/// the statute's words for its band: (what was said, category words).
/// Adults between 18 and 59 have no band of their own and give nothing.
pub fn categories(question: &str) -> Vec<(String, Vec<&'static str>)> {
    let mut out = Vec::new();
    for m in AGE.captures_iter(question) {
        // 2023岁 is not 23 years: the number must start where the digits do.
        let start = m.get(0).map_or(0, |g| g.start());
        if question[..start].ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Some(age) = crate::numerals::parse(&m[1]).filter(|a| *a <= MAX_AGE) else {
            continue;
        };
        let words = band(age);
        if !words.is_empty() {
            out.push((m[0].to_string(), words));
        }
    }
    out
}

/// Every word any band adds, each once (for the test that they are statute
/// words jieba keeps whole).
pub fn band_words() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = Vec::new();
    for age in 0..=MAX_AGE {
        for w in band(age) {
            if !all.contains(&w) {
                all.push(w);
            }
        }
    }
    all
}

/// The statute words for one age: words jieba keeps whole, so each is one
/// search term (不满八周岁 would fall apart into 不满, 八, 周岁).
fn band(age: u32) -> Vec<&'static str> {
    match age {
        0..=1 => vec!["未成年人", "无民事行为能力人", "两周岁"],
        2..=7 => vec!["未成年人", "无民事行为能力人"],
        8..=11 => vec!["未成年人", "限制民事行为能力人", "童工"],
        12..=13 => vec!["未成年人", "限制民事行为能力人", "十四周岁", "童工"],
        14..=15 => vec![
            "未成年人",
            "限制民事行为能力人",
            "十四周岁",
            "十六周岁",
            "童工",
        ],
        16..=17 => vec![
            "未成年人",
            "限制民事行为能力人",
            "十六周岁",
            "十八周岁",
            "未成年工",
        ],
        60.. => vec!["老年人"],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &str) -> Vec<&'static str> {
        categories(q).into_iter().flat_map(|(_, w)| w).collect()
    }

    #[test]
    fn digits_and_chinese_numerals_name_the_band() {
        assert!(words("我儿子16岁被派出所抓了").contains(&"未成年工"));
        assert!(words("我儿子16岁被派出所抓了").contains(&"未成年人"));
        assert!(words("姑娘才十四岁想去打工").contains(&"十四周岁"));
        assert!(words("姑娘才十四岁想去打工").contains(&"童工"));
        assert!(words("娃娃才两岁半，法院判给哪个").contains(&"无民事行为能力人"));
        assert!(words("娃娃才一岁").contains(&"两周岁"));
        assert!(words("七十多岁的老人没人管").contains(&"老年人"));
        assert!(words("满12周岁的娃娃").contains(&"十四周岁"));
    }

    #[test]
    fn adults_vague_ages_and_other_numbers_give_nothing() {
        assert!(words("我今年35岁，老板不给签合同").is_empty());
        assert!(words("十几岁的娃娃").is_empty());
        assert!(words("十二三岁的娃娃").is_empty());
        assert!(words("岁数大了干不动了").is_empty());
        assert!(words("活到300岁").is_empty());
        assert!(words("2023岁").is_empty());
        assert!(words("").is_empty());
    }

    #[test]
    fn every_age_said_counts() {
        let c = categories("我60岁，孙子5岁");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].0, "60岁");
        assert!(c[1].1.contains(&"无民事行为能力人"));
    }
}
