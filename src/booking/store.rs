//! Bookings in SQLite: villages, advisers, availability, slots, bookings,
//! the audit log, reminders, invites and the purge of personal details.
//! Functions take a connection so that tests can race several of them.

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::model::{BookingState, Kind, Outcome, TransitionError};

/// How many days ahead slots are offered.
pub const BOOKING_DAYS: i64 = 14;
/// Slots starting sooner than this (seconds) are not offered.
pub const LEAD_SECONDS: i64 = 30 * 60;

/// The town's time zone: all booking times are in it.
pub fn tz() -> TimeZone {
    TimeZone::get("Asia/Shanghai").expect("bundled tz database has Asia/Shanghai")
}

/// A village.
#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    /// Row id.
    pub id: i64,
    /// Name (大寨村).
    pub name: String,
    /// Other names (大寨).
    pub aliases: Vec<String>,
}

/// A legal adviser.
#[derive(Debug, Clone, PartialEq)]
pub struct Adviser {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Linked Telegram user (after the invite is redeemed).
    pub telegram_id: Option<i64>,
    /// Languages spoken (zh, yi, dai …).
    pub languages: Vec<String>,
    /// Villages served.
    pub villages: Vec<i64>,
}

/// A weekly availability rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Minutes after midnight.
    pub start_min: u32,
    /// Minutes after midnight.
    pub end_min: u32,
    /// Slot length in minutes.
    pub slot_minutes: u32,
}

/// A booking as stored (personal fields are `None` once purged).
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    /// Row id.
    pub id: i64,
    /// Consultation or mediation request.
    pub kind: String,
    /// Topic id.
    pub topic: Option<String>,
    /// Short description (the question that led here).
    pub description: String,
    /// Village.
    pub village_id: i64,
    /// Village name.
    pub village: String,
    /// Villager's name.
    pub villager_name: Option<String>,
    /// Villager's phone.
    pub villager_phone: Option<String>,
    /// "self" or "volunteer".
    pub booked_by: String,
    /// Platform of the booker.
    pub platform: String,
    /// The booker's user id (villager or volunteer).
    pub booker_user: Option<i64>,
    /// When consent was given.
    pub consent_at: i64,
    /// Adviser.
    pub adviser_id: i64,
    /// Adviser's name.
    pub adviser: String,
    /// Adviser's Telegram id, when linked.
    pub adviser_telegram: Option<i64>,
    /// Slot start, Unix seconds.
    pub slot_start: i64,
    /// Slot length.
    pub slot_minutes: i64,
    /// State.
    pub state: BookingState,
    /// Outcome when done.
    pub outcome: Option<String>,
    /// Reason when declined or cancelled.
    pub reason: Option<String>,
    /// Created.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
}

/// What a new booking needs.
#[derive(Debug, Clone)]
pub struct NewBooking {
    /// Consultation or mediation.
    pub kind: Kind,
    /// Topic id.
    pub topic: Option<String>,
    /// Short description.
    pub description: String,
    /// Village.
    pub village_id: i64,
    /// Villager's name.
    pub villager_name: String,
    /// Villager's phone (normalised), optional.
    pub villager_phone: Option<String>,
    /// Booked by a volunteer on the villager's behalf.
    pub on_behalf: bool,
    /// Platform.
    pub platform: String,
    /// The booker's user id.
    pub booker_user: i64,
    /// When consent was given.
    pub consent_at: i64,
    /// Adviser.
    pub adviser_id: i64,
    /// Slot start.
    pub slot_start: i64,
}

/// Why a booking could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    #[error("that slot was just taken")]
    Taken,
    #[error("that slot is not offered (not in the adviser's hours, blocked, or past)")]
    NotOffered,
    #[error("booking database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn parse_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// Appends to the audit log.
pub fn audit(
    conn: &Connection,
    now: i64,
    actor: &str,
    booking: Option<i64>,
    action: &str,
    detail: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO audit(at, actor, booking_id, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![now, actor, booking, action, detail],
    )?;
    Ok(())
}

