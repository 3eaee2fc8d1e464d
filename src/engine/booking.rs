//! The booking conversation: the form (kind → topic → village → adviser →
//! slot → name → phone → consent → summary), the adviser's side (confirm,
//! decline, outcome, availability, blocked dates), the villager's own
//! bookings, reminders and `/delete_my_data`. All data rules live in
//! [`crate::booking`]; this file only talks.

use serde::{Deserialize, Serialize};

use super::*;
use crate::booking::parse::{self, slot_label};
use crate::booking::store::{self, BookError, Booking, NewBooking};
use crate::booking::{BookingState, Kind, Outcome, TransitionError};

/// Free slots shown at once.
const SLOT_BUTTONS: usize = 12;
/// Decline reasons offered to advisers (locale keys).
const DECLINE_REASONS: [&str; 3] = [
    "decline-reason-busy",
    "decline-reason-scope",
    "decline-reason-other",
];

/// Where the form is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Consultation or mediation.
    #[default]
    Kind,
    /// Topic.
    Topic,
    /// Village.
    Village,
    /// Adviser.
    Adviser,
    /// Slot.
    Slot,
    /// Villager's name (typed).
    Name,
    /// Phone (typed, optional).
    Phone,
    /// Consent to storing the details.
    Consent,
    /// Summary and submit.
    Summary,
}

impl Step {
    fn back(self) -> Step {
        match self {
            Step::Kind | Step::Topic => Step::Kind,
            Step::Village => Step::Topic,
            Step::Adviser => Step::Village,
            Step::Slot => Step::Adviser,
            Step::Name => Step::Slot,
            Step::Phone => Step::Name,
            Step::Consent => Step::Phone,
            Step::Summary => Step::Consent,
        }
    }
}

/// The form as filled so far (kept in the session, so a restart loses
/// nothing).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Current step.
    pub step: Step,
    /// Mediation request rather than consultation.
    pub mediation: bool,
    /// Topic id.
    pub topic: Option<String>,
    /// The question that led here.
    pub description: String,
    /// Village id.
    pub village: Option<i64>,
    /// Adviser id.
    pub adviser: Option<i64>,
    /// Slot start.
    pub slot: Option<i64>,
    /// Villager's name.
    pub name: Option<String>,
    /// Villager's phone.
    pub phone: Option<String>,
    /// A volunteer books for a villager.
    pub on_behalf: bool,
}

impl Engine {
    fn is_admin(&self, user: i64) -> bool {
        self.config.admins.contains(&user)
    }

    fn actor(&self, ctx: &Ctx) -> String {
        format!("{}:{}", ctx.inb.key.platform.as_str(), ctx.inb.key.user)
    }

    fn text_reply(&self, ctx: &Ctx, key: &str) -> Reply {
        self.message(ctx.inb, vec![Block::Text(tr(ctx.lang, key))], vec![])
    }

    /// Starts the form (private chats only; groups get a deep link).
    pub(crate) fn start_booking(
        &self,
        ctx: &Ctx,
        mut session: Session,
        question: Option<String>,
    ) -> Result<Vec<Reply>, EngineError> {
        let lang = ctx.lang;
        let q = question
            .or(session.last_question.clone())
            .unwrap_or_default();
        if ctx.inb.chat_kind == ChatKind::Group {
            let token = self
                .db()
                .put_pending(&redact_personal_numbers(&q), ctx.now)?;
            return Ok(vec![self.message(
                ctx.inb,
                vec![Block::Text(tr(lang, "book-in-private"))],
                vec![vec![Button::Url {
                    label: tr(lang, "btn-continue-private"),
                    url: self.deep_link(&format!("b{token}")),
                }]],
            )]);
        }
        let (has_villages, has_advisers, on_behalf) = {
            let db = self.db();
            (
                !store::villages(&db.conn).map_err(DbError::from)?.is_empty(),
                !store::advisers(&db.conn).map_err(DbError::from)?.is_empty(),
                store::is_volunteer(&db.conn, ctx.inb.key.user).map_err(DbError::from)?,
            )
        };
        if !has_villages || !has_advisers {
            return Ok(vec![self.text_reply(ctx, "book-unavailable")]);
        }
        let topic = (!q.is_empty())
            .then(|| {
                self.lib
                    .faq
                    .rank(&q, &self.lib.knowledge, self.lib.jieba, 1)
            })
            .and_then(|r| r.first().copied())
            .filter(|m| m.score >= 0.3)
            .map(|m| self.lib.faq.entries[m.entry].topic.clone());
        let draft = Draft {
            description: truncate_chars(&redact_personal_numbers(&q), 300),
            topic,
            on_behalf,
            ..Default::default()
        };
        session.state = State::Booking(draft.clone());
        self.save_session(ctx, &session)?;
        let mut out = Vec::new();
        if on_behalf {
            out.push(self.text_reply(ctx, "book-on-behalf"));
        }
        out.push(self.render_step(ctx, &draft)?);
        Ok(out)
    }

