//! Questions and answers: guarding input, asking the library, logging the
//! question (without identity), and laying the answer out as blocks and
//! buttons. Also topic browsing and button presses.

use super::*;
use crate::answer::Answer;

/// Longest quoted article text in an answer before it is trimmed.
pub const ARTICLE_PREVIEW_CHARS: usize = 300;
/// Same, in the short replies meant for relaying.
pub const RELAY_PREVIEW_CHARS: usize = 150;

/// Cuts `text` at the last sentence end before `max` characters. Returns the
/// text and whether it was cut.
pub fn trim_at_sentence(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        return (text.to_string(), false);
    }
    let head: String = text.chars().take(max).collect();
    let cut = head
        .char_indices()
        .rev()
        .filter(|(_, c)| matches!(c, '。' | '；' | '！' | '？' | '\n'))
        .map(|(i, c)| i + c.len_utf8())
        .next()
        .filter(|&i| i >= head.len() / 3)
        .unwrap_or(head.len());
    (format!("{}……", head[..cut].trim_end()), true)
}

impl Engine {
    /// Answers a question from a user.
    pub(crate) fn question(
        &self,
        ctx: &Ctx,
        mut session: Session,
        raw: &str,
    ) -> Result<Vec<Reply>, EngineError> {
        let (inb, lang) = (ctx.inb, ctx.lang);
        let text = raw.trim();
        if text.is_empty() {
            return Ok(vec![self.message(
                inb,
                vec![Block::Text(tr(lang, "empty-message"))],
                vec![],
            )]);
        }
        if guard::has_no_words(text) {
            return Ok(vec![self.message(
                inb,
                vec![Block::Text(tr(lang, "emoji-only"))],
                vec![],
            )]);
        }
        if inb.chat_kind == ChatKind::Group && contains_personal_number(text) {
            let token = self
                .db()
                .put_pending(&redact_personal_numbers(text), ctx.now)?;
            return Ok(vec![self.message(
                inb,
                vec![Block::Text(tr(lang, "pii-warning"))],
                vec![vec![Button::Url {
                    label: tr(lang, "btn-continue-private"),
                    url: self.deep_link(&token),
                }]],
            )]);
        }
        if inb.chat_kind == ChatKind::Group {
            match self.rate_check(inb.key.chat, ctx.now) {
                Ok(()) => {}
                Err(true) => {
                    return Ok(vec![self.message(
                        inb,
                        vec![Block::Text(tr(lang, "rate-limited"))],
                        vec![],
                    )]);
                }
                Err(false) => return Ok(Vec::new()),
            }
        }
        let long = text.chars().count() > self.config.max_message_chars;
        let answer = self.lib.ask(text);
        let qid = self.log(ctx, &answer, false)?;
        session.last_question = Some(truncate_chars(text, 500));
        self.save_session(ctx, &session)?;
        let mut reply = self.render_answer(ctx, &answer);
        if let Reply::Message {
            blocks, buttons, ..
        } = &mut reply
        {
            if long {
                blocks.insert(
                    0,
                    Block::Note(tr_args(
                        lang,
                        "too-long",
                        &[("max", self.config.max_message_chars.to_string())],
                    )),
                );
            }
            self.add_answer_buttons(
                ctx,
                buttons,
                qid,
                text,
                answer.confident || answer.faq.is_some(),
            )?;
        }
        Ok(vec![reply])
    }

    /// A forwarded question in a private chat: a volunteer relaying a
    /// villager's question. Short and plain, ready to pass on.
    pub(crate) fn relayed(&self, ctx: &Ctx, raw: &str) -> Result<Vec<Reply>, EngineError> {
        let (inb, lang) = (ctx.inb, ctx.lang);
        let text = raw.trim();
        if text.is_empty() || guard::has_no_words(text) {
            return Ok(vec![self.message(
                inb,
                vec![Block::Text(tr(lang, "empty-message"))],
                vec![],
            )]);
        }
        let answer = self.lib.ask(text);
        let qid = self.log(ctx, &answer, true)?;
        let mut blocks = vec![Block::Heading(tr(lang, "relay-header"))];
        if let Some(f) = &answer.faq {
            blocks.push(Block::Text(f.answer.clone()));
            if !f.reviewed {
                blocks.push(Block::Note(tr(lang, "faq-unreviewed")));
            }
        } else if !answer.confident {
            blocks.push(Block::Text(tr(lang, "relay-unsure")));
        }
        if let Some(c) = answer.articles.first() {
            let (t, _) = trim_at_sentence(&c.text, RELAY_PREVIEW_CHARS);
            blocks.push(Block::Heading(c.heading(lang)));
            blocks.push(Block::Quote(t));
        }
        blocks.push(Block::Note(tr(lang, "answer-disclaimer")));
        let buttons = vec![vec![Button::Callback {
            label: tr(lang, "btn-book-for-villager"),
            data: Callback::Book(qid).encode(),
        }]];
        Ok(vec![self.message(inb, blocks, buttons)])
    }

