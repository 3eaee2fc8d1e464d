//! Consultations with village legal advisers: the data and its rules.
//! The conversation that fills a booking in lives in the engine
//! (`engine/booking.rs`); this module knows nothing of chats.

pub mod admin;
pub mod model;
pub mod parse;
pub mod store;

pub use model::{BookingState, Kind, Outcome, TransitionError};