/// Adds or updates a village; returns its id.
pub fn upsert_village(conn: &Connection, name: &str, aliases: &[String]) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO villages(name, aliases) VALUES (?1, ?2)
         ON CONFLICT(name) DO UPDATE SET aliases = ?2",
        params![name, json_list(aliases)],
    )?;
    conn.query_row("SELECT id FROM villages WHERE name = ?1", [name], |r| {
        r.get(0)
    })
}

/// Every village, by name.
pub fn villages(conn: &Connection) -> rusqlite::Result<Vec<Village>> {
    let mut st = conn.prepare("SELECT id, name, aliases FROM villages ORDER BY name")?;
    st.query_map([], |r| {
        Ok(Village {
            id: r.get(0)?,
            name: r.get(1)?,
            aliases: parse_list(&r.get::<_, String>(2)?),
        })
    })?
    .collect()
}

/// The village with this name or alias.
pub fn village_named(conn: &Connection, name: &str) -> rusqlite::Result<Option<Village>> {
    let name = name.trim();
    Ok(villages(conn)?
        .into_iter()
        .find(|v| v.name == name || v.aliases.iter().any(|a| a == name)))
}

/// Adds or updates an adviser (by name) with the villages served.
pub fn upsert_adviser(
    conn: &Connection,
    name: &str,
    telegram_id: Option<i64>,
    phone: Option<&str>,
    languages: &[String],
    villages: &[i64],
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO advisers(name, telegram_id, phone, languages) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(name) DO UPDATE SET
           telegram_id = COALESCE(?2, telegram_id), phone = ?3, languages = ?4",
        params![name, telegram_id, phone, json_list(languages)],
    )?;
    let id: i64 = conn.query_row("SELECT id FROM advisers WHERE name = ?1", [name], |r| {
        r.get(0)
    })?;
    conn.execute("DELETE FROM adviser_villages WHERE adviser_id = ?1", [id])?;
    for v in villages {
        conn.execute(
            "INSERT OR IGNORE INTO adviser_villages(adviser_id, village_id) VALUES (?1, ?2)",
            params![id, v],
        )?;
    }
    Ok(id)
}

fn adviser_from_row(
    conn: &Connection,
    id: i64,
    name: String,
    tg: Option<i64>,
    langs: String,
) -> rusqlite::Result<Adviser> {
    let mut st = conn.prepare(
        "SELECT village_id FROM adviser_villages WHERE adviser_id = ?1 ORDER BY village_id",
    )?;
    let villages = st
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Adviser {
        id,
        name,
        telegram_id: tg,
        languages: parse_list(&langs),
        villages,
    })
}

/// Every active adviser.
pub fn advisers(conn: &Connection) -> rusqlite::Result<Vec<Adviser>> {
    let rows: Vec<(i64, String, Option<i64>, String)> = conn
        .prepare(
            "SELECT id, name, telegram_id, languages FROM advisers WHERE active = 1 ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(id, n, tg, l)| adviser_from_row(conn, id, n, tg, l))
        .collect()
}

/// One adviser.
pub fn adviser(conn: &Connection, id: i64) -> rusqlite::Result<Option<Adviser>> {
    Ok(advisers(conn)?.into_iter().find(|a| a.id == id))
}

/// The adviser linked to a Telegram user.
pub fn adviser_by_user(conn: &Connection, user: i64) -> rusqlite::Result<Option<Adviser>> {
    Ok(advisers(conn)?
        .into_iter()
        .find(|a| a.telegram_id == Some(user)))
}

/// Advisers serving a village (its own first), then everyone else.
pub fn advisers_for_village(conn: &Connection, village: i64) -> rusqlite::Result<Vec<Adviser>> {
    let mut all = advisers(conn)?;
    all.sort_by_key(|a| !a.villages.contains(&village));
    Ok(all)
}

/// Replaces an adviser's weekly rules.
pub fn set_rules(conn: &Connection, adviser: i64, rules: &[Rule]) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM availability WHERE adviser_id = ?1", [adviser])?;
    for r in rules {
        add_rule(conn, adviser, *r)?;
    }
    Ok(())
}

