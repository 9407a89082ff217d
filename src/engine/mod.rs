//! The discrete-event engine: a simulated clock, a queue of timed deliveries
//! and seeded random streams. It knows nothing about payments; the simulation
//! (`crate::sim`) gives it messages and addresses of its own.

pub mod queue;
pub mod rng;
pub mod time;

pub use queue::{Delivery, EventQueue, Ticket};
pub use rng::{Probability, Stream};
pub use time::{Duration, Instant};
