//! The command line's one reading of the wall clock: it paces the progress
//! bar and times `corridor bench`. What it measures is printed as whole
//! numbers and never reaches a run, whose only clock is simulated.

/// Time elapsed since it was started, in whole nanoseconds.
pub struct Stopwatch(std::time::Instant);

impl Stopwatch {
    /// Starts now.
    pub fn start() -> Stopwatch {
        #[allow(clippy::disallowed_methods)]
        Stopwatch(std::time::Instant::now())
    }

    /// Nanoseconds since [`Stopwatch::start`].
    pub fn nanos(&self) -> u128 {
        self.0.elapsed().as_nanos()
    }
}
