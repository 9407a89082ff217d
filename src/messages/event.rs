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
    /// `at`: the simulated instant it happened, written in UTC
    /// (`2018-02-14T09:31:05.250Z`).
    pub at: Instant,
    /// `from`: the party that sent the message or made the change.
    pub from: Party,
    /// `to`: the party it was for.
    pub to: Party,
    /// `kind` and the kind's fields.
    pub body: Body,
    /// Why the sender decided the timing, when it recorded a reason; read
    /// by `explain` and the explorer, not written to JSON Lines.
    pub why: Option<Box<Why>>,
}

impl Event {
    /// The event's kind, as the log names it.
    pub fn kind(&self) -> Kind {
        self.body.kind()
    }
}

/// The sender or receiver of a message: one of the four corners plus two
/// (domain brief), or the regulator. [`party_name`] gives the log's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    /// A Chinese consumer paying with the wallet: `cardholder:C000042`.
    Cardholder(CardholderId),
    /// A euro-area shop paid in EUR: `merchant:paris-boutiques/3`.
    Merchant(MerchantId),
    /// The wallet provider (Tenpay), holding the consumers' CNY: `issuer`.
    Issuer,
    /// The wallet scheme (WeChat Pay): routes, quotes FX, clears: `switch`.
    Switch,
    /// The partner bank in China that converts and remits: `settlement_bank`.
    SettlementBank,
    /// The European acquirer that onboards, reconciles and pays merchants:
    /// `acquirer`.
    Acquirer,
    /// China's foreign-exchange administration (SAFE): `regulator`.
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
    /// Logged settlement bank → switch at the remittance window; the days
    /// wait for a later window.
    BelowMinimum {
        /// `batches`: the ready clearing batches held, a JSON list.
        batches: Vec<BatchId>,
        /// `amount`: EUR the ready batches owe the acquirer.
        amount: Money,
        /// `settlement_bank.minimum`, EUR (default 650 EUR, about the brief's
        /// USD 800); written only inside the `reason` sentence.
        minimum: Money,
    },
    /// Approved after the bank's cut-off or on a closed day: it goes out at
    /// the window of `next`, the bank's next working day. Logged settlement
    /// bank → acquirer.
    PastCutoff {
        /// `remittance`.
        remittance: RemittanceId,
        /// `settlement_bank.cutoff`, Beijing time; written only inside the
        /// `reason` sentence.
        cutoff: LocalTime,
        /// The bank's next working day (Beijing date); written only inside
        /// the `reason` sentence.
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
///
/// Each variant's doc names the parties (`from` → `to`) and the agent that
/// records it; each field's doc names the JSON Lines key [`Body::fields`]
/// writes it under. Ids are written as the spec gives them (`P00000001`,
/// `B20180214`, `R0001`, `PO000001`, `RF000001`, `DD000001`, `E0001`),
/// merchants as `GROUP/N`, amounts as strings (`"1234.56 EUR"`, to the cent
/// or the fen), rates as decimal strings rounded to four places.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// The merchant applies to the acquirer on its join date (09:00 local):
    /// merchant → acquirer, recorded by the merchant. KYC/AML checks start.
    MerchantApplied {
        /// `merchant`.
        merchant: MerchantId,
    },
    /// The acquirer's KYC/AML checks passed, `acquirer.kyc_days` acquirer
    /// business days after the application: acquirer → merchant. The
    /// acquirer then registers the merchant with the switch (an API call of
    /// one second).
    KycPassed {
        /// `merchant`.
        merchant: MerchantId,
    },
    /// The acquirer's KYC/AML checks failed (`kyc = "fail"` or a `kyc_fail`
    /// fault): acquirer → merchant. The merchant is never registered, so
    /// its payments are declined `merchant_not_active`.
    KycFailed {
        /// `merchant`.
        merchant: MerchantId,
    },
    /// The switch has registered the merchant, which can now accept: switch
    /// → merchant. Recorded by the switch on the acquirer's registration, or
    /// by the world at the start for merchants active before the run.
    MerchantOnboarded {
        /// `merchant`.
        merchant: MerchantId,
        /// Onboarded before the run began: logged as `reason`
        /// `active_before_start`; nothing is logged when false.
        before_start: bool,
    },
    /// A cardholder scans the merchant's code and the merchant creates the
    /// order in EUR: merchant → switch, recorded by the cardholders at the
    /// scan. The payment gets its id here, in order of initiation.
    PaymentInitiated {
        /// `payment`: `P00000001`, numbered in order of initiation.
        payment: PaymentId,
        /// `cardholder`: the consumer paying, `C000001`.
        cardholder: CardholderId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: the merchant's price, EUR.
        amount: Money,
    },
    /// The switch quotes the CNY amount and asks the issuer to authorise and
    /// debit the wallet: switch → issuer, recorded by the switch when the
    /// order reaches it.
    AuthorizationRequested {
        /// `payment`.
        payment: PaymentId,
        /// `amount`: CNY to debit, the EUR price at `rate`, to the fen
        /// (half away from zero).
        amount: Money,
        /// `rate`: the consumer's rate, CNY per EUR (market rate plus
        /// `switch.fx_markup`, four decimals); it fixes the merchant's EUR.
        rate: Decimal,
    },
    /// The issuer approved and debited the wallet: issuer → switch, recorded
    /// by the issuer. The CNY moves to the switch's unconverted pool. The
    /// payment completes only if the answer reaches the switch in time.
    PaymentAuthorized {
        /// `payment`.
        payment: PaymentId,
        /// `amount`: CNY debited from the wallet.
        amount: Money,
        /// `from_card`: CNY the issuer first pulled from the consumer's
        /// linked bank card because the wallet was short; logged only when
        /// not zero.
        from_card: Money,
    },
    /// The payment is refused: issuer → switch when the issuer declines
    /// (balance, limits, risk), switch → merchant when the switch does
    /// (merchant not active, issuer unavailable after its timeout).
    PaymentDeclined {
        /// `payment`.
        payment: PaymentId,
        /// `reason`: the decline code ([`Decline::code`], `insufficient_balance`).
        reason: Decline,
    },
    /// The issuer's approval reached the switch in time: the merchant's EUR
    /// is fixed and the payment joins its Beijing clearing day. Switch →
    /// merchant, recorded by the switch.
    PaymentCompleted {
        /// `payment`.
        payment: PaymentId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: the merchant's EUR, at the transaction-time rate.
        amount: Money,
        /// `batch`: the clearing batch of the Beijing clearing day it falls
        /// in (`B20180214`).
        batch: BatchId,
    },
    /// The switch closes a Beijing clearing day at `switch.cutoff` and makes
    /// the acquirer's statement: switch → acquirer, recorded by the switch.
    /// The log also writes `date`, the clearing day, from `batch`. All
    /// amounts EUR.
    ClearingBatchClosed {
        /// `batch`: `B20180214`, named after the clearing day.
        batch: BatchId,
        /// `payments`: completed payments of the day, a JSON number.
        payments: u64,
        /// `gross`: EUR of the completed payments, at their transaction-time
        /// rates.
        gross: Money,
        /// `refunds`: EUR of refunds netted against the day, at the original
        /// rates; logged only when not zero.
        refunds: Money,
        /// `fees`: the scheme fee (`switch.scheme_fee`) on gross less
        /// refunds, rounded half away from zero per merchant line.
        fees: Money,
        /// `net`: what the acquirer is owed, gross less refunds less fees.
        net: Money,
    },
    /// The settlement bank's remittance window on a Chinese bank working day
    /// takes up the ready clearing days: switch → settlement bank, recorded
    /// by the settlement bank. Day T goes on the first working day strictly
    /// after T, once the pool reaches `settlement_bank.minimum` (domain
    /// brief, step 5).
    RemittanceRequested {
        /// `remittance`: `R0001`, numbered in order of request.
        remittance: RemittanceId,
        /// `batches`: the clearing batches it covers, a JSON list, oldest
        /// first.
        batches: Vec<BatchId>,
        /// `amount`: EUR it should deliver: the statements' net plus any
        /// carried shortfall.
        amount: Money,
        /// `carried_shortfall`: EUR an earlier remittance left short (a
        /// `remittance_short` fault) that this one makes good; logged only
        /// when not zero.
        carried_shortfall: Money,
    },
    /// The settlement bank asks the regulator (SAFE) to approve a remittance:
    /// settlement bank → regulator. Only when `settlement_bank.approval` is
    /// not `"none"` (per-remittance approval is unverified: domain brief).
    ApprovalRequested {
        /// `remittance`.
        remittance: RemittanceId,
        /// `amount`: EUR the remittance should deliver.
        amount: Money,
    },
    /// The regulator approved: regulator → settlement bank, recorded by the
    /// settlement bank when the decision arrives. The remittance goes now,
    /// or at the next working day's window if past the bank's cut-off.
    ApprovalGranted {
        /// `remittance`.
        remittance: RemittanceId,
    },
    /// The regulator refused (`approval_reject` share or fault): regulator →
    /// settlement bank, recorded by the settlement bank. The batches go back
    /// to the pool and wait for the next window.
    ApprovalRejected {
        /// `remittance`.
        remittance: RemittanceId,
    },
    /// The settlement bank buys EUR with the switch's CNY: settlement bank →
    /// switch. Daily at T+1 (`switch.convert_at`, Beijing time, every
    /// calendar day) or in one consolidated purchase at remittance
    /// (`switch.convert`). Converted money cannot go back.
    FxConverted {
        /// `batches`: the clearing batches converted, a JSON list.
        batches: Vec<BatchId>,
        /// `sold`: CNY paid, each batch's net EUR at `rate`.
        sold: Money,
        /// `bought`: EUR bought, the batches' net; it enters the EUR pool.
        bought: Money,
        /// `rate`: the bank's rate, CNY per EUR (market rate plus
        /// `settlement_bank.fx_spread`, four decimals).
        rate: Decimal,
    },
    /// The settlement bank holds a remittance back; the log writes the
    /// [`Hold`]'s fields and its `reason` sentence.
    RemittanceHeld(Hold),
    /// The settlement bank sends the EUR pool to the acquirer: settlement
    /// bank → acquirer, on a working day of the bank's calendar (`CN` by
    /// default).
    RemittanceSent {
        /// `remittance`.
        remittance: RemittanceId,
        /// `batches`: the clearing batches it pays, a JSON list.
        batches: Vec<BatchId>,
        /// `amount`: EUR sent; less than requested under a
        /// `remittance_short` fault.
        amount: Money,
        /// `value_date`: the acquirer's business day (TARGET2 by default) it
        /// is credited, `settlement_bank.transit` business days of that
        /// calendar after sending; never before an earlier remittance's.
        value_date: Date,
    },
    /// The remittance is credited to the acquirer's account on its value
    /// date: settlement bank → acquirer, recorded by the acquirer at
    /// `acquirer.value_time`.
    RemittanceReceived {
        /// `remittance`.
        remittance: RemittanceId,
        /// `amount`: EUR that arrived.
        amount: Money,
        /// `value_date`: the acquirer-local date it was credited.
        value_date: Date,
    },
    /// The remittance matches the statements it covers: acquirer →
    /// acquirer. Explained batches are credited to merchants' balances.
    ReconciliationMatched {
        /// `remittance`.
        remittance: RemittanceId,
        /// `batches`: the clearing batches it covers, a JSON list.
        batches: Vec<BatchId>,
        /// `amount`: EUR received.
        amount: Money,
        /// `credited`: EUR credited to merchants' balances now, after each
        /// merchant's MDR; may include batches an earlier shortfall held.
        credited: Money,
    },
    /// The remittance does not match its statements: acquirer → acquirer.
    /// An exception opens; batches are credited, oldest first, only when
    /// their whole amount is there (domain brief, step 7). The log also
    /// writes `shortfall`, `expected` less `amount`.
    ReconciliationFailed {
        /// `remittance`.
        remittance: RemittanceId,
        /// `exception`: `E0001`, numbered in order of opening.
        exception: ExceptionId,
        /// `expected`: EUR the statements owe plus any carried shortfall.
        expected: Money,
        /// `amount`: EUR received.
        amount: Money,
        /// `credited`: EUR credited to merchants' balances now, after MDR.
        credited: Money,
    },
    /// The acquirer pays a merchant its balance: acquirer → merchant, at the
    /// daily payout run (`acquirer.payout_at`, acquirer-local time) when
    /// the merchant's tier is due.
    PayoutSent {
        /// `payout`: `PO000001`, numbered in order of sending.
        payout: PayoutId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR, the whole balance (the MDR was taken at
        /// reconciliation).
        amount: Money,
        /// `scheme`: `SCT` (pacs.008, TARGET2 business days only) or
        /// `SCT_INST` (any day, up to its cap; above it SCT is used).
        scheme: Scheme,
    },
    /// The payout is credited to the merchant's account: acquirer →
    /// merchant, recorded by the acquirer. SCT: the next acquirer business
    /// day at `acquirer.value_time`; SCT Inst: `acquirer.inst_latency` after
    /// sending, any day.
    PayoutSettled {
        /// `payout`.
        payout: PayoutId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR credited.
        amount: Money,
    },
    /// The switch gave up waiting for the issuer (`switch.timeout`) and asks
    /// it to give back any debit: switch → issuer.
    ReversalRequested {
        /// `payment`.
        payment: PaymentId,
    },
    /// The issuer gave the debited CNY back to the wallet: issuer → switch.
    /// Only when the wallet had been debited.
    PaymentReversed {
        /// `payment`.
        payment: PaymentId,
        /// `amount`: CNY credited back to the wallet.
        amount: Money,
    },
    /// While the regulator sits on a remittance, later ready clearing days
    /// join it: settlement bank → regulator.
    RemittanceExtended {
        /// `remittance`.
        remittance: RemittanceId,
        /// `batches`: the clearing batches added, a JSON list.
        batches: Vec<BatchId>,
        /// `amount`: the remittance's new total, EUR.
        amount: Money,
    },
    /// A later remittance brought the missing money and every received batch
    /// is explained: acquirer → acquirer. Closes an exception.
    ExceptionResolved {
        /// `exception`.
        exception: ExceptionId,
        /// `remittance`: the remittance whose arrival resolved it.
        remittance: RemittanceId,
        /// `amount`: EUR the exception was short (its expected less
        /// received).
        amount: Money,
    },
    /// pacs.002: the merchant's bank rejects a payout before settlement
    /// (a `payout_reject` fault), two hours after sending: merchant (its
    /// bank) → acquirer, recorded by the acquirer. The money goes to suspense with
    /// its reason.
    PayoutRejected {
        /// `payout`.
        payout: PayoutId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR back in suspense.
        amount: Money,
        /// `reason`: the ISO 20022 code (`AC01`); the log also writes its
        /// `description`.
        reason: Reason,
    },
    /// pacs.004: the merchant's bank returns a settled payout (a
    /// `payout_return` fault) one to three acquirer business days after
    /// settlement: merchant (its bank) → acquirer, recorded by the acquirer. The money goes to suspense with
    /// its reason.
    PayoutReturned {
        /// `payout`.
        payout: PayoutId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR back in suspense.
        amount: Money,
        /// `reason`: the ISO 20022 code (`AC04`); the log also writes its
        /// `description`.
        reason: Reason,
    },
    /// The merchant has fixed its account (its fault window ended): suspense
    /// goes back to its balance, to be paid again at once, at the payout run
    /// that released it. Acquirer → merchant. RR04 money is never released
    /// this way: it waits for compliance review (domain brief, step 9).
    SuspenseReleased {
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR back to the balance.
        amount: Money,
        /// `reason`: the ISO 20022 code the money was held under (no
        /// `description` is written).
        reason: Reason,
    },
    /// The merchant refunds (part of) a sale at the original rate: merchant →
    /// switch, recorded by the merchant.
    RefundRequested {
        /// `refund`: `RF000001`, numbered in order of request.
        refund: RefundId,
        /// `payment`: the original payment.
        payment: PaymentId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR refunded, netted against the merchant's next
        /// statement.
        amount: Money,
        /// `cny`: CNY back to the consumer, `amount` at `rate` (the last
        /// part takes whatever CNY of the payment is left).
        cny: Money,
        /// `rate`: the original payment's consumer rate, CNY per EUR.
        rate: Decimal,
    },
    /// NOT_ENOUGH: `amount` (CNY) is more than the day's `available` takings.
    /// Switch → merchant; the log writes `reason` `NOT_ENOUGH`. Retried
    /// after `refunds.retry` with the same refund id, while purchases can
    /// still bring takings (at most 50 attempts).
    RefundFailed {
        /// `refund`.
        refund: RefundId,
        /// `payment`: the original payment.
        payment: PaymentId,
        /// `amount`: CNY the refund needs.
        amount: Money,
        /// `available`: CNY of the current clearing day's unconverted
        /// takings.
        available: Money,
    },
    /// The switch paid the refund from the day's unconverted CNY: switch →
    /// cardholder. The issuer credits the wallet.
    RefundCompleted {
        /// `refund`.
        refund: RefundId,
        /// `payment`: the original payment.
        payment: PaymentId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR netted against the merchant's statement.
        amount: Money,
        /// `cny`: CNY back to the consumer's wallet.
        cny: Money,
        /// `batch`: the clearing batch it is netted in (the Beijing clearing
        /// day it was paid).
        batch: BatchId,
    },
    /// The acquirer collects a negative balance (refunds exceeded takings)
    /// by SEPA direct debit (pacs.003) at a payout run on an acquirer
    /// business day: acquirer → merchant.
    DirectDebitSent {
        /// `direct_debit`: `DD000001`, numbered in order of sending.
        direct_debit: DirectDebitId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR the merchant owes.
        amount: Money,
    },
    /// The direct debit is collected, the next acquirer business day at
    /// `acquirer.value_time`: merchant → acquirer, recorded by the acquirer.
    DirectDebitSettled {
        /// `direct_debit`.
        direct_debit: DirectDebitId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR collected.
        amount: Money,
    },
    /// The merchant's bank returns a collected direct debit (a
    /// `direct_debit_return` fault), one to five acquirer business days
    /// after collection: merchant (its bank) → acquirer, recorded by the
    /// acquirer. The debt is back on the merchant's balance.
    DirectDebitReturned {
        /// `direct_debit`.
        direct_debit: DirectDebitId,
        /// `merchant`.
        merchant: MerchantId,
        /// `amount`: EUR given back to the merchant.
        amount: Money,
        /// `reason`: the ISO 20022 code (`AM04`, `MD01`, `MS02`); the log
        /// also writes its `description`.
        reason: Reason,
    },
}

/// A field's value as writers see it. JSON Lines writes every variant as a
/// string except [`Field::Count`] (a number) and [`Field::Batches`] (a list).
#[derive(Clone, Debug)]
pub enum Field<'a> {
    /// A payment id, `"P00000001"`.
    Payment(PaymentId),
    /// A cardholder id, `"C000001"`.
    Cardholder(CardholderId),
    /// A merchant, written by name, `"paris-boutiques/3"`.
    Merchant(MerchantId),
    /// A clearing batch id, `"B20180214"` (the Beijing clearing day).
    Batch(BatchId),
    /// Clearing batch ids, a JSON list `["B20180214","B20180215"]`
    /// (comma-separated in [`Field::show`]).
    Batches(&'a [BatchId]),
    /// A remittance id, `"R0001"`.
    Remittance(RemittanceId),
    /// A payout id, `"PO000001"`.
    Payout(PayoutId),
    /// A refund id, `"RF000001"`.
    Refund(RefundId),
    /// A direct debit id, `"DD000001"`.
    DirectDebit(DirectDebitId),
    /// A reconciliation exception id, `"E0001"`.
    Exception(ExceptionId),
    /// An amount with its currency, `"1234.56 EUR"`, `"9012.34 CNY"`.
    Money(Money),
    /// An FX rate, CNY per EUR, `"7.8112"`.
    Rate(Decimal),
    /// A calendar date, `"2018-02-14"`.
    Date(Date),
    /// A count, written as a JSON number.
    Count(u64),
    /// A fixed code: a decline reason, an ISO 20022 reason code or its
    /// description, a scheme (`SCT`), `NOT_ENOUGH`, `active_before_start`.
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
        pub enum Kind { $(
            #[doc = concat!("`", $name, "`: see [`Body::", stringify!($variant), "`].")]
            $variant,
        )* }

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
            Body::PaymentAuthorized {
                payment,
                amount,
                from_card,
            } => {
                f("payment", F::Payment(*payment));
                f("amount", F::Money(*amount));
                if !from_card.is_zero() {
                    f("from_card", F::Money(*from_card));
                }
            }
            Body::PaymentReversed { payment, amount } => {
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
        /// The refund the event names, if any.
        refund: Refund -> RefundId;
        /// The direct debit the event names, if any.
        direct_debit: DirectDebit -> DirectDebitId;
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
    /// Takes event number `seq` (0-based, its `seq` in the log).
    ///
    /// # Errors
    ///
    /// An I/O error writing the event; the world keeps the first one and
    /// stops the run.
    fn record(&mut self, seq: u64, event: &Event) -> std::io::Result<()>;
}
