//! Where the EUR is over the run: the settlement bank's EUR pool, money in
//! transit, at the acquirer, and paid to merchants, sampled from the
//! ledger, with Beijing dates on the x axis and a line at the current
//! instant. Beside the money panel on wide screens; with the rate chart
//! under it on the charts screen (`c`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::super::app::App;
use super::chart::{self, DateAxis};
use super::fg;
use super::money::whole;

/// Draws the chart of where the EUR is.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let flows = &app.index.flows;
    let axis = DateAxis::new(app, area.width.saturating_sub(12));
    // Each line has its own colour and its own marker, so the lines can
    // be told apart under NO_COLOR too; the title is the legend.
    let series = [
        ("bank pool", &flows.pool, Color::Yellow, Marker::Braille, "⠿"),
        ("in transit", &flows.transit, Color::Blue, Marker::Dot, "•"),
        ("acquirer", &flows.acquirer, Color::Cyan, Marker::HalfBlock, "▀"),
        ("paid", &flows.paid, Color::Green, Marker::Block, "█"),
    ];
    let top = series
        .iter()
        .flat_map(|(_, values, ..)| values.iter())
        .copied()
        .fold(Decimal::ZERO, Decimal::max)
        .max(Decimal::ONE);
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let points: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|(_, values, ..)| axis.points(&flows.at, values))
        .collect();
    let now = axis.now(app, 0.0, f(top));
    let mut datasets: Vec<Dataset> = series
        .iter()
        .zip(&points)
        .map(|((_, _, color, marker, _), data)| chart::line(app, *color, *marker, data))
        .collect();
    datasets.push(chart::line(app, Color::Magenta, Marker::Braille, &now));
    let mut title = vec![Span::raw("EUR:")];
    for (name, _, color, _, mark) in &series {
        title.push(Span::styled(format!(" {mark} {name}"), fg(app, *color)));
    }
    let chart = Chart::new(datasets)
        .block(Block::default().borders(Borders::ALL).title(Line::from(title)))
        .x_axis(axis.axis())
        .y_axis(
            Axis::default()
                .bounds([0.0, f(top)])
                .labels([Span::raw("0"), Span::raw(whole(top))]),
        );
    frame.render_widget(chart, area);
}

/// The charts screen: where the EUR is over time, and the rate under it.
pub fn charts(frame: &mut Frame, area: Rect, app: &App) {
    let [money, rate] = Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    draw(frame, money, app);
    super::chart::draw(frame, rate, app);
}
