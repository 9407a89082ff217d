//! The event log's vocabulary: one [`Event`] per message or state change, in
//! the order the simulation applied them. Each kind is a variant of [`Body`]
//! with typed fields; [`Body::fields`] lists them, in the log's order and
//! under the log's names, for writers (JSON Lines, the explorer), and
//! readers match on the variants, so no reader looks a field up by name.

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::{
    BatchId, CardholderId, DirectDebitId, ExceptionId, MerchantId, PaymentId, PayoutId, RefundId, RemittanceId,
};
use crate::domain::money::Money;
use crate::domain::reason::Reason;
use crate::domain::zone::LocalTime;
use crate::engine::Instant;
use crate::scenario::model::Scheme;

use super::directory::Directory;
use super::mail::Decline;
use super::why::Why;

/// One line of the event log (its `seq` is its index): when, who told whom,
/// what, and the reason the sender recorded for its timing, if any. The
/// reason is not written to the JSON Lines log.
#[derive(Clone, Debug)]
pub struct Event {
    pub at: Instant,
    pub from: Party,
    pub to: Party,
    pub body: Body,
    pub why: Option<Box<Why>>,
}

impl Event {
    /// The event's kind, as the log names it.
    pub fn kind(&self) -> Kind {
        self.body.kind()
    }
}

/// The sender or receiver of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Cardholder(CardholderId),
    Merchant(MerchantId),
    Issuer,
    Switch,
    SettlementBank,
    Acquirer,
    Regulator,
}

impl Party {
    /// The log's name of an institution (`settlement_bank`); None for a
    /// cardholder or a merchant, whose names carry their ids.
    pub fn institution(self) -> Option<&'static str> {
        match self {
            Party::Cardholder(_) | Party::Merchant(_) => None,
            Party::Issuer => Some("issuer"),
            Party::Switch => Some("switch"),
            Party::SettlementBank => Some("settlement_bank"),
            Party::Acquirer => Some("acquirer"),
            Party::Regulator => Some("regulator"),
        }
    }
}

/// Why the settlement bank held a remittance back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The ready days' EUR is below the bank's remittance minimum.
    BelowMinimum {
        batches: Vec<BatchId>,
        amount: Money,
        minimum: Money,
    },
    /// Approved after the bank's cut-off or on a closed day: it goes out at
    /// the window of `next`, the bank's next working day.
    PastCutoff {
        remittance: RemittanceId,
        cutoff: LocalTime,
        next: Date,
    },
}

impl Hold {
    /// The hold in words, as the log's `reason` field writes it.
    pub fn reason(&self) -> String {
        match self {
            Hold::BelowMinimum { minimum, .. } => format!("below the minimum of {minimum}"),
            Hold::PastCutoff { cutoff, next, .. } => {
                format!("approved after the {cutoff} cut-off or on a closed day: goes out on {next}")
            }
        }
    }
}

