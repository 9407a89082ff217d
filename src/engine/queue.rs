//! The future event list: deliveries ordered by (time, insertion sequence),
//! first in first out on ties, never by comparing payloads (as nexosim's
//! priority queue does), so the order is a pure function of what was
//! scheduled and when.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::time::Instant;

/// One scheduled delivery of a message to an address.
#[derive(Debug)]
pub struct Delivery<A, M> {
    /// When it is delivered: the time asked for, or the clock at scheduling
    /// if that was in the past.
    pub at: Instant,
    /// The scheduling order, from 0 and unique within one queue: among
    /// deliveries due at the same `at`, the lower `seq` goes first.
    pub seq: u64,
    /// The address it is for.
    pub to: A,
    /// What is delivered.
    pub msg: M,
}

/// A delivery's place in the heap: its time, its order and where its
/// address and message wait. The heap moves only these 24 bytes, never the
/// messages, which are several times larger.
///
/// Equality and ordering look at `(at, seq)` only, and the ordering is
/// reversed (the earlier delivery is the greater) so that std's max-heap
/// pops the earliest first.
#[derive(Debug, Clone, Copy)]
struct Key {
    at: Instant,
    seq: u64,
    slot: u32,
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// A bounded queue of deliveries and the simulated clock they drive. The
/// clock only moves forward, to the time of each delivery popped.
pub struct EventQueue<A, M> {
    heap: BinaryHeap<Key>,
    /// Addresses and messages by slot; a slot is reused once its delivery
    /// is popped.
    slots: Vec<Option<(A, M)>>,
    free: Vec<u32>,
    next_seq: u64,
    now: Instant,
    limit: usize,
}

/// A place in the order of deliveries, taken now and used later: a delivery
/// scheduled with it goes exactly where one scheduled at the moment of
/// reserving would have gone among deliveries due at the same instant. It
/// lets an agent keep a timer that usually never fires out of the queue
/// without changing the order of anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ticket(u64);

/// Scheduling refused: the queue already holds its limit of deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueFull {
    /// The most deliveries the queue may hold, as given to [`EventQueue::new`].
    pub limit: usize,
}

impl<A, M> EventQueue<A, M> {
    /// An empty queue whose clock reads `start`, holding at most `limit`
    /// pending deliveries (a scenario that needs more says so through
    /// [`QueueFull`]).
    pub fn new(start: Instant, limit: usize) -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            next_seq: 0,
            now: start,
            limit,
        }
    }

    /// The simulated clock: the time of the last delivery popped, or `start`
    /// before the first.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// How many deliveries are pending.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when no delivery is pending: the simulation has nothing left to do.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Schedules `msg` for `to` at `at`; a time in the past is delivered now,
    /// because the clock never runs backwards. Errors with [`QueueFull`], and
    /// schedules nothing, when `limit` deliveries are already pending.
    pub fn schedule(&mut self, at: Instant, to: A, msg: M) -> Result<(), QueueFull> {
        if self.heap.len() >= self.limit {
            return Err(QueueFull { limit: self.limit });
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.push(at, seq, to, msg);
        Ok(())
    }

    /// Takes the next place in the order of deliveries, to be used by
    /// [`EventQueue::schedule_reserved`] (or never: an unused place costs
    /// nothing).
    pub fn reserve(&mut self) -> Ticket {
        let seq = self.next_seq;
        self.next_seq += 1;
        Ticket(seq)
    }

    /// As [`EventQueue::schedule`], in the place `ticket` reserved. A ticket
    /// is used at most once; using it twice puts two deliveries in one place
    /// (their order is then unspecified).
    pub fn schedule_reserved(&mut self, at: Instant, ticket: Ticket, to: A, msg: M) -> Result<(), QueueFull> {
        if self.heap.len() >= self.limit {
            return Err(QueueFull { limit: self.limit });
        }
        self.push(at, ticket.0, to, msg);
        Ok(())
    }

    fn push(&mut self, at: Instant, seq: u64, to: A, msg: M) {
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some((to, msg));
                slot
            }
            None => {
                self.slots.push(Some((to, msg)));
                (self.slots.len() - 1) as u32
            }
        };
        self.heap.push(Key {
            at: at.max(self.now),
            seq,
            slot,
        });
    }

    /// The time and place of the next delivery, without taking it; None
    /// when empty. A delivery kept outside the queue in a reserved place
    /// goes first when its `(time, place)` is the smaller.
    pub fn peek_place(&self) -> Option<(Instant, Ticket)> {
        self.heap.peek().map(|k| (k.at, Ticket(k.seq)))
    }

    /// Moves the clock to `at`, the time of a delivery kept outside the
    /// queue (see [`EventQueue::peek_place`]); the clock never runs
    /// backwards.
    pub fn advance_to(&mut self, at: Instant) {
        self.now = self.now.max(at);
    }

    /// The time of the next delivery, without taking it; None when empty.
    pub fn peek_time(&self) -> Option<Instant> {
        self.heap.peek().map(|d| d.at)
    }

    /// Takes the next delivery and moves the clock to its time; None, and the
    /// clock stays, when empty.
    pub fn pop(&mut self) -> Option<Delivery<A, M>> {
        let key = self.heap.pop()?;
        let (to, msg) = self.slots[key.slot as usize]
            .take()
            .expect("a queued delivery has its message");
        self.free.push(key.slot);
        self.now = key.at;
        Some(Delivery {
            at: key.at,
            seq: key.seq,
            to,
            msg,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reserved_place_keeps_its_order_among_ties() {
        let mut q = EventQueue::new(Instant(0), 10);
        q.schedule(Instant(5), 'a', 1).unwrap();
        let ticket = q.reserve();
        q.schedule(Instant(5), 'c', 3).unwrap();
        q.schedule_reserved(Instant(5), ticket, 'b', 2).unwrap();
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|d| d.msg)).collect();
        assert_eq!(order, vec![1, 2, 3]);
    }

    #[test]
    fn ties_are_delivered_in_insertion_order() {
        let mut q = EventQueue::new(Instant(0), 10);
        q.schedule(Instant(5), 'a', 1).unwrap();
        q.schedule(Instant(3), 'b', 2).unwrap();
        q.schedule(Instant(5), 'c', 3).unwrap();
        let order: Vec<_> = std::iter::from_fn(|| q.pop().map(|d| d.msg)).collect();
        assert_eq!(order, vec![2, 1, 3]);
        assert_eq!(q.now(), Instant(5));
    }

    #[test]
    fn the_queue_has_a_limit() {
        let mut q = EventQueue::new(Instant(0), 1);
        q.schedule(Instant(1), (), ()).unwrap();
        assert_eq!(q.schedule(Instant(2), (), ()), Err(QueueFull { limit: 1 }));
    }
}
