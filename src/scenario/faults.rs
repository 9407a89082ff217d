//! The scenario's `[[faults]]` and `[refunds]`, validated: what breaks, for
//! whom, and when. Agents ask these questions; the answers depend only on
//! the scenario and the date, never on the order things happen in.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::MerchantId;
use crate::domain::money::Money;
use crate::domain::reason::Reason;
use crate::engine::Duration;

/// What a fault does, with the value its kind needs (`reason`, `delay`,
/// `amount` or `rate`).
#[derive(Clone, Debug, PartialEq)]
pub enum FaultKind {
    /// pacs.002: the payout is rejected before settlement, the same day.
    PayoutReject(Reason),
    /// pacs.004: the payout settles, then comes back 1 to 3 business days later.
    PayoutReturn(Reason),
    /// The regulator takes this much longer to approve.
    ApprovalDelay(Duration),
    /// The regulator refuses the remittance.
    ApprovalReject,
    /// The remittance arrives short by this EUR amount (positive).
    RemittanceShort(Money),
    /// This share (0 to 1) of authorisation requests time out at the issuer.
    IssuerTimeout(Decimal),
    /// The merchant's bank returns the direct debit.
    DirectDebitReturn(Reason),
    /// The merchant fails KYC (dates: its application day, `joins` or
    /// `start`).
    KycFail,
}

impl FaultKind {
    /// The `kind` as written in the file, `"payout_return"`.
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::PayoutReject(_) => "payout_reject",
            FaultKind::PayoutReturn(_) => "payout_return",
            FaultKind::ApprovalDelay(_) => "approval_delay",
            FaultKind::ApprovalReject => "approval_reject",
            FaultKind::RemittanceShort(_) => "remittance_short",
            FaultKind::IssuerTimeout(_) => "issuer_timeout",
            FaultKind::DirectDebitReturn(_) => "direct_debit_return",
            FaultKind::KycFail => "kyc_fail",
        }
    }
}

/// One fault: its kind, the merchants it selects (a range of merchant
/// indices; None for faults of an institution) and its dates, inclusive.
/// Dates are read on the calendar of whoever meets the fault: the acquirer's
/// zone for payouts and direct debits, Beijing for the rest.
#[derive(Clone, Debug)]
pub struct Fault {
    /// What breaks.
    pub kind: FaultKind,
    /// First and last merchant index selected (0-based, across the groups
    /// in file order, inclusive); None: the fault is an institution's.
    pub merchants: Option<(u32, u32)>,
    /// First day of the window.
    pub from: Date,
    /// Last day of the window, inclusive; not before `from`.
    pub until: Date,
}

impl Fault {
    /// Whether `on` is inside the window.
    pub fn active(&self, on: Date) -> bool {
        self.from <= on && on <= self.until
    }

    fn selects(&self, merchant: MerchantId) -> bool {
        let m = merchant.index() as u32;
        self.merchants.is_none_or(|(lo, hi)| lo <= m && m <= hi)
    }
}

/// Every `[[faults]]` of a scenario. Where several of a kind apply, the
/// first in file order wins, except `approval_delay`, whose delays add up.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// The faults, in file order.
    pub all: Vec<Fault>,
}

impl Faults {
    fn first(&self, on: Date, merchant: Option<MerchantId>, pick: impl Fn(&FaultKind) -> bool) -> Option<&Fault> {
        self.all
            .iter()
            .find(|f| pick(&f.kind) && f.active(on) && merchant.is_none_or(|m| f.selects(m)))
    }

    /// A payout to `merchant` sent on `on`: rejected, returned, or neither.
    pub fn payout(&self, merchant: MerchantId, on: Date) -> Option<&FaultKind> {
        self.first(on, Some(merchant), |k| {
            matches!(k, FaultKind::PayoutReject(_) | FaultKind::PayoutReturn(_))
        })
        .map(|f| &f.kind)
    }

