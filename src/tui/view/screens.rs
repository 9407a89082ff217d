//! Full-screen views: a payment's life as a sequence diagram, the help with
//! the keys and a glossary, and the what-if comparison.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::app::App;
use super::{bold, fg};
use crate::domain::reason;
use crate::replay::story::Story;
use crate::report::explain;

pub fn story(frame: &mut Frame, area: Rect, app: &App, story: &Story, scroll: usize) {
    let text = explain::text(story);
    let lines: Vec<Line> = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("...") {
                Line::from(Span::styled(l.to_string(), fg(app, Color::Yellow)))
            } else {
                Line::raw(l.to_string())
            }
        })
        .collect();
    let p = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(u16::MAX as usize) as u16, 0));
    frame.render_widget(
        p.block(
            Block::default()
                .borders(Borders::TOP)
                .title("A payment's life (... = why it waited)"),
        ),
        area,
    );
}

const KEYS: [(&str, &str); 16] = [
    ("space", "play or pause the clock"),
    (
        "+ / -",
        "faster or slower: 1 minute to 3 days of simulated time a second",
    ),
    ("<- / ->", "previous or next event (up/down and h/l too)"),
    ("d / D", "next or previous day (Beijing midnight)"),
    ("r / R", "next or previous remittance"),
    (
        "f / F",
        "next or previous failure (a hold, reject, return, exception...)",
    ),
    ("Home / End", "start or end of the run"),
    ("g", "go to a date: 2018-02-22 or 2018-02-22 10:00 (Beijing)"),
    (
        "/",
        "filter the log: kind:payout_sent agent:acquirer merchant:paris/3 payment:P00000042",
    ),
    (
        "enter",
        "follow the selected event's payment from scan to merchant credit",
    ),
    ("p", "follow a payment by id"),
    (
        "w",
        "what if: another seed or a fault switched off, compared with this run",
    ),
    ("?", "this help"),
    ("esc", "back"),
    ("q", "quit"),
    ("ctrl-c", "quit"),
];

const GLOSSARY: [(&str, &str); 20] = [
    (
        "acquirer",
        "the European institution that checks merchants and pays them in EUR.",
    ),
    (
        "issuer",
        "the wallet provider that holds the consumers' CNY and authorises payments.",
    ),
    (
        "switch (scheme)",
        "the wallet scheme that routes payments, quotes the rate and bears the FX risk.",
    ),
    (
        "settlement bank",
        "the Chinese partner bank that converts CNY to EUR and remits it.",
    ),
    (
        "clearing",
        "computing who owes what for a Beijing calendar day (the statement).",
    ),
    ("settlement", "moving the money that clearing computed."),
    ("value date", "the day money is available on the receiving account."),
    ("cut-off", "the time after which work waits for the next business day."),
    (
        "business day",
        "a day the calendar is open for settlement (TARGET2 or Chinese banks).",
    ),
    (
        "adjusted working day",
        "a Saturday or Sunday China makes a working day around a long holiday.",
    ),
    (
        "consolidated FX purchase",
        "buying all the EUR for several days at once, at remittance.",
    ),
    ("remittance", "one transfer of the EUR pool from China to the acquirer."),
    (
        "reconciliation",
        "matching money received against the statements it should cover.",
    ),
    (
        "suspense",
        "money held for a merchant because its payout came back, with the reason.",
    ),
    (
        "R-transaction",
        "a reject, return, refund or recall: money moving back.",
    ),
    ("MDR", "merchant discount rate: the acquirer's fee on each payment."),
    ("scheme fee", "the switch's share of each payment, taken at clearing."),
    (
        "SCT / SCT Inst",
        "SEPA credit transfer (next business day) / instant (seconds, any day).",
    ),
    (
        "SDD",
        "SEPA direct debit: how the acquirer collects a negative balance.",
    ),
    (
        "pacs.002 / pacs.004",
        "ISO 20022 status report (reject) / payment return.",
    ),
];

pub fn help(frame: &mut Frame, area: Rect, scroll: usize) {
    let mut lines = vec![Line::from(Span::styled("Keys", bold()))];
    lines.extend(KEYS.iter().map(|(k, what)| Line::raw(format!("  {k:<12} {what}"))));
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("Words", bold())));
    lines.extend(GLOSSARY.iter().map(|(w, what)| Line::raw(format!("  {w:<24} {what}"))));
    // Every R-transaction's reason codes with their meanings, from the EPC
    // lists the scenario validation uses (`[[faults]] reason`).
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("Reason codes", bold())));
    lines.extend(reason::glossary().into_iter().map(|l| Line::raw(format!("  {l}"))));
    let p = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(u16::MAX as usize) as u16, 0));
    frame.render_widget(p.block(Block::default().borders(Borders::TOP).title("Help")), area);
}

pub fn whatif(frame: &mut Frame, area: Rect, app: &App) {
    let w = &app.whatif;
    let mut lines = vec![Line::from(Span::styled(
        format!("Seed {} (s to change)", w.seed),
        bold(),
    ))];
    if w.faults.is_empty() {
        lines.push(Line::raw(
            "This scenario has no [[faults]]: change the seed, then press enter.",
        ));
    }
    for (i, (name, on)) in w.faults.iter().enumerate().take(9) {
        lines.push(Line::raw(format!(
            "  {} [{}] {name}",
            i + 1,
            if *on { "x" } else { " " }
        )));
    }
    lines.push(Line::raw(""));
    match &w.rows {
        None => lines.push(Line::raw(
            "Press enter to rerun with these settings and compare with the run you opened.",
        )),
        Some(rows) => {
            lines.push(Line::from(Span::styled(
                format!(
                    "{:<28} {:>16} {:>16}",
                    "compared with the opened run",
                    "opened",
                    w.ran.as_deref().unwrap_or("what if")
                ),
                bold(),
            )));
            for r in rows {
                let style = if r.base != r.changed && r.base != "-" {
                    fg(app, Color::Yellow)
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::styled(
                    format!("{:<28} {:>16} {:>16}", r.what, r.base, r.changed),
                    style,
                ));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::TOP).title("What if")),
        area,
    );
}
