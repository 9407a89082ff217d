//! `corridor explore`: the terminal explorer. It records the whole run up
//! front (so the clock moves both ways exactly), then loops: read a key or a
//! tick, update the model, draw the view. The terminal is restored on quit,
//! on Ctrl-C (a key in raw mode) and on a panic (ratatui's hook).

pub mod app;
pub mod filter;
pub mod index;
pub mod learn;
pub mod view;
pub mod whatif;

use std::time::Duration as WallDuration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::replay::Recording;

pub use app::{App, Input};
pub use index::Index;
pub use whatif::{Reload, Source};

/// How the user left a terminal screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// With the screen's quit key.
    Quit,
    /// With Ctrl-C.
    Interrupted,
}

/// Opens the explorer on a recorded run of the scenario `source` until the
/// user quits.
pub fn explore(rec: Recording, source: Source, color: bool) -> std::io::Result<Ended> {
    let mut app = App::with_source(rec, source, color);
    let mut terminal = ratatui::try_init()?;
    // ratatui's panic hook restores the mode and the screen; the cursor,
    // which only the terminal's drop shows again, comes back here too, so a
    // panic leaves the terminal as `q` does.
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
        restore(info);
    }));
    let result = run(&mut terminal, &mut app);
    ratatui::restore();
    result.map(|()| match app.interrupted {
        true => Ended::Interrupted,
        false => Ended::Quit,
    })
}

/// Frames per second while playing; idle, it waits for keys.
const FRAME: WallDuration = WallDuration::from_millis(100);

fn run(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> std::io::Result<()> {
    // Wall-clock time only paces the animation; it never reaches the
    // simulation, whose clock is the model's `now`.
    #[allow(clippy::disallowed_methods)]
    let mut last = std::time::Instant::now();
    while !app.quit {
        terminal.draw(|f| view::draw(f, app))?;
        if app.pending.is_some() {
            // Slow work (a what-if rerun) starts once the frame saying so
            // is on screen, on a thread of its own; each frame meanwhile
            // says how far it has come, and keys still work.
            app.work_step();
        }
        if event::poll(FRAME)? {
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => app.update(Input::Key(key)),
                // A resize simply redraws at the new size.
                _ => {}
            }
        }
        #[allow(clippy::disallowed_methods)]
        let now = std::time::Instant::now();
        app.update(Input::Tick(now.duration_since(last).as_millis() as i64));
        last = now;
    }
    Ok(())
}
