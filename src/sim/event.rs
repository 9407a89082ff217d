//! The event log's vocabulary: one record per message or state change, in
//! the order the simulation applied them. Fields are typed values; writers
//! (JSON Lines, the explorer) decide how they look.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::money::Money;
use crate::engine::Instant;

/// One line of the event log (its `seq` is its index).
#[derive(Clone, Debug)]
pub struct Event {
    pub at: Instant,
    pub kind: Kind,
    pub from: Party,
    pub to: Party,
    pub fields: Vec<(&'static str, Val)>,
}

/// The sender or receiver of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Cardholder(u32),
    Merchant(u32),
    Issuer,
    Switch,
    SettlementBank,
    Acquirer,
    Regulator,
}

/// A field's value.
#[derive(Clone, Debug)]
pub enum Val {
    Payment(u32),
    Cardholder(u32),
    Merchant(u32),
    Batch(Date),
    Batches(Vec<Date>),
    Remittance(u32),
    Payout(u32),
    Refund(u32),
    DirectDebit(u32),
    Exception(u32),
    Money(Money),
    Rate(Decimal),
    Date(Date),
    Count(u64),
    Code(&'static str),
    Text(String),
}

macro_rules! kinds {
    ($($variant:ident = $name:literal,)*) => {
        /// The kind of an event, as the log names it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $($variant,)* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];
            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }
        }
    };
}

kinds! {
    MerchantApplied = "merchant_applied",
    KycPassed = "kyc_passed",
    KycFailed = "kyc_failed",
    MerchantOnboarded = "merchant_onboarded",
    PaymentInitiated = "payment_initiated",
    AuthorizationRequested = "authorization_requested",
    PaymentAuthorized = "payment_authorized",
    PaymentDeclined = "payment_declined",
    PaymentCompleted = "payment_completed",
    ClearingBatchClosed = "clearing_batch_closed",
    RemittanceRequested = "remittance_requested",
    ApprovalRequested = "approval_requested",
    ApprovalGranted = "approval_granted",
    ApprovalRejected = "approval_rejected",
    FxConverted = "fx_converted",
    RemittanceHeld = "remittance_held",
    RemittanceSent = "remittance_sent",
    RemittanceReceived = "remittance_received",
    ReconciliationMatched = "reconciliation_matched",
    ReconciliationFailed = "reconciliation_failed",
    PayoutSent = "payout_sent",
    PayoutSettled = "payout_settled",
    ReversalRequested = "reversal_requested",
    PaymentReversed = "payment_reversed",
    RemittanceExtended = "remittance_extended",
    ExceptionResolved = "exception_resolved",
    PayoutRejected = "payout_rejected",
    PayoutReturned = "payout_returned",
    SuspenseReleased = "suspense_released",
    RefundRequested = "refund_requested",
    RefundFailed = "refund_failed",
    RefundCompleted = "refund_completed",
    DirectDebitSent = "direct_debit_sent",
    DirectDebitSettled = "direct_debit_settled",
    DirectDebitReturned = "direct_debit_returned",
}

/// Where events go. The world calls it in order; a writer may stream, keep
/// or count them.
pub trait EventSink {
    fn record(&mut self, seq: u64, event: &Event) -> std::io::Result<()>;
}