    fn log(&self, ctx: &Ctx, answer: &Answer, relayed: bool) -> Result<i64, EngineError> {
        let topic = match &answer.faq {
            Some(f) => Some(f.topic.clone()),
            None => answer
                .faq_nearest
                .filter(|m| m.score >= 0.3)
                .map(|m| self.lib.faq.entries[m.entry].topic.clone()),
        };
        let faq_id = answer.faq.as_ref().map(|f| f.id.clone());
        Ok(self.db().log_question(
            ctx.now,
            ctx.inb.key.platform.as_str(),
            ctx.inb.chat_kind.as_str(),
            relayed,
            topic.as_deref(),
            faq_id.as_deref(),
            answer.confidence,
        )?)
    }

    /// Lays an answer out: FAQ plain answer first when matched, the hedge
    /// when unsure, then up to three articles (trimmed, with 全文 buttons),
    /// then the not-advice note.
    pub(crate) fn render_answer(&self, ctx: &Ctx, answer: &Answer) -> Reply {
        let lang = ctx.lang;
        let mut blocks = Vec::new();
        let mut buttons: Vec<Vec<Button>> = Vec::new();
        if let Some(f) = &answer.faq {
            blocks.push(Block::Heading(tr(lang, "faq-lead")));
            blocks.push(Block::Text(f.answer.clone()));
            if !f.reviewed {
                blocks.push(Block::Note(tr(lang, "faq-unreviewed")));
            }
            blocks.push(Block::Heading(tr(lang, "faq-articles")));
        } else if !answer.confident
            && !answer.articles.is_empty()
            && answer.articles.iter().all(|c| c.via == "search")
        {
            blocks.push(Block::Text(tr(lang, "answer-unsure")));
        }
        for n in &answer.notes {
            blocks.push(Block::Note(n.render(lang)));
        }
        if answer.articles.is_empty() && answer.notes.is_empty() {
            blocks.push(Block::Text(tr(lang, "answer-nothing-found")));
        }
        let mut full_row = Vec::new();
        let mut noted = std::collections::HashSet::new();
        for (i, c) in answer.articles.iter().enumerate() {
            let (text, cut) = trim_at_sentence(&c.text, ARTICLE_PREVIEW_CHARS);
            blocks.push(Block::Heading(c.heading(lang)));
            blocks.push(Block::Quote(text));
            // A corrected status is explained once per law.
            if let Some(n) = c
                .status_note
                .as_ref()
                .filter(|_| noted.insert(c.law.clone()))
            {
                blocks.push(Block::Note(tr_args(
                    lang,
                    "answer-status-corrected",
                    &[("note", n.clone())],
                )));
            }
            if cut {
                full_row.push(Button::Callback {
                    label: tr_args(lang, "btn-full", &[("n", (i + 1).to_string())]),
                    data: Callback::Full(c.article).encode(),
                });
            }
        }
        if lang != Lang::Zh && !answer.articles.is_empty() {
            blocks.push(Block::Note(tr(lang, "answer-statutes-in-chinese")));
        }
        blocks.push(Block::Note(tr(lang, "answer-disclaimer")));
        if !full_row.is_empty() {
            buttons.push(full_row);
        }
        self.message(ctx.inb, blocks, buttons)
    }

