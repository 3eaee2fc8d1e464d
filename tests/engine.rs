//! Conversation transcripts through the engine — no Telegram involved.

mod common;

use common::{cmd, engine, group, only_message, press, private};
use mingbai::engine::{Block, Button, Callback, Content, Forwarded, Reply};

fn callback_data(r: &Reply, label_contains: &str) -> Option<String> {
    r.buttons().into_iter().find_map(|b| match b {
        Button::Callback { label, data } if label.contains(label_contains) => Some(data.clone()),
        _ => None,
    })
}

#[test]
fn a_private_question_gets_articles_disclaimer_and_buttons() {
    let (e, _) = engine();
    let replies = e.handle(private(1, "老板拖欠工资不发怎么办"));
    let r = only_message(&replies);
    let text = r.text();
    assert!(text.contains("《劳动合同法》第三十条"), "{text}");
    assert!(text.contains("不是律师意见"), "{text}");
    let labels: Vec<&str> = r.buttons().iter().map(|b| b.label()).collect();
    assert!(labels.contains(&"预约法律顾问"), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("有用")), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("没用")), "{labels:?}");
    // At most three articles, each with its status.
    if let Reply::Message { blocks, .. } = r {
        let quotes = blocks
            .iter()
            .filter(|b| matches!(b, Block::Quote(_)))
            .count();
        assert!((1..=3).contains(&quotes));
        let headings: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) if h.contains('《') => Some(h),
                _ => None,
            })
            .collect();
        assert!(
            headings
                .iter()
                .all(|h| h.contains("现行有效") || h.contains("已")),
            "{headings:?}"
        );
    }
}

#[test]
fn feedback_is_stored() {
    let (e, _) = engine();
    let replies = e.handle(private(1, "老板拖欠工资不发怎么办"));
    let data = callback_data(only_message(&replies), "没用").unwrap();
    let mut inb = private(1, "");
    inb.content = press(&data);
    let replies = e.handle(inb);
    assert!(matches!(&replies[0], Reply::Ack { text: Some(t), .. } if t.contains("谢谢")));
    let Some(Callback::Useful(qid, false)) = Callback::decode(&data) else {
        panic!("{data}")
    };
    let q = e.db().question(qid).unwrap().unwrap();
    assert_eq!(q.feedback.as_deref(), Some("down"));
    assert_eq!(q.chat_kind, "private");
    assert!(!q.relayed);
}

#[test]
fn long_articles_are_trimmed_with_a_full_text_button() {
    let (e, _) = engine();
    // 民法典第五百一十一条 (392 characters) is longer than the preview.
    let replies = e.handle(private(1, "民法典第511条"));
    let r = only_message(&replies);
    let data = callback_data(r, "全文").expect("全文 button");
    assert!(r.text().contains("……"));
    let mut inb = private(1, "");
    inb.content = press(&data);
    let replies = e.handle(inb);
    let full = only_message(&replies).text();
    assert!(
        full.contains("因债权人原因增加的履行费用，由债权人负担。"),
        "{full}"
    );
}

#[test]
fn group_chatter_is_ignored() {
    let (e, _) = engine();
    assert!(
        e.handle(group(-100, 5, Content::Text("今天赶街去不去".into())))
            .is_empty()
    );
    assert!(
        e.handle(group(-100, 5, Content::Text("😀".into())))
            .is_empty()
    );
}

