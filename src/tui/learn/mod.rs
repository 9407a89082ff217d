//! `corridor learn` in the terminal: the course's list, then a lesson stop
//! by stop on the explorer's own panels, a question the trainee answers
//! before the clock moves on, feedback from the run's recorded reasons, and
//! a score with what to review. The loop is the explorer's: read a key,
//! update the model, draw the view; the terminal is restored on quit,
//! Ctrl-C and a panic.

pub mod draw;
pub mod model;

use std::time::Duration as WallDuration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::learn::Prepared;
use crate::replay::Recording;

pub use model::{Entry, Load, Session, Tutor};

/// Opens the course's list until the trainee quits.
pub fn course(lessons: Vec<Entry>, load: Load, color: bool) -> std::io::Result<super::Ended> {
    run(Tutor::course(lessons, load, color))
}

/// Opens one lesson until the trainee leaves it.
pub fn lesson(lesson: Prepared, rec: Recording, color: bool) -> std::io::Result<super::Ended> {
    run(Tutor::lesson(lesson, rec, color))
}

fn run(mut tutor: Tutor) -> std::io::Result<super::Ended> {
    let mut terminal = ratatui::try_init()?;
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
        restore(info);
    }));
    let result = (|| {
        while !tutor.quit {
            terminal.draw(|f| draw::draw(f, &tutor))?;
            if tutor.pending.is_some() {
                // Recording a run takes a moment: it starts once the frame
                // saying so is on screen.
                tutor.work();
                continue;
            }
            if event::poll(WallDuration::from_millis(250))? {
                if let Event::Key(key) = event::read()? {
                    if key.kind == KeyEventKind::Press {
                        tutor.key(key);
                    }
                }
            }
        }
        Ok(())
    })();
    ratatui::restore();
    result.map(|()| match tutor.interrupted {
        true => super::Ended::Interrupted,
        false => super::Ended::Quit,
    })
}
