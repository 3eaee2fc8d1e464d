//! Booking consultations: slots, the form, advisers' side, reminders,
//! roles, no double booking, data protection, backups.

mod common;

use std::sync::Arc;

use common::{cmd, engine_with, press, private};
use mingbai::booking::store;
use mingbai::booking::{BookingState, Kind};
use mingbai::clock::ManualClock;
use mingbai::db::Db;
use mingbai::engine::{Button, Callback, Engine, EngineConfig, Form, Inbound, Reply};

/// Monday 2026-11-23 08:00 in Shanghai.
const MONDAY_8AM: i64 = 1_795_392_000;
const ADVISER_TG: i64 = 900;
const ADMIN_TG: i64 = 999;

fn example() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/advisers.example.toml")
}

/// An engine with the example villages and advisers, 李某某律师 linked to
/// Telegram user 900 through an invite, the clock on a Monday morning.
fn setup_with(db: Db) -> (Engine, Arc<ManualClock>) {
    let config = EngineConfig {
        admins: vec![ADMIN_TG],
        ..Default::default()
    };
    let (e, clock) = engine_with(db, config);
    clock.set(MONDAY_8AM);
    {
        let mut db = e.db();
        if store::villages(&db.conn).unwrap().is_empty() {
            mingbai::booking::admin::import_advisers(&mut db.conn, &example(), MONDAY_8AM).unwrap();
            let li = store::advisers(&db.conn)
                .unwrap()
                .into_iter()
                .find(|a| a.name.starts_with('李'))
                .unwrap();
            let code = store::create_invite(&db.conn, "adviser", None, Some(li.id), MONDAY_8AM, 7)
                .unwrap();
            drop(db);
            let mut start = private(ADVISER_TG, "");
            start.content = cmd("start", &code);
            let r = e.handle(start);
            assert!(r[0].text().contains("法律顾问"), "{r:?}");
        }
    }
    (e, clock)
}

fn setup() -> (Engine, Arc<ManualClock>) {
    setup_with(Db::open_in_memory().unwrap())
}

fn ids(e: &Engine) -> (i64, i64) {
    let db = e.db();
    let village = store::village_named(&db.conn, "大寨村")
        .unwrap()
        .unwrap()
        .id;
    let adviser = store::adviser_by_user(&db.conn, ADVISER_TG)
        .unwrap()
        .unwrap()
        .id;
    (village, adviser)
}

fn pressed(user: i64, f: Form) -> Inbound {
    let mut i = private(user, "");
    i.content = press(&Callback::Form(f).encode());
    i
}

