//! The event log's writer: a thread of its own formats the events and writes
//! the lines, so that the simulation, the formatting and the kernel's copy
//! of the bytes overlap. The simulation hands over copies of its events in
//! batches and stays single-threaded; the lines are a pure function of the
//! events and their order, which one thread keeps, so the bytes are the same
//! as when formatted in place.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::thread::JoinHandle;

use crate::messages::{Event, EventSink};
use crate::report::events::LineFormat;
use crate::scenario::Scenario;

/// Events handed over at once: enough that the hand-over costs little beside
/// the formatting, few enough that the batches in flight stay small (about
/// 100 bytes an event).
const BATCH: usize = 4_096;

/// Bytes formatted before one write: a few hundred lines, in cache while
/// the kernel copies them.
const CHUNK: usize = 1 << 18;

type Batch = Vec<(u64, Event)>;

/// An [`EventSink`] whose events a thread of its own writes as JSON Lines
/// to the real destination; call [`EventLog::finish`] to learn whether that
/// succeeded.
pub struct EventLog {
    batch: Batch,
    tx: Option<SyncSender<Batch>>,
    /// Batches the writer has emptied, for reuse: no allocation per batch.
    spare: Receiver<Batch>,
    writer: Option<JoinHandle<io::Result<()>>>,
}

impl EventLog {
    /// Starts the thread that writes `sc`'s log to `out`.
    pub fn new<W: Write + Send + 'static>(mut out: W, sc: &Scenario) -> EventLog {
        let mut format = LineFormat::new(sc);
        let (tx, rx) = sync_channel::<Batch>(4);
        let (back, spare) = channel::<Batch>();
        let writer = std::thread::spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK + 4_096);
            for mut batch in rx {
                // By reference: moving each event out would copy it again.
                for (seq, e) in &batch {
                    format.line(&mut chunk, *seq, e);
                    if chunk.len() >= CHUNK {
                        out.write_all(&chunk)?;
                        chunk.clear();
                    }
                }
                batch.clear();
                // The simulation may have finished and gone: then the batch
                // is simply dropped.
                let _ = back.send(batch);
            }
            out.write_all(&chunk)?;
            out.flush()
        });
        EventLog {
            batch: Vec::with_capacity(BATCH),
            tx: Some(tx),
            spare,
            writer: Some(writer),
        }
    }

    fn send(&mut self) -> io::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let empty = self.spare.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
        let batch = std::mem::replace(&mut self.batch, empty);
        match &self.tx {
            Some(tx) if tx.send(batch).is_ok() => Ok(()),
            // The writer stopped: its error is reported by `finish`. Not of
            // kind BrokenPipe, which would silence it: only the reader
            // leaving (the writer's own error) is a broken pipe.
            _ => Err(io::Error::other("the event log writer stopped")),
        }
    }

    /// Writes what is left and waits for the writer, returning its error.
    pub fn finish(mut self) -> io::Result<()> {
        let sent = self.send();
        self.tx = None;
        let written = self.writer.take().map_or(Ok(()), |w| {
            w.join()
                .unwrap_or_else(|_| Err(io::Error::other("the event log writer panicked")))
        });
        written.and(sent)
    }
}

impl EventSink for EventLog {
    fn record(&mut self, seq: u64, e: &Event) -> io::Result<()> {
        // The log does not write `why`: leaving it out spares copying it.
        let copy = Event {
            at: e.at,
            from: e.from,
            to: e.to,
            body: e.body.clone(),
            why: None,
        };
        self.batch.push((seq, copy));
        if self.batch.len() >= BATCH {
            self.send()?;
        }
        Ok(())
    }
}
