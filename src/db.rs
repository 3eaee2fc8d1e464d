//! The bot's own SQLite database (sessions, preferences, question log,
//! pending deep-link payloads, chat migrations; bookings in later
//! migrations). WAL, foreign keys on, a busy timeout, and migrations as an
//! ordered list. Tests use an in-memory database.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};

/// Database errors.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

/// Migration 2: villages, advisers, availability, bookings, audit log,
/// reminders, invites.
const BOOKING_SCHEMA: &str = "CREATE TABLE villages(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE advisers(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    telegram_id INTEGER UNIQUE,
    phone TEXT,
    languages TEXT NOT NULL DEFAULT '[]',
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE adviser_villages(
    adviser_id INTEGER NOT NULL REFERENCES advisers(id) ON DELETE CASCADE,
    village_id INTEGER NOT NULL REFERENCES villages(id) ON DELETE CASCADE,
    PRIMARY KEY (adviser_id, village_id)
);
CREATE TABLE availability(
    id INTEGER PRIMARY KEY,
    adviser_id INTEGER NOT NULL REFERENCES advisers(id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
    end_min INTEGER NOT NULL CHECK (end_min BETWEEN 1 AND 1440),
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
    CHECK (end_min > start_min)
);
CREATE TABLE blocked_dates(
    adviser_id INTEGER NOT NULL REFERENCES advisers(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    PRIMARY KEY (adviser_id, date)
);
CREATE TABLE volunteers(
    telegram_id INTEGER PRIMARY KEY,
    village_id INTEGER REFERENCES villages(id),
    joined_at INTEGER NOT NULL
);
CREATE TABLE invites(
    code TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('adviser', 'volunteer')),
    village_id INTEGER REFERENCES villages(id),
    adviser_id INTEGER REFERENCES advisers(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by INTEGER,
    used_at INTEGER
);
CREATE TABLE bookings(
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('consultation', 'mediation')),
    topic TEXT,
    description TEXT NOT NULL DEFAULT '',
    village_id INTEGER NOT NULL REFERENCES villages(id),
    villager_name TEXT,
    villager_phone TEXT,
    booked_by TEXT NOT NULL CHECK (booked_by IN ('self', 'volunteer')),
    platform TEXT NOT NULL,
    booker_user INTEGER,
    consent_at INTEGER NOT NULL,
    adviser_id INTEGER NOT NULL REFERENCES advisers(id),
    slot_start INTEGER NOT NULL,
    slot_minutes INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('requested', 'confirmed', 'done', 'declined', 'cancelled', 'no_show')),
    outcome TEXT,
    reason TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    purged_at INTEGER
);
-- No double booking: one live booking per adviser and slot.
CREATE UNIQUE INDEX one_live_booking_per_slot
    ON bookings(adviser_id, slot_start) WHERE state IN ('requested', 'confirmed');
CREATE INDEX bookings_booker ON bookings(platform, booker_user);
CREATE TABLE audit(
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    booking_id INTEGER,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE reminders_sent(
    booking_id INTEGER NOT NULL REFERENCES bookings(id),
    hours INTEGER NOT NULL,
    recipient INTEGER NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (booking_id, hours, recipient)
);";

/// The ordered migrations. Append only: never edit a released step.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(
            "CREATE TABLE sessions(
                platform TEXT NOT NULL,
                chat_id INTEGER NOT NULL,
                user_id INTEGER NOT NULL,
                state TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (platform, chat_id, user_id)
            );
            CREATE TABLE users(
                platform TEXT NOT NULL,
                user_id INTEGER NOT NULL,
                lang TEXT,
                PRIMARY KEY (platform, user_id)
            );
            CREATE TABLE questions(
                id INTEGER PRIMARY KEY,
                asked_at INTEGER NOT NULL,
                platform TEXT NOT NULL,
                chat_kind TEXT NOT NULL,
                relayed INTEGER NOT NULL,
                topic TEXT,
                faq_id TEXT,
                confidence REAL NOT NULL,
                feedback TEXT
            );
            CREATE TABLE pending(
                token TEXT PRIMARY KEY,
                question TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE chat_migrations(
                platform TEXT NOT NULL,
                old_chat_id INTEGER NOT NULL,
                new_chat_id INTEGER NOT NULL,
                migrated_at INTEGER NOT NULL,
                PRIMARY KEY (platform, old_chat_id)
            );",
        ),
        M::up(BOOKING_SCHEMA),
    ])
}

