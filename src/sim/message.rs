//! What agents say to each other, and the timers they set themselves. A
//! message names ids, never whole records: the records live in the
//! [`Book`](super::book::Book) so a message stays a few words long.

use crate::domain::Date;

/// Who a delivery is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Addr {
    /// The cardholder population as a whole (daily planning).
    Cardholders,
    Merchant(u32),
    Issuer,
    Switch,
    SettlementBank,
    Regulator,
    Acquirer,
    /// The world's own timers (the daily check that the run may end).
    World,
}

#[derive(Clone, Copy, Debug)]
pub enum Msg {
    /// Plan the cardholders' purchases of this merchant-local day.
    PlanDay(Date),
    /// A cardholder scans a merchant's code (index into the day's plan).
    Scan(u32),
    /// The merchant's order reaches the switch.
    Order { payment: u32 },
    /// The switch asks the issuer to authorise.
    Authorize { payment: u32 },
    /// The issuer answers.
    Authorized { payment: u32, decline: Option<Decline> },
    /// The clearing day ends at the switch's cut-off.
    CloseClearingDay(Date),
    /// The settlement bank's T+1 conversion of one clearing day.
    Convert(Date),
    /// The settlement bank's daily remittance window (Beijing date).
    RemitWindow(Date),
    /// A remittance asks the regulator for approval.
    ApprovalRequest { remittance: u32 },
    /// The regulator's answer.
    ApprovalDecision { remittance: u32, granted: bool },
    /// A remittance goes out (now, or at the next window after a cut-off).
    SendRemittance { remittance: u32 },
    /// The remittance reaches the acquirer on its value date.
    RemittanceArrives { remittance: u32 },
    /// A merchant applies to the acquirer.
    Apply { merchant: u32 },
    /// The acquirer's KYC/AML checks finish.
    KycDone { merchant: u32 },
    /// The acquirer registers a merchant with the switch.
    Register { merchant: u32 },
    /// The acquirer's daily payout run (acquirer-local date).
    PayoutWindow(Date),
    /// A payout is credited to the merchant's account.
    PayoutSettles { payout: u32 },
    /// Midnight in Beijing: the world checks whether the money has settled.
    DayTick(Date),
    /// The switch stops waiting for the issuer's answer.
    AuthTimeout { payment: u32 },
    /// The switch reverses an authorisation it gave up on.
    Reverse { payment: u32 },
    /// A merchant refunds part `part` of a payment (timer).
    RefundDue { payment: u32, part: u8 },
    /// The merchant's refund reaches the switch (or is retried).
    RefundRequest { refund: u32 },
    /// The issuer credits a refund to the consumer's wallet.
    RefundCredit { refund: u32 },
    /// pacs.002: the merchant's bank rejects a payout.
    PayoutRejected { payout: u32 },
    /// pacs.004: the merchant's bank returns a settled payout.
    PayoutReturned { payout: u32 },
    /// A direct debit is collected from the merchant's account.
    DirectDebitSettles { debit: u32 },
    /// The merchant's bank returns a direct debit.
    DirectDebitReturned { debit: u32 },
}

/// Why a payment was declined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decline {
    MerchantNotActive,
    OverPaymentLimit,
    OverDailyLimit,
    InsufficientBalance,
    Risk,
    /// The issuer did not answer in time; the authorisation is reversed.
    IssuerUnavailable,
}

impl Decline {
    pub fn code(self) -> &'static str {
        match self {
            Decline::MerchantNotActive => "merchant_not_active",
            Decline::OverPaymentLimit => "over_payment_limit",
            Decline::OverDailyLimit => "over_daily_limit",
            Decline::InsufficientBalance => "insufficient_balance",
            Decline::Risk => "risk",
            Decline::IssuerUnavailable => "issuer_unavailable",
        }
    }
}
