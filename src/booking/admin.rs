//! The justice office's tools: importing villages and advisers from a file,
//! listing and exporting bookings, backups.

use std::path::Path;

use rusqlite::Connection;
use serde::Deserialize;

use super::parse;
use super::store::{self, Booking, Rule};

/// Admin tool errors.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0} is not a valid advisers file: {1}")]
    Parse(String, toml::de::Error),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VillageRow {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleRow {
    weekday: String,
    start: String,
    end: String,
    #[serde(default = "thirty")]
    slot_minutes: u32,
}

fn thirty() -> u32 {
    30
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdviserRow {
    name: String,
    #[serde(default)]
    telegram_id: i64,
    #[serde(default)]
    phone: String,
    villages: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    availability: Vec<RuleRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvisersFile {
    #[serde(default)]
    village: Vec<VillageRow>,
    #[serde(default)]
    adviser: Vec<AdviserRow>,
}

/// Imports villages and advisers (with their weekly hours) from a TOML file
/// like `deploy/advisers.example.toml`. Validates everything before writing
/// anything. Returns (villages, advisers).
pub fn import_advisers(
    conn: &mut Connection,
    path: &Path,
    now: i64,
) -> Result<(usize, usize), AdminError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| AdminError::Read(p.clone(), e))?;
    let file: AdvisersFile = toml::from_str(&text).map_err(|e| AdminError::Parse(p.clone(), e))?;
    let mut plans = Vec::new();
    for a in &file.adviser {
        if a.name.trim().is_empty() {
            return Err(AdminError::Invalid(format!("{p}: an adviser has no name")));
        }
        let mut rules = Vec::new();
        for r in &a.availability {
            let rule = parse::availability(&format!(
                "{} {}-{} {}",
                r.weekday, r.start, r.end, r.slot_minutes
            ))
            .ok_or_else(|| {
                AdminError::Invalid(format!(
                    "{p}: adviser {}: availability {} {}-{} {} is not valid",
                    a.name, r.weekday, r.start, r.end, r.slot_minutes
                ))
            })?;
            rules.push(rule);
        }
        for v in &a.villages {
            if !file
                .village
                .iter()
                .any(|x| &x.name == v || x.aliases.contains(v))
                && store::village_named(conn, v)?.is_none()
            {
                return Err(AdminError::Invalid(format!(
                    "{p}: adviser {} serves unknown village {v}",
                    a.name
                )));
            }
        }
        plans.push((a, rules));
    }
    let tx = conn.transaction()?;
    for v in &file.village {
        store::upsert_village(&tx, v.name.trim(), &v.aliases)?;
    }
    for (a, rules) in &plans {
        let mut ids = Vec::new();
        for v in &a.villages {
            if let Some(village) = store::village_named(&tx, v)? {
                ids.push(village.id);
            }
        }
        let tg = (a.telegram_id != 0).then_some(a.telegram_id);
        let phone = (!a.phone.trim().is_empty()).then_some(a.phone.trim());
        let id = store::upsert_adviser(&tx, a.name.trim(), tg, phone, &a.languages, &ids)?;
        store::set_rules(&tx, id, rules)?;
    }
    store::audit(
        &tx,
        now,
        "admin",
        None,
        "import_advisers",
        &format!(
            "{} villages, {} advisers from {p}",
            file.village.len(),
            file.adviser.len()
        ),
    )?;
    tx.commit()?;
    Ok((file.village.len(), file.adviser.len()))
}

/// One CSV field, quoted when needed; cells that a spreadsheet would run
/// as a formula are neutralised.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Bookings as CSV (UTF-8 with a header row), times in Asia/Shanghai.
pub fn export_csv(bookings: &[Booking]) -> String {
    let mut out = String::from(
        "id,kind,state,slot,minutes,village,adviser,topic,villager_name,villager_phone,booked_by,outcome,reason,description\n",
    );
    for b in bookings {
        let row = [
            b.id.to_string(),
            b.kind.clone(),
            b.state.as_str().to_string(),
            parse::slot_label(b.slot_start, false),
            b.slot_minutes.to_string(),
            b.village.clone(),
            b.adviser.clone(),
            b.topic.clone().unwrap_or_default(),
            b.villager_name.clone().unwrap_or_default(),
            b.villager_phone.clone().unwrap_or_default(),
            b.booked_by.clone(),
            b.outcome.clone().unwrap_or_default(),
            b.reason.clone().unwrap_or_default(),
            b.description.clone(),
        ];
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

/// Writes an online backup of the database to `dest` (SQLite's backup API:
/// safe while the bot runs).
pub fn backup(conn: &Connection, dest: &Path) -> Result<(), AdminError> {
    conn.backup(rusqlite::MAIN_DB, dest, None)?;
    Ok(())
}

/// The rules of an adviser as text lines (for `/availability`).
pub fn describe_rules(rules: &[Rule], english: bool) -> Vec<String> {
    rules
        .iter()
        .map(|r| {
            format!(
                "{} {}-{} {}{}",
                parse::weekday_name(r.weekday, english),
                parse::hhmm(r.start_min),
                parse::hhmm(r.end_min),
                r.slot_minutes,
                if english { " min" } else { "分钟" }
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("张三"), "张三");
    }

    #[test]
    fn the_example_file_imports() {
        let mut db = crate::db::Db::open_in_memory().unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/advisers.example.toml");
        let (v, a) = import_advisers(&mut db.conn, &path, 0).unwrap();
        assert_eq!((v, a), (3, 2));
        // Importing again updates, not duplicates.
        import_advisers(&mut db.conn, &path, 0).unwrap();
        assert_eq!(store::advisers(&db.conn).unwrap().len(), 2);
        assert_eq!(store::villages(&db.conn).unwrap().len(), 3);
        let li = store::advisers(&db.conn)
            .unwrap()
            .into_iter()
            .find(|a| a.name.starts_with('李'))
            .unwrap();
        assert_eq!(store::rules(&db.conn, li.id).unwrap().len(), 2);
        assert_eq!(li.villages.len(), 2);
    }

    #[test]
    fn a_bad_file_changes_nothing() {
        let mut db = crate::db::Db::open_in_memory().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.toml");
        std::fs::write(
            &p,
            "[[village]]\nname = \"甲村\"\n[[adviser]]\nname = \"某律师\"\nvillages = [\"乙村\"]\n",
        )
        .unwrap();
        let e = import_advisers(&mut db.conn, &p, 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown village 乙村"), "{e}");
        assert!(store::villages(&db.conn).unwrap().is_empty());
        std::fs::write(&p, "[[adviser]]\nname = \"某律师\"\nvillages = []\n[[adviser.availability]]\nweekday = \"周八\"\nstart = \"9:00\"\nend = \"10:00\"\n").unwrap();
        let e = import_advisers(&mut db.conn, &p, 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not valid"), "{e}");
    }
}
