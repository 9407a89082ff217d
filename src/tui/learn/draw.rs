//! The course's screens, drawn from the model alone: the list of lessons;
//! a stop (the lesson's line, the explorer's clocks, the panel pointed at
//! under a banner saying what to look at, the stop's text, the question and
//! its feedback); the score screen with what to review. From 80x24 up.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::learn::{Kind, Panel};
use crate::tui::view::{self, bold, screens, strip};

use super::model::{Session, Tutor};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, t: &Tutor) {
    let area = frame.area();
    if area.width < view::MIN_WIDTH || area.height < view::MIN_HEIGHT {
        let p = Paragraph::new(view::too_small_text(area.width, area.height)).wrap(Wrap { trim: true });
        return frame.render_widget(p, area);
    }
    let [body, bottom] = Layout::vertical([Constraint::Min(5), Constraint::Length(1)]).areas(area);
    let keys = match &t.session {
        None => {
            menu(frame, body, t);
            "up/down choose  enter open  q quit"
        }
        Some(s) if s.finished() => {
            score(frame, body, s);
            "up/down a stop  enter go back to it  <- last stop  esc leave"
        }
        Some(s) => {
            stop(frame, body, s);
            match (
                s.asking(),
                s.lesson.lesson.stops[s.stop].question.as_ref().map(|q| q.kind),
            ) {
                (true, Some(Kind::Choice)) => "1-9 or up/down+enter answer  <- back  esc leave",
                (true, _) => "type, enter answer  <- back  esc leave",
                _ => "-> or enter next  <- back  esc leave",
            }
        }
    };
    let color = t.color;
    let (text, style) = match (&t.status, t.session.as_ref().and_then(|s| s.error.as_ref())) {
        (Some(m), _) | (None, Some(m)) => (m.as_str(), colour(color, Color::Yellow)),
        _ => (keys, colour(color, Color::DarkGray)),
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(text.to_string(), style))),
        bottom,
    );
}

fn colour(on: bool, c: Color) -> Style {
    if on { Style::default().fg(c) } else { Style::default() }
}

fn menu(frame: &mut Frame, area: Rect, t: &Tutor) {
    let mut lines = vec![
        Line::from(Span::styled("corridor: a course for new staff", bold())),
        Line::raw("How the money of a Chinese wallet payment reaches a European shop, one run at a time."),
        Line::raw(""),
    ];
    for (i, (id, title, summary)) in t.lessons.iter().enumerate() {
        let mark = if i == t.selected { "> " } else { "  " };
        let style = if i == t.selected {
            bold().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(format!("{mark}{}. {title}", i + 1), style)));
        if i == t.selected && !summary.is_empty() {
            lines.push(Line::raw(format!("     {summary} ({id})")));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The lines the pointed panel takes at this body height.
fn panel_height(panel: Panel, body: u16) -> u16 {
    let wide = body >= 30;
    match (panel, wide) {
        (Panel::Money, true) => 10,
        (Panel::Money, false) => 5,
        (Panel::Calendar, _) => strip::HEIGHT,
        (Panel::Log, true) => 14,
        (Panel::Log, false) => 8,
        (Panel::Sequence, true) => 16,
        (Panel::Sequence, false) => 8,
    }
}

fn stop(frame: &mut Frame, area: Rect, s: &Session) {
    let l = &s.lesson.lesson;
    let st = &l.stops[s.stop];
    let height = panel_height(st.panel, area.height);
    let [title, clocks, banner, panel, text] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(height),
        Constraint::Min(3),
    ])
    .areas(area);
    let (right, asked) = s.score();
    let head = format!(
        "{}: stop {} of {}, {}   score {right}/{asked}",
        l.title,
        s.stop + 1,
        l.stops.len(),
        st.title
    );
    frame.render_widget(Paragraph::new(Line::from(Span::styled(head, bold()))), title);
    view::header(frame, clocks, &s.app);
    let look = Span::styled(
        format!("> Look at {}", st.panel.label()),
        colour(s.app.color, Color::Yellow).add_modifier(Modifier::BOLD | Modifier::REVERSED),
    );
    frame.render_widget(Paragraph::new(Line::from(look)), banner);
    match st.panel {
        Panel::Money => view::money::draw(frame, panel, &s.app),
        Panel::Calendar => strip::draw(frame, panel, &s.app),
        Panel::Log => view::log::draw_until(frame, panel, &s.app, s.lesson.placed[s.stop].event + 1),
        Panel::Sequence => match &s.story {
            Some(story) => screens::story(frame, panel, &s.app, story, story_scroll(s, story, panel.width)),
            None => view::log::draw_until(frame, panel, &s.app, s.lesson.placed[s.stop].event + 1),
        },
    }
    frame.render_widget(
        Paragraph::new(stop_text(s))
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::TOP)),
        text,
    );
}