fn all_text(replies: &[Reply]) -> String {
    replies
        .iter()
        .map(Reply::text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The slot times offered by buttons in these replies.
fn slot_buttons(replies: &[Reply]) -> Vec<i64> {
    replies
        .iter()
        .flat_map(|r| r.buttons())
        .filter_map(|b| match b {
            Button::Callback { data, .. } => match Callback::decode(data) {
                Some(Callback::Form(Form::Slot(t))) => Some(t),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Fills the form up to the summary for `user`; returns the chosen slot.
fn fill(e: &Engine, user: i64, slot: Option<i64>) -> i64 {
    let (village, adviser) = ids(e);
    let mut b = private(user, "");
    b.content = cmd("book", "");
    let r = e.handle(b);
    assert!(all_text(&r).contains("哪一种"), "{r:?}");
    e.handle(pressed(user, Form::Kind(0)));
    e.handle(pressed(user, Form::Topic(3)));
    e.handle(pressed(user, Form::Village(village)));
    let r = e.handle(pressed(user, Form::Adviser(adviser)));
    let first = *slot_buttons(&r).first().expect("slot buttons");
    let slot = slot.unwrap_or(first);
    let r = e.handle(pressed(user, Form::Slot(slot)));
    assert!(all_text(&r).contains("姓名"), "{r:?}");
    e.handle(private(user, "张阿妹"));
    e.handle(private(user, "138 1234 5678"));
    let r = e.handle(pressed(user, Form::Consent(true)));
    assert!(all_text(&r).contains("请核对"), "{r:?}");
    slot
}

fn submit(e: &Engine, user: i64) -> Vec<Reply> {
    e.handle(pressed(user, Form::Submit))
}

fn only_booking(e: &Engine) -> store::Booking {
    let all = store::all(&e.db().conn).unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

#[test]
fn slots_follow_the_weekly_hours_and_skip_blocked_dates() {
    let (e, _) = setup();
    let (_, adviser) = ids(&e);
    let db = e.db();
    // Tuesday 14:00–17:00 (6 slots) and Friday 09:00–11:30 (5 slots), two weeks.
    let slots = store::free_slots(&db.conn, adviser, MONDAY_8AM).unwrap();
    assert_eq!(slots.len(), 22, "{slots:?}");
    let labels: Vec<String> = slots
        .iter()
        .map(|(t, _)| mingbai::booking::parse::slot_label(*t, false))
        .collect();
    assert_eq!(labels[0], "11月24日 周二 14:00");
    assert_eq!(labels[5], "11月24日 周二 16:30");
    assert_eq!(labels[6], "11月27日 周五 09:00");
    let tuesday = jiff::civil::Date::new(2026, 11, 24).unwrap();
    store::block_date(&db.conn, adviser, tuesday, MONDAY_8AM, "test").unwrap();
    let after = store::free_slots(&db.conn, adviser, MONDAY_8AM).unwrap();
    assert_eq!(after.len(), 16);
    assert!(
        after
            .iter()
            .all(|(t, _)| !mingbai::booking::parse::slot_label(*t, false).starts_with("11月24日"))
    );
    // Slots too soon are not offered: Tuesday 13:50 hides 14:00.
    let late = MONDAY_8AM + 24 * 3600 + 5 * 3600 + 50 * 60;
    let s = store::offered_slots(&db.conn, adviser, late).unwrap();
    assert!(
        !s.iter()
            .any(|(t, _)| mingbai::booking::parse::slot_label(*t, false) == "11月24日 周二 14:00")
    );
}

#[test]
fn a_villager_books_the_adviser_confirms_the_villager_is_told() {
    let (e, _) = setup();
    fill(&e, 5, None);
    let r = submit(&e, 5);
    let text = all_text(&r);
    assert!(
        text.contains("预约已提交") && text.contains("张阿妹"),
        "{text}"
    );
    // The adviser got a notice with confirm / decline buttons.
    let notice = r
        .iter()
        .find(|r| matches!(r, Reply::Message { chat, .. } if *chat == ADVISER_TG))
        .expect("adviser notified");
    assert!(
        notice.text().contains("13812345678"),
        "the adviser sees the details"
    );
    let confirm = notice
        .buttons()
        .iter()
        .find_map(|b| match b {
            Button::Callback { data, label } if label.contains("确认") => Some(data.clone()),
            _ => None,
        })
        .unwrap();
    let mut c = private(ADVISER_TG, "");
    c.content = press(&confirm);
    let r = e.handle(c);
    assert!(
        r.iter()
            .any(|r| matches!(r, Reply::Message { chat: 5, .. }) && r.text().contains("已确认")),
        "{r:?}"
    );
    let b = only_booking(&e);
    assert_eq!(b.state, BookingState::Confirmed);
    assert_eq!(b.booked_by, "self");
    assert!(b.consent_at > 0);
    // The audit log has both steps.
    let n: i64 = e
        .db()
        .conn
        .query_row(
            "SELECT count(*) FROM audit WHERE booking_id = ?1",
            [b.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
    // Confirming twice is refused clearly.
    let mut again = private(ADVISER_TG, "");
    again.content = press(&confirm);
    assert!(all_text(&e.handle(again)).contains("不能改成"));
}

#[test]
fn every_illegal_transition_is_refused() {
    let (e, _) = setup();
    fill(&e, 5, None);
    submit(&e, 5);
    let id = only_booking(&e).id;
    let db = &mut e.db();
    // requested → done / no-show are illegal.
    for to in [
        BookingState::Done,
        BookingState::NoShow,
        BookingState::Requested,
    ] {
        let err = store::transition(&mut db.conn, id, to, None, None, "t", MONDAY_8AM).unwrap_err();
        assert!(err.to_string().contains("cannot become"), "{err}");
    }
    store::transition(
        &mut db.conn,
        id,
        BookingState::Confirmed,
        None,
        None,
        "t",
        MONDAY_8AM,
    )
    .unwrap();
    store::transition(
        &mut db.conn,
        id,
        BookingState::Done,
        Some(mingbai::booking::Outcome::LegalAid),
        None,
        "t",
        MONDAY_8AM,
    )
    .unwrap();
    for to in BookingState::ALL {
        assert!(
            store::transition(&mut db.conn, id, to, None, None, "t", MONDAY_8AM).is_err(),
            "done → {to:?}"
        );
    }
    assert_eq!(
        store::get(&db.conn, id)
            .unwrap()
            .unwrap()
            .outcome
            .as_deref(),
        Some("legal_aid")
    );
}

#[test]
fn declined_villagers_are_told_and_offered_the_next_slots() {
    let (e, _) = setup();
    fill(&e, 5, None);
    submit(&e, 5);
    let id = only_booking(&e).id;
    let mut d = private(ADVISER_TG, "");
    d.content = press(&Callback::Decline(id, None).encode());
    let r = e.handle(d);
    assert!(all_text(&r).contains("原因"));
    let mut d = private(ADVISER_TG, "");
    d.content = press(&Callback::Decline(id, Some(0)).encode());
    let r = e.handle(d);
    let told = r
        .iter()
        .find(|r| matches!(r, Reply::Message { chat: 5, .. }))
        .expect("villager told");
    assert!(told.text().contains("婉拒"));
    let rebook = told
        .buttons()
        .iter()
        .find_map(|b| match b {
            Button::Callback { data, .. } => Some(data.clone()),
            _ => None,
        })
        .expect("next free slots offered");
    let mut rb = private(5, "");
    rb.content = press(&rebook);
    let r = e.handle(rb);
    assert!(all_text(&r).contains("预约已提交"), "{r:?}");
    let all = store::all(&e.db().conn).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all.iter()
            .filter(|b| b.state == BookingState::Declined)
            .count(),
        1
    );
    assert_eq!(
        all.iter()
            .filter(|b| b.state == BookingState::Requested)
            .count(),
        1
    );
}

#[test]
fn a_volunteer_books_on_behalf_of_a_villager() {
    let (e, _) = setup();
    let code = store::create_invite(&e.db().conn, "volunteer", None, None, MONDAY_8AM, 7).unwrap();
    let mut s = private(77, "");
    s.content = cmd("start", &code);
    assert!(all_text(&e.handle(s)).contains("法律明白人"));
    // The code works once.
    let mut s = private(78, "");
    s.content = cmd("start", &code);
    assert!(all_text(&e.handle(s)).contains("已经用过"));
    let mut b = private(77, "");
    b.content = cmd("book", "");
    assert!(all_text(&e.handle(b)).contains("替村民预约"));
    e.handle(private(77, "/cancel"));
    let mut c = private(77, "");
    c.content = cmd("cancel", "");
    e.handle(c);
    fill(&e, 77, None);
    submit(&e, 77);
    let b = only_booking(&e);
    assert_eq!(b.booked_by, "volunteer");
    assert_eq!(b.booker_user, Some(77));
    assert_eq!(b.villager_name.as_deref(), Some("张阿妹"));
}

#[test]
fn invites_expire() {
    let (e, clock) = setup();
    let code = store::create_invite(&e.db().conn, "volunteer", None, None, MONDAY_8AM, 1).unwrap();
    clock.advance(2 * 86_400);
    let mut s = private(79, "");
    s.content = cmd("start", &code);
    assert!(all_text(&e.handle(s)).contains("过期"));
    let mut s = private(79, "");
    s.content = cmd("start", "inotacode");
    assert!(all_text(&e.handle(s)).contains("不对"));
}

#[test]
fn reminders_go_out_once_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let slot;
    {
        let (e, _) = setup_with(Db::open(&path).unwrap());
        slot = fill(&e, 5, None);
        submit(&e, 5);
        let id = only_booking(&e).id;
        let mut c = private(ADVISER_TG, "");
        c.content = press(&Callback::Confirm(id).encode());
        e.handle(c);
        assert!(
            e.due_reminders(mingbai::engine::Platform::Telegram, &[24, 1])
                .is_empty(),
            "too early"
        );
    }
    // Restart: a new engine on the same database, 23 hours before.
    let (e, clock) = setup_with(Db::open(&path).unwrap());
    clock.set(slot - 23 * 3600);
    let r = e.due_reminders(mingbai::engine::Platform::Telegram, &[24, 1]);
    let chats: Vec<i64> = r
        .iter()
        .map(|r| match r {
            Reply::Message { chat, .. } => *chat,
            _ => 0,
        })
        .collect();
    assert_eq!(chats.len(), 2, "{r:?}");
    assert!(chats.contains(&5) && chats.contains(&ADVISER_TG));
    assert!(r[0].text().contains("24 小时后"));
    assert!(
        e.due_reminders(mingbai::engine::Platform::Telegram, &[24, 1])
            .is_empty(),
        "sent once"
    );
    clock.set(slot - 1800);
    let r = e.due_reminders(mingbai::engine::Platform::Telegram, &[24, 1]);
    assert_eq!(r.len(), 2);
    assert!(r[0].text().contains("1 小时后"));
    drop(e);
    let (e, clock) = setup_with(Db::open(&path).unwrap());
    clock.set(slot - 60);
    assert!(
        e.due_reminders(mingbai::engine::Platform::Telegram, &[24, 1])
            .is_empty(),
        "still once after restart"
    );
    clock.set(slot + 60);
    assert!(
        e.due_reminders(mingbai::engine::Platform::Telegram, &[24, 1])
            .is_empty(),
        "none after the slot"
    );
}

#[test]
fn one_hundred_concurrent_attempts_on_one_slot_make_one_booking() {
    let (e, _) = setup();
    let (_, adviser) = ids(&e);
    let slot = store::free_slots(&e.db().conn, adviser, MONDAY_8AM).unwrap()[0].0;
    for user in 1000..1100 {
        fill(&e, user, Some(slot));
    }
    let e = Arc::new(e);
    let barrier = Arc::new(std::sync::Barrier::new(100));
    let started = std::time::Instant::now();
    let handles: Vec<_> = (1000..1100)
        .map(|user| {
            let e = e.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let t = std::time::Instant::now();
                let r = submit(&e, user);
                (all_text(&r), r, t.elapsed())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let elapsed = started.elapsed();
    let booked = results
        .iter()
        .filter(|(t, _, _)| t.contains("预约已提交"))
        .count();
    let taken: Vec<_> = results
        .iter()
        .filter(|(t, _, _)| t.contains("刚被别人约走"))
        .collect();
    assert_eq!(booked, 1);
    assert_eq!(taken.len(), 99);
    // Each refusal offers the next free slots, without the taken one.
    for (_, r, _) in &taken {
        let slots = slot_buttons(r);
        assert!(!slots.is_empty() && !slots.contains(&slot));
    }
    let live = store::all(&e.db().conn).unwrap();
    assert_eq!(live.len(), 1);
    eprintln!("100 concurrent submissions in {elapsed:?}");
}

#[test]
fn the_database_itself_refuses_a_double_booking_across_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let (e, _) = setup_with(Db::open(&path).unwrap());
    let (village, adviser) = ids(&e);
    let slot = store::free_slots(&e.db().conn, adviser, MONDAY_8AM).unwrap()[0].0;
    drop(e);
    let barrier = Arc::new(std::sync::Barrier::new(100));
    let handles: Vec<_> = (0..100)
        .map(|i| {
            let path = path.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut db = Db::open(&path).unwrap();
                let nb = store::NewBooking {
                    kind: Kind::Consultation,
                    topic: None,
                    description: String::new(),
                    village_id: village,
                    villager_name: format!("村民{i}"),
                    villager_phone: None,
                    on_behalf: false,
                    platform: "telegram".into(),
                    booker_user: 2000 + i,
                    consent_at: MONDAY_8AM,
                    adviser_id: adviser,
                    slot_start: slot,
                };
                barrier.wait();
                store::create(&mut db.conn, &nb, MONDAY_8AM)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r, Err(store::BookError::Taken)))
            .count(),
        99,
        "{:?}",
        results
            .iter()
            .filter(|r| r.is_err())
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect::<Vec<_>>()
    );
}

#[test]
fn roles_are_enforced() {
    let (e, _) = setup();
    fill(&e, 5, None);
    submit(&e, 5);
    let id = only_booking(&e).id;
    // A villager cannot confirm, or use adviser commands.
    let mut c = private(5, "");
    c.content = press(&Callback::Confirm(id).encode());
    assert!(all_text(&e.handle(c)).contains("不归您管"));
    for (name, args) in [
        ("availability", "周二 14:00-17:00 30"),
        ("block", "12月1日"),
    ] {
        let mut a = private(5, "");
        a.content = cmd(name, args);
        assert!(all_text(&e.handle(a)).contains("只有法律顾问"), "{name}");
    }
    // Another villager cannot cancel it, and does not see it.
    let mut x = private(6, "");
    x.content = press(&Callback::Cancel(id).encode());
    assert!(all_text(&e.handle(x)).contains("不归您管"));
    let mut m = private(6, "");
    m.content = cmd("my_bookings", "");
    let t = all_text(&e.handle(m));
    assert!(t.contains("没有预约") && !t.contains("张阿妹"), "{t}");
    // The other adviser cannot act on it; an admin can.
    let mut c = private(901, "");
    c.content = press(&Callback::Confirm(id).encode());
    assert!(all_text(&e.handle(c)).contains("不归您管"));
    let mut c = private(ADMIN_TG, "");
    c.content = press(&Callback::Confirm(id).encode());
    assert!(all_text(&e.handle(c)).contains("已确认"));
    // The villager sees and cancels their own.
    let mut m = private(5, "");
    m.content = cmd("my_bookings", "");
    let r = e.handle(m);
    assert!(all_text(&r).contains("张阿妹"));
    let mut x = private(5, "");
    x.content = press(&Callback::Cancel(id).encode());
    let r = e.handle(x);
    assert!(
        r.iter()
            .any(|r| matches!(r, Reply::Message { chat, .. } if *chat == ADVISER_TG)),
        "the adviser is told"
    );
    assert_eq!(only_booking(&e).state, BookingState::Cancelled);
}

#[test]
fn advisers_manage_hours_days_and_outcomes() {
    let (e, _) = setup();
    let mut a = private(ADVISER_TG, "");
    a.content = cmd("availability", "周三 09:00-10:00 20");
    let t = all_text(&e.handle(a));
    assert!(
        t.contains("周三 09:00-10:00 20分钟") && t.contains("周二 14:00-17:00"),
        "{t}"
    );
    let mut bad = private(ADVISER_TG, "");
    bad.content = cmd("availability", "周八 9-10");
    assert!(all_text(&e.handle(bad)).contains("设置方法"));
    // A confirmed booking on a day the adviser then blocks is reported.
    let slot = fill(&e, 5, None);
    submit(&e, 5);
    let id = only_booking(&e).id;
    let mut c = private(ADVISER_TG, "");
    c.content = press(&Callback::Confirm(id).encode());
    e.handle(c);
    let date = mingbai::booking::parse::slot_label(slot, false);
    let day = date.split(' ').next().unwrap();
    let mut b = private(ADVISER_TG, "");
    b.content = cmd("block", day);
    let t = all_text(&e.handle(b));
    assert!(t.contains("已经有 1 个预约") && t.contains("张阿妹"), "{t}");
    assert_eq!(
        only_booking(&e).state,
        BookingState::Confirmed,
        "never silently dropped"
    );
    // The adviser's list, then the outcome.
    let mut m = private(ADVISER_TG, "");
    m.content = cmd("my_bookings", "");
    let r = e.handle(m);
    assert!(all_text(&r).contains("之后的预约"));
    let mut d = private(ADVISER_TG, "");
    d.content = press(&Callback::Done(id, 1).encode());
    e.handle(d);
    let b = only_booking(&e);
    assert_eq!(
        (b.state, b.outcome.as_deref()),
        (BookingState::Done, Some("mediation"))
    );
}

#[test]
fn back_cancel_and_stale_buttons_in_the_form() {
    let (e, _) = setup();
    fill(&e, 5, None);
    // Back from the summary goes to consent.
    let r = e.handle(pressed(5, Form::Back));
    assert!(all_text(&r).contains("同意吗"), "{r:?}");
    // A button from an earlier step is stale and shows the current step.
    let r = e.handle(pressed(5, Form::Kind(0)));
    let t = all_text(&r);
    assert!(t.contains("过期") && t.contains("同意吗"), "{t}");
    // Typing where a button is expected.
    let r = e.handle(private(5, "随便说点什么"));
    assert!(all_text(&r).contains("请点上面的按钮"));
    let mut c = private(5, "");
    c.content = cmd("cancel", "");
    assert!(all_text(&e.handle(c)).contains("已取消"));
    let r = e.handle(pressed(5, Form::Submit));
    assert!(all_text(&r).contains("表单已经过期"));
    assert!(store::all(&e.db().conn).unwrap().is_empty());
    // Refusing consent stores nothing.
    fill(&e, 6, None);
    e.handle(pressed(6, Form::Back));
    let r = e.handle(pressed(6, Form::Consent(false)));
    assert!(all_text(&r).contains("没有保存"));
    assert!(store::all(&e.db().conn).unwrap().is_empty());
}

#[test]
fn bad_input_in_the_form() {
    let (e, _) = setup();
    let (village, adviser) = ids(&e);
    let long = format!("包工头拖欠工钱{}", "很长的情况说明。".repeat(1300));
    let mut q = private(5, &long);
    q.content = mingbai::engine::Content::Text(long.clone());
    e.handle(q);
    let mut b = private(5, "");
    b.content = cmd("book", "");
    e.handle(b);
    e.handle(pressed(5, Form::Kind(1)));
    e.handle(pressed(5, Form::Topic(3)));
    e.handle(pressed(5, Form::Village(village)));
    e.handle(pressed(5, Form::Adviser(adviser)));
    let slot = store::free_slots(&e.db().conn, adviser, MONDAY_8AM).unwrap()[0].0;
    e.handle(pressed(5, Form::Slot(slot)));
    for bad in ["😀😀😀", "13812345678", ""] {
        assert!(
            all_text(&e.handle(private(5, bad))).contains("姓名看不懂"),
            "{bad:?}"
        );
    }
    e.handle(private(5, "Robert'); DROP TABLE bookings;"));
    for bad in ["12345", "电话是啥", "' OR 1=1 --"] {
        assert!(
            all_text(&e.handle(private(5, bad))).contains("电话号码看不懂"),
            "{bad:?}"
        );
    }
    e.handle(private(5, "+86 (138) 1234-5678"));
    e.handle(pressed(5, Form::Consent(true)));
    submit(&e, 5);
    let b = only_booking(&e);
    assert_eq!(
        b.villager_name.as_deref(),
        Some("Robert'); DROP TABLE bookings;")
    );
    assert_eq!(b.villager_phone.as_deref(), Some("13812345678"));
    assert_eq!(b.kind, "mediation");
    assert!(b.description.chars().count() <= 300);
}

#[test]
fn a_process_killed_mid_form_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    {
        let (e, _) = setup_with(Db::open(&path).unwrap());
        let (village, adviser) = ids(&e);
        let mut b = private(5, "");
        b.content = cmd("book", "");
        e.handle(b);
        e.handle(pressed(5, Form::Kind(0)));
        e.handle(pressed(5, Form::Topic(3)));
        e.handle(pressed(5, Form::Village(village)));
        e.handle(pressed(5, Form::Adviser(adviser)));
        // "killed" here: the engine is dropped without any shutdown.
    }
    let (e, _) = setup_with(Db::open(&path).unwrap());
    let (_, adviser) = ids(&e);
    let slot = store::free_slots(&e.db().conn, adviser, MONDAY_8AM).unwrap()[0].0;
    let r = e.handle(pressed(5, Form::Slot(slot)));
    assert!(
        all_text(&r).contains("姓名"),
        "the form continues where it was: {r:?}"
    );
}

#[test]
fn purge_and_delete_my_data_keep_anonymous_figures() {
    let (e, clock) = setup();
    fill(&e, 5, None);
    submit(&e, 5);
    let id = only_booking(&e).id;
    {
        let mut db = e.db();
        store::transition(
            &mut db.conn,
            id,
            BookingState::Confirmed,
            None,
            None,
            "t",
            MONDAY_8AM,
        )
        .unwrap();
        store::transition(
            &mut db.conn,
            id,
            BookingState::Done,
            Some(mingbai::booking::Outcome::Advice),
            None,
            "t",
            MONDAY_8AM,
        )
        .unwrap();
    }
    assert_eq!(e.purge(), 0, "not yet");
    clock.advance(181 * 86_400);
    assert_eq!(e.purge(), 1);
    let b = only_booking(&e);
    assert_eq!(
        (b.villager_name, b.villager_phone, b.booker_user),
        (None, None, None)
    );
    assert_eq!(
        (b.state, b.outcome.as_deref(), b.topic.is_some()),
        (BookingState::Done, Some("advice"), true)
    );
    // /delete_my_data cancels open bookings and clears details.
    clock.set(MONDAY_8AM);
    let adviser = ids(&e).1;
    let second = store::free_slots(&e.db().conn, adviser, MONDAY_8AM).unwrap()[1].0;
    fill(&e, 6, Some(second));
    submit(&e, 6);
    let mut d = private(6, "");
    d.content = cmd("delete_my_data", "");
    let t = all_text(&e.handle(d));
    assert!(t.contains("取消了 1 个"), "{t}");
    let all = store::all(&e.db().conn).unwrap();
    let mine = all.iter().find(|b| b.id != id).unwrap();
    assert_eq!(mine.state, BookingState::Cancelled);
    assert!(mine.villager_name.is_none());
    assert!(e.db().session("telegram", 6, 6).unwrap().is_none());
    // The audit log cannot be rewritten.
    assert!(e.db().conn.execute("DELETE FROM audit", []).is_err());
    assert!(
        e.db()
            .conn
            .execute("UPDATE audit SET actor = 'x'", [])
            .is_err()
    );
}

#[test]
fn a_backup_restores_every_booking() {
    let (e, _) = setup();
    let adviser = ids(&e).1;
    let slots = store::free_slots(&e.db().conn, adviser, MONDAY_8AM).unwrap();
    for (i, user) in [5, 6, 7].into_iter().enumerate() {
        fill(&e, user, Some(slots[i].0));
        submit(&e, user);
    }
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    mingbai::booking::admin::backup(&e.db().conn, &backup).unwrap();
    let restored = Db::open(&backup).unwrap();
    let before = store::all(&e.db().conn).unwrap();
    let after = store::all(&restored.conn).unwrap();
    assert_eq!(before.len(), 3);
    assert_eq!(before, after);
    let csv = mingbai::booking::admin::export_csv(&after);
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.contains("张阿妹"));
}

#[test]
fn group_booking_moves_to_a_private_chat() {
    let (e, _) = setup();
    let r = e.handle(common::group(-100, 5, cmd("book", "")));
    let t = all_text(&r);
    assert!(t.contains("私聊"), "{t}");
    assert!(
        r[0].buttons()
            .iter()
            .any(|b| matches!(b, Button::Url { url, .. } if url.contains("start=b")))
    );
}