#[test]
fn group_ask_mention_and_reply_are_answered_in_reply_to_the_asker() {
    let (e, _) = engine();
    let mut inbs = vec![group(-100, 5, cmd("ask", "老板拖欠工资不发怎么办"))];
    let mut m = group(-100, 5, Content::Text("老板拖欠工资不发怎么办".into()));
    m.mentions_bot = true;
    inbs.push(m);
    let mut r = group(-100, 5, Content::Text("那加班费呢".into()));
    r.replies_to_bot = true;
    inbs.push(r);
    for inb in inbs {
        let replies = e.handle(inb);
        match only_message(&replies) {
            Reply::Message {
                chat,
                reply_to,
                buttons,
                ..
            } => {
                assert_eq!(*chat, -100);
                assert_eq!(*reply_to, Some(77));
                // Booking leaves the group through a deep link.
                let url = buttons.iter().flatten().find_map(|b| match b {
                    Button::Url { url, .. } => Some(url.clone()),
                    _ => None,
                });
                assert!(url.unwrap().starts_with("https://t.me/mingbai_bot?start=b"));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_deep_link_carries_the_question_into_the_private_chat() {
    let (e, _) = engine();
    let mut m = group(
        -100,
        5,
        Content::Text("我电话13812345678，嫁出去的女儿村里还给分地吗".into()),
    );
    m.mentions_bot = true;
    let replies = e.handle(m);
    let r = only_message(&replies);
    let text = r.text();
    assert!(text.contains("身份证号或手机号"), "{text}");
    assert!(!text.contains("13812345678"));
    let url = match r.buttons()[0] {
        Button::Url { url, .. } => url.clone(),
        other => panic!("{other:?}"),
    };
    let payload = url.split("start=").nth(1).unwrap();
    assert!(payload.len() <= 64);
    let mut start = private(5, "");
    start.content = cmd("start", payload);
    let replies = e.handle(start);
    let all: String = replies.iter().map(Reply::text).collect();
    assert!(all.contains("接着群里的问题"), "{all}");
    assert!(all.contains("承包"), "{all}");
    assert!(!all.contains("13812345678"));
}

#[test]
fn group_rate_limit_stops_flooding_then_recovers() {
    let (e, clock) = engine();
    let ask = || group(-200, 6, cmd("ask", "借钱不还怎么办"));
    for _ in 0..6 {
        assert_eq!(e.handle(ask()).len(), 1);
    }
    let notice = e.handle(ask());
    assert!(only_message(&notice).text().contains("歇一会儿"));
    assert!(e.handle(ask()).is_empty(), "one notice, then silence");
    // Another group is not affected.
    assert_eq!(
        e.handle(group(-201, 6, cmd("ask", "借钱不还怎么办"))).len(),
        1
    );
    clock.advance(61);
    assert_eq!(e.handle(ask()).len(), 1);
}

#[test]
fn a_forwarded_message_is_a_relayed_question() {
    let (e, _) = engine();
    let mut inb = private(9, "老人家的儿子不给赡养费怎么办");
    inb.forwarded = Some(Forwarded {
        origin_name: Some("李大妈".into()),
    });
    let replies = e.handle(inb);
    let r = only_message(&replies);
    let text = r.text();
    assert!(text.starts_with("可以这样转告村民"), "{text}");
    assert!(text.contains("不是律师意见"));
    assert!(
        !text.contains("李大妈"),
        "the villager's identity is not repeated"
    );
    let data = callback_data(r, "替村民预约").unwrap();
    let Some(Callback::Book(qid)) = Callback::decode(&data) else {
        panic!()
    };
    let q = e.db().question(qid).unwrap().unwrap();
    assert!(q.relayed);
}

#[test]
fn bad_input_gets_a_clear_reply() {
    let (e, _) = engine();
    for (text, expect) in [
        ("", "没有收到内容"),
        ("   ", "没有收到内容"),
        ("😀😀😀", "看不懂表情"),
        ("？？？", "看不懂表情"),
    ] {
        let replies = e.handle(private(1, text));
        assert!(only_message(&replies).text().contains(expect), "{text:?}");
    }
    let mut unknown = private(1, "");
    unknown.content = cmd("frobnicate", "x");
    assert!(
        only_message(&e.handle(unknown))
            .text()
            .contains("没有 /frobnicate 这个命令")
    );
    let mut unsupported = private(1, "");
    unsupported.content = Content::Unsupported;
    assert!(
        only_message(&e.handle(unsupported))
            .text()
            .contains("只能看懂文字")
    );
}

#[test]
fn a_ten_thousand_character_message_is_answered_not_dropped() {
    let (e, _) = engine();
    let text = format!("包工头拖欠工钱，{}", "我们天天干活，".repeat(1500));
    assert!(text.chars().count() > 10_000);
    let replies = e.handle(private(1, &text));
    let t = only_message(&replies).text();
    assert!(t.contains("消息太长"), "{t}");
    assert!(t.contains("《"), "still answered: {t}");
    assert_eq!(e.db().question_count().unwrap(), 1);
}

#[test]
fn stale_and_forged_buttons_are_answered() {
    let (e, _) = engine();
    for data in [
        "u:999999:1",
        "b:424242",
        "f:99999999",
        "t:999",
        "e:9999",
        "ac:424242",
        "x:424242",
        "k:ok",
    ] {
        let mut inb = private(1, "");
        inb.content = press(data);
        let replies = e.handle(inb);
        assert!(matches!(&replies[0], Reply::Ack { .. }), "{data}");
        assert!(
            replies.iter().any(|r| r.text().contains("过期")),
            "{data}: {replies:?}"
        );
    }
    for data in ["", "garbage", "f:abc", "u:1:7", "zz:1", "😀"] {
        let mut inb = private(1, "");
        inb.content = press(data);
        let replies = e.handle(inb);
        assert!(matches!(&replies[0], Reply::Ack { .. }), "{data}");
        assert!(
            replies.iter().any(|r| r.text().contains("看不懂")),
            "{data}"
        );
    }
}

#[test]
fn sessions_are_per_chat_and_user_and_a_bad_state_resets_kindly() {
    let (e, _) = engine();
    e.handle(private(1, "借钱不还怎么办"));
    e.handle(group(-100, 1, cmd("ask", "宅基地能卖吗")));
    e.handle(group(-100, 2, cmd("ask", "离婚孩子归谁")));
    let s1 = e.db().session("telegram", -100, 1).unwrap().unwrap();
    let s2 = e.db().session("telegram", -100, 2).unwrap().unwrap();
    let p1 = e.db().session("telegram", 1, 1).unwrap().unwrap();
    assert!(s1.contains("宅基地") && s2.contains("离婚") && p1.contains("借钱"));
    // A stored state from an older build that no longer parses.
    e.db()
        .set_session("telegram", 1, 1, "{\"state\":\"booking_v0\",\"x\":1}", 0)
        .unwrap();
    let replies = e.handle(private(1, "借钱不还怎么办"));
    assert!(replies[0].text().contains("重新开始"), "{replies:?}");
    assert!(replies.len() == 2, "the update itself is still answered");
}

#[test]
fn language_from_lang_command_then_client_code_then_default() {
    let (e, _) = engine();
    let mut en_client = private(3, "/help");
    en_client.content = cmd("help", "");
    en_client.sender.lang_code = Some("en-GB".into());
    assert!(
        only_message(&e.handle(en_client.clone()))
            .text()
            .contains("How to use")
    );
    let mut zh = private(4, "");
    zh.content = cmd("help", "");
    assert!(only_message(&e.handle(zh)).text().contains("用法"));
    let mut set = private(3, "");
    set.content = cmd("lang", "中文");
    assert!(only_message(&e.handle(set)).text().contains("中文"));
    assert!(
        only_message(&e.handle(en_client)).text().contains("用法"),
        "/lang beats the client code"
    );
    let mut bad = private(3, "");
    bad.content = cmd("lang", "klingon");
    assert!(only_message(&e.handle(bad)).text().contains("支持"));
    // English answers say statute text stays Chinese.
    let mut en_q = private(8, "老板拖欠工资不发怎么办");
    en_q.sender.lang_code = Some("en".into());
    let t = only_message(&e.handle(en_q)).text();
    assert!(
        t.contains("original Chinese") && t.contains("《劳动合同法》"),
        "{t}"
    );
}

#[test]
fn commands_answer() {
    let (e, _) = engine();
    for (name, args, expect) in [
        ("start", "", "明白"),
        ("help", "", "/law"),
        ("privacy", "", "180 天"),
        ("cancel", "", "没有进行中"),
        ("ask", "", "/ask 后面"),
        ("law", "", "法律名称和条号"),
        ("law", "看不懂的东西", "没看懂"),
        ("law", "民法典 1079", "第一千零七十九条"),
        ("law", "民法典 9999", "没有第9999条"),
        ("law", "婚姻法 32", "婚姻家庭编"),
        ("start", "qdeadbeef", "过期"),
        ("lang", "", "选择语言"),
    ] {
        let mut inb = private(1, "");
        inb.content = cmd(name, args);
        let all: String = e.handle(inb).iter().map(Reply::text).collect();
        assert!(all.contains(expect), "/{name} {args}: {all}");
    }
}

#[test]
fn supergroup_migration_keeps_the_groups_data() {
    let (e, _) = engine();
    e.handle(group(-300, 1, cmd("ask", "宅基地能卖吗")));
    assert!(
        e.handle(group(-300, 0, Content::MigratedTo(-100300)))
            .is_empty()
    );
    assert!(
        e.db()
            .session("telegram", -100300, 1)
            .unwrap()
            .unwrap()
            .contains("宅基地")
    );
}

#[test]
fn a_restart_mid_conversation_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    {
        let (e, _) = common::engine_with(mingbai::db::Db::open(&path).unwrap(), Default::default());
        let mut set = private(1, "");
        set.content = cmd("lang", "en");
        e.handle(set);
        e.handle(private(1, "宅基地能卖给外村人吗"));
    }
    let (e, _) = common::engine_with(mingbai::db::Db::open(&path).unwrap(), Default::default());
    assert!(
        e.db()
            .session("telegram", 1, 1)
            .unwrap()
            .unwrap()
            .contains("宅基地")
    );
    let mut help = private(1, "");
    help.content = cmd("help", "");
    assert!(only_message(&e.handle(help)).text().contains("How to use"));
    assert_eq!(e.db().question_count().unwrap(), 1);
}

#[test]
fn topics_browse_to_an_answer_in_both_languages() {
    let (e, _) = engine();
    let mut t = private(1, "");
    t.content = cmd("topics", "");
    let r = e.handle(t);
    let topics = only_message(&r);
    assert_eq!(topics.buttons().len(), 19);
    let data = callback_data(topics, "讨要工钱").unwrap();
    let mut p = private(1, "");
    p.content = press(&data);
    let r = e.handle(p);
    let qs = r
        .iter()
        .find(|r| matches!(r, Reply::Message { .. }))
        .unwrap();
    let first = match qs.buttons()[0] {
        Button::Callback { data, .. } => data.clone(),
        other => panic!("{other:?}"),
    };
    let mut p = private(1, "");
    p.content = press(&first);
    let r = e.handle(p);
    let answer = r
        .iter()
        .find(|r| matches!(r, Reply::Message { .. }))
        .unwrap()
        .text();
    assert!(
        answer.contains("尚待法律顾问审核") || answer.contains("依据"),
        "{answer}"
    );
    assert!(answer.contains("《"), "{answer}");
}