    fn nav_row(&self, lang: Lang, step: Step) -> Vec<Button> {
        let mut row = Vec::new();
        if step != Step::Kind {
            row.push(Button::Callback {
                label: tr(lang, "btn-back"),
                data: Callback::Form(Form::Back).encode(),
            });
        }
        row
    }

    /// The prompt and buttons of the current step.
    fn render_step(&self, ctx: &Ctx, d: &Draft) -> Result<Reply, EngineError> {
        let lang = ctx.lang;
        let en = lang == Lang::En;
        let cb = |label: String, f: Form| Button::Callback {
            label,
            data: Callback::Form(f).encode(),
        };
        let mut rows: Vec<Vec<Button>> = Vec::new();
        let mut blocks = Vec::new();
        let db = self.db();
        match d.step {
            Step::Kind => {
                blocks.push(Block::Text(tr(lang, "book-ask-kind")));
                rows.push(vec![
                    cb(tr(lang, "book-kind-consultation"), Form::Kind(0)),
                    cb(tr(lang, "book-kind-mediation"), Form::Kind(1)),
                ]);
            }
            Step::Topic => {
                let prompt = match &d.topic {
                    Some(t) => tr_args(
                        lang,
                        "book-ask-topic-guess",
                        &[("topic", tr(lang, &format!("topic-{t}")))],
                    ),
                    None => tr(lang, "book-ask-topic"),
                };
                blocks.push(Block::Text(prompt));
                let topics = &self.lib.knowledge.topics;
                let mut order: Vec<usize> = (0..topics.len()).collect();
                if let Some(t) = &d.topic {
                    order.sort_by_key(|&i| topics[i] != *t);
                }
                let buttons: Vec<Button> = order
                    .into_iter()
                    .map(|i| {
                        cb(
                            tr(lang, &format!("topic-{}", topics[i])),
                            Form::Topic(i as u16),
                        )
                    })
                    .collect();
                rows.extend(buttons.chunks(2).map(<[Button]>::to_vec));
            }
            Step::Village => {
                blocks.push(Block::Text(tr(
                    lang,
                    if d.on_behalf {
                        "book-ask-village-behalf"
                    } else {
                        "book-ask-village"
                    },
                )));
                let villages = store::villages(&db.conn).map_err(DbError::from)?;
                let buttons: Vec<Button> = villages
                    .iter()
                    .map(|v| cb(v.name.clone(), Form::Village(v.id)))
                    .collect();
                rows.extend(buttons.chunks(3).map(<[Button]>::to_vec));
            }
            Step::Adviser => {
                blocks.push(Block::Text(tr(lang, "book-ask-adviser")));
                let village = d.village.unwrap_or(0);
                for a in store::advisers_for_village(&db.conn, village).map_err(DbError::from)? {
                    let own = a.villages.contains(&village);
                    let label = if own {
                        tr_args(lang, "book-adviser-own", &[("name", a.name.clone())])
                    } else {
                        a.name.clone()
                    };
                    rows.push(vec![cb(label, Form::Adviser(a.id))]);
                }
            }
            Step::Slot => {
                let slots = store::free_slots(&db.conn, d.adviser.unwrap_or(0), ctx.now)
                    .map_err(DbError::from)?;
                if slots.is_empty() {
                    blocks.push(Block::Text(tr(lang, "book-no-slots")));
                } else {
                    blocks.push(Block::Text(tr(lang, "book-ask-slot")));
                    let buttons: Vec<Button> = slots
                        .iter()
                        .take(SLOT_BUTTONS)
                        .map(|(t, _)| cb(slot_label(*t, en), Form::Slot(*t)))
                        .collect();
                    rows.extend(buttons.chunks(2).map(<[Button]>::to_vec));
                }
            }
            Step::Name => blocks.push(Block::Text(tr(
                lang,
                if d.on_behalf {
                    "book-ask-name-behalf"
                } else {
                    "book-ask-name"
                },
            ))),
            Step::Phone => {
                blocks.push(Block::Text(tr(lang, "book-ask-phone")));
                rows.push(vec![cb(tr(lang, "btn-skip-phone"), Form::SkipPhone)]);
            }
            Step::Consent => {
                blocks.push(Block::Text(tr_args(
                    lang,
                    "book-consent",
                    &[("days", self.config.retention_days.to_string())],
                )));
                rows.push(vec![
                    cb(tr(lang, "btn-consent-yes"), Form::Consent(true)),
                    cb(tr(lang, "btn-consent-no"), Form::Consent(false)),
                ]);
            }
            Step::Summary => {
                blocks.push(Block::Heading(tr(lang, "book-summary")));
                blocks.push(Block::Text(self.draft_text(&db.conn, d, lang)?));
                rows.push(vec![cb(tr(lang, "btn-submit"), Form::Submit)]);
            }
        }
        drop(db);
        let nav = self.nav_row(lang, d.step);
        if !nav.is_empty() {
            rows.push(nav);
        }
        blocks.push(Block::Note(tr(lang, "book-cancel-hint")));
        Ok(self.message(ctx.inb, blocks, rows))
    }