    /// The last day of the payout fault that bounced a payout sent on `on`
    /// (the one [`Faults::payout`] finds): the merchant fixes its account
    /// when that window ends.
    pub fn payout_fault_end(&self, merchant: MerchantId, on: Date) -> Option<Date> {
        self.first(on, Some(merchant), |k| {
            matches!(k, FaultKind::PayoutReject(_) | FaultKind::PayoutReturn(_))
        })
        .map(|f| f.until)
    }

    /// The last day of the direct-debit fault that returned a debit sent on `on`.
    pub fn direct_debit_fault_end(&self, merchant: MerchantId, on: Date) -> Option<Date> {
        self.first(on, Some(merchant), |k| matches!(k, FaultKind::DirectDebitReturn(_)))
            .map(|f| f.until)
    }

    /// The reason the merchant's bank returns a direct debit sent on `on`
    /// (acquirer date) with; None: it is collected.
    pub fn direct_debit_return(&self, merchant: MerchantId, on: Date) -> Option<crate::domain::reason::Reason> {
        match self
            .first(on, Some(merchant), |k| matches!(k, FaultKind::DirectDebitReturn(_)))?
            .kind
        {
            FaultKind::DirectDebitReturn(r) => Some(r),
            _ => None,
        }
    }

    /// Extra time the regulator takes on a request made on `on` (Beijing
    /// date): the sum of every active `approval_delay`; zero if none.
    pub fn approval_delay(&self, on: Date) -> Duration {
        self.all
            .iter()
            .filter(|f| f.active(on))
            .filter_map(|f| match f.kind {
                FaultKind::ApprovalDelay(d) => Some(d),
                _ => None,
            })
            .fold(Duration::ZERO, |a, b| a + b)
    }

    /// Whether the regulator refuses every request made on `on` (Beijing
    /// date).
    pub fn approval_reject(&self, on: Date) -> bool {
        self.first(on, None, |k| matches!(k, FaultKind::ApprovalReject))
            .is_some()
    }

    /// How much EUR a remittance sent on `on` (Beijing date) arrives short
    /// by; None: it arrives whole.
    pub fn remittance_short(&self, on: Date) -> Option<Money> {
        match self
            .first(on, None, |k| matches!(k, FaultKind::RemittanceShort(_)))?
            .kind
        {
            FaultKind::RemittanceShort(m) => Some(m),
            _ => None,
        }
    }

    /// The share (0 to 1) of authorisation requests on `on` (Beijing date)
    /// the issuer answers too late; None: no timeouts forced.
    pub fn issuer_timeout(&self, on: Date) -> Option<Decimal> {
        match self.first(on, None, |k| matches!(k, FaultKind::IssuerTimeout(_)))?.kind {
            FaultKind::IssuerTimeout(r) => Some(r),
            _ => None,
        }
    }

    /// Whether `merchant`, applying on `on`, fails KYC by a fault.
    pub fn kyc_fail(&self, merchant: MerchantId, on: Date) -> bool {
        self.first(on, Some(merchant), |k| matches!(k, FaultKind::KycFail))
            .is_some()
    }
}

/// `[refunds]`: which completed payments are refunded, when, and how much.
#[derive(Clone, Debug)]
pub struct Refunds {
    /// Share of completed payments that get refunds.
    pub rate: Decimal,
    /// Delay after the payment, drawn uniformly.
    pub after: (Duration, Duration),
    /// Share of refunded payments refunded in parts rather than whole.
    pub partial: Decimal,
    /// A refund the CNY pool cannot pay (NOT_ENOUGH) is retried after this.
    pub retry: Duration,
}

/// The scheme's limits on refunds (domain brief): within 365 days, at most
/// 50 partial refunds per order, never above the original amount.
pub const REFUND_WINDOW_DAYS: i64 = 365;
/// At most this many refunds of one payment (domain brief: partial up to 50
/// per order).
pub const MAX_REFUNDS_PER_PAYMENT: u32 = 50;