    /// Booking and feedback buttons. Booking goes first when unsure.
    fn add_answer_buttons(
        &self,
        ctx: &Ctx,
        buttons: &mut Vec<Vec<Button>>,
        qid: i64,
        question: &str,
        confident: bool,
    ) -> Result<(), EngineError> {
        let lang = ctx.lang;
        let book = match ctx.inb.chat_kind {
            ChatKind::Private => Button::Callback {
                label: tr(lang, "btn-book"),
                data: Callback::Book(qid).encode(),
            },
            // Booking is personal: it moves to a private chat, carrying
            // the question along.
            ChatKind::Group => {
                let token = self
                    .db()
                    .put_pending(&redact_personal_numbers(question), ctx.now)?;
                Button::Url {
                    label: tr(lang, "btn-book"),
                    url: self.deep_link(&format!("b{token}")),
                }
            }
        };
        let feedback = vec![
            Button::Callback {
                label: tr(lang, "btn-useful"),
                data: Callback::Useful(qid, true).encode(),
            },
            Button::Callback {
                label: tr(lang, "btn-not-useful"),
                data: Callback::Useful(qid, false).encode(),
            },
        ];
        if confident {
            buttons.insert(0, vec![book]);
            buttons.push(feedback);
        } else {
            buttons.insert(0, vec![book]);
            buttons.insert(1, feedback);
        }
        Ok(())
    }