    fn draft_text(
        &self,
        conn: &rusqlite::Connection,
        d: &Draft,
        lang: Lang,
    ) -> Result<String, EngineError> {
        let village = store::villages(conn)
            .map_err(DbError::from)?
            .into_iter()
            .find(|v| Some(v.id) == d.village)
            .map(|v| v.name)
            .unwrap_or_default();
        let adviser = d
            .adviser
            .and_then(|a| store::adviser(conn, a).ok().flatten())
            .map(|a| a.name)
            .unwrap_or_default();
        Ok(tr_args(
            lang,
            "book-details",
            &[
                (
                    "kind",
                    tr(
                        lang,
                        if d.mediation {
                            "book-kind-mediation"
                        } else {
                            "book-kind-consultation"
                        },
                    ),
                ),
                (
                    "topic",
                    d.topic
                        .as_ref()
                        .map(|t| tr(lang, &format!("topic-{t}")))
                        .unwrap_or_default(),
                ),
                ("village", village),
                ("adviser", adviser),
                (
                    "slot",
                    d.slot
                        .map(|t| slot_label(t, lang == Lang::En))
                        .unwrap_or_default(),
                ),
                ("name", d.name.clone().unwrap_or_default()),
                ("phone", d.phone.clone().unwrap_or_else(|| "—".into())),
                (
                    "description",
                    if d.description.is_empty() {
                        "—".into()
                    } else {
                        d.description.clone()
                    },
                ),
            ],
        ))
    }

    fn set_draft(&self, ctx: &Ctx, mut session: Session, d: Draft) -> Result<Reply, EngineError> {
        session.state = State::Booking(d.clone());
        self.save_session(ctx, &session)?;
        self.render_step(ctx, &d)
    }

    /// Typed text while the form is open.
    pub(crate) fn booking_text(
        &self,
        ctx: &Ctx,
        session: Session,
        mut d: Draft,
        text: &str,
    ) -> Result<Vec<Reply>, EngineError> {
        match d.step {
            Step::Name => match parse::name(text) {
                Some(n) => {
                    d.name = Some(n);
                    d.step = Step::Phone;
                    Ok(vec![self.set_draft(ctx, session, d)?])
                }
                None => Ok(vec![
                    self.text_reply(ctx, "book-bad-name"),
                    self.render_step(ctx, &d)?,
                ]),
            },
            Step::Phone => match parse::phone(text) {
                Some(p) => {
                    d.phone = Some(p);
                    d.step = Step::Consent;
                    Ok(vec![self.set_draft(ctx, session, d)?])
                }
                None => Ok(vec![
                    self.text_reply(ctx, "book-bad-phone"),
                    self.render_step(ctx, &d)?,
                ]),
            },
            _ => Ok(vec![
                self.text_reply(ctx, "book-use-buttons"),
                self.render_step(ctx, &d)?,
            ]),
        }
    }

    /// A form button. Stale presses (another step, or no form) are told so
    /// and shown the current choices.
    pub(crate) fn booking_button(
        &self,
        ctx: &Ctx,
        session: Session,
        f: Form,
    ) -> Result<Vec<Reply>, EngineError> {
        let State::Booking(mut d) = session.state.clone() else {
            return Ok(vec![self.text_reply(ctx, "book-form-expired")]);
        };
        let expected = match f {
            Form::Kind(_) => Some(Step::Kind),
            Form::Topic(_) => Some(Step::Topic),
            Form::Village(_) => Some(Step::Village),
            Form::Adviser(_) => Some(Step::Adviser),
            Form::Slot(_) => Some(Step::Slot),
            Form::SkipPhone => Some(Step::Phone),
            Form::Consent(_) => Some(Step::Consent),
            Form::Submit => Some(Step::Summary),
            Form::Back => None,
        };
        if expected.is_some_and(|s| s != d.step) {
            return Ok(vec![
                self.text_reply(ctx, "button-stale"),
                self.render_step(ctx, &d)?,
            ]);
        }
        let stale = |this: &Self, d: &Draft| -> Result<Vec<Reply>, EngineError> {
            Ok(vec![
                this.text_reply(ctx, "button-stale"),
                this.render_step(ctx, d)?,
            ])
        };
        match f {
            Form::Back => d.step = d.step.back(),
            Form::Kind(k) => {
                d.mediation = k == 1;
                d.step = Step::Topic;
            }
            Form::Topic(t) => {
                let Some(topic) = self.lib.knowledge.topics.get(t as usize) else {
                    return stale(self, &d);
                };
                d.topic = Some(topic.clone());
                d.step = Step::Village;
            }
            Form::Village(v) => {
                let ok = store::villages(&self.db().conn)
                    .map_err(DbError::from)?
                    .iter()
                    .any(|x| x.id == v);
                if !ok {
                    return stale(self, &d);
                }
                d.village = Some(v);
                d.step = Step::Adviser;
            }
            Form::Adviser(a) => {
                if store::adviser(&self.db().conn, a)
                    .map_err(DbError::from)?
                    .is_none()
                {
                    return stale(self, &d);
                }
                d.adviser = Some(a);
                d.step = Step::Slot;
            }
            Form::Slot(t) => {
                let free = store::free_slots(&self.db().conn, d.adviser.unwrap_or(0), ctx.now)
                    .map_err(DbError::from)?;
                if !free.iter().any(|(s, _)| *s == t) {
                    return Ok(vec![
                        self.text_reply(ctx, "book-slot-taken"),
                        self.render_step(ctx, &d)?,
                    ]);
                }
                d.slot = Some(t);
                d.step = Step::Name;
            }
            Form::SkipPhone => {
                d.phone = None;
                d.step = Step::Consent;
            }
            Form::Consent(false) => {
                let mut s = session;
                s.state = State::Idle;
                self.save_session(ctx, &s)?;
                return Ok(vec![self.text_reply(ctx, "book-no-consent")]);
            }
            Form::Consent(true) => d.step = Step::Summary,
            Form::Submit => return self.submit(ctx, session, d),
        }
        Ok(vec![self.set_draft(ctx, session, d)?])
    }

