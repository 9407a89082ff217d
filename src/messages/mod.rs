//! What the agents say to each other and what the event log records: one
//! message type per agent ([`mail`]), so the compiler refuses a message sent
//! to an agent that does not accept it; one typed event per kind
//! ([`event`]); the reasons an agent gives for a wait or a decision at the
//! moment it decides ([`why`]); the statements that travel from the switch
//! to the settlement bank and the acquirer ([`statement`]); and the
//! merchants' names and zones from the scenario ([`directory`]).
//!
//! This layer sits above the engine, the domain and the scenario model, and
//! below the agents: it holds data, no behaviour.

pub mod directory;
pub mod event;
pub mod mail;
pub mod statement;
pub mod why;

pub use directory::Directory;
pub use event::{Body, Event, EventSink, Field, Kind, Party, party_name};
pub use mail::Envelope;
pub use why::Why;