    /// `/topics`: the topic list.
    pub(crate) fn topics(&self, ctx: &Ctx) -> Vec<Reply> {
        let lang = ctx.lang;
        let rows = self
            .lib
            .knowledge
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| Button::Callback {
                label: tr(lang, &format!("topic-{t}")),
                data: Callback::Topic(i as u16).encode(),
            })
            .collect::<Vec<_>>()
            .chunks(2)
            .map(<[Button]>::to_vec)
            .collect();
        vec![self.message(ctx.inb, vec![Block::Text(tr(lang, "topics-choose"))], rows)]
    }

    fn topic_questions(&self, ctx: &Ctx, topic: usize) -> Vec<Reply> {
        let lang = ctx.lang;
        let id = &self.lib.knowledge.topics[topic];
        let mut rows: Vec<Vec<Button>> = self
            .lib
            .faq
            .by_topic(id)
            .map(|(i, e)| {
                vec![Button::Callback {
                    label: truncate_chars(&e.question, 40),
                    data: Callback::Faq(i as u16).encode(),
                }]
            })
            .collect();
        rows.push(vec![Button::Callback {
            label: tr(lang, "btn-back"),
            data: Callback::Topics.encode(),
        }]);
        let title = tr_args(
            lang,
            "topic-questions",
            &[("topic", tr(lang, &format!("topic-{id}")))],
        );
        vec![self.message(ctx.inb, vec![Block::Text(title)], rows)]
    }

    fn faq_entry(&self, ctx: &Ctx, index: usize) -> Vec<Reply> {
        let lang = ctx.lang;
        let e = &self.lib.faq.entries[index];
        let mut blocks = vec![
            Block::Heading(e.question.clone()),
            Block::Text(e.answer.trim().to_string()),
        ];
        if !e.reviewed {
            blocks.push(Block::Note(tr(lang, "faq-unreviewed")));
        }
        blocks.push(Block::Heading(tr(lang, "faq-articles")));
        let mut full_row = Vec::new();
        for (i, c) in e.cites.iter().enumerate() {
            let Some(a) = self.lib.corpus.resolve(&c.law, c.article) else {
                continue;
            };
            let cited = self.lib.cite(a, 0.0, "faq");
            let (text, cut) = trim_at_sentence(&cited.text, ARTICLE_PREVIEW_CHARS);
            blocks.push(Block::Heading(cited.heading(lang)));
            blocks.push(Block::Quote(text));
            if cut {
                full_row.push(Button::Callback {
                    label: tr_args(lang, "btn-full", &[("n", (i + 1).to_string())]),
                    data: Callback::Full(a).encode(),
                });
            }
        }
        blocks.push(Block::Note(tr(lang, "answer-disclaimer")));
        let topic = self
            .lib
            .knowledge
            .topics
            .iter()
            .position(|t| *t == e.topic)
            .unwrap_or(0);
        let mut rows = Vec::new();
        if !full_row.is_empty() {
            rows.push(full_row);
        }
        rows.push(vec![Button::Callback {
            label: tr(lang, "btn-back"),
            data: Callback::Topic(topic as u16).encode(),
        }]);
        vec![self.message(ctx.inb, blocks, rows)]
    }

    /// A pressed button.
    pub(crate) fn button(
        &self,
        ctx: &Ctx,
        session: Session,
        data: &str,
        callback_id: &str,
    ) -> Result<Vec<Reply>, EngineError> {
        let (inb, lang) = (ctx.inb, ctx.lang);
        let ack = |text: Option<String>| Reply::Ack {
            callback_id: callback_id.to_string(),
            text,
        };
        let Some(cb) = Callback::decode(data) else {
            return Ok(vec![
                ack(Some(tr(lang, "button-invalid"))),
                self.message(
                    inb,
                    vec![
                        Block::Text(tr(lang, "button-invalid")),
                        Block::Text(tr(lang, "help")),
                    ],
                    vec![],
                ),
            ]);
        };
        let stale = |extra: Vec<Reply>| {
            let mut out = vec![ack(Some(tr(lang, "button-stale")))];
            out.push(self.message(inb, vec![Block::Text(tr(lang, "button-stale"))], vec![]));
            out.extend(extra);
            out
        };
        Ok(match cb {
            Callback::Full(a) => {
                let ok = (a as usize) < self.lib.corpus.articles.len()
                    && self.lib.corpus.law_of(a).answerable;
                if !ok {
                    return Ok(stale(vec![]));
                }
                let c = self.lib.cite(a, 0.0, "reference");
                let mut blocks = vec![
                    Block::Heading(c.heading(lang)),
                    Block::Quote(c.text.clone()),
                ];
                blocks.push(Block::Note(tr(lang, "answer-disclaimer")));
                vec![ack(None), self.message(inb, blocks, vec![])]
            }
            Callback::Useful(q, up) => {
                if self.db().set_feedback(q, if up { "up" } else { "down" })? {
                    let key = if up {
                        "feedback-thanks"
                    } else {
                        "feedback-sorry"
                    };
                    let mut out = vec![ack(Some(tr(lang, key)))];
                    if !up && inb.chat_kind == ChatKind::Private {
                        out.push(self.message(
                            inb,
                            vec![Block::Text(tr(lang, "feedback-sorry-more"))],
                            vec![],
                        ));
                    }
                    out
                } else {
                    stale(vec![])
                }
            }
            Callback::Book(q) => {
                let question = self.db().question(q)?;
                if question.is_none() {
                    return Ok(stale(vec![]));
                }
                let mut out = vec![ack(None)];
                out.extend(self.start_booking(ctx, session, None)?);
                out
            }
            Callback::Form(f) => {
                let mut out = vec![ack(None)];
                out.extend(self.booking_button(ctx, session, f)?);
                out
            }
            Callback::Confirm(_)
            | Callback::Decline(..)
            | Callback::Done(..)
            | Callback::NoShow(_)
            | Callback::Cancel(_)
            | Callback::Rebook(..) => {
                let mut out = vec![ack(None)];
                out.extend(self.booking_action(ctx, cb)?);
                out
            }
            Callback::Lang(l) => {
                let mut out = vec![ack(None)];
                out.extend(self.set_lang(ctx, l)?);
                out
            }
            Callback::Topics => {
                let mut out = vec![ack(None)];
                out.extend(self.topics(ctx));
                out
            }
            Callback::Topic(t) => {
                if (t as usize) >= self.lib.knowledge.topics.len() {
                    return Ok(stale(self.topics(ctx)));
                }
                let mut out = vec![ack(None)];
                out.extend(self.topic_questions(ctx, t as usize));
                out
            }
            Callback::Faq(e) => {
                if (e as usize) >= self.lib.faq.entries.len() {
                    return Ok(stale(self.topics(ctx)));
                }
                let mut out = vec![ack(None)];
                out.extend(self.faq_entry(ctx, e as usize));
                out
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_at_a_sentence_end() {
        let text = "第一句话。第二句话比较长一些；第三句。";
        let (t, cut) = trim_at_sentence(text, 12);
        assert!(cut);
        assert_eq!(t, "第一句话。……");
        let (t, cut) = trim_at_sentence("短。", 12);
        assert!(!cut);
        assert_eq!(t, "短。");
        // No sentence end early enough: cut at the limit.
        let (t, cut) = trim_at_sentence(&"字".repeat(50), 10);
        assert!(cut);
        assert_eq!(t.chars().count(), 12);
    }
}