    fn submit(
        &self,
        ctx: &Ctx,
        mut session: Session,
        mut d: Draft,
    ) -> Result<Vec<Reply>, EngineError> {
        let (Some(village), Some(adviser), Some(slot), Some(name)) =
            (d.village, d.adviser, d.slot, d.name.clone())
        else {
            d.step = Step::Kind;
            return Ok(vec![
                self.text_reply(ctx, "button-stale"),
                self.set_draft(ctx, session, d)?,
            ]);
        };
        let nb = NewBooking {
            kind: if d.mediation {
                Kind::Mediation
            } else {
                Kind::Consultation
            },
            topic: d.topic.clone(),
            description: d.description.clone(),
            village_id: village,
            villager_name: name,
            villager_phone: d.phone.clone(),
            on_behalf: d.on_behalf,
            platform: ctx.inb.key.platform.as_str().to_string(),
            booker_user: ctx.inb.key.user,
            consent_at: ctx.now,
            adviser_id: adviser,
            slot_start: slot,
        };
        let created = store::create(&mut self.db().conn, &nb, ctx.now);
        let id = match created {
            Ok(id) => id,
            Err(BookError::Taken) | Err(BookError::NotOffered) => {
                d.step = Step::Slot;
                d.slot = None;
                return Ok(vec![
                    self.text_reply(ctx, "book-slot-taken"),
                    self.set_draft(ctx, session, d)?,
                ]);
            }
            Err(BookError::Sqlite(e)) => return Err(DbError::from(e).into()),
        };
        session.state = State::Idle;
        self.save_session(ctx, &session)?;
        self.booked(ctx, id)
    }

    /// The receipt for a new booking, and the adviser's notice.
    fn booked(&self, ctx: &Ctx, id: i64) -> Result<Vec<Reply>, EngineError> {
        let b = store::get(&self.db().conn, id)
            .map_err(DbError::from)?
            .expect("just created");
        let mut out = vec![self.message(
            ctx.inb,
            vec![
                Block::Heading(tr(ctx.lang, "book-done")),
                Block::Text(self.booking_text_for(&b, ctx.lang, true)),
            ],
            vec![],
        )];
        out.extend(self.notify_adviser(&b));
        Ok(out)
    }

    fn user_lang(&self, user: i64) -> Lang {
        self.db()
            .user_lang(Platform::Telegram.as_str(), user)
            .ok()
            .flatten()
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_default()
    }

    /// A booking as text; personal details only when `personal`.
    fn booking_text_for(&self, b: &Booking, lang: Lang, personal: bool) -> String {
        let hidden = tr(lang, "book-hidden");
        tr_args(
            lang,
            "booking-line",
            &[
                ("id", b.id.to_string()),
                ("state", tr(lang, &format!("state-{}", b.state.as_str()))),
                ("slot", slot_label(b.slot_start, lang == Lang::En)),
                ("village", b.village.clone()),
                ("adviser", b.adviser.clone()),
                (
                    "topic",
                    b.topic
                        .as_ref()
                        .map(|t| tr(lang, &format!("topic-{t}")))
                        .unwrap_or_default(),
                ),
                (
                    "name",
                    if personal {
                        b.villager_name.clone().unwrap_or_else(|| hidden.clone())
                    } else {
                        hidden.clone()
                    },
                ),
                (
                    "phone",
                    if personal {
                        b.villager_phone.clone().unwrap_or_else(|| "—".into())
                    } else {
                        hidden.clone()
                    },
                ),
                (
                    "description",
                    if personal && !b.description.is_empty() {
                        b.description.clone()
                    } else {
                        "—".into()
                    },
                ),
            ],
        )
    }

