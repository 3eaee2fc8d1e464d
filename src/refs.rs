//! Article references written in free text or after `/law`:
//! 《民法典》第一千零七十九条, 民法典第1079条, 劳动法50条,
//! 劳动合同法第八十二条第一款, 婚姻法第32条, `民法典 1079`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::knowledge::{Knowledge, Replaced};
use crate::numerals;
use crate::store::Corpus;

/// What a reference points at.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An article of a current law that exists.
    Article(u32),
    /// The law exists but has no article with this number.
    NoSuchArticle { law: u32 },
    /// The law was replaced (婚姻法 → 民法典); the old number means nothing now.
    Replaced(Replaced),
}

/// One reference found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRef {
    /// The law name as written.
    pub law_written: String,
    /// The article number.
    pub number: u32,
    /// The paragraph (款), when given.
    pub paragraph: Option<u32>,
    /// What it resolves to.
    pub target: Target,
    /// Byte range in the (normalised) text.
    pub span: Range<usize>,
}

impl PartialEq for Replaced {
    fn eq(&self, other: &Self) -> bool {
        self.old == other.old
    }
}

const NUM: &str = r"[0-9]+|[零〇○一二两三四五六七八九十百千]+";

static ARTICLE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"第?\s*({NUM})\s*条(?:\s*第?\s*({NUM})\s*款)?")).expect("valid regex")
});

/// Full-width digits and spaces to ASCII, so one pattern fits all.
pub fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Names a reference may start with: current laws, aliases, replaced laws;
/// longest first so 劳动合同法 wins over 合同法.
struct Names<'a> {
    names: Vec<(&'a str, Option<&'a Replaced>)>,
}

impl<'a> Names<'a> {
    fn new(corpus: &'a Corpus, knowledge: &'a Knowledge) -> Self {
        let mut names: Vec<(&str, Option<&Replaced>)> =
            corpus.known_names().map(|n| (n, None)).collect();
        for r in &knowledge.replaced {
            names.push((r.old.as_str(), Some(r)));
            for a in &r.aliases {
                names.push((a.as_str(), Some(r)));
            }
        }
        names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        Names { names }
    }

    /// The longest name that ends `prefix` (after trimming 《》, spaces, 的).
    fn ending(&self, prefix: &str) -> Option<(&'a str, Option<&'a Replaced>)> {
        let p = prefix.trim_end_matches(|c: char| c.is_whitespace() || "》的中".contains(c));
        self.names
            .iter()
            .find(|(n, _)| p.ends_with(n))
            .map(|&(n, r)| (n, r))
    }
}

/// Finds every article reference in `text` (already [`normalise`]d).
pub fn find(text: &str, corpus: &Corpus, knowledge: &Knowledge) -> Vec<ArticleRef> {
    let names = Names::new(corpus, knowledge);
    let mut out: Vec<ArticleRef> = Vec::new();
    let mut last_end = 0usize;
    for caps in ARTICLE_NO.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let Some(number) = numerals::parse(&caps[1]) else {
            continue;
        };
        let paragraph = caps.get(2).and_then(|m| numerals::parse(m.as_str()));
        let prefix = &text[..whole.start()];
        let named = names.ending(prefix);
        let mut start = whole.start();
        let (written, replaced, law) = match named {
            Some((n, Some(r))) => {
                start = prefix.rfind(n).unwrap_or(start);
                (n.to_string(), Some(r), None)
            }
            Some((n, None)) => {
                start = prefix.rfind(n).unwrap_or(start);
                (n.to_string(), None, corpus.law_named(n))
            }
            None => {
                // 劳动法第五十条和第五十一条: the second inherits the law when
                // only a connector stands between them.
                let gap = text.get(last_end..whole.start()).unwrap_or("");
                match out.last() {
                    Some(prev)
                        if !prev.law_written.is_empty()
                            && gap.chars().count() <= 2
                            && gap.chars().all(|c| "和、及与，,或 ".contains(c)) =>
                    {
                        let prev = prev.clone();
                        let law = match &prev.target {
                            Target::Article(a) => Some(corpus.articles[*a as usize].law),
                            Target::NoSuchArticle { law } => Some(*law),
                            Target::Replaced(_) => None,
                        };
                        let replaced = match &prev.target {
                            Target::Replaced(r) => knowledge.replaced_law(&r.old),
                            _ => None,
                        };
                        (prev.law_written, replaced, law)
                    }
                    _ => continue,
                }
            }
        };
        let target = match (replaced, law) {
            (Some(r), _) => Target::Replaced(r.clone()),
            (None, Some(law)) => match corpus.article(law, number) {
                Some(a) => Target::Article(a),
                None => Target::NoSuchArticle { law },
            },
            (None, None) => continue,
        };
        out.push(ArticleRef {
            law_written: written,
            number,
            paragraph,
            target,
            span: start..whole.end(),
        });
        last_end = whole.end();
    }
    out
}

/// Parses the argument of `/law`: `民法典 1079`, `民法典第1079条`,
/// `《劳动法》 五十`. Returns `None` when no law or number can be read.
pub fn parse_command(args: &str, corpus: &Corpus, knowledge: &Knowledge) -> Option<ArticleRef> {
    let text = normalise(args.trim());
    if let Some(r) = find(&text, corpus, knowledge).into_iter().next() {
        return Some(r);
    }
    // Bare number after the name: 民法典 1079 / 民法典1079.
    static BARE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^(.+?)\s*第?\s*({NUM})\s*$")).expect("valid regex"));
    let caps = BARE.captures(&text)?;
    let with_tiao = format!("{}第{}条", caps[1].trim(), &caps[2]);
    find(&with_tiao, corpus, knowledge).into_iter().next()
}