/// Adds one weekly rule.
pub fn add_rule(conn: &Connection, adviser: i64, r: Rule) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO availability(adviser_id, weekday, start_min, end_min, slot_minutes)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![adviser, r.weekday, r.start_min, r.end_min, r.slot_minutes],
    )?;
    Ok(())
}

/// An adviser's weekly rules.
pub fn rules(conn: &Connection, adviser: i64) -> rusqlite::Result<Vec<Rule>> {
    conn.prepare(
        "SELECT weekday, start_min, end_min, slot_minutes FROM availability
         WHERE adviser_id = ?1 ORDER BY weekday, start_min",
    )?
    .query_map([adviser], |r| {
        Ok(Rule {
            weekday: r.get(0)?,
            start_min: r.get(1)?,
            end_min: r.get(2)?,
            slot_minutes: r.get(3)?,
        })
    })?
    .collect()
}

/// Blocks a date for an adviser. Returns the live bookings on that date,
/// which stay as they are and must be dealt with by the adviser.
pub fn block_date(
    conn: &Connection,
    adviser: i64,
    date: Date,
    now: i64,
    actor: &str,
) -> rusqlite::Result<Vec<Booking>> {
    conn.execute(
        "INSERT OR IGNORE INTO blocked_dates(adviser_id, date) VALUES (?1, ?2)",
        params![adviser, date.to_string()],
    )?;
    audit(
        conn,
        now,
        actor,
        None,
        "block_date",
        &format!("adviser {adviser} {date}"),
    )?;
    let (from, to) = day_bounds(date);
    bookings_where(
        conn,
        "b.adviser_id = ?1 AND b.slot_start >= ?2 AND b.slot_start < ?3 AND b.state IN ('requested', 'confirmed')",
        params![adviser, from, to],
    )
}

fn blocked(conn: &Connection, adviser: i64) -> rusqlite::Result<HashSet<String>> {
    conn.prepare("SELECT date FROM blocked_dates WHERE adviser_id = ?1")?
        .query_map([adviser], |r| r.get(0))?
        .collect()
}

/// Unix seconds of midnight at the start and end of a date in the town.
pub fn day_bounds(date: Date) -> (i64, i64) {
    let tz = tz();
    let start = date
        .to_zoned(tz.clone())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0);
    let end = date
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned(tz).ok())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(start + 86_400);
    (start, end)
}

/// Every slot the rules give for the next [`BOOKING_DAYS`] days, whether
/// free or not, skipping blocked dates and slots too soon to book.
pub fn offered_slots(
    conn: &Connection,
    adviser: i64,
    now: i64,
) -> rusqlite::Result<Vec<(i64, u32)>> {
    let tz = tz();
    let today = Timestamp::from_second(now)
        .map(|t| t.to_zoned(tz.clone()).date())
        .unwrap_or_default();
    let rules = rules(conn, adviser)?;
    let blocked = blocked(conn, adviser)?;
    let mut out = Vec::new();
    for d in 0..BOOKING_DAYS {
        let Ok(date) = today.checked_add(jiff::Span::new().days(d)) else {
            continue;
        };
        if blocked.contains(&date.to_string()) {
            continue;
        }
        let wd = date.weekday().to_monday_one_offset() as u8;
        for r in rules.iter().filter(|r| r.weekday == wd) {
            let mut m = r.start_min;
            while m + r.slot_minutes <= r.end_min {
                let dt = date.at((m / 60) as i8, (m % 60) as i8, 0, 0);
                if let Ok(z) = dt.to_zoned(tz.clone()) {
                    let ts = z.timestamp().as_second();
                    if ts >= now + LEAD_SECONDS {
                        out.push((ts, r.slot_minutes));
                    }
                }
                m += r.slot_minutes;
            }
        }
    }
    out.sort();
    out.dedup_by_key(|(t, _)| *t);
    Ok(out)
}