    /// The new-booking notice to the adviser (or to admins when the adviser
    /// has not linked a Telegram account yet).
    fn notify_adviser(&self, b: &Booking) -> Vec<Reply> {
        let recipients: Vec<i64> = match b.adviser_telegram {
            Some(t) => vec![t],
            None => self.config.admins.clone(),
        };
        recipients
            .into_iter()
            .map(|chat| {
                let lang = self.user_lang(chat);
                Reply::Message {
                    chat,
                    reply_to: None,
                    blocks: vec![
                        Block::Heading(tr(lang, "adviser-new-booking")),
                        Block::Text(self.booking_text_for(b, lang, true)),
                    ],
                    buttons: vec![vec![
                        Button::Callback {
                            label: tr(lang, "btn-confirm"),
                            data: Callback::Confirm(b.id).encode(),
                        },
                        Button::Callback {
                            label: tr(lang, "btn-decline"),
                            data: Callback::Decline(b.id, None).encode(),
                        },
                    ]],
                }
            })
            .collect()
    }

    /// A message to the person who booked.
    fn to_booker(&self, b: &Booking, key: &str, extra: Vec<Vec<Button>>) -> Option<Reply> {
        let chat = b.booker_user?;
        let lang = self.user_lang(chat);
        Some(Reply::Message {
            chat,
            reply_to: None,
            blocks: vec![
                Block::Heading(tr(lang, key)),
                Block::Text(self.booking_text_for(b, lang, true)),
            ],
            buttons: extra,
        })
    }

    /// May this user act on this booking as its adviser (or an admin)?
    fn may_handle(&self, ctx: &Ctx, b: &Booking) -> bool {
        self.is_admin(ctx.inb.key.user) || b.adviser_telegram == Some(ctx.inb.key.user)
    }

    /// Adviser and villager actions on a booking.
    pub(crate) fn booking_action(
        &self,
        ctx: &Ctx,
        cb: Callback,
    ) -> Result<Vec<Reply>, EngineError> {
        let lang = ctx.lang;
        let id = match cb {
            Callback::Confirm(b)
            | Callback::Decline(b, _)
            | Callback::Done(b, _)
            | Callback::NoShow(b)
            | Callback::Cancel(b)
            | Callback::Rebook(b, _) => b,
            _ => return Ok(Vec::new()),
        };
        let Some(b) = store::get(&self.db().conn, id).map_err(DbError::from)? else {
            return Ok(vec![self.text_reply(ctx, "button-stale")]);
        };
        let own =
            b.platform == ctx.inb.key.platform.as_str() && b.booker_user == Some(ctx.inb.key.user);
        let allowed = match cb {
            Callback::Cancel(_) | Callback::Rebook(..) => own || self.is_admin(ctx.inb.key.user),
            _ => self.may_handle(ctx, &b),
        };
        if !allowed {
            return Ok(vec![self.text_reply(ctx, "book-forbidden")]);
        }
        let actor = self.actor(ctx);
        let (to, outcome, reason) = match cb {
            Callback::Confirm(_) => (BookingState::Confirmed, None, None),
            Callback::Decline(_, None) => {
                if !b.state.can_become(BookingState::Declined) {
                    return Ok(vec![self.illegal(ctx, &b, BookingState::Declined)]);
                }
                let rows = DECLINE_REASONS
                    .iter()
                    .enumerate()
                    .map(|(i, k)| {
                        vec![Button::Callback {
                            label: tr(lang, k),
                            data: Callback::Decline(b.id, Some(i as u8)).encode(),
                        }]
                    })
                    .collect();
                return Ok(vec![self.message(
                    ctx.inb,
                    vec![Block::Text(tr(lang, "decline-why"))],
                    rows,
                )]);
            }
            Callback::Decline(_, Some(r)) => {
                let Some(key) = DECLINE_REASONS.get(r as usize) else {
                    return Ok(vec![self.text_reply(ctx, "button-invalid")]);
                };
                (BookingState::Declined, None, Some(tr(Lang::Zh, key)))
            }
            Callback::Done(_, o) => {
                let Some(outcome) = Outcome::ALL.get(o as usize).copied() else {
                    return Ok(vec![self.text_reply(ctx, "button-invalid")]);
                };
                (BookingState::Done, Some(outcome), None)
            }
            Callback::NoShow(_) => (BookingState::NoShow, None, None),
            Callback::Cancel(_) => (
                BookingState::Cancelled,
                None,
                Some("cancelled by the booker".to_string()),
            ),
            Callback::Rebook(_, t) => return self.rebook(ctx, &b, t),
            _ => unreachable!("filtered above"),
        };
        let result = store::transition(
            &mut self.db().conn,
            b.id,
            to,
            outcome,
            reason.as_deref(),
            &actor,
            ctx.now,
        );
        let nb = match result {
            Ok(nb) => nb,
            Err(TransitionError::Illegal { .. }) => return Ok(vec![self.illegal(ctx, &b, to)]),
            Err(_) => return Ok(vec![self.text_reply(ctx, "button-stale")]),
        };
        let mut out = vec![self.message(
            ctx.inb,
            vec![Block::Text(tr_args(
                lang,
                "booking-now",
                &[
                    ("id", nb.id.to_string()),
                    ("state", tr(lang, &format!("state-{}", to.as_str()))),
                ],
            ))],
            vec![],
        )];
        match to {
            BookingState::Confirmed => out.extend(self.to_booker(&nb, "booker-confirmed", vec![])),
            BookingState::Declined => {
                // Offer the next free slots of the same adviser.
                let slots = store::free_slots(&self.db().conn, nb.adviser_id, ctx.now)
                    .map_err(DbError::from)?;
                let blang = nb
                    .booker_user
                    .map(|u| self.user_lang(u))
                    .unwrap_or_default();
                let rows: Vec<Vec<Button>> = slots
                    .iter()
                    .take(6)
                    .map(|(t, _)| Button::Callback {
                        label: slot_label(*t, blang == Lang::En),
                        data: Callback::Rebook(nb.id, *t).encode(),
                    })
                    .collect::<Vec<_>>()
                    .chunks(2)
                    .map(<[Button]>::to_vec)
                    .collect();
                out.extend(self.to_booker(&nb, "booker-declined", rows));
            }
            BookingState::Cancelled if !own => {
                out.extend(self.to_booker(&nb, "booker-cancelled", vec![]))
            }
            BookingState::Cancelled => {
                if let Some(t) = nb.adviser_telegram {
                    let l = self.user_lang(t);
                    out.push(Reply::Message {
                        chat: t,
                        reply_to: None,
                        blocks: vec![
                            Block::Heading(tr(l, "adviser-cancelled")),
                            Block::Text(self.booking_text_for(&nb, l, true)),
                        ],
                        buttons: vec![],
                    });
                }
            }
            _ => {}
        }
        Ok(out)
    }

