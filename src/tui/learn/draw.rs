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
    let hint: String;
    let keys: &str = match &t.session {
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
                (true, Some(Kind::Choice)) => {
                    // The digits that choose: as many as there are options.
                    let n = s.lesson.placed[s.stop].options.len().clamp(1, 9);
                    hint = format!("1-{n} or up/down+enter answer  <- back  esc leave");
                    &hint
                }
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
    for (i, (_, title, _)) in t.lessons.iter().enumerate() {
        let on = i == t.selected;
        let style = if on {
            bold().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let done = t
            .scores
            .get(i)
            .copied()
            .flatten()
            .map_or(String::new(), |(r, q)| format!("  (taken: {r} of {q} right)"));
        lines.push(Line::from(vec![
            Span::styled(format!("{}{}. {title}", if on { "> " } else { "  " }, i + 1), style),
            Span::raw(done),
        ]));
    }
    if let Some((id, _, summary)) = t.lessons.get(t.selected) {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!("{summary} (corridor learn {id})")));
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
        (Panel::Log, false) => 7,
        (Panel::Sequence, true) => 16,
        (Panel::Sequence, false) => 7,
    }
}

/// Lines of the stop's text and question on a large screen, below the
/// panels.
const TEXT_LINES: u16 = 12;

/// From this body height the stop shows the explorer's money panel,
/// calendar strip and log (or the payment's story) together, the pointed
/// one under the banner; below it, the pointed panel alone.
const ALL_PANELS_FROM: u16 = 36;

fn stop(frame: &mut Frame, area: Rect, s: &Session) {
    let l = &s.lesson.lesson;
    let st = &l.stops[s.stop];
    let all = area.height >= ALL_PANELS_FROM;
    let panels_height = if all {
        area.height - 3 - TEXT_LINES
    } else {
        1 + panel_height(st.panel, area.height)
    };
    let [title, clocks, panels_area, text] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(panels_height),
        Constraint::Min(3),
    ])
    .areas(area);
    let (right, asked) = s.score();
    let score = format!("score {right}/{asked}");
    let head = format!("{}: stop {} of {}, {}", l.title, s.stop + 1, l.stops.len(), st.title);
    // The lesson's line gets what the score leaves. The stop's title says
    // what to look for, so when both do not fit the lesson's title goes
    // (the trainee chose the lesson); only then is it cut, with an ellipsis.
    let room = (title.width as usize).saturating_sub(score.len() + 2);
    let head = if head.chars().count() > room {
        format!("Stop {} of {}: {}", s.stop + 1, l.stops.len(), st.title)
    } else {
        head
    };
    let head = if head.chars().count() > room {
        format!("{}…", head.chars().take(room.saturating_sub(1)).collect::<String>())
    } else {
        head
    };
    frame.render_widget(Paragraph::new(Line::from(Span::styled(head, bold()))), title);
    frame.render_widget(
        Paragraph::new(Line::raw(score)).alignment(ratatui::layout::Alignment::Right),
        title,
    );
    view::header(frame, clocks, &s.app);
    // The panels shown, top to bottom, with their heights; the last takes
    // what is left.
    let shown: Vec<(Panel, u16)> = if all {
        let last = if st.panel == Panel::Sequence {
            Panel::Sequence
        } else {
            Panel::Log
        };
        vec![
            (Panel::Money, panel_height(Panel::Money, area.height)),
            (Panel::Calendar, strip::HEIGHT),
            (last, 0),
        ]
    } else {
        vec![(st.panel, 0)]
    };
    let mut constraints = Vec::new();
    for (p, h) in &shown {
        if *p == st.panel {
            constraints.push(Constraint::Length(1));
        }
        constraints.push(if *h == 0 {
            Constraint::Min(3)
        } else {
            Constraint::Length(*h)
        });
    }
    let areas = Layout::vertical(constraints).split(panels_area);
    let mut next = 0;
    for (p, _) in shown {
        if p == st.panel {
            let look = Span::styled(
                format!("> Look at {}", p.label()),
                colour(s.app.color, Color::Yellow).add_modifier(Modifier::BOLD | Modifier::REVERSED),
            );
            frame.render_widget(Paragraph::new(Line::from(look)), areas[next]);
            next += 1;
        }
        panel(frame, areas[next], s, p);
        next += 1;
    }
    mask(frame, panels_area, &s.giveaways());
    frame.render_widget(
        Paragraph::new(stop_text(s, text.width as usize))
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::TOP)),
        text,
    );
}

/// While a question is unanswered, every value on the panels that is its
/// answer (a date, an amount, an id or a code: `forms`) is shown as `?`,
/// whichever panel and event shows it: the trainee reasons it from the
/// rest, and sees it with the feedback.
fn mask(frame: &mut Frame, area: Rect, forms: &[String]) {
    if forms.is_empty() {
        return;
    }
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        // The row's text, and the cell each byte of it comes from.
        let mut text = String::new();
        let mut cell_of = Vec::new();
        for x in area.left()..area.right() {
            let sym = buf[(x, y)].symbol().to_string();
            cell_of.extend(std::iter::repeat_n(x, sym.len()));
            text.push_str(&sym);
        }
        while let Some(r) = crate::learn::query::shown_in(&text, forms) {
            let (first, last) = (cell_of[r.start], cell_of[r.end - 1]);
            for x in first..=last {
                buf[(x, y)].set_symbol(if x == first { "?" } else { " " });
            }
            let blank = if r.len() > 1 {
                " ".repeat(r.len() - 1)
            } else {
                String::new()
            };
            text.replace_range(r, &format!("?{blank}"));
        }
    }
}

