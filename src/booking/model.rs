//! Booking states and the rules for moving between them.

use serde::{Deserialize, Serialize};

/// Where a booking is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    /// Asked for; the adviser has not answered yet.
    Requested,
    /// The adviser confirmed.
    Confirmed,
    /// Held; an outcome is recorded.
    Done,
    /// The adviser declined (with a reason).
    Declined,
    /// Cancelled by the villager, volunteer or an admin.
    Cancelled,
    /// The villager did not come.
    NoShow,
}

impl BookingState {
    /// Every state.
    pub const ALL: [BookingState; 6] = [
        BookingState::Requested,
        BookingState::Confirmed,
        BookingState::Done,
        BookingState::Declined,
        BookingState::Cancelled,
        BookingState::NoShow,
    ];

    /// Name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingState::Requested => "requested",
            BookingState::Confirmed => "confirmed",
            BookingState::Done => "done",
            BookingState::Declined => "declined",
            BookingState::Cancelled => "cancelled",
            BookingState::NoShow => "no_show",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the booking still holds its slot.
    pub fn holds_slot(self) -> bool {
        matches!(self, BookingState::Requested | BookingState::Confirmed)
    }

    /// Whether nothing more can happen to it.
    pub fn is_final(self) -> bool {
        !self.holds_slot()
    }

    /// Whether `self → to` is allowed: requested → confirmed → done |
    /// no-show; requested → declined; requested or confirmed → cancelled.
    pub fn can_become(self, to: BookingState) -> bool {
        use BookingState::*;
        matches!(
            (self, to),
            (Requested, Confirmed)
                | (Requested, Declined)
                | (Requested, Cancelled)
                | (Confirmed, Done)
                | (Confirmed, NoShow)
                | (Confirmed, Cancelled)
                | (Confirmed, Declined)
        )
    }
}

/// What came of a consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Advice given.
    Advice,
    /// Referred to people's mediation.
    Mediation,
    /// Referred to legal aid.
    LegalAid,
    /// Advised to go to court or arbitration.
    CourtOrArbitration,
    /// Something else.
    Other,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 5] = [
        Outcome::Advice,
        Outcome::Mediation,
        Outcome::LegalAid,
        Outcome::CourtOrArbitration,
        Outcome::Other,
    ];

    /// Name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Advice => "advice",
            Outcome::Mediation => "mediation",
            Outcome::LegalAid => "legal_aid",
            Outcome::CourtOrArbitration => "court_or_arbitration",
            Outcome::Other => "other",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// Consultation or a request for people's mediation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A consultation with the legal adviser.
    Consultation,
    /// A request for people's mediation (人民调解申请).
    Mediation,
}

impl Kind {
    /// Name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Consultation => "consultation",
            Kind::Mediation => "mediation",
        }
    }
}

/// Why a transition was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("no booking {0}")]
    NotFound(i64),
    #[error("a booking that is {from} cannot become {to}")]
    Illegal {
        from: &'static str,
        to: &'static str,
    },
    #[error("not allowed for this user")]
    Forbidden,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_is_legal_or_refused_as_specified() {
        use BookingState::*;
        let legal = [
            (Requested, Confirmed),
            (Requested, Declined),
            (Requested, Cancelled),
            (Confirmed, Done),
            (Confirmed, NoShow),
            (Confirmed, Cancelled),
            (Confirmed, Declined),
        ];
        for from in BookingState::ALL {
            for to in BookingState::ALL {
                assert_eq!(
                    from.can_become(to),
                    legal.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
        for s in BookingState::ALL {
            assert_eq!(BookingState::parse(s.as_str()), Some(s));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
    }
}
