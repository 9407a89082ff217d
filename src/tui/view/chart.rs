//! The EUR/CNY rate over the run, with the settlement bank's conversions
//! marked and a line at the current instant. Floats are for drawing only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType};
use rust_decimal::prelude::ToPrimitive;

use super::super::app::App;
use super::fg;
use super::strip::Marks;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, marks: &Marks) {
    let rec = &app.rec;
    let (start, end) = rec.span();
    let day = |ms: i64| (ms - start.0) as f64 / 86_400_000.0;
    let mut line: Vec<(f64, f64)> = Vec::new();
    let mut last = rec.scenario.fx.path.rate_at(start).to_f64().unwrap_or(0.0);
    line.push((0.0, last));
    for (t, r) in rec
        .scenario
        .fx
        .path
        .points()
        .iter()
        .filter(|(t, _)| *t > start && *t <= end)
    {
        let x = day(t.0);
        line.push((x, last));
        last = r.to_f64().unwrap_or(last);
        line.push((x, last));
    }
    line.push((day(end.0), last));
    let conversions: Vec<(f64, f64)> = marks
        .conversions
        .iter()
        .map(|(t, r)| (day(t.0), r.to_f64().unwrap_or(0.0)))
        .collect();
    let (lo, hi) = line
        .iter()
        .chain(&conversions)
        .fold((f64::MAX, f64::MIN), |(lo, hi), (_, y)| (lo.min(*y), hi.max(*y)));
    let (lo, hi) = (lo - 0.01, hi + 0.01);
    let now = [(day(app.now.0), lo), (day(app.now.0), hi)];
    let datasets = vec![
        Dataset::default()
            .name("market")
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(fg(app, Color::Cyan))
            .data(&line),
        Dataset::default()
            .name("conversions")
            .graph_type(GraphType::Scatter)
            .marker(Marker::Dot)
            .style(fg(app, Color::Yellow))
            .data(&conversions),
        Dataset::default()
            .name("now")
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(fg(app, Color::Magenta))
            .data(&now),
    ];
    let span = day(end.0).max(1.0);
    let chart = Chart::new(datasets)
        .block(Block::default().borders(Borders::ALL).title("EUR/CNY (CNY per EUR)"))
        .x_axis(
            Axis::default()
                .title("days")
                .bounds([0.0, span])
                .labels([Span::raw("0"), Span::raw(format!("{span:.0}"))]),
        )
        .y_axis(
            Axis::default()
                .bounds([lo, hi])
                .labels([Span::raw(format!("{lo:.2}")), Span::raw(format!("{hi:.2}"))]),
        );
    frame.render_widget(chart, area);
}
