//! The Telegram adapter end to end: teloxide's real HTTP client against our
//! fake Bot API server on loopback, running the real dispatcher.

mod common;

use std::sync::Arc;
use std::time::Duration;

use mingbai::engine::{Engine, EngineConfig};
use mingbai::fake_bot_api::{BOT_USERNAME, FakeBotApi};
use mingbai::telegram;
use serde_json::{Value, json};
use teloxide::requests::Requester;

const WAIT: Duration = Duration::from_secs(20);

struct Running {
    fake: FakeBotApi,
    engine: Arc<Engine>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), telegram::TelegramError>>,
}

async fn start() -> Running {
    start_in(telegram::Mode::Polling).await
}

async fn start_in(mode: telegram::Mode) -> Running {
    let fake = FakeBotApi::start().await.unwrap();
    let bot = telegram::bot("123:TEST", Some(&fake.url), telegram::unthrottled()).unwrap();
    let me = bot.get_me().await.unwrap();
    let db = mingbai::db::Db::open_in_memory().unwrap();
    let config = EngineConfig {
        bot_username: BOT_USERNAME.into(),
        ..Default::default()
    };
    let clock = Arc::new(mingbai::clock::SystemClock);
    let engine = Arc::new(Engine::new(common::library_arc(), db, clock, config));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(telegram::serve(bot, engine.clone(), me, mode, async {
        let _ = rx.await;
    }));
    Running {
        fake,
        engine,
        stop: Some(tx),
        task,
    }
}

impl Running {
    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(WAIT, self.task)
            .await
            .expect("serve stops after shutdown")
            .unwrap()
            .unwrap();
    }
}

fn text_of(v: &Value) -> String {
    v["text"].as_str().unwrap_or_default().to_string()
}

