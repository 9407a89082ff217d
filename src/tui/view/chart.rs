//! The EUR/CNY rate over the run, with the settlement bank's conversions
//! marked and a line at the current instant, and the date axis every chart
//! shares. Floats are for plotting only: every label is written from the
//! exact dates and decimals.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::super::app::App;
use super::fg;
use crate::domain::zone::Zone;
use crate::engine::Instant;
use crate::scenario::model::add_days;

/// One line of a chart, in `color` (or the terminal's colour when the
/// explorer is in monochrome) drawn with `marker`.
pub fn line<'a>(app: &App, color: Color, marker: Marker, data: &'a [(f64, f64)]) -> Dataset<'a> {
    Dataset::default()
        .graph_type(GraphType::Line)
        .marker(marker)
        .style(fg(app, color))
        .data(data)
}

/// The x axis of a chart over the run: days since the first Beijing
/// midnight, with Beijing dates as labels on whole days.
pub struct DateAxis {
    start: Instant,
    /// The axis' last day (a whole number of days, a multiple of `step`).
    pub days: i64,
    /// Days between labels.
    step: i64,
}

impl DateAxis {
    /// An axis over `app`'s run whose labels fit in `width` columns.
    pub fn new(app: &App, width: u16) -> DateAxis {
        let (start, end) = app.rec.span();
        DateAxis::over(start, end, width)
    }

    /// An axis from `start` to `end` (two runs compared: the earlier start,
    /// the later end) whose labels fit in `width` columns.
    pub fn over(start: Instant, end: Instant, width: u16) -> DateAxis {
        let bj = Zone::beijing();
        let first = bj.midnight(bj.date(start));
        let span = (end.0 - first.0).max(1);
        let days = span.div_euclid(86_400_000) + i64::from(span % 86_400_000 != 0);
        // A label is `12 Feb` and a space or two: as many as fit, on whole
        // days, the axis ending on the first label at or after the run's end.
        let room = (i64::from(width) / 9).max(2);
        let step = ((days + room - 2) / (room - 1)).max(1);
        DateAxis {
            start: first,
            days: (days + step - 1) / step * step,
            step,
        }
    }

    /// Where `t` is on the axis, in days (for plotting).
    pub fn x(&self, t: Instant) -> f64 {
        (t.0 - self.start.0) as f64 / 86_400_000.0
    }

    /// A line's points on the axis: the value at each instant, as the
    /// chart widget plots them (floats for drawing only, never for money
    /// that is reported).
    pub fn points(&self, at: &[Instant], values: &[rust_decimal::Decimal]) -> Vec<(f64, f64)> {
        use rust_decimal::prelude::ToPrimitive;
        at.iter()
            .zip(values)
            .map(|(t, v)| (self.x(*t), v.to_f64().unwrap_or(0.0)))
            .collect()
    }

    /// The axis, its dates as labels.
    pub fn axis(&self) -> Axis<'static> {
        let bj = Zone::beijing();
        let first = bj.date(self.start);
        let labels: Vec<Span> = (0..=self.days / self.step)
            .map(|k| Span::raw(add_days(first, k * self.step).strftime("%-d %b").to_string()))
            .collect();
        // The first date centred under the y axis, where its day starts.
        Axis::default()
            .bounds([0.0, self.days as f64])
            .labels(labels)
            .labels_alignment(Alignment::Center)
    }

    /// A vertical line at the current instant from `lo` to `hi`.
    pub fn now(&self, app: &App, lo: f64, hi: f64) -> [(f64, f64); 2] {
        let x = self.x(app.now);
        [(x, lo), (x, hi)]
    }
}

/// Draws the rate chart.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let rec = &app.rec;
    let marks = &app.index.marks;
    let (start, end) = rec.span();
    let axis = DateAxis::new(app, area.width.saturating_sub(8));
    let path = &rec.scenario.fx.path;
    // The rate is a step function: flat until the next point.
    let mut steps: Vec<(Instant, Decimal)> = vec![(start, path.rate_at(start))];
    for (t, r) in path.points().iter().filter(|(t, _)| *t > start && *t <= end) {
        let last = steps[steps.len() - 1].1;
        steps.push((*t, last));
        steps.push((*t, *r));
    }
    steps.push((end, steps[steps.len() - 1].1));
    let rates = steps
        .iter()
        .map(|(_, r)| *r)
        .chain(marks.conversions.iter().map(|(_, r)| *r));
    let (lo, hi) = rates.fold((Decimal::MAX, Decimal::MIN), |(lo, hi), r| (lo.min(r), hi.max(r)));
    // Labels to the hundredth, rounded outwards so every point is inside.
    let lo = lo.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity);
    let hi = hi
        .round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity)
        .max(lo + Decimal::new(1, 2));
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let line: Vec<(f64, f64)> = steps.iter().map(|(t, r)| (axis.x(*t), f(*r))).collect();
    let conversions: Vec<(f64, f64)> = marks.conversions.iter().map(|(t, r)| (axis.x(*t), f(*r))).collect();
    let now = axis.now(app, f(lo), f(hi));
    let datasets = vec![
        self::line(app, Color::Cyan, Marker::Braille, &line).name("market"),
        Dataset::default()
            .name("conversions")
            .graph_type(GraphType::Scatter)
            .marker(Marker::Dot)
            .style(fg(app, Color::Yellow))
            .data(&conversions),
        self::line(app, Color::Magenta, Marker::Braille, &now).name("now"),
    ];
    let chart = Chart::new(datasets)
        .block(Block::default().borders(Borders::ALL).title("EUR/CNY (CNY per EUR)"))
        .x_axis(axis.axis())
        .y_axis(
            Axis::default()
                .bounds([f(lo), f(hi)])
                .labels([Span::raw(lo.to_string()), Span::raw(hi.to_string())]),
        );
    frame.render_widget(chart, area);
}