/// What happened: one variant per kind, with the fields the log writes
/// (amounts are [`Money`] with their currency; rates are CNY per EUR).
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    MerchantApplied {
        merchant: MerchantId,
    },
    KycPassed {
        merchant: MerchantId,
    },
    KycFailed {
        merchant: MerchantId,
    },
    /// `before_start`: onboarded before the run began (logged with reason
    /// `active_before_start`).
    MerchantOnboarded {
        merchant: MerchantId,
        before_start: bool,
    },
    PaymentInitiated {
        payment: PaymentId,
        cardholder: CardholderId,
        merchant: MerchantId,
        amount: Money,
    },
    AuthorizationRequested {
        payment: PaymentId,
        amount: Money,
        rate: Decimal,
    },
    PaymentAuthorized {
        payment: PaymentId,
        amount: Money,
    },
    PaymentDeclined {
        payment: PaymentId,
        reason: Decline,
    },
    PaymentCompleted {
        payment: PaymentId,
        merchant: MerchantId,
        amount: Money,
        batch: BatchId,
    },
    /// `refunds` is logged only when not zero.
    ClearingBatchClosed {
        batch: BatchId,
        payments: u64,
        gross: Money,
        refunds: Money,
        fees: Money,
        net: Money,
    },
    /// `carried_shortfall` is logged only when not zero.
    RemittanceRequested {
        remittance: RemittanceId,
        batches: Vec<BatchId>,
        amount: Money,
        carried_shortfall: Money,
    },
    ApprovalRequested {
        remittance: RemittanceId,
        amount: Money,
    },
    ApprovalGranted {
        remittance: RemittanceId,
    },
    ApprovalRejected {
        remittance: RemittanceId,
    },
    FxConverted {
        batches: Vec<BatchId>,
        sold: Money,
        bought: Money,
        rate: Decimal,
    },
    RemittanceHeld(Hold),
    RemittanceSent {
        remittance: RemittanceId,
        batches: Vec<BatchId>,
        amount: Money,
        value_date: Date,
    },
    RemittanceReceived {
        remittance: RemittanceId,
        amount: Money,
        value_date: Date,
    },
    ReconciliationMatched {
        remittance: RemittanceId,
        batches: Vec<BatchId>,
        amount: Money,
        credited: Money,
    },
    ReconciliationFailed {
        remittance: RemittanceId,
        exception: ExceptionId,
        expected: Money,
        amount: Money,
        credited: Money,
    },
    PayoutSent {
        payout: PayoutId,
        merchant: MerchantId,
        amount: Money,
        scheme: Scheme,
    },
    PayoutSettled {
        payout: PayoutId,
        merchant: MerchantId,
        amount: Money,
    },
    ReversalRequested {
        payment: PaymentId,
    },
    PaymentReversed {
        payment: PaymentId,
        amount: Money,
    },
    RemittanceExtended {
        remittance: RemittanceId,
        batches: Vec<BatchId>,
        amount: Money,
    },
    ExceptionResolved {
        exception: ExceptionId,
        remittance: RemittanceId,
        amount: Money,
    },
    /// pacs.002.
    PayoutRejected {
        payout: PayoutId,
        merchant: MerchantId,
        amount: Money,
        reason: Reason,
    },
    /// pacs.004.
    PayoutReturned {
        payout: PayoutId,
        merchant: MerchantId,
        amount: Money,
        reason: Reason,
    },
    SuspenseReleased {
        merchant: MerchantId,
        amount: Money,
        reason: Reason,
    },
    RefundRequested {
        refund: RefundId,
        payment: PaymentId,
        merchant: MerchantId,
        amount: Money,
        cny: Money,
        rate: Decimal,
    },
    /// NOT_ENOUGH: `amount` (CNY) is more than the day's `available` takings.
    RefundFailed {
        refund: RefundId,
        payment: PaymentId,
        amount: Money,
        available: Money,
    },
    RefundCompleted {
        refund: RefundId,
        payment: PaymentId,
        merchant: MerchantId,
        amount: Money,
        cny: Money,
        batch: BatchId,
    },
    DirectDebitSent {
        direct_debit: DirectDebitId,
        merchant: MerchantId,
        amount: Money,
    },
    DirectDebitSettled {
        direct_debit: DirectDebitId,
        merchant: MerchantId,
        amount: Money,
    },
    DirectDebitReturned {
        direct_debit: DirectDebitId,
        merchant: MerchantId,
        amount: Money,
        reason: Reason,
    },
}