    fn illegal(&self, ctx: &Ctx, b: &Booking, to: BookingState) -> Reply {
        let lang = ctx.lang;
        self.message(
            ctx.inb,
            vec![Block::Text(tr_args(
                lang,
                "booking-illegal",
                &[
                    ("id", b.id.to_string()),
                    ("from", tr(lang, &format!("state-{}", b.state.as_str()))),
                    ("to", tr(lang, &format!("state-{}", to.as_str()))),
                ],
            ))],
            vec![],
        )
    }

    /// After a decline: the same request at another slot.
    fn rebook(&self, ctx: &Ctx, b: &Booking, slot: i64) -> Result<Vec<Reply>, EngineError> {
        let (Some(name), Some(user)) = (b.villager_name.clone(), b.booker_user) else {
            return Ok(vec![self.text_reply(ctx, "button-stale")]);
        };
        let nb = NewBooking {
            kind: if b.kind == "mediation" {
                Kind::Mediation
            } else {
                Kind::Consultation
            },
            topic: b.topic.clone(),
            description: b.description.clone(),
            village_id: b.village_id,
            villager_name: name,
            villager_phone: b.villager_phone.clone(),
            on_behalf: b.booked_by == "volunteer",
            platform: b.platform.clone(),
            booker_user: user,
            consent_at: b.consent_at,
            adviser_id: b.adviser_id,
            slot_start: slot,
        };
        let created = store::create(&mut self.db().conn, &nb, ctx.now);
        match created {
            Ok(id) => self.booked(ctx, id),
            Err(BookError::Taken) | Err(BookError::NotOffered) => {
                Ok(vec![self.text_reply(ctx, "book-slot-taken-again")])
            }
            Err(BookError::Sqlite(e)) => Err(DbError::from(e).into()),
        }
    }