/// One of the explorer's panels at the stop's instant, showing nothing
/// after it: the money as the log's selected event is recorded (what its
/// receiver does with it comes after).
fn panel(frame: &mut Frame, area: Rect, s: &Session, p: Panel) {
    let end = s.lesson.placed[s.stop].event + 1;
    match p {
        Panel::Money => {
            let balances = s.app.rec.balances_as_recorded(end - 1);
            view::money::draw_balances(frame, area, &s.app, &balances)
        }
        Panel::Calendar => strip::draw(frame, area, &s.app),
        Panel::Log => view::log::draw_ending_at(frame, area, &s.app, end - 1),
        Panel::Sequence => match &s.story {
            Some(story) => sequence(frame, area, s, story),
            None => view::log::draw_ending_at(frame, area, &s.app, end - 1),
        },
    }
}

/// The payment's sequence diagram up to the stop: the parties' names
/// pinned under the panel's title, in full on two staggered rows (a lane
/// is 8 columns, `cardholder` is 10), and the steps below them scrolled so
/// the stop's step, the last, is on the panel's last lines.
fn sequence(frame: &mut Frame, area: Rect, s: &Session, story: &crate::replay::story::Story) {
    use crate::report::explain::{self, LANE};
    const NAMES: [&str; 7] = ["cardholder", "merchant", "issuer", "switch", "bank", "SAFE", "acquirer"];
    let width = area.width as usize;
    // The time column, as the diagram's text has it.
    let at = story.steps.iter().map(|st| st.local.chars().count()).max().unwrap_or(0) + 1;
    let names = |row: usize| {
        let mut line = String::new();
        for (i, name) in NAMES.iter().enumerate().filter(|(i, _)| i % 2 == row) {
            let centre = at + i * LANE + 1;
            let start = centre
                .saturating_sub(name.len() / 2)
                .max(line.len() + usize::from(!line.is_empty()));
            line.push_str(&" ".repeat(start - line.len()));
            line.push_str(name);
        }
        Line::from(Span::styled(line, bold()))
    };
    let text = explain::text(story);
    let all: Vec<&str> = text.lines().collect();
    // The steps follow the title and summary, a blank line and the names.
    let head = all.iter().position(|l| l.is_empty()).map_or(all.len(), |i| i + 2);
    let mut lines = Vec::new();
    for l in all.iter().skip(head) {
        let why = l.trim_start().starts_with("...");
        let parts = if l.chars().count() > width {
            screens::hanging(l, width, if why { 4 } else { 2 })
        } else {
            vec![l.to_string()]
        };
        for p in parts {
            lines.push(if why {
                Line::from(Span::styled(p, colour(s.app.color, Color::Yellow)))
            } else {
                Line::raw(p)
            });
        }
    }
    let [top, pinned, steps] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Block::default()
            .borders(Borders::TOP)
            .title(format!("{} (... = why it waited)", story.title)),
        top,
    );
    frame.render_widget(Paragraph::new(vec![names(0), names(1)]), pinned);
    let scroll = lines.len().saturating_sub(steps.height as usize);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll.min(u16::MAX as usize) as u16, 0)),
        steps,
    );
}

/// The stop's text and its question; once answered, the question and the
/// feedback take the text's place (the trainee has read it, and at 80x24
/// both do not fit). Options run across the lines, the highlighted one
/// marked `>`.
fn stop_text(s: &Session, width: usize) -> Vec<Line<'static>> {
    let st = &s.lesson.lesson.stops[s.stop];
    let color = s.app.color;
    let answered = &s.answers[s.stop];
    let mut lines: Vec<Line> = Vec::new();
    if answered.is_none() {
        // Paragraphs (a blank line between them) wrap at the screen's width,
        // however the lesson file broke its lines.
        for (k, para) in st.text.trim().split("\n\n").enumerate() {
            if k > 0 {
                lines.push(Line::raw(""));
            }
            lines.push(Line::raw(para.split_whitespace().collect::<Vec<_>>().join(" ")));
        }
    }
    let Some(q) = &st.question else {
        return lines;
    };
    if answered.is_none() {
        lines.push(Line::raw(""));
    }
    lines.push(Line::from(Span::styled(format!("Question: {}", q.ask), bold())));
    match (q.kind, answered) {
        (Kind::Choice, None) => {
            // Options side by side, a new line where the next would not fit
            // (an option is never split).
            let mut spans: Vec<Span> = Vec::new();
            let mut used = 0;
            for (k, o) in s.lesson.placed[s.stop].options.iter().enumerate() {
                let on = k == s.choice;
                let style = if on {
                    Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
                } else {
                    Style::default()
                };
                let text = format!("{}{}. {o}", if on { ">" } else { " " }, k + 1);
                let w = text.chars().count() + 2;
                if used > 0 && used + w > width {
                    lines.push(Line::from(std::mem::take(&mut spans)));
                    used = 0;
                }
                spans.push(Span::styled(text, style));
                spans.push(Span::raw("  "));
                used += w;
            }
            lines.push(Line::from(spans));
        }
        (kind, None) => {
            let how = if kind == Kind::Date {
                "a date, YYYY-MM-DD"
            } else {
                "an amount, like 1234.56"
            };
            lines.push(Line::raw(format!("Your answer ({how}): {}_", s.input)));
        }
        (_, Some(a)) => {
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