/// An open database.
pub struct Db {
    /// The connection (not shared across threads; the engine wraps it in a
    /// mutex).
    pub conn: Connection,
}

/// A logged question, without the asker's identity.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedQuestion {
    /// Row id (carried by feedback buttons).
    pub id: i64,
    /// "private" or "group".
    pub chat_kind: String,
    /// Relayed by a volunteer.
    pub relayed: bool,
    /// Topic, when known.
    pub topic: Option<String>,
    /// Matched FAQ entry.
    pub faq_id: Option<String>,
    /// Retrieval confidence.
    pub confidence: f64,
    /// "up", "down" or none.
    pub feedback: Option<String>,
}

impl Db {
    /// Opens (creating and migrating) the database file.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Self::setup(&mut conn)?;
        Ok(Db { conn })
    }

    /// An in-memory database (tests).
    pub fn open_in_memory() -> Result<Self, DbError> {
        let mut conn = Connection::open_in_memory()?;
        Self::setup(&mut conn)?;
        Ok(Db { conn })
    }

    fn setup(conn: &mut Connection) -> Result<(), DbError> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations().to_latest(conn)?;
        Ok(())
    }

    /// The stored session state, as text.
    pub fn session(&self, platform: &str, chat: i64, user: i64) -> Result<Option<String>, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT state FROM sessions WHERE platform = ?1 AND chat_id = ?2 AND user_id = ?3",
                params![platform, chat, user],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Stores a session state.
    pub fn set_session(
        &self,
        platform: &str,
        chat: i64,
        user: i64,
        state: &str,
        now: i64,
    ) -> Result<(), DbError> {
        self.conn.execute(
            "INSERT INTO sessions(platform, chat_id, user_id, state, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(platform, chat_id, user_id) DO UPDATE SET state = ?4, updated_at = ?5",
            params![platform, chat, user, state, now],
        )?;
        Ok(())
    }

    /// Forgets a session.
    pub fn clear_session(&self, platform: &str, chat: i64, user: i64) -> Result<(), DbError> {
        self.conn.execute(
            "DELETE FROM sessions WHERE platform = ?1 AND chat_id = ?2 AND user_id = ?3",
            params![platform, chat, user],
        )?;
        Ok(())
    }

    /// A user's chosen language code.
    pub fn user_lang(&self, platform: &str, user: i64) -> Result<Option<String>, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT lang FROM users WHERE platform = ?1 AND user_id = ?2",
                params![platform, user],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Stores a user's language choice.
    pub fn set_user_lang(&self, platform: &str, user: i64, lang: &str) -> Result<(), DbError> {
        self.conn.execute(
            "INSERT INTO users(platform, user_id, lang) VALUES (?1, ?2, ?3)
             ON CONFLICT(platform, user_id) DO UPDATE SET lang = ?3",
            params![platform, user, lang],
        )?;
        Ok(())
    }

    /// Logs a question (no identity) and returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn log_question(
        &self,
        now: i64,
        platform: &str,
        chat_kind: &str,
        relayed: bool,
        topic: Option<&str>,
        faq_id: Option<&str>,
        confidence: f32,
    ) -> Result<i64, DbError> {
        self.conn.execute(
            "INSERT INTO questions(asked_at, platform, chat_kind, relayed, topic, faq_id, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![now, platform, chat_kind, relayed, topic, faq_id, confidence as f64],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records feedback on a logged question; false if there is no such question.
    pub fn set_feedback(&self, id: i64, feedback: &str) -> Result<bool, DbError> {
        Ok(self.conn.execute(
            "UPDATE questions SET feedback = ?2 WHERE id = ?1",
            params![id, feedback],
        )? == 1)
    }

    /// A logged question.
    pub fn question(&self, id: i64) -> Result<Option<LoggedQuestion>, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, chat_kind, relayed, topic, faq_id, confidence, feedback
                 FROM questions WHERE id = ?1",
                [id],
                |r| {
                    Ok(LoggedQuestion {
                        id: r.get(0)?,
                        chat_kind: r.get(1)?,
                        relayed: r.get(2)?,
                        topic: r.get(3)?,
                        faq_id: r.get(4)?,
                        confidence: r.get(5)?,
                        feedback: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Number of logged questions.
    pub fn question_count(&self) -> Result<i64, DbError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM questions", [], |r| r.get(0))?)
    }

    /// Stores a question for a deep link; returns its token.
    pub fn put_pending(&self, question: &str, now: i64) -> Result<String, DbError> {
        // Random enough for a short-lived, single-purpose token.
        let seed = std::collections::hash_map::RandomState::new();
        let token = loop {
            use std::hash::{BuildHasher, Hasher};
            let mut h = seed.build_hasher();
            h.write(question.as_bytes());
            h.write_i64(now);
            h.write_u64(rand_u64());
            let t = format!("q{:012x}", h.finish() & 0xffff_ffff_ffff);
            if self.take_pending_peek(&t)?.is_none() {
                break t;
            }
        };
        self.conn.execute(
            "INSERT INTO pending(token, question, created_at) VALUES (?1, ?2, ?3)",
            params![token, question, now],
        )?;
        // Old payloads expire after a week.
        self.conn.execute(
            "DELETE FROM pending WHERE created_at < ?1",
            [now - 7 * 24 * 3600],
        )?;
        Ok(token)
    }

    fn take_pending_peek(&self, token: &str) -> Result<Option<String>, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT question FROM pending WHERE token = ?1",
                [token],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The question behind a deep-link token, if it is still there.
    pub fn pending(&self, token: &str) -> Result<Option<String>, DbError> {
        self.take_pending_peek(token)
    }

    /// Records a group's move to a supergroup and moves its sessions.
    pub fn migrate_chat(
        &self,
        platform: &str,
        old: i64,
        new: i64,
        now: i64,
    ) -> Result<(), DbError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO chat_migrations(platform, old_chat_id, new_chat_id, migrated_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![platform, old, new, now],
        )?;
        self.conn.execute(
            "UPDATE OR REPLACE sessions SET chat_id = ?3 WHERE platform = ?1 AND chat_id = ?2",
            params![platform, old, new],
        )?;
        Ok(())
    }

    /// Where a chat moved to, if it migrated.
    pub fn migrated_to(&self, platform: &str, old: i64) -> Result<Option<i64>, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT new_chat_id FROM chat_migrations WHERE platform = ?1 AND old_chat_id = ?2",
                params![platform, old],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// A random u64 from the OS-seeded hasher (no extra dependency).
pub fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn sessions_are_per_chat_and_user() {
        let db = Db::open_in_memory().unwrap();
        db.set_session("tg", -100, 1, "a", 0).unwrap();
        db.set_session("tg", -100, 2, "b", 0).unwrap();
        assert_eq!(db.session("tg", -100, 1).unwrap().as_deref(), Some("a"));
        assert_eq!(db.session("tg", -100, 2).unwrap().as_deref(), Some("b"));
        db.clear_session("tg", -100, 1).unwrap();
        assert_eq!(db.session("tg", -100, 1).unwrap(), None);
        assert_eq!(db.session("tg", -100, 2).unwrap().as_deref(), Some("b"));
    }

    #[test]
    fn a_file_database_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        {
            let db = Db::open(&path).unwrap();
            db.set_session("tg", 5, 6, "state", 1).unwrap();
            db.log_question(1, "tg", "private", false, Some("wages"), None, 0.4)
                .unwrap();
        }
        let db = Db::open(&path).unwrap();
        assert_eq!(db.session("tg", 5, 6).unwrap().as_deref(), Some("state"));
        assert_eq!(db.question_count().unwrap(), 1);
        let mode: String = db
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn pending_tokens_fit_telegram_start_payloads() {
        let db = Db::open_in_memory().unwrap();
        let t = db.put_pending("嫁出去的女儿村里还给分地吗", 0).unwrap();
        assert!(
            t.len() <= 64 && t.chars().all(|c| c.is_ascii_alphanumeric()),
            "{t}"
        );
        assert_eq!(
            db.pending(&t).unwrap().as_deref(),
            Some("嫁出去的女儿村里还给分地吗")
        );
        assert_eq!(db.pending("qnope").unwrap(), None);
    }

    #[test]
    fn chat_migration_moves_sessions() {
        let db = Db::open_in_memory().unwrap();
        db.set_session("tg", -1, 7, "s", 0).unwrap();
        db.migrate_chat("tg", -1, -1001, 5).unwrap();
        assert_eq!(db.session("tg", -1001, 7).unwrap().as_deref(), Some("s"));
        assert_eq!(db.migrated_to("tg", -1).unwrap(), Some(-1001));
    }
}
