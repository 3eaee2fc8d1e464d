//! A small fake Telegram Bot API server on loopback, for tests and the
//! end-to-end benchmark: teloxide's real HTTP client talks to it instead of
//! Telegram. It queues updates for `getUpdates`, records every other call,
//! and answers with just enough JSON for teloxide to parse.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Json;
use serde_json::{Value, json};
use tokio::sync::Notify;

/// The bot's own user id on the fake server.
pub const BOT_ID: i64 = 4242;
/// The bot's username on the fake server.
pub const BOT_USERNAME: &str = "mingbai_test_bot";

#[derive(Default)]
struct Inner {
    updates: VecDeque<Value>,
    next_update_id: i64,
    next_message_id: i64,
    calls: Vec<(String, Value)>,
}

/// Handle to a running fake server.
#[derive(Clone)]
pub struct FakeBotApi {
    /// Base URL to give teloxide (`http://127.0.0.1:PORT/`).
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    notify: Arc<Notify>,
}

impl FakeBotApi {
    /// Starts a server on 127.0.0.1:0 in the current tokio runtime.
    pub async fn start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let fake = FakeBotApi {
            url: format!("http://{addr}/"),
            inner: Arc::new(Mutex::new(Inner {
                next_update_id: 1,
                next_message_id: 1000,
                ..Default::default()
            })),
            notify: Arc::new(Notify::new()),
        };
        let app = Router::new()
            .route("/{bot}/{method}", axum::routing::post(call).get(call))
            .with_state(fake.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(fake)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues an update (`update_id` is filled in) and returns its id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = {
            let mut g = self.lock();
            let id = g.next_update_id;
            g.next_update_id += 1;
            update["update_id"] = json!(id);
            g.updates.push_back(update);
            id
        };
        self.notify.notify_waiters();
        id
    }

    /// Every recorded call except getUpdates: (method, parameters).
    pub fn calls(&self) -> Vec<(String, Value)> {
        self.lock().calls.clone()
    }

    /// Recorded calls of one method.
    pub fn calls_of(&self, method: &str) -> Vec<Value> {
        self.lock()
            .calls
            .iter()
            .filter(|(m, _)| m.eq_ignore_ascii_case(method))
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Waits until at least `n` calls of `method` were recorded (or the
    /// timeout passes) and returns them.
    pub async fn wait_for(&self, method: &str, n: usize, timeout: Duration) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let got = self.calls_of(method);
            if got.len() >= n || tokio::time::Instant::now() >= deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// A user object.
    pub fn user(id: i64, name: &str) -> Value {
        json!({"id": id, "is_bot": false, "first_name": name, "language_code": "zh-hans"})
    }

    /// A chat object: private for positive ids, supergroup for negative.
    pub fn chat(id: i64) -> Value {
        if id < 0 {
            json!({"id": id, "type": "supergroup", "title": "村民群"})
        } else {
            json!({"id": id, "type": "private", "first_name": "村民"})
        }
    }

    /// A text message update from `user` in `chat`.
    pub fn text_update(chat: i64, user: i64, message_id: i64, text: &str) -> Value {
        let mut msg = json!({
            "message_id": message_id,
            "date": 1_700_000_000,
            "chat": Self::chat(chat),
            "from": Self::user(user, "张三"),
            "text": text,
        });
        // Commands and mentions carry entities, as Telegram sends them.
        let mut entities = Vec::new();
        if text.starts_with('/') {
            let len = text
                .split_whitespace()
                .next()
                .unwrap_or("")
                .encode_utf16()
                .count();
            entities.push(json!({"type": "bot_command", "offset": 0, "length": len}));
        }
        let at = format!("@{BOT_USERNAME}");
        if let Some(pos) = text.find(&at)
            && !text.starts_with('/')
        {
            let offset = text[..pos].encode_utf16().count();
            entities.push(
                json!({"type": "mention", "offset": offset, "length": at.encode_utf16().count()}),
            );
        }
        if !entities.is_empty() {
            msg["entities"] = json!(entities);
        }
        json!({"message": msg})
    }

    /// A message the bot sent earlier (for replies and callbacks).
    pub fn bot_message(chat: i64, message_id: i64) -> Value {
        json!({
            "message_id": message_id,
            "date": 1_700_000_000,
            "chat": Self::chat(chat),
            "from": {"id": BOT_ID, "is_bot": true, "first_name": "明白", "username": BOT_USERNAME},
            "text": "（机器人的回答）",
        })
    }

    /// A button press on one of the bot's messages.
    pub fn callback_update(chat: i64, user: i64, data: &str) -> Value {
        json!({"callback_query": {
            "id": format!("cb-{user}-{}", data.len()),
            "from": Self::user(user, "张三"),
            "chat_instance": "ci",
            "data": data,
            "message": Self::bot_message(chat, 1),
        }})
    }
}

async fn call(
    State(fake): State<FakeBotApi>,
    Path((_bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Json<Value> {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let params: Value = if content_type.contains("json") {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    } else if let Some(boundary) = content_type.split("boundary=").nth(1) {
        multipart_fields(&body, boundary.trim_matches('"'))
    } else {
        Value::Null
    };
    let m = method.to_ascii_lowercase();
    if m == "getupdates" {
        return Json(json!({"ok": true, "result": get_updates(&fake, &params).await}));
    }
    let result = {
        let mut g = fake.lock();
        g.calls.push((method.clone(), params.clone()));
        match m.as_str() {
            "getme" => json!({
                "id": BOT_ID, "is_bot": true, "first_name": "明白", "username": BOT_USERNAME,
                "can_join_groups": true, "can_read_all_group_messages": false,
                "supports_inline_queries": false, "can_connect_to_business": false,
                "has_main_web_app": false
            }),
            "sendmessage" => {
                g.next_message_id += 1;
                let chat = params["chat_id"].as_i64().unwrap_or(0);
                let mut msg = FakeBotApi::bot_message(chat, g.next_message_id);
                msg["text"] = params["text"].clone();
                msg
            }
            _ => json!(true),
        }
    };
    Json(json!({"ok": true, "result": result}))
}

/// The text fields of a multipart/form-data body (teloxide sends methods
/// that may carry a file, such as setWebhook, this way), as a JSON object.
fn multipart_fields(body: &[u8], boundary: &str) -> Value {
    let body = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in body.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split("name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        fields.insert(name.to_string(), Value::String(value.to_string()));
    }
    Value::Object(fields)
}

/// Long polling: waits a little for updates at or after `offset`.
async fn get_updates(fake: &FakeBotApi, params: &Value) -> Value {
    let offset = params["offset"].as_i64().unwrap_or(0);
    let deadline = tokio::time::Instant::now() + Duration::from_millis(250);
    loop {
        {
            let mut g = fake.lock();
            g.updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !g.updates.is_empty() {
                return Value::Array(g.updates.iter().cloned().collect());
            }
        }
        let notified = fake.notify.notified();
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return json!([]);
        }
    }
}
