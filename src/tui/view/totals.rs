//! The running totals at the current instant, on one line: payments
//! initiated so far, the share declined, EUR paid to merchants and EUR in
//! suspense. Counts come from the event log up to now, amounts from the
//! ledger's balances at now; the widest wording that fits is used.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::{Decimal, RoundingStrategy};

use super::super::app::App;
use super::{bold, fg};
use crate::report::{amount, count};

/// The totals at the current instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Payments initiated so far.
    pub payments: usize,
    /// Of which declined.
    pub declined: usize,
    /// EUR credited to merchants' bank accounts.
    pub paid: Decimal,
    /// EUR held in suspense (payouts that came back).
    pub suspense: Decimal,
}

impl Totals {
    /// The totals at `app`'s current instant.
    pub fn at(app: &App) -> Totals {
        let (payments, declined) = app.index.payments(app.upto());
        let b = super::balances(app);
        let a = &app.rec.outcome.accounts;
        Totals {
            payments,
            declined,
            paid: b[a.paid_to_merchants.index()],
            suspense: b[a.suspense.index()],
        }
    }

    /// `3.1%`: declined over initiated, to a tenth of a percent (half away
    /// from zero); None before the first payment.
    pub fn decline_rate(&self) -> Option<String> {
        (self.payments > 0).then(|| {
            let rate = Decimal::from(self.declined as u64) * Decimal::ONE_HUNDRED / Decimal::from(self.payments as u64);
            format!(
                "{}%",
                rate.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
            )
        })
    }

    /// The line's wordings, widest first: (label, value) pairs.
    fn wordings(&self) -> Vec<Vec<(&'static str, String)>> {
        let rate = self.decline_rate().unwrap_or_else(|| "0".into());
        let whole = |d: Decimal| {
            amount(d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
                .trim_end_matches(".00")
                .to_string()
        };
        let n = count(self.payments as u64);
        vec![
            vec![
                ("Payments ", n.clone()),
                (
                    " · declined ",
                    match self.decline_rate() {
                        Some(rate) => format!("{} ({rate})", count(self.declined as u64)),
                        None => "0".into(),
                    },
                ),
                (" · paid to merchants ", format!("{} EUR", amount(self.paid))),
                (" · in suspense ", format!("{} EUR", amount(self.suspense))),
            ],
            vec![
                ("Payments ", n.clone()),
                (" · declined ", rate.clone()),
                (" · paid ", format!("{} EUR", amount(self.paid))),
                (" · suspense ", format!("{} EUR", amount(self.suspense))),
            ],
            vec![
                ("Payments ", n),
                (" · declined ", rate),
                (" · paid ", format!("{} EUR", whole(self.paid))),
                (" · suspense ", format!("{} EUR", whole(self.suspense))),
            ],
        ]
    }
}

/// Draws the totals line.
pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let totals = Totals::at(app);
    let wordings = totals.wordings();
    let width = |w: &Vec<(&str, String)>| {
        w.iter()
            .map(|(l, v)| l.chars().count() + v.chars().count())
            .sum::<usize>()
    };
    let chosen = wordings
        .iter()
        .find(|w| width(w) <= area.width as usize)
        .unwrap_or(&wordings[wordings.len() - 1]);
    let spans: Vec<Span> = chosen
        .iter()
        .flat_map(|(label, value)| {
            [
                Span::styled(*label, fg(app, Color::Gray)),
                Span::styled(value.clone(), bold()),
            ]
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
