//! Our own statute store: the source database imported into `statutes.db`
//! under our rules (one current version per law, status corrections,
//! amendment decisions kept for lookup only), and loaded into memory as a
//! [`Corpus`] for search and article lookup.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

use crate::knowledge::Knowledge;

/// Bumped whenever the import rules or the schema change, so an old store is
/// re-imported instead of misread.
pub const STORE_VERSION: u32 = 1;

/// Errors of the statute store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("statute database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the statute source looks wrong: {0}")]
    BadSource(String),
}

/// A law (one version of it).
#[derive(Debug, Clone)]
pub struct Law {
    /// Full name as in the source, e.g. 中华人民共和国民法典.
    pub name: String,
    /// Name shown in answers, e.g. 民法典.
    pub short: String,
    /// 法律, 宪法, 修改决定, 修正案, 立法解释.
    pub doc_type: String,
    /// Status we show (现行有效, 已废止, 已被修改, 历史版本), after corrections.
    pub status: String,
    /// Status as the source gives it (differs only where corrected).
    pub source_status: String,
    /// Date of this version.
    pub version_date: String,
    /// Date it took effect.
    pub effective_date: String,
    /// Legal department (民法商法, 社会法 …).
    pub department: String,
    /// The one version used for search and for lookups by name.
    pub current: bool,
    /// False for amendment decisions and constitutional amendments: they can
    /// be looked up but never appear in ordinary answers.
    pub answerable: bool,
    /// Village-priority law (knowledge/laws.toml).
    pub priority: bool,
}

impl Law {
    /// Whether the status was corrected by our reviewed overrides.
    pub fn status_corrected(&self) -> bool {
        self.status != self.source_status
    }
}

/// One article.
#[derive(Debug, Clone)]
pub struct Article {
    /// Index of its law in [`Corpus::laws`].
    pub law: u32,
    /// Arabic article number; `None` for unnumbered items (条目一 …).
    pub number: Option<u32>,
    /// Number as written in the statute: 第一千零七十九条, 第一百二十条之一.
    pub number_zh: String,
    /// Part/chapter heading, if any.
    pub chapter: String,
    /// Section heading, if any.
    pub section: String,
    /// Verbatim text.
    pub text: String,
}

/// All laws and articles, in memory.
#[derive(Debug)]
pub struct Corpus {
    /// Every law version, current or not.
    pub laws: Vec<Law>,
    /// Every article of every version.
    pub articles: Vec<Article>,
    /// Full name → index of the current version.
    by_name: HashMap<String, u32>,
    /// Alias or short name → full name.
    aliases: HashMap<String, String>,
    /// (law index, number) → articles with that number, in order.
    by_number: HashMap<(u32, u32), Vec<u32>>,
}

const SCHEMA: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE laws(
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  doc_type TEXT NOT NULL,
  level TEXT NOT NULL,
  issuing_body TEXT NOT NULL,
  publish_date TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  version_date TEXT NOT NULL,
  status TEXT NOT NULL,
  source_status TEXT NOT NULL,
  department TEXT NOT NULL,
  current INTEGER NOT NULL,
  answerable INTEGER NOT NULL
);
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  law_id INTEGER NOT NULL REFERENCES laws(id),
  chapter TEXT NOT NULL,
  section TEXT NOT NULL,
  number INTEGER,
  number_zh TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX articles_law ON articles(law_id, number);
";

/// Rank of a status when choosing the current version of a law.
fn status_rank(status: &str) -> u8 {
    match status {
        "现行有效" => 0,
        "已被修改" => 1,
        "已废止" => 2,
        _ => 3, // 历史版本 and anything unknown
    }
}