/// Free slots of an adviser: offered and not held by a live booking.
pub fn free_slots(conn: &Connection, adviser: i64, now: i64) -> rusqlite::Result<Vec<(i64, u32)>> {
    let taken: HashSet<i64> = conn
        .prepare("SELECT slot_start FROM bookings WHERE adviser_id = ?1 AND state IN ('requested', 'confirmed')")?
        .query_map([adviser], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(offered_slots(conn, adviser, now)?
        .into_iter()
        .filter(|(t, _)| !taken.contains(t))
        .collect())
}

/// Books a slot, in one immediate transaction. The unique index on live
/// bookings per (adviser, slot) makes a double booking impossible even
/// when several connections race.
pub fn create(conn: &mut Connection, nb: &NewBooking, now: i64) -> Result<i64, BookError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let offered = offered_slots(&tx, nb.adviser_id, now)?;
    let Some(&(_, minutes)) = offered.iter().find(|(t, _)| *t == nb.slot_start) else {
        return Err(BookError::NotOffered);
    };
    let inserted = tx.execute(
        "INSERT INTO bookings(kind, topic, description, village_id, villager_name, villager_phone,
            booked_by, platform, booker_user, consent_at, adviser_id, slot_start, slot_minutes,
            state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'requested', ?14, ?14)",
        params![
            nb.kind.as_str(),
            nb.topic,
            nb.description,
            nb.village_id,
            nb.villager_name,
            nb.villager_phone,
            if nb.on_behalf { "volunteer" } else { "self" },
            nb.platform,
            nb.booker_user,
            nb.consent_at,
            nb.adviser_id,
            nb.slot_start,
            minutes,
            now,
        ],
    );
    match inserted {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(BookError::Taken);
        }
        Err(e) => return Err(e.into()),
    }
    let id = tx.last_insert_rowid();
    audit(
        &tx,
        now,
        &format!("{}:{}", nb.platform, nb.booker_user),
        Some(id),
        "create",
        &format!(
            "adviser {} slot {} {}",
            nb.adviser_id,
            nb.slot_start,
            if nb.on_behalf { "on behalf" } else { "self" }
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

const SELECT: &str = "SELECT b.id, b.kind, b.topic, b.description, b.village_id, v.name, b.villager_name,
    b.villager_phone, b.booked_by, b.platform, b.booker_user, b.consent_at, b.adviser_id, a.name,
    a.telegram_id, b.slot_start, b.slot_minutes, b.state, b.outcome, b.reason, b.created_at, b.updated_at
    FROM bookings b JOIN villages v ON v.id = b.village_id JOIN advisers a ON a.id = b.adviser_id";

fn bookings_where(
    conn: &Connection,
    cond: &str,
    p: impl rusqlite::Params,
) -> rusqlite::Result<Vec<Booking>> {
    let sql = format!("{SELECT} WHERE {cond} ORDER BY b.slot_start, b.id");
    conn.prepare(&sql)?
        .query_map(p, |r| {
            Ok(Booking {
                id: r.get(0)?,
                kind: r.get(1)?,
                topic: r.get(2)?,
                description: r.get(3)?,
                village_id: r.get(4)?,
                village: r.get(5)?,
                villager_name: r.get(6)?,
                villager_phone: r.get(7)?,
                booked_by: r.get(8)?,
                platform: r.get(9)?,
                booker_user: r.get(10)?,
                consent_at: r.get(11)?,
                adviser_id: r.get(12)?,
                adviser: r.get(13)?,
                adviser_telegram: r.get(14)?,
                slot_start: r.get(15)?,
                slot_minutes: r.get(16)?,
                state: BookingState::parse(&r.get::<_, String>(17)?)
                    .unwrap_or(BookingState::Cancelled),
                outcome: r.get(18)?,
                reason: r.get(19)?,
                created_at: r.get(20)?,
                updated_at: r.get(21)?,
            })
        })?
        .collect()
}

/// One booking.
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Booking>> {
    Ok(bookings_where(conn, "b.id = ?1", [id])?.into_iter().next())
}

/// Every booking.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Booking>> {
    bookings_where(conn, "1 = 1", [])
}

/// Bookings made by a user (villager or volunteer).
pub fn of_booker(conn: &Connection, platform: &str, user: i64) -> rusqlite::Result<Vec<Booking>> {
    bookings_where(
        conn,
        "b.platform = ?1 AND b.booker_user = ?2",
        params![platform, user],
    )
}

/// An adviser's bookings from `from` on.
pub fn of_adviser(conn: &Connection, adviser: i64, from: i64) -> rusqlite::Result<Vec<Booking>> {
    bookings_where(
        conn,
        "b.adviser_id = ?1 AND b.slot_start >= ?2",
        params![adviser, from],
    )
}

/// Moves a booking to another state, checking the rules; records the
/// outcome or reason, and audits.
pub fn transition(
    conn: &mut Connection,
    id: i64,
    to: BookingState,
    outcome: Option<Outcome>,
    reason: Option<&str>,
    actor: &str,
    now: i64,
) -> Result<Booking, TransitionError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|_| TransitionError::NotFound(id))?;
    let b = get(&tx, id)
        .ok()
        .flatten()
        .ok_or(TransitionError::NotFound(id))?;
    if !b.state.can_become(to) {
        return Err(TransitionError::Illegal {
            from: b.state.as_str(),
            to: to.as_str(),
        });
    }
    tx.execute(
        "UPDATE bookings SET state = ?2, outcome = COALESCE(?3, outcome), reason = COALESCE(?4, reason),
         updated_at = ?5 WHERE id = ?1",
        params![id, to.as_str(), outcome.map(Outcome::as_str), reason, now],
    )
    .map_err(|_| TransitionError::NotFound(id))?;
    audit(
        &tx,
        now,
        actor,
        Some(id),
        to.as_str(),
        &[
            outcome.map(|o| o.as_str().to_string()),
            reason.map(str::to_string),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; "),
    )
    .map_err(|_| TransitionError::NotFound(id))?;
    let b = get(&tx, id)
        .ok()
        .flatten()
        .ok_or(TransitionError::NotFound(id))?;
    tx.commit().map_err(|_| TransitionError::NotFound(id))?;
    Ok(b)
}

