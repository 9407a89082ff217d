//! Double-entry books. Every account holds one currency; every posting is a
//! set of legs whose amounts sum to zero in each currency, so the sum over
//! all accounts of a currency is zero at every instant. Money entering the
//! corridor (wallet top-ups, the FX market's side of a conversion) comes from
//! named outside accounts that go negative, never from nowhere.

use std::fmt;

use rust_decimal::Decimal;

use super::money::{Currency, Money};

/// An account's index in the ledger that opened it (0, 1, ... in opening
/// order); meaningless in another ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(u32);

impl AccountId {
    /// The index, for tables kept per account.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A posting the ledger refused: it did not balance, or mixed currencies
/// into an account of another. The message (`.0`) names the accounts and
/// amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerError(pub String);

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The books: accounts, each of one currency, with balances in that
/// currency's major units (negative for outside accounts that money came
/// from), and the count of postings applied. No account is checked for
/// funds: the ledger enforces balance, not solvency.
#[derive(Default, Clone)]
pub struct Ledger {
    names: Vec<String>,
    currencies: Vec<Currency>,
    balances: Vec<Decimal>,
    /// Accounts that hold real money and can never be overdrawn.
    holding: Vec<bool>,
    postings: u64,
    /// Every posting in order, when asked for (the explorer replays them).
    journal: Option<Journal>,
}

/// Every posting in order, as the journal keeps it: each posting's time,
/// the events recorded before it and where its legs end, and all postings'
/// legs in one list (one allocation for the whole run rather than one per
/// posting).
#[derive(Clone, Debug, Default)]
pub struct Journal {
    /// Per posting: (simulated time, events recorded before it, end of its
    /// legs in `legs`), 16 bytes: a journalled run (the explorer's, limited
    /// to millions of payments) has far fewer than four billion events and
    /// legs.
    heads: Vec<(crate::engine::Instant, u32, u32)>,
    /// Each account and its signed amount, in the account's currency (major
    /// units); a posting's legs sum to zero per currency.
    legs: Vec<(AccountId, Decimal)>,
}

impl Journal {
    /// How many postings.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// True when no posting was journalled.
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// Posting `i`'s simulated time.
    pub fn at(&self, i: usize) -> crate::engine::Instant {
        self.heads[i].0
    }

    /// Events recorded before posting `i`.
    pub fn events(&self, i: usize) -> u64 {
        u64::from(self.heads[i].1)
    }

    /// Posting `i`'s legs: each account and its signed amount.
    pub fn legs(&self, i: usize) -> &[(AccountId, Decimal)] {
        let start = i.checked_sub(1).map_or(0, |j| self.heads[j].2 as usize);
        &self.legs[start..self.heads[i].2 as usize]
    }

    /// The number of leading postings whose (time, events before it)
    /// satisfy `pred`, which must hold for a prefix, as
    /// `slice::partition_point` finds it.
    pub fn partition_point(&self, pred: impl Fn(crate::engine::Instant, u64) -> bool) -> usize {
        self.heads
            .partition_point(|(at, events, _)| pred(*at, u64::from(*events)))
    }

    /// Gives back the spare capacity of growing.
    pub fn shrink_to_fit(&mut self) {
        self.heads.shrink_to_fit();
        self.legs.shrink_to_fit();
    }
}

impl Ledger {
    /// Books with no account.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Opens an account for one currency, starting at zero, and returns its
    /// id (the next index). Names are for messages; they need not be unique.
    pub fn open(&mut self, name: &str, currency: Currency) -> AccountId {
        self.names.push(name.to_string());
        self.currencies.push(currency);
        self.balances.push(Decimal::ZERO);
        self.holding.push(false);
        AccountId((self.names.len() - 1) as u32)
    }

    /// Opens an account that holds real money (a pool, a wallet, funds in
    /// transit): like [`Ledger::open`], but [`Ledger::overdrawn`] reports it
    /// when its balance is below zero. Outside accounts and balances that
    /// may be owed (a merchant's) are opened with `open`.
    pub fn open_holding(&mut self, name: &str, currency: Currency) -> AccountId {
        let id = self.open(name, currency);
        self.holding[id.index()] = true;
        id
    }

    /// The first of `legs`' accounts that holds money and is now below
    /// zero, with its balance. Postings are checked by the caller after the
    /// whole of one decision: a conversion may overdraw a pool for an
    /// instant between its two postings.
    pub fn overdrawn(&self, legs: &[(AccountId, Money)]) -> Option<(AccountId, Money)> {
        legs.iter()
            .map(|&(id, _)| id)
            .find(|id| {
                self.holding[id.index()]
                    && self.balances[id.index()].is_sign_negative()
                    && !self.balances[id.index()].is_zero()
            })
            .map(|id| (id, self.balance(id)))
    }

    /// Starts keeping a journal of every posting from now on (earlier ones
    /// are not in it); a second call keeps the journal as it is.
    pub fn keep_journal(&mut self) {
        self.journal.get_or_insert_with(Journal::default);
    }

    /// Records a posting already applied, with its time, if a journal is
    /// kept; does nothing otherwise. It neither checks nor applies the legs:
    /// call it after [`Ledger::post`] succeeded.
    pub fn journal(&mut self, at: crate::engine::Instant, events: u64, legs: &[(AccountId, Money)]) {
        if let Some(j) = &mut self.journal {
            j.legs.extend(legs.iter().map(|(id, m)| (*id, m.amount())));
            j.heads.push((at, events as u32, j.legs.len() as u32));
        }
    }

