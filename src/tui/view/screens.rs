//! Full-screen views: a payment's life as a sequence diagram, the help with
//! the keys and a glossary.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::app::App;
use super::{bold, fg};
use crate::domain::reason;
use crate::replay::story::Story;
use crate::report::explain;

/// `line` broken at spaces to `width` columns (its own spacing kept);
/// continuation lines are indented `hang` columns past the line's indent.
pub fn hanging(line: &str, width: usize, hang: usize) -> Vec<String> {
    let indent = line.len() - line.trim_start().len();
    let pad = " ".repeat(indent + hang);
    let mut out = Vec::new();
    let mut rest = line.trim_end().to_string();
    let mut start = indent;
    while rest.chars().count() > width {
        // The last space that keeps the line within the width, after the
        // indent (a word longer than the line is cut where the width ends).
        let fits: Vec<(usize, char)> = rest.char_indices().take(width + 1).collect();
        let cut = fits
            .iter()
            .rev()
            .find(|(i, c)| *c == ' ' && *i > start)
            .map_or_else(|| fits[width.min(fits.len() - 1)].0, |(i, _)| *i);
        out.push(rest[..cut].trim_end().to_string());
        rest = format!("{pad}{}", rest[cut..].trim_start());
        start = pad.len();
    }
    out.push(rest);
    out
}

/// A payment's life: `explain`'s text, long lines wrapped with a hanging
/// indent, the reasons for waits highlighted.
pub fn story(frame: &mut Frame, area: Rect, app: &App, story: &Story, scroll: usize) {
    let text = explain::text(story);
    let width = area.width as usize;
    let lines: Vec<Line> = text
        .lines()
        .flat_map(|l| {
            let why = l.trim_start().starts_with("...");
            let parts = if l.chars().count() > width {
                hanging(l, width, if why { 4 } else { 2 })
            } else {
                vec![l.to_string()]
            };
            parts.into_iter().map(move |p| (p, why))
        })
        .map(|(l, why)| {
            if why {
                Line::from(Span::styled(l, fg(app, Color::Yellow)))
            } else {
                Line::raw(l)
            }
        })
        .collect();
    let p = Paragraph::new(lines).scroll((scroll.min(u16::MAX as usize) as u16, 0));
    frame.render_widget(
        p.block(
            Block::default()
                .borders(Borders::TOP)
                .title("A payment's life (... = why it waited)"),
        ),
        area,
    );
}

const KEYS: [(&str, &str); 21] = [
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
        "next or previous failure among the events the log shows: a hold, a reject or return, a refused approval, an exception, a failed refund, a returned debit, a reversal, a failed KYC (declines are not: filter kind:payment_declined and step)",
    ),
    ("Home / End", "start or end of the run"),
    (
        "g",
        "go to a date within the run: 2018-02-22 or 2018-02-22 10:00 (Beijing)",
    ),
    (
        "/",
        "filter the log: kind:payout_sent agent:acquirer merchant:paris/3 payment:P00000042 (all must hold; empty clears)",
    ),
    (
        "enter",
        "follow the selected event's payment from scan to merchant credit",
    ),
    ("p", "follow a payment by id"),
    (
        "m",
        "merchants: each one's sales, what it nets after the MDR, payouts, what came back, balance and suspense, now",
    ),
    ("c", "charts: where the EUR is over time, and the EUR/CNY rate"),
    (
        "w",
        "what if: change any setting (e edits, n/N adds a fault/FX shock, d removes one), the seed (s) or faults (1-9), rerun (enter) and compare with this run; v keeps the variant as a file; o opens the rerun",
    ),
    ("tab", "switch between the run you opened and the what-if run"),
    ("?", "this help"),
    ("esc", "close a prompt or a screen; never quits"),
    ("q", "quit (on another screen: back to the main one)"),
    ("ctrl-c", "quit; in a prompt, cancel it"),
    ("ctrl-u", "in a prompt: clear it (ctrl-w deletes a word)"),
    ("size", "80x24 or larger; below, a screen says what it needs"),
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

/// The keys and the glossary, wrapped with a hanging indent.
pub fn help(frame: &mut Frame, area: Rect, scroll: usize) {
    let width = area.width as usize;
    let mut lines = vec![Line::from(Span::styled("Keys", bold()))];
    for (k, what) in KEYS {
        lines.extend(
            hanging(&format!("  {k:<12} {what}"), width, 13)
                .into_iter()
                .map(Line::raw),
        );
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("Words", bold())));
    for (w, what) in GLOSSARY {
        lines.extend(
            hanging(&format!("  {w:<24} {what}"), width, 25)
                .into_iter()
                .map(Line::raw),
        );
    }
    // Every R-transaction's reason codes with their meanings, from the EPC
    // lists the scenario validation uses (`[[faults]] reason`).
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled("Reason codes", bold())));
    for l in reason::glossary() {
        lines.extend(hanging(&format!("  {l}"), width, 8).into_iter().map(Line::raw));
    }
    let p = Paragraph::new(lines).scroll((scroll.min(u16::MAX as usize) as u16, 0));
    frame.render_widget(p.block(Block::default().borders(Borders::TOP).title("Help")), area);
}