    /// `/my_bookings`: an adviser's today and upcoming, or one's own.
    pub(crate) fn my_bookings(&self, ctx: &Ctx) -> Result<Vec<Reply>, EngineError> {
        let lang = ctx.lang;
        let user = ctx.inb.key.user;
        if ctx.inb.chat_kind == ChatKind::Group {
            return Ok(vec![self.text_reply(ctx, "book-in-private")]);
        }
        let db = self.db();
        let adviser = store::adviser_by_user(&db.conn, user).map_err(DbError::from)?;
        let today = jiff::Timestamp::from_second(ctx.now)
            .map(|t| t.to_zoned(store::tz()).date())
            .unwrap_or_default();
        let (day_start, day_end) = store::day_bounds(today);
        let mut out = Vec::new();
        if let Some(a) = adviser {
            let list = store::of_adviser(&db.conn, a.id, day_start).map_err(DbError::from)?;
            drop(db);
            if list.is_empty() {
                return Ok(vec![self.text_reply(ctx, "my-bookings-none")]);
            }
            for (title, items) in [
                (
                    "my-bookings-today",
                    list.iter()
                        .filter(|b| b.slot_start < day_end)
                        .collect::<Vec<_>>(),
                ),
                (
                    "my-bookings-upcoming",
                    list.iter().filter(|b| b.slot_start >= day_end).collect(),
                ),
            ] {
                if items.is_empty() {
                    continue;
                }
                out.push(self.message(ctx.inb, vec![Block::Heading(tr(lang, title))], vec![]));
                for b in items {
                    let buttons = match b.state {
                        BookingState::Requested => vec![vec![
                            Button::Callback {
                                label: tr(lang, "btn-confirm"),
                                data: Callback::Confirm(b.id).encode(),
                            },
                            Button::Callback {
                                label: tr(lang, "btn-decline"),
                                data: Callback::Decline(b.id, None).encode(),
                            },
                        ]],
                        BookingState::Confirmed => {
                            let mut rows: Vec<Vec<Button>> = Outcome::ALL
                                .iter()
                                .enumerate()
                                .map(|(i, o)| Button::Callback {
                                    label: tr(lang, &format!("outcome-{}", o.as_str())),
                                    data: Callback::Done(b.id, i as u8).encode(),
                                })
                                .collect::<Vec<_>>()
                                .chunks(2)
                                .map(<[Button]>::to_vec)
                                .collect();
                            rows.push(vec![Button::Callback {
                                label: tr(lang, "btn-no-show"),
                                data: Callback::NoShow(b.id).encode(),
                            }]);
                            rows
                        }
                        _ => vec![],
                    };
                    out.push(self.message(
                        ctx.inb,
                        vec![Block::Text(self.booking_text_for(b, lang, true))],
                        buttons,
                    ));
                }
            }
            return Ok(out);
        }
        let list = store::of_booker(&db.conn, ctx.inb.key.platform.as_str(), user)
            .map_err(DbError::from)?;
        drop(db);
        if list.is_empty() {
            return Ok(vec![self.text_reply(ctx, "my-bookings-none")]);
        }
        out.push(self.message(
            ctx.inb,
            vec![Block::Heading(tr(lang, "my-bookings-mine"))],
            vec![],
        ));
        for b in &list {
            let buttons = if b.state.holds_slot() {
                vec![vec![Button::Callback {
                    label: tr(lang, "btn-cancel-booking"),
                    data: Callback::Cancel(b.id).encode(),
                }]]
            } else {
                vec![]
            };
            out.push(self.message(
                ctx.inb,
                vec![Block::Text(self.booking_text_for(b, lang, true))],
                buttons,
            ));
        }
        Ok(out)
    }

    /// `/availability [周二 14:00-17:00 30 | clear]` (advisers).
    pub(crate) fn availability(&self, ctx: &Ctx, args: &str) -> Result<Vec<Reply>, EngineError> {
        let lang = ctx.lang;
        let db = self.db();
        let Some(a) = store::adviser_by_user(&db.conn, ctx.inb.key.user).map_err(DbError::from)?
        else {
            return Ok(vec![self.text_reply(ctx, "advisers-only")]);
        };
        let args = args.trim();
        if args == "clear" || args == "清空" {
            store::set_rules(&db.conn, a.id, &[]).map_err(DbError::from)?;
            store::audit(
                &db.conn,
                ctx.now,
                &self.actor(ctx),
                None,
                "availability_clear",
                &a.name,
            )
            .map_err(DbError::from)?;
        } else if !args.is_empty() {
            let Some(rule) = parse::availability(args) else {
                return Ok(vec![self.message(
                    ctx.inb,
                    vec![Block::Text(tr(lang, "availability-usage"))],
                    vec![],
                )]);
            };
            store::add_rule(&db.conn, a.id, rule).map_err(DbError::from)?;
            store::audit(
                &db.conn,
                ctx.now,
                &self.actor(ctx),
                None,
                "availability_add",
                args,
            )
            .map_err(DbError::from)?;
        }
        let rules = store::rules(&db.conn, a.id).map_err(DbError::from)?;
        let lines = crate::booking::admin::describe_rules(&rules, lang == Lang::En);
        let text = if lines.is_empty() {
            tr(lang, "availability-none")
        } else {
            lines.join("\n")
        };
        Ok(vec![self.message(
            ctx.inb,
            vec![
                Block::Heading(tr(lang, "availability-now")),
                Block::Text(text),
                Block::Note(tr(lang, "availability-usage")),
            ],
            vec![],
        )])
    }