    /// The journal, in posting order, and stops keeping one; empty if none
    /// was kept.
    pub fn take_journal(&mut self) -> Journal {
        self.journal.take().unwrap_or_default()
    }

    /// How many accounts the ledger has.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no account is open.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The account with this index. Not checked: an index of `len()` or more
    /// gives an id that panics when used.
    pub fn account(&self, index: usize) -> AccountId {
        AccountId(index as u32)
    }

    /// The currency the account holds. Panics if `id` is beyond this
    /// ledger's accounts, as `name`, `balance` and `post` do.
    pub fn currency(&self, id: AccountId) -> Currency {
        self.currencies[id.0 as usize]
    }

    /// The name the account was opened with.
    pub fn name(&self, id: AccountId) -> &str {
        &self.names[id.0 as usize]
    }

    /// The account's balance in its currency.
    pub fn balance(&self, id: AccountId) -> Money {
        // Balances are sums of postings already in minor units: `new`
        // rounds nothing away here.
        Money::new(self.balances[id.0 as usize], self.currencies[id.0 as usize])
    }

    /// How many postings were applied (refused ones are not counted).
    pub fn postings(&self) -> u64 {
        self.postings
    }

    /// Moves `amount` from one account to another of the same currency.
    /// Errors as [`Ledger::post`] when `amount`'s currency is not both
    /// accounts'; then nothing moves.
    pub fn transfer(&mut self, from: AccountId, to: AccountId, amount: Money) -> Result<(), LedgerError> {
        self.post(&[(from, -amount), (to, amount)])
    }

    /// Applies all legs or none. Each leg's currency must be its account's,
    /// and the legs must sum to zero per currency; otherwise it errors and
    /// changes nothing. Balances may go negative.
    pub fn post(&mut self, legs: &[(AccountId, Money)]) -> Result<(), LedgerError> {
        for &(id, m) in legs {
            let held = self.currencies[id.0 as usize];
            if held != m.currency() {
                return Err(LedgerError(format!(
                    "posting {m} to {} which holds {held}",
                    self.name(id)
                )));
            }
        }
        for c in Currency::ALL {
            let sum: Decimal = legs
                .iter()
                .filter(|(_, m)| m.currency() == c)
                .map(|(_, m)| m.amount())
                .sum();
            if !sum.is_zero() {
                let accounts: Vec<String> = legs.iter().map(|(id, m)| format!("{} {m}", self.name(*id))).collect();
                return Err(LedgerError(format!(
                    "posting does not balance in {c} (off by {sum}): {}",
                    accounts.join(", ")
                )));
            }
        }
        for &(id, m) in legs {
            self.balances[id.0 as usize] += m.amount();
        }
        self.postings += 1;
        Ok(())
    }

    /// The sum over all accounts of each currency, one entry per
    /// [`Currency::ALL`] in that order; all zero in sound books.
    pub fn totals(&self) -> Vec<(Currency, Decimal)> {
        Currency::ALL
            .iter()
            .map(|&c| {
                let sum = self
                    .balances
                    .iter()
                    .zip(&self.currencies)
                    .filter(|(_, cur)| **cur == c)
                    .map(|(b, _)| *b)
                    .sum();
                (c, sum)
            })
            .collect()
    }

    /// Every account with its balance, in the order they were opened.
    pub fn accounts(&self) -> impl Iterator<Item = (&str, Money)> {
        (0..self.names.len()).map(|i| (self.names[i].as_str(), self.balance(AccountId(i as u32))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_that_holds_money_is_reported_overdrawn_others_not() {
        let mut l = Ledger::new();
        let outside = l.open("outside", Currency::EUR);
        let pool = l.open_holding("pool", Currency::EUR);
        let ten = Money::eur(Decimal::TEN);
        l.transfer(outside, pool, ten).unwrap();
        assert_eq!(l.overdrawn(&[(outside, -ten), (pool, ten)]), None);
        let legs = [(pool, -ten - ten), (outside, ten + ten)];
        l.post(&legs).unwrap();
        assert_eq!(l.overdrawn(&legs), Some((pool, -ten)));
    }

    #[test]
    fn an_unbalanced_posting_is_refused_whole() {
        let mut l = Ledger::new();
        let a = l.open("a", Currency::EUR);
        let b = l.open("b", Currency::EUR);
        let err = l
            .post(&[(a, Money::eur(Decimal::ONE)), (b, Money::eur(Decimal::TWO))])
            .unwrap_err();
        assert_eq!(
            err.0,
            "posting does not balance in EUR (off by 3): a 1.00 EUR, b 2.00 EUR"
        );
        assert!(l.balance(a).is_zero());
        l.transfer(a, b, Money::eur(Decimal::TEN)).unwrap();
        assert_eq!(l.balance(a).to_string(), "-10.00 EUR");
        assert!(l.totals().iter().all(|(_, s)| s.is_zero()));
    }

    #[test]
    fn a_conversion_balances_per_currency() {
        let mut l = Ledger::new();
        let pool = l.open("pool", Currency::CNY);
        let mkt_cny = l.open("market cny", Currency::CNY);
        let mkt_eur = l.open("market eur", Currency::EUR);
        let eur = l.open("eur pool", Currency::EUR);
        let cny = Money::cny(Decimal::from(781));
        let e = Money::eur(Decimal::from(100));
        l.post(&[(pool, -cny), (mkt_cny, cny), (mkt_eur, -e), (eur, e)])
            .unwrap();
        assert_eq!(l.balance(eur), e);
    }
}
