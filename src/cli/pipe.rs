//! A writer that hands full buffers to a thread which writes them, so that
//! formatting the event log and writing it to disk overlap. Only bytes cross
//! the thread: the simulation stays single-threaded and deterministic.

use std::io::{self, Write};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

const CHUNK: usize = 1 << 20;

/// A [`Write`] whose bytes a thread of its own writes to the real
/// destination; call [`Pipe::finish`] to learn whether that succeeded.
pub struct Pipe {
    buf: Vec<u8>,
    tx: Option<SyncSender<Vec<u8>>>,
    writer: Option<JoinHandle<io::Result<()>>>,
}

impl Pipe {
    /// Starts the thread that writes to `out`.
    pub fn new<W: Write + Send + 'static>(mut out: W) -> Pipe {
        let (tx, rx) = sync_channel::<Vec<u8>>(8);
        let writer = std::thread::spawn(move || {
            for chunk in rx {
                out.write_all(&chunk)?;
            }
            out.flush()
        });
        Pipe {
            buf: Vec::with_capacity(CHUNK),
            tx: Some(tx),
            writer: Some(writer),
        }
    }

    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        match &self.tx {
            Some(tx) if tx.send(chunk).is_ok() => Ok(()),
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

impl Write for Pipe {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}