    /// `/block 2026-12-01` (advisers): bookings already on that date are
    /// reported, never dropped.
    pub(crate) fn block(&self, ctx: &Ctx, args: &str) -> Result<Vec<Reply>, EngineError> {
        let lang = ctx.lang;
        let today = jiff::Timestamp::from_second(ctx.now)
            .map(|t| t.to_zoned(store::tz()).date())
            .unwrap_or_default();
        let db = self.db();
        let Some(a) = store::adviser_by_user(&db.conn, ctx.inb.key.user).map_err(DbError::from)?
        else {
            return Ok(vec![self.text_reply(ctx, "advisers-only")]);
        };
        let Some(date) = parse::date(args, today) else {
            return Ok(vec![self.text_reply(ctx, "block-usage")]);
        };
        let affected = store::block_date(&db.conn, a.id, date, ctx.now, &self.actor(ctx))
            .map_err(DbError::from)?;
        drop(db);
        let mut blocks = vec![Block::Text(tr_args(
            lang,
            "block-done",
            &[("date", date.to_string())],
        ))];
        let mut rows = Vec::new();
        if !affected.is_empty() {
            blocks.push(Block::Heading(tr_args(
                lang,
                "block-affected",
                &[("n", affected.len().to_string())],
            )));
            for b in &affected {
                blocks.push(Block::Text(self.booking_text_for(b, lang, true)));
                rows.push(vec![Button::Callback {
                    label: tr_args(lang, "btn-decline-id", &[("id", b.id.to_string())]),
                    data: Callback::Decline(b.id, None).encode(),
                }]);
            }
        }
        Ok(vec![self.message(ctx.inb, blocks, rows)])
    }

    /// `/delete_my_data`.
    pub(crate) fn delete_my_data(&self, ctx: &Ctx) -> Result<Vec<Reply>, EngineError> {
        let k = ctx.inb.key;
        let (cancelled, cleared) = {
            let mut db = self.db();
            let r = store::delete_user_data(&mut db.conn, k.platform.as_str(), k.user, ctx.now)
                .map_err(DbError::from)?;
            db.conn
                .execute(
                    "DELETE FROM sessions WHERE platform = ?1 AND user_id = ?2",
                    rusqlite::params![k.platform.as_str(), k.user],
                )
                .map_err(DbError::from)?;
            db.conn
                .execute(
                    "DELETE FROM users WHERE platform = ?1 AND user_id = ?2",
                    rusqlite::params![k.platform.as_str(), k.user],
                )
                .map_err(DbError::from)?;
            r
        };
        Ok(vec![self.message(
            ctx.inb,
            vec![Block::Text(tr_args(
                ctx.lang,
                "deleted-my-data",
                &[
                    ("cancelled", cancelled.to_string()),
                    ("cleared", cleared.to_string()),
                ],
            ))],
            vec![],
        )])
    }

    /// `/start i…`: an invite code for an adviser or volunteer.
    pub(crate) fn redeem(&self, ctx: &Ctx, code: &str) -> Result<Vec<Reply>, EngineError> {
        let r = store::redeem_invite(&mut self.db().conn, code, ctx.inb.key.user, ctx.now);
        let key = match r {
            Ok(store::Role::Adviser(_)) => "invite-adviser-ok",
            Ok(store::Role::Volunteer) => "invite-volunteer-ok",
            Err(store::InviteError::Expired) => "invite-expired",
            Err(store::InviteError::Used) => "invite-used",
            Err(_) => "invite-unknown",
        };
        Ok(vec![self.text_reply(ctx, key)])
    }

    /// Reminders due now on `platform`, each sent at most once per
    /// recipient (recorded before it is returned).
    pub fn due_reminders(&self, platform: Platform, hours: &[u32]) -> Vec<Reply> {
        let now = self.clock.now_unix();
        let db = self.db();
        let Ok(due) = store::due_reminders(&db.conn, now, hours) else {
            return Vec::new();
        };
        drop(db);
        let mut out = Vec::new();
        for (b, h) in due {
            if b.platform != platform.as_str() {
                continue;
            }
            let recipients = [b.booker_user, b.adviser_telegram];
            for r in recipients.into_iter().flatten() {
                let fresh = store::mark_reminded(&self.db().conn, b.id, h, r, now).unwrap_or(false);
                if !fresh {
                    continue;
                }
                let lang = self.user_lang(r);
                out.push(Reply::Message {
                    chat: r,
                    reply_to: None,
                    blocks: vec![
                        Block::Heading(tr_args(lang, "reminder", &[("hours", h.to_string())])),
                        Block::Text(self.booking_text_for(&b, lang, true)),
                    ],
                    buttons: vec![],
                });
            }
        }
        out
    }

    /// Clears personal details of finished bookings past the retention
    /// period. Returns how many.
    pub fn purge(&self) -> usize {
        store::purge(
            &self.db().conn,
            self.clock.now_unix(),
            self.config.retention_days,
        )
        .unwrap_or(0)
    }
}