/// The story scrolled so the stop's step is on the panel's second line.
fn story_scroll(s: &Session, story: &crate::replay::story::Story, width: u16) -> usize {
    let event = s.lesson.placed[s.stop].event;
    let Some(k) = story.steps.iter().position(|st| st.event == Some(event)) else {
        return 0;
    };
    let text = crate::report::explain::text(story);
    // The steps start after the title, the summary, a blank and the header.
    let head = text.lines().take_while(|l| !l.is_empty()).count() + 2;
    let before: usize = story.steps[..k]
        .iter()
        .map(|st| 2 + usize::from(st.why.is_some()))
        .sum();
    let target = head + before + usize::from(story.steps[k].why.is_some());
    let width = width as usize;
    let wrapped: usize = text
        .lines()
        .take(target)
        .map(|l| {
            if l.chars().count() > width {
                screens::hanging(l, width, 2).len()
            } else {
                1
            }
        })
        .sum();
    wrapped.saturating_sub(2)
}

fn stop_text(s: &Session) -> Vec<Line<'static>> {
    let st = &s.lesson.lesson.stops[s.stop];
    let color = s.app.color;
    let mut lines: Vec<Line> = st.text.trim().lines().map(|l| Line::raw(l.to_string())).collect();
    let Some(q) = &st.question else {
        return lines;
    };
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(format!("Question: {}", q.ask), bold())));
    let answered = &s.answers[s.stop];
    match (q.kind, answered) {
        (Kind::Choice, _) => {
            for (k, o) in s.lesson.placed[s.stop].options.iter().enumerate() {
                let chosen = answered.as_ref().is_some_and(|a| a.given == *o);
                let on = answered.is_none() && k == s.choice;
                let mark = if on || chosen { ">" } else { " " };
                let style = if on {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(format!("{mark} {}. {o}", k + 1), style)));
            }
        }
        (kind, None) => {
            let how = if kind == Kind::Date {
                "a date, 2018-02-22"
            } else {
                "an amount, 1234.56"
            };
            lines.push(Line::raw(format!("Your answer ({how}): {}_", s.input)));
        }
        (_, Some(a)) => lines.push(Line::raw(format!("You answered: {}", a.given))),
    }
    if let Some(a) = answered {
        let c = if a.right { Color::Green } else { Color::Red };
        for (k, f) in a.feedback.iter().enumerate() {
            let style = if k == 0 {
                colour(color, c).add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(f.clone(), style)));
        }
    }
    lines
}

fn score(frame: &mut Frame, area: Rect, s: &Session) {
    let l = &s.lesson.lesson;
    let (right, asked) = s.score();
    let mut lines = vec![
        Line::from(Span::styled(format!("{}: the end", l.title), bold())),
        Line::raw(format!("Score: {right} of {asked} questions right.")),
        Line::raw(""),
    ];
    let review: Vec<&str> = l
        .stops
        .iter()
        .zip(&s.answers)
        .filter(|(st, a)| st.question.is_some() && !a.as_ref().is_some_and(|a| a.right))
        .map(|(st, _)| st.title.as_str())
        .collect();
    if review.is_empty() {
        lines.push(Line::raw("Nothing to review: every answer was right."));
    } else {
        lines.push(Line::raw(format!("To review: {}.", review.join("; "))));
    }
    lines.push(Line::raw(""));
    for (i, (st, a)) in l.stops.iter().zip(&s.answers).enumerate() {
        let mark = match (&st.question, a) {
            (None, _) => " ",
            (Some(_), Some(a)) if a.right => "right",
            (Some(_), Some(_)) => "wrong",
            (Some(_), None) => "unanswered",
        };
        let text = format!(
            "{} {}. {:<40} {mark}",
            if i == s.review { ">" } else { " " },
            i + 1,
            st.title
        );
        let style = if i == s.review {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