/// Confirmed bookings whose reminder `hours` before is due now and was not
/// sent to `recipient` yet: (booking, hours).
pub fn due_reminders(
    conn: &Connection,
    now: i64,
    hours: &[u32],
) -> rusqlite::Result<Vec<(Booking, u32)>> {
    let live = bookings_where(conn, "b.state = 'confirmed' AND b.slot_start > ?1", [now])?;
    let mut out = Vec::new();
    for b in live {
        for &h in hours {
            if b.slot_start - i64::from(h) * 3600 <= now {
                out.push((b.clone(), h));
            }
        }
    }
    Ok(out)
}

/// Records a reminder as sent; false if it already was (sent at most once).
pub fn mark_reminded(
    conn: &Connection,
    booking: i64,
    hours: u32,
    recipient: i64,
    now: i64,
) -> rusqlite::Result<bool> {
    Ok(conn.execute(
        "INSERT OR IGNORE INTO reminders_sent(booking_id, hours, recipient, sent_at) VALUES (?1, ?2, ?3, ?4)",
        params![booking, hours, recipient, now],
    )? == 1)
}

/// Clears personal details of bookings finished more than `days` ago.
/// Returns how many were purged. Anonymous figures stay.
pub fn purge(conn: &Connection, now: i64, days: u32) -> rusqlite::Result<usize> {
    let cutoff = now - i64::from(days) * 86_400;
    let n = conn.execute(
        "UPDATE bookings SET villager_name = NULL, villager_phone = NULL, description = '',
            booker_user = NULL, purged_at = ?1
         WHERE purged_at IS NULL AND state IN ('done', 'declined', 'cancelled', 'no_show')
           AND updated_at < ?2",
        params![now, cutoff],
    )?;
    if n > 0 {
        audit(
            conn,
            now,
            "system",
            None,
            "purge",
            &format!("{n} bookings older than {days} days"),
        )?;
    }
    Ok(n)
}

