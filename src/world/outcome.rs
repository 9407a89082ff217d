//! What a finished run leaves behind: each agent's records (read through the
//! agents' `&self` methods only), the ledger, the statistics and how the run
//! ended.

use std::collections::BTreeMap;

use crate::agents::acquirer::Acquirer;
use crate::agents::cardholders::Cardholders;
use crate::agents::ctx::{Accounts, Tally, Violation};
use crate::agents::issuer::Issuer;
use crate::agents::merchants::Merchants;
use crate::agents::settlement_bank::SettlementBank;
use crate::agents::switch::Switch;
use crate::domain::ledger::Ledger;
use crate::domain::money::Money;
use crate::engine::Instant;
use crate::messages::Directory;

/// The agents of one run.
pub(super) struct Agents {
    /// The consumers: plan and initiate purchases.
    pub cardholders: Cardholders,
    /// The shops: apply to the acquirer, ask for refunds.
    pub merchants: Merchants,
    /// The wallet provider (Tenpay): authorises and debits wallets.
    pub issuer: Issuer,
    /// The scheme (WeChat Pay): payments, clearing, refunds.
    pub switch: Switch,
    /// The partner bank in China: conversion and remittances.
    pub bank: SettlementBank,
    /// SAFE: approves remittances when approval is on.
    pub regulator: crate::agents::regulator::Regulator,
    /// The European acquirer: reconciliation, payouts, collections.
    pub acquirer: Acquirer,
}

/// Everything a run leaves behind for reports.
pub struct Outcome {
    /// Every agent with its records, read through the accessors below.
    pub(super) agents: Agents,
    /// The merchants of the scenario.
    pub directory: Directory,
    /// The run's double-entry ledger at the end (with its journal when
    /// `Checks::journal` was on).
    pub ledger: Ledger,
    /// The ids of the corridor's ledger accounts.
    pub accounts: Accounts,
    /// The run's statistics for the report.
    pub tally: Tally,
    /// Events recorded (the next event's `seq`).
    pub events: u64,
    /// Beijing midnight of the first day: the earliest merchant join date,
    /// or the scenario's start.
    pub started: Instant,
    /// The instant of the last delivery handled.
    pub ended: Instant,
    /// CNY put into wallets at the start.
    pub wallets_funded: Money,
    /// The first broken invariant, during the run or at its end (exit
    /// status 1); None when every invariant held.
    pub violation: Option<Violation>,
    /// The event sink's first write error, which stopped the run (exit
    /// status 3).
    pub io_error: Option<std::io::Error>,
}

impl Outcome {
    /// The cardholders (payments initiated).
    pub fn cardholders(&self) -> &Cardholders {
        &self.agents.cardholders
    }
    /// The switch (payments, statements, refunds).
    pub fn switch(&self) -> &Switch {
        &self.agents.switch
    }
    /// The settlement bank (EUR pool, conversions, remittances).
    pub fn bank(&self) -> &SettlementBank {
        &self.agents.bank
    }
    /// The acquirer (merchants' accounts, payouts, direct debits, exceptions).
    pub fn acquirer(&self) -> &Acquirer {
        &self.agents.acquirer
    }

    /// When each payment's money reached its merchant's bank account, by
    /// payment index: the credit of the payout that paid it and stayed paid
    /// (a returned payout's payments count when paid again); None for a
    /// payment not paid out.
    pub fn credited_at(&self) -> Vec<Option<Instant>> {
        let mut at = vec![None; self.cardholders().initiated() as usize];
        for po in self.acquirer().payouts() {
            if po.outcome != crate::agents::acquirer::PayoutOutcome::Settled || po.return_reason.is_some() {
                continue;
            }
            for c in &po.payments {
                at[c.payment.index()] = po.settled_at;
            }
        }
        at
    }

    /// Money still waiting for its clearing day to close (EUR).
    pub fn awaiting_clearing(&self) -> Money {
        self.agents.switch.awaiting_clearing()
    }

    /// Money the acquirer holds for merchants (EUR, positive balances).
    pub fn awaiting_payout(&self) -> Money {
        self.agents.acquirer.balances().0
    }

    /// What merchants owe the acquirer (EUR, negative balances).
    pub fn owed_by_merchants(&self) -> Money {
        self.agents.acquirer.balances().1
    }

    /// Money held in suspense, by ISO reason code.
    pub fn suspense(&self) -> BTreeMap<&'static str, Money> {
        self.agents.acquirer.suspense()
    }
}