/// A field's value as writers see it.
#[derive(Clone, Debug)]
pub enum Field<'a> {
    Payment(PaymentId),
    Cardholder(CardholderId),
    Merchant(MerchantId),
    Batch(BatchId),
    Batches(&'a [BatchId]),
    Remittance(RemittanceId),
    Payout(PayoutId),
    Refund(RefundId),
    DirectDebit(DirectDebitId),
    Exception(ExceptionId),
    Money(Money),
    Rate(Decimal),
    Date(Date),
    Count(u64),
    Code(&'static str),
    /// Why a remittance was held, written as its `reason` sentence.
    Hold(&'a Hold),
}

impl Field<'_> {
    /// The value as a display string (ids as the spec writes them, amounts
    /// with their currency, merchants by name), for the log, the explorer
    /// and `explain`.
    pub fn show(&self, names: &Directory) -> String {
        match self {
            Field::Payment(p) => p.to_string(),
            Field::Cardholder(c) => c.to_string(),
            Field::Merchant(m) => names.name(*m),
            Field::Batch(b) => b.to_string(),
            Field::Batches(bs) => bs.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(","),
            Field::Remittance(r) => r.to_string(),
            Field::Payout(p) => p.to_string(),
            Field::Refund(r) => r.to_string(),
            Field::DirectDebit(d) => d.to_string(),
            Field::Exception(e) => e.to_string(),
            Field::Money(m) => m.to_string(),
            Field::Rate(r) => r.to_string(),
            Field::Date(d) => d.to_string(),
            Field::Count(n) => n.to_string(),
            Field::Code(c) => (*c).to_string(),
            Field::Hold(h) => h.reason(),
        }
    }
}

/// `cardholder:C000042`, `merchant:paris-boutiques/3`, `issuer`...: how the
/// log names a party.
pub fn party_name(names: &Directory, p: Party) -> String {
    match p {
        Party::Cardholder(c) => format!("cardholder:{c}"),
        Party::Merchant(m) => format!("merchant:{}", names.name(m)),
        institution => institution.institution().unwrap_or_default().to_string(),
    }
}

/// Accessors for the id fields of an event, each read through
/// [`Body::fields`].
macro_rules! named {
    ($($(#[$doc:meta])* $name:ident: $field:ident -> $id:ty;)*) => {$(
        $(#[$doc])*
        pub fn $name(&self) -> Option<$id> {
            self.find(|f| match f {
                Field::$field(x) => Some(*x),
                _ => None,
            })
        }
    )*};
}

macro_rules! kinds {
    ($($variant:ident = $name:literal,)*) => {
        /// The kind of an event, as the log names it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $($variant,)* }

        impl Kind {
            /// Every kind, in the order of [`Body`]'s variants.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];
            /// The name the log writes (`payout_sent`).
            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }
        }

        impl Body {
            /// The kind of this event.
            pub fn kind(&self) -> Kind {
                match self { $(Body::$variant { .. } => Kind::$variant,)* }
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

impl Body {
    /// Calls `f` with each field in the log's order, under the log's names.
    pub fn fields(&self, mut f: impl FnMut(&'static str, Field<'_>)) {
        use Field as F;
        match self {
            Body::MerchantApplied { merchant } | Body::KycPassed { merchant } | Body::KycFailed { merchant } => {
                f("merchant", F::Merchant(*merchant))
            }
            Body::MerchantOnboarded { merchant, before_start } => {
                f("merchant", F::Merchant(*merchant));
                if *before_start {
                    f("reason", F::Code("active_before_start"));
                }
            }
            Body::PaymentInitiated {
                payment,
                cardholder,
                merchant,
                amount,
            } => {
                f("payment", F::Payment(*payment));
                f("cardholder", F::Cardholder(*cardholder));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
            }
            Body::AuthorizationRequested { payment, amount, rate } => {
                f("payment", F::Payment(*payment));
                f("amount", F::Money(*amount));
                f("rate", F::Rate(*rate));
            }
            Body::PaymentAuthorized { payment, amount } | Body::PaymentReversed { payment, amount } => {
                f("payment", F::Payment(*payment));
                f("amount", F::Money(*amount));
            }
            Body::PaymentDeclined { payment, reason } => {
                f("payment", F::Payment(*payment));
                f("reason", F::Code(reason.code()));
            }
            Body::PaymentCompleted {
                payment,
                merchant,
                amount,
                batch,
            } => {
                f("payment", F::Payment(*payment));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
                f("batch", F::Batch(*batch));
            }
            Body::ClearingBatchClosed {
                batch,
                payments,
                gross,
                refunds,
                fees,
                net,
            } => {
                f("batch", F::Batch(*batch));
                f("date", F::Date(batch.day()));
                f("payments", F::Count(*payments));
                f("gross", F::Money(*gross));
                if !refunds.is_zero() {
                    f("refunds", F::Money(*refunds));
                }
                f("fees", F::Money(*fees));
                f("net", F::Money(*net));
            }
            Body::RemittanceRequested {
                remittance,
                batches,
                amount,
                carried_shortfall,
            } => {
                f("remittance", F::Remittance(*remittance));
                f("batches", F::Batches(batches));
                f("amount", F::Money(*amount));
                if !carried_shortfall.is_zero() {
                    f("carried_shortfall", F::Money(*carried_shortfall));
                }
            }
            Body::ApprovalRequested { remittance, amount } => {
                f("remittance", F::Remittance(*remittance));
                f("amount", F::Money(*amount));
            }
            Body::ApprovalGranted { remittance } | Body::ApprovalRejected { remittance } => {
                f("remittance", F::Remittance(*remittance))
            }
            Body::FxConverted {
                batches,
                sold,
                bought,
                rate,
            } => {
                f("batches", F::Batches(batches));
                f("sold", F::Money(*sold));
                f("bought", F::Money(*bought));
                f("rate", F::Rate(*rate));
            }
            Body::RemittanceHeld(hold @ Hold::BelowMinimum { batches, amount, .. }) => {
                f("batches", F::Batches(batches));
                f("amount", F::Money(*amount));
                f("reason", F::Hold(hold));
            }
            Body::RemittanceHeld(hold @ Hold::PastCutoff { remittance, .. }) => {
                f("remittance", F::Remittance(*remittance));
                f("reason", F::Hold(hold));
            }
            Body::RemittanceSent {
                remittance,
                batches,
                amount,
                value_date,
            } => {
                f("remittance", F::Remittance(*remittance));
                f("batches", F::Batches(batches));
                f("amount", F::Money(*amount));
                f("value_date", F::Date(*value_date));
            }
            Body::RemittanceReceived {
                remittance,
                amount,
                value_date,
            } => {
                f("remittance", F::Remittance(*remittance));
                f("amount", F::Money(*amount));
                f("value_date", F::Date(*value_date));
            }
            Body::ReconciliationMatched {
                remittance,
                batches,
                amount,
                credited,
            } => {
                f("remittance", F::Remittance(*remittance));
                f("batches", F::Batches(batches));
                f("amount", F::Money(*amount));
                f("credited", F::Money(*credited));
            }
            Body::ReconciliationFailed {
                remittance,
                exception,
                expected,
                amount,
                credited,
            } => {
                f("remittance", F::Remittance(*remittance));
                f("exception", F::Exception(*exception));
                f("expected", F::Money(*expected));
                f("amount", F::Money(*amount));
                f("shortfall", F::Money(*expected - *amount));
                f("credited", F::Money(*credited));
            }
            Body::PayoutSent {
                payout,
                merchant,
                amount,
                scheme,
            } => {
                f("payout", F::Payout(*payout));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
                f("scheme", F::Code(scheme.code()));
            }
            Body::PayoutSettled {
                payout,
                merchant,
                amount,
            } => {
                f("payout", F::Payout(*payout));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
            }
            Body::ReversalRequested { payment } => f("payment", F::Payment(*payment)),
            Body::RemittanceExtended {
                remittance,
                batches,
                amount,
            } => {
                f("remittance", F::Remittance(*remittance));
                f("batches", F::Batches(batches));
                f("amount", F::Money(*amount));
            }
            Body::ExceptionResolved {
                exception,
                remittance,
                amount,
            } => {
                f("exception", F::Exception(*exception));
                f("remittance", F::Remittance(*remittance));
                f("amount", F::Money(*amount));
            }
            Body::PayoutRejected {
                payout,
                merchant,
                amount,
                reason,
            }
            | Body::PayoutReturned {
                payout,
                merchant,
                amount,
                reason,
            } => {
                f("payout", F::Payout(*payout));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
                f("reason", F::Code(reason.code));
                f("description", F::Code(reason.description));
            }
            Body::SuspenseReleased {
                merchant,
                amount,
                reason,
            } => {
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
                f("reason", F::Code(reason.code));
            }
            Body::RefundRequested {
                refund,
                payment,
                merchant,
                amount,
                cny,
                rate,
            } => {
                f("refund", F::Refund(*refund));
                f("payment", F::Payment(*payment));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
                f("cny", F::Money(*cny));
                f("rate", F::Rate(*rate));
            }
            Body::RefundFailed {
                refund,
                payment,
                amount,
                available,
            } => {
                f("refund", F::Refund(*refund));
                f("payment", F::Payment(*payment));
                f("amount", F::Money(*amount));
                f("reason", F::Code("NOT_ENOUGH"));
                f("available", F::Money(*available));
            }
            Body::RefundCompleted {
                refund,
                payment,
                merchant,
                amount,
                cny,
                batch,
            } => {
                f("refund", F::Refund(*refund));
                f("payment", F::Payment(*payment));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
                f("cny", F::Money(*cny));
                f("batch", F::Batch(*batch));
            }
            Body::DirectDebitSent {
                direct_debit,
                merchant,
                amount,
            }
            | Body::DirectDebitSettled {
                direct_debit,
                merchant,
                amount,
            } => {
                f("direct_debit", F::DirectDebit(*direct_debit));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
            }
            Body::DirectDebitReturned {
                direct_debit,
                merchant,
                amount,
                reason,
            } => {
                f("direct_debit", F::DirectDebit(*direct_debit));
                f("merchant", F::Merchant(*merchant));
                f("amount", F::Money(*amount));
                f("reason", F::Code(reason.code));
                f("description", F::Code(reason.description));
            }
        }
    }

    /// The first field `pick` recognises, read through [`Body::fields`] so
    /// that the accessors below can never disagree with what the log writes.
    fn find<T>(&self, pick: impl Fn(&Field<'_>) -> Option<T>) -> Option<T> {
        let mut found = None;
        self.fields(|_, f| {
            if found.is_none() {
                found = pick(&f);
            }
        });
        found
    }

    named! {
        /// The payment the event is about, if it names one.
        payment: Payment -> PaymentId;
        /// The merchant the event names, if any.
        merchant: Merchant -> MerchantId;
        /// The remittance the event names, if any.
        remittance: Remittance -> RemittanceId;
        /// The payout the event names, if any.
        payout: Payout -> PayoutId;
        /// The reconciliation exception the event names, if any.
        exception: Exception -> ExceptionId;
    }

    /// The first clearing batch the event names, if any.
    pub fn first_batch(&self) -> Option<BatchId> {
        self.find(|f| match f {
            Field::Batch(b) => Some(*b),
            Field::Batches(bs) => bs.first().copied(),
            _ => None,
        })
    }

    /// True when the event names clearing batch `batch`, alone or in a list.
    pub fn names_batch(&self, batch: BatchId) -> bool {
        self.find(|f| match f {
            Field::Batch(b) => (*b == batch).then_some(()),
            Field::Batches(bs) => bs.contains(&batch).then_some(()),
            _ => None,
        })
        .is_some()
    }
}

/// Where events go. The world calls it in order, with each event's `seq`; a
/// writer may stream, keep or count them. An error stops the run (exit 3).
pub trait EventSink {
    fn record(&mut self, seq: u64, event: &Event) -> std::io::Result<()>;
}