/// `/delete_my_data`: cancels the user's live bookings and clears the
/// personal details of all of them. Returns (cancelled, cleared).
pub fn delete_user_data(
    conn: &mut Connection,
    platform: &str,
    user: i64,
    now: i64,
) -> rusqlite::Result<(usize, usize)> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let cancelled = tx.execute(
        "UPDATE bookings SET state = 'cancelled', reason = 'deleted by the user', updated_at = ?3
         WHERE platform = ?1 AND booker_user = ?2 AND state IN ('requested', 'confirmed')",
        params![platform, user, now],
    )?;
    let cleared = tx.execute(
        "UPDATE bookings SET villager_name = NULL, villager_phone = NULL, description = '',
            booker_user = NULL, purged_at = ?3
         WHERE platform = ?1 AND booker_user = ?2",
        params![platform, user, now],
    )?;
    tx.execute("DELETE FROM volunteers WHERE telegram_id = ?1", [user])?;
    audit(
        &tx,
        now,
        &format!("{platform}:{user}"),
        None,
        "delete_my_data",
        &format!("{cancelled} cancelled, {cleared} cleared"),
    )?;
    tx.commit()?;
    Ok((cancelled, cleared))
}

/// The role an invite grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Linked as this adviser.
    Adviser(i64),
    /// Registered as a volunteer (法律明白人).
    Volunteer,
}

/// Why an invite did not work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InviteError {
    #[error("unknown invite code")]
    Unknown,
    #[error("the invite code has expired")]
    Expired,
    #[error("the invite code was already used")]
    Used,
    #[error("database error")]
    Db,
}

/// Creates a one-time invite code valid for `ttl_days`.
pub fn create_invite(
    conn: &Connection,
    role: &str,
    village: Option<i64>,
    adviser: Option<i64>,
    now: i64,
    ttl_days: i64,
) -> rusqlite::Result<String> {
    let code = format!("i{:016x}", crate::db::rand_u64());
    conn.execute(
        "INSERT INTO invites(code, role, village_id, adviser_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![code, role, village, adviser, now, now + ttl_days * 86_400],
    )?;
    audit(
        conn,
        now,
        "admin",
        None,
        "invite",
        &format!("{role} village {village:?} adviser {adviser:?}"),
    )?;
    Ok(code)
}

/// Redeems an invite for a user: once, before it expires.
pub fn redeem_invite(
    conn: &mut Connection,
    code: &str,
    user: i64,
    now: i64,
) -> Result<Role, InviteError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|_| InviteError::Db)?;
    /// role, village, adviser, expires_at, used_by
    type InviteRow = (String, Option<i64>, Option<i64>, i64, Option<i64>);
    let row: Option<InviteRow> = tx
        .query_row(
            "SELECT role, village_id, adviser_id, expires_at, used_by FROM invites WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()
        .map_err(|_| InviteError::Db)?;
    let Some((role, village, adviser, expires, used)) = row else {
        return Err(InviteError::Unknown);
    };
    if used.is_some() {
        return Err(InviteError::Used);
    }
    if now > expires {
        return Err(InviteError::Expired);
    }
    tx.execute(
        "UPDATE invites SET used_by = ?2, used_at = ?3 WHERE code = ?1",
        params![code, user, now],
    )
    .map_err(|_| InviteError::Db)?;
    let granted = if role == "adviser" {
        let adviser = adviser.ok_or(InviteError::Unknown)?;
        tx.execute(
            "UPDATE advisers SET telegram_id = NULL WHERE telegram_id = ?1",
            [user],
        )
        .map_err(|_| InviteError::Db)?;
        tx.execute(
            "UPDATE advisers SET telegram_id = ?2 WHERE id = ?1",
            params![adviser, user],
        )
        .map_err(|_| InviteError::Db)?;
        Role::Adviser(adviser)
    } else {
        tx.execute(
            "INSERT INTO volunteers(telegram_id, village_id, joined_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(telegram_id) DO UPDATE SET village_id = ?2",
            params![user, village, now],
        )
        .map_err(|_| InviteError::Db)?;
        Role::Volunteer
    };
    audit(
        &tx,
        now,
        &format!("user:{user}"),
        None,
        "redeem_invite",
        &role,
    )
    .map_err(|_| InviteError::Db)?;
    tx.commit().map_err(|_| InviteError::Db)?;
    Ok(granted)
}

/// Whether the user is a registered volunteer.
pub fn is_volunteer(conn: &Connection, user: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM volunteers WHERE telegram_id = ?1",
            [user],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