/// Imports the source database at `source` into a new store at `dest`,
/// replacing it atomically. Returns (laws, articles) imported.
pub fn import(
    source: &Path,
    dest: &Path,
    knowledge: &Knowledge,
    fingerprint: &str,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(usize, usize), StoreError> {
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    struct Row {
        source_id: String,
        name: String,
        doc_type: String,
        level: String,
        issuing_body: String,
        publish_date: String,
        effective_date: String,
        version_date: String,
        source_status: String,
        department: String,
    }
    let mut stmt = src.prepare(
        "SELECT law_id, law_name, doc_type, level, issuing_body, publish_date, effective_date,
                version_date, status, law_department FROM laws ORDER BY law_name, version_date",
    )?;
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            let s = |i| r.get::<_, Option<String>>(i).map(|v| v.unwrap_or_default());
            Ok(Row {
                source_id: s(0)?,
                name: s(1)?,
                doc_type: s(2)?,
                level: s(3)?,
                issuing_body: s(4)?,
                publish_date: s(5)?,
                effective_date: s(6)?,
                version_date: s(7)?,
                source_status: s(8)?,
                department: s(9)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    if rows.is_empty() {
        return Err(StoreError::BadSource("the laws table is empty".into()));
    }
    // The shown status of each row, after reviewed overrides.
    let shown = |row: &Row| -> String {
        match knowledge.status_override(&row.name) {
            Some(o) if row.source_status != "历史版本" => o.status.clone(),
            _ => row.source_status.clone(),
        }
    };
    // One current version per law name: best status, then newest version.
    let mut current: HashMap<&str, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let better = match current.get(row.name.as_str()) {
            None => true,
            Some(&j) => {
                let (a, b) = (&rows[i], &rows[j]);
                (status_rank(&shown(a)), std::cmp::Reverse(&a.version_date))
                    < (status_rank(&shown(b)), std::cmp::Reverse(&b.version_date))
            }
        };
        if better {
            current.insert(&row.name, i);
        }
    }

    let tmp = dest.with_extension("db.part");
    let _ = std::fs::remove_file(&tmp);
    let mut db = Connection::open(&tmp)?;
    db.execute_batch(SCHEMA)?;
    let tx = db.transaction()?;
    let total: i64 = src.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
    let total = total as u64;
    let mut n_articles = 0usize;
    {
        let mut insert_law = tx.prepare(
            "INSERT INTO laws(id, source_id, name, doc_type, level, issuing_body, publish_date,
               effective_date, version_date, status, source_status, department, current, answerable)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        let mut insert_article = tx.prepare(
            "INSERT INTO articles(law_id, chapter, section, number, number_zh, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut read_articles = src.prepare(
            "SELECT chapter, section, article_no_arabic, article_no, article_text
             FROM articles WHERE law_id = ?1 ORDER BY id",
        )?;
        for (i, row) in rows.iter().enumerate() {
            let is_current = current.get(row.name.as_str()) == Some(&i);
            let answerable = !(row.doc_type == "修改决定"
                || row.doc_type == "修正案"
                || row.name.contains("修正案")
                || row.name.contains("修改《"));
            let id = i as i64 + 1;
            insert_law.execute(params![
                id,
                row.source_id,
                row.name,
                row.doc_type,
                row.level,
                row.issuing_body,
                row.publish_date,
                row.effective_date,
                row.version_date,
                shown(row),
                row.source_status,
                row.department,
                is_current,
                answerable,
            ])?;
            let mut arts = read_articles.query([&row.source_id])?;
            while let Some(a) = arts.next()? {
                let text: String = a.get::<_, Option<String>>(4)?.unwrap_or_default();
                insert_article.execute(params![
                    id,
                    a.get::<_, Option<String>>(0)?.unwrap_or_default(),
                    a.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    a.get::<_, Option<i64>>(2)?,
                    a.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    text,
                ])?;
                n_articles += 1;
                if n_articles.is_multiple_of(2000) {
                    progress(n_articles as u64, total);
                }
            }
        }
        tx.execute(
            "INSERT INTO meta(key, value) VALUES ('fingerprint', ?1)",
            [fingerprint],
        )?;
    }
    tx.commit()?;
    progress(n_articles as u64, total);
    drop(db);
    std::fs::rename(&tmp, dest)
        .map_err(|e| StoreError::BadSource(format!("cannot move the new store into place: {e}")))?;
    Ok((rows.len(), n_articles))
}

/// The fingerprint stored in an existing store, if it can be read.
pub fn stored_fingerprint(path: &Path) -> Option<String> {
    let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    db.query_row(
        "SELECT value FROM meta WHERE key = 'fingerprint'",
        [],
        |r| r.get(0),
    )
    .ok()
}

impl Corpus {
    /// Loads the store at `path` into memory.
    pub fn load(path: &Path, knowledge: &Knowledge) -> Result<Self, StoreError> {
        let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut laws = Vec::new();
        let mut ids = HashMap::new();
        let mut stmt = db.prepare(
            "SELECT id, name, doc_type, status, source_status, version_date, effective_date,
                    department, current, answerable FROM laws ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let name: String = r.get(1)?;
            let short = short_name(&name);
            ids.insert(r.get::<_, i64>(0)?, laws.len() as u32);
            laws.push(Law {
                priority: knowledge.is_priority(&name),
                name,
                short,
                doc_type: r.get(2)?,
                status: r.get(3)?,
                source_status: r.get(4)?,
                version_date: r.get(5)?,
                effective_date: r.get(6)?,
                department: r.get(7)?,
                current: r.get(8)?,
                answerable: r.get(9)?,
            });
        }
        let mut articles = Vec::new();
        let mut stmt = db.prepare(
            "SELECT law_id, chapter, section, number, number_zh, text FROM articles ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let law = *ids
                .get(&r.get::<_, i64>(0)?)
                .ok_or_else(|| StoreError::BadSource("article without a law".into()))?;
            articles.push(Article {
                law,
                chapter: r.get(1)?,
                section: r.get(2)?,
                number: r
                    .get::<_, Option<i64>>(3)?
                    .and_then(|n| u32::try_from(n).ok()),
                number_zh: r.get(4)?,
                text: r.get(5)?,
            });
        }
        let mut by_name = HashMap::new();
        let mut aliases = HashMap::new();
        for (i, law) in laws.iter().enumerate() {
            if law.current {
                by_name.insert(law.name.clone(), i as u32);
                aliases.insert(law.short.clone(), law.name.clone());
            }
        }
        for (alias, full) in knowledge.aliases() {
            aliases.insert(alias, full);
        }
        let mut by_number: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
        for (i, a) in articles.iter().enumerate() {
            if let Some(n) = a.number {
                by_number.entry((a.law, n)).or_default().push(i as u32);
            }
        }
        Ok(Corpus {
            laws,
            articles,
            by_name,
            aliases,
            by_number,
        })
    }

    /// The current version of the law with this full name, short name or alias.
    pub fn law_named(&self, name: &str) -> Option<u32> {
        let name = name.trim().trim_start_matches('《').trim_end_matches('》');
        self.by_name.get(name).copied().or_else(|| {
            self.aliases
                .get(name)
                .and_then(|full| self.by_name.get(full).copied())
        })
    }

    /// Every name that [`Corpus::law_named`] accepts (full names, short names,
    /// aliases), for finding law names inside free text.
    pub fn known_names(&self) -> impl Iterator<Item = &str> {
        self.by_name
            .keys()
            .map(String::as_str)
            .chain(self.aliases.keys().map(String::as_str))
    }

    /// The article (law, number) of the law's current version. Where several
    /// share a number (第一百二十条 and 第一百二十条之一) the first is returned.
    pub fn article(&self, law: u32, number: u32) -> Option<u32> {
        self.by_number
            .get(&(law, number))
            .and_then(|v| v.first().copied())
    }

    /// Every article with this number in this law (base article first).
    pub fn articles_numbered(&self, law: u32, number: u32) -> &[u32] {
        self.by_number
            .get(&(law, number))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Resolves (full law name, number) — the identity used by evaluation and
    /// FAQ citations — to the current version's article.
    pub fn resolve(&self, law_name: &str, number: u32) -> Option<u32> {
        self.article(self.law_named(law_name)?, number)
    }

    /// The law an article belongs to.
    pub fn law_of(&self, article: u32) -> &Law {
        &self.laws[self.articles[article as usize].law as usize]
    }

    /// Whether an article takes part in search: its law is the current
    /// version and not an amendment decision.
    pub fn searchable(&self, article: u32) -> bool {
        let law = self.law_of(article);
        law.current && law.answerable
    }

    /// Number of articles of current, answerable laws.
    pub fn searchable_count(&self) -> usize {
        (0..self.articles.len() as u32)
            .filter(|&a| self.searchable(a))
            .count()
    }
}

/// The name shown in answers: the full name without 中华人民共和国.
pub fn short_name(full: &str) -> String {
    full.strip_prefix("中华人民共和国")
        .filter(|s| !s.is_empty())
        .unwrap_or(full)
        .to_string()
}