#[test]
fn the_dispatcher_builds_with_its_dependencies() {
    // dptree checks the handler's types when the dispatcher is built.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let bot = telegram::bot(
            "123:TEST",
            Some("http://127.0.0.1:9/"),
            telegram::unthrottled(),
        )
        .unwrap();
        let engine = Arc::new(Engine::new(
            common::library_arc(),
            mingbai::db::Db::open_in_memory().unwrap(),
            Arc::new(mingbai::clock::SystemClock),
            EngineConfig::default(),
        ));
        let me: teloxide::types::Me = serde_json::from_value(json!({
            "id": 1, "is_bot": true, "first_name": "明白", "username": "b",
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        }))
        .unwrap();
        let _d = teloxide::dispatching::Dispatcher::builder(bot, telegram::handler())
            .dependencies(teloxide::dptree::deps![engine, me])
            .build();
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_question_group_ask_mention_and_chatter() {
    let r = start().await;
    r.fake
        .push_update(FakeBotApi::text_update(11, 11, 1, "老板拖欠工资不发怎么办"));
    let sent = r.fake.wait_for("sendMessage", 1, WAIT).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["chat_id"], 11);
    assert_eq!(sent[0]["parse_mode"], "HTML");
    assert!(
        text_of(&sent[0]).contains("《劳动合同法》第三十条"),
        "{}",
        sent[0]
    );
    assert!(sent[0]["reply_markup"]["inline_keyboard"].is_array());

    // Group: chatter is ignored, /ask and a mention are answered in reply.
    r.fake
        .push_update(FakeBotApi::text_update(-100, 12, 50, "今天赶街去不去"));
    r.fake.push_update(FakeBotApi::text_update(
        -100,
        12,
        51,
        "/ask 嫁出去的女儿村里还给分地吗",
    ));
    r.fake.push_update(FakeBotApi::text_update(
        -100,
        13,
        52,
        &format!("@{BOT_USERNAME} 借钱不还怎么办"),
    ));
    r.fake.push_update(FakeBotApi::text_update(
        -100,
        12,
        53,
        "/ask@some_other_bot 你好",
    ));
    let sent = r.fake.wait_for("sendMessage", 3, WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent_after = r.fake.calls_of("sendMessage");
    assert_eq!(
        sent_after.len(),
        3,
        "chatter and other bots' commands get nothing: {sent_after:#?}"
    );
    let group: Vec<&Value> = sent.iter().filter(|m| m["chat_id"] == -100).collect();
    assert_eq!(group.len(), 2);
    let replied: Vec<i64> = group
        .iter()
        .map(|m| m["reply_parameters"]["message_id"].as_i64().unwrap())
        .collect();
    assert!(
        replied.contains(&51) && replied.contains(&52),
        "{replied:?}"
    );
    // Booking from a group is a deep link into the private chat.
    let kb = group[0]["reply_markup"]["inline_keyboard"].to_string();
    assert!(
        kb.contains(&format!("https://t.me/{BOT_USERNAME}?start=b")),
        "{kb}"
    );
    r.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_question_and_html_escaping() {
    let r = start().await;
    let mut fwd = FakeBotApi::text_update(21, 21, 1, "老人家的儿子不给赡养费怎么办");
    fwd["message"]["forward_origin"] =
        json!({"type": "hidden_user", "date": 1_700_000_000, "sender_user_name": "李大妈"});
    r.fake.push_update(fwd);
    let sent = r.fake.wait_for("sendMessage", 1, WAIT).await;
    assert!(
        text_of(&sent[0]).starts_with("<b>可以这样转告村民"),
        "{}",
        sent[0]
    );

    // User text is escaped: an unknown command echoes its (short) name.
    r.fake
        .push_update(FakeBotApi::text_update(22, 22, 2, "/x <b>&"));
    r.fake
        .push_update(FakeBotApi::text_update(22, 22, 3, "<b>&</b>"));
    let sent = r.fake.wait_for("sendMessage", 3, WAIT).await;
    for m in &sent[1..] {
        let t = text_of(m);
        // Only our own markup: every '<' opens a tag we generate.
        let stripped = t
            .replace("<b>", "")
            .replace("</b>", "")
            .replace("<i>", "")
            .replace("</i>", "")
            .replace("<blockquote>", "")
            .replace("</blockquote>", "");
        assert!(!stripped.contains('<') && !stripped.contains('>'), "{t}");
    }
    r.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_article_is_split_under_4096_characters() {
    let r = start().await;
    // 资源税法第十七条 is over 11,000 characters.
    r.fake
        .push_update(FakeBotApi::text_update(31, 31, 1, "/law 资源税法 17"));
    let sent = r.fake.wait_for("sendMessage", 1, WAIT).await;
    let kb = sent[0]["reply_markup"]["inline_keyboard"].clone();
    let data = kb
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().clone())
        .find(|b| b["text"].as_str().unwrap_or("").contains("全文"))
        .map(|b| b["callback_data"].as_str().unwrap().to_string())
        .expect("全文 button");
    r.fake
        .push_update(FakeBotApi::callback_update(31, 31, &data));
    let acks = r.fake.wait_for("answerCallbackQuery", 1, WAIT).await;
    assert_eq!(acks.len(), 1);
    // Wait until the parts stop arriving.
    let mut n = 0;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = r.fake.calls_of("sendMessage").len();
        if now == n && n > 1 {
            break;
        }
        n = now;
    }
    let parts: Vec<Value> = r.fake.calls_of("sendMessage")[1..].to_vec();
    let total: usize = parts.iter().map(|p| text_of(p).chars().count()).sum();
    assert!(
        parts.len() >= 3,
        "{} parts, {total} characters",
        parts.len()
    );
    for p in &parts {
        assert!(text_of(p).chars().count() <= 4096);
    }
    r.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_callback_data_is_acknowledged_and_explained() {
    let r = start().await;
    r.fake
        .push_update(FakeBotApi::callback_update(41, 41, "u:987654:1"));
    r.fake
        .push_update(FakeBotApi::callback_update(41, 41, "forged<script>"));
    let acks = r.fake.wait_for("answerCallbackQuery", 2, WAIT).await;
    assert_eq!(acks.len(), 2);
    let sent = r.fake.wait_for("sendMessage", 2, WAIT).await;
    let all: String = sent.iter().map(text_of).collect();
    assert!(all.contains("过期") && all.contains("看不懂"), "{all}");
    r.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_are_registered_in_both_languages() {
    let fake = FakeBotApi::start().await.unwrap();
    let bot = telegram::bot("123:TEST", Some(&fake.url), telegram::unthrottled()).unwrap();
    telegram::register_commands(&bot).await.unwrap();
    let calls = fake.calls_of("setMyCommands");
    assert_eq!(calls.len(), 2);
    assert!(calls[0]["language_code"].is_null());
    assert_eq!(calls[1]["language_code"], "en");
    assert_eq!(calls[0]["commands"].as_array().unwrap().len(), 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_stops_cleanly_on_sigterm() {
    common::library();
    let fake = FakeBotApi::start().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    // Share the statute store and index; the bot database goes elsewhere.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".mingbai");
    for f in ["statutes.db", "index"] {
        std::os::unix::fs::symlink(shared.join(f), data.path().join(f)).unwrap();
    }
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_mingbai"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("serve")
        .arg("--data-dir")
        .arg(data.path())
        .env("TELOXIDE_TOKEN", "123:TEST")
        .env("TELOXIDE_API_URL", &fake.url)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Up once the command menu is registered; then answer one question.
    assert_eq!(fake.wait_for("setMyCommands", 2, WAIT).await.len(), 2);
    fake.push_update(FakeBotApi::text_update(51, 51, 1, "借钱不还怎么办"));
    assert_eq!(fake.wait_for("sendMessage", 1, WAIT).await.len(), 1);
    let pid = child.id().unwrap().to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(status.success());
    let out = tokio::time::timeout(WAIT, child.wait_with_output())
        .await
        .expect("exits after SIGTERM")
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("stopped"), "{err}");
    // The database was closed cleanly: it opens and holds the question.
    let db = mingbai::db::Db::open(&data.path().join("mingbai.db")).unwrap();
    assert_eq!(db.question_count().unwrap(), 1);
}

/// Posts `body` to the bot's webhook as Telegram would; returns the HTTP
/// status line.
async fn post_webhook(
    addr: std::net::SocketAddr,
    path: &str,
    secret: &str,
    body: &Value,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = body.to_string();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).await.unwrap();
    response.lines().next().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_registers_answers_and_refuses_a_wrong_secret() {
    // A free port for the webhook server.
    let listen = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let url: url::Url = format!("http://{listen}/tg").parse().unwrap();
    let r = start_in(telegram::Mode::Webhook { listen, url }).await;
    // The webhook is registered with Telegram, with a secret token.
    let set = r.fake.wait_for("setWebhook", 1, WAIT).await;
    assert_eq!(set[0]["url"], format!("http://{listen}/tg"));
    let secret = set[0]["secret_token"].as_str().unwrap().to_string();
    assert!(!secret.is_empty());
    // The server may start listening just after registering: retry briefly.
    let mut update = FakeBotApi::text_update(21, 21, 1, "借钱不还怎么办");
    update["update_id"] = json!(1);
    let mut status = String::new();
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(listen).await.is_ok() {
            status = post_webhook(listen, "/tg", &secret, &update).await;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(status.contains("200"), "{status}");
    let sent = r.fake.wait_for("sendMessage", 1, WAIT).await;
    assert_eq!(sent[0]["chat_id"], 21);
    assert!(text_of(&sent[0]).contains("《民法典》"), "{}", sent[0]);
    // A post with the wrong secret (not from Telegram) is refused, unanswered.
    let mut forged = FakeBotApi::text_update(22, 22, 2, "借钱不还怎么办");
    forged["update_id"] = json!(2);
    let status = post_webhook(listen, "/tg", "wrong", &forged).await;
    assert!(status.contains("401"), "{status}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(r.fake.calls_of("sendMessage").len(), 1);
    r.stop().await;
}

fn callbacks_in(v: &Value) -> Vec<(String, String)> {
    v["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().cloned().unwrap_or_default())
                .filter_map(|b| {
                    Some((
                        b["text"].as_str()?.to_string(),
                        b["callback_data"].as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_end_to_end_through_telegram() {
    use mingbai::booking::store;
    let r = start().await;
    let code = {
        let mut db = r.engine.db();
        let example =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/advisers.example.toml");
        mingbai::booking::admin::import_advisers(&mut db.conn, &example, 0).unwrap();
        let li = store::advisers(&db.conn)
            .unwrap()
            .into_iter()
            .find(|a| a.name.starts_with('李'))
            .unwrap();
        store::create_invite(
            &db.conn,
            "adviser",
            None,
            Some(li.id),
            jiff::Timestamp::now().as_second(),
            7,
        )
        .unwrap()
    };
    let (adviser, villager) = (900, 61);
    let mut n = 0;
    let mut step = |chat: i64, update: Value| {
        r.fake.push_update(update);
        n += 1;
        let want = n;
        let fake = r.fake.clone();
        async move {
            let sent = fake.wait_for("sendMessage", want, WAIT).await;
            assert!(sent.len() >= want, "no reply to step {want}");
            sent.iter()
                .rev()
                .find(|m| m["chat_id"] == chat)
                .cloned()
                .unwrap()
        }
    };
    let m = step(
        adviser,
        FakeBotApi::text_update(adviser, adviser, 1, &format!("/start {code}")),
    )
    .await;
    assert!(text_of(&m).contains("法律顾问"), "{m}");
    let m = step(
        villager,
        FakeBotApi::text_update(villager, villager, 2, "/book"),
    )
    .await;
    let pick = |m: &Value, i: usize| callbacks_in(m)[i].1.clone();
    let m = step(
        villager,
        FakeBotApi::callback_update(villager, villager, &pick(&m, 0)),
    )
    .await; // consultation
    let m = step(
        villager,
        FakeBotApi::callback_update(villager, villager, &pick(&m, 0)),
    )
    .await; // first topic
    let m = step(
        villager,
        FakeBotApi::callback_update(villager, villager, &pick(&m, 0)),
    )
    .await; // first village (大寨村)
    let m = step(
        villager,
        FakeBotApi::callback_update(villager, villager, &pick(&m, 0)),
    )
    .await; // own adviser
    let m = step(
        villager,
        FakeBotApi::callback_update(villager, villager, &pick(&m, 0)),
    )
    .await; // first slot
    assert!(text_of(&m).contains("姓名"), "{m}");
    let m = step(
        villager,
        FakeBotApi::text_update(villager, villager, 3, "张阿妹"),
    )
    .await;
    let m = step(
        villager,
        FakeBotApi::callback_update(villager, villager, &pick(&m, 0)),
    )
    .await; // no phone
    let m = step(
        villager,
        FakeBotApi::callback_update(villager, villager, &pick(&m, 0)),
    )
    .await; // consent
    assert!(text_of(&m).contains("请核对"), "{m}");
    r.fake.push_update(FakeBotApi::callback_update(
        villager,
        villager,
        &pick(&m, 0),
    )); // submit
    // Two messages: the villager's receipt and the adviser's notice.
    let sent = r.fake.wait_for("sendMessage", n + 2, WAIT).await;
    n += 2;
    let notice = sent
        .iter()
        .rev()
        .find(|m| m["chat_id"] == adviser)
        .unwrap()
        .clone();
    assert!(text_of(&notice).contains("新的预约"), "{notice}");
    let (label, confirm) = callbacks_in(&notice)[0].clone();
    assert!(label.contains("确认"));
    r.fake
        .push_update(FakeBotApi::callback_update(adviser, adviser, &confirm));
    let sent = r.fake.wait_for("sendMessage", n + 2, WAIT).await;
    let told = sent
        .iter()
        .rev()
        .find(|m| m["chat_id"] == villager)
        .unwrap();
    assert!(text_of(told).contains("您的预约已确认"), "{told}");
    assert_eq!(
        store::all(&r.engine.db().conn).unwrap()[0].state,
        mingbai::booking::BookingState::Confirmed
    );
    r.stop().await;
}
