//! Work spread over threads with the results in the input's order, so the
//! number of jobs never shows in the output (`corridor test`, `corridor
//! sweep`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::CliError;

/// `--jobs N`, or the number of cores when it is not given.
pub fn jobs(flag: Option<u16>) -> usize {
    flag.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    )
}

/// `f` over `items` on `jobs` threads, results in the items' order: which
/// thread ran what never shows in the output.
pub fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    f: impl Fn(&T) -> Result<R, CliError> + Sync,
) -> Result<Vec<R>, CliError> {
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Result<R, CliError>>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    slots.lock().expect("no worker panics holding it")[i] = Some(r);
                }
            });
        }
    });
    let slots = slots.into_inner().expect("no worker panics holding it");
    slots.into_iter().map(|r| r.expect("every item ran")).collect()
}
