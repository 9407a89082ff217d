//! The messages of the corridor, one type per receiving agent. An agent's
//! handler matches its own type and nothing else, and [`Envelope`] can only
//! be built from one of these types, so a message addressed to an agent
//! that does not take it does not compile. Where a message is a real
//! interbank or scheme message it is named as the industry names it
//! (authorisation request and response, pacs.002 reject, pacs.004 return,
//! pacs.003 direct debit), so bank files can map to it one to one.
//!
//! Messages carry the facts the receiver needs (amounts, rates, the
//! sender's decision), never a reference into another agent's records.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::domain::Date;
use crate::domain::ids::{CardholderId, DirectDebitId, MerchantId, PaymentId, PayoutId, RefundId, RemittanceId};
use crate::domain::money::Money;
use crate::engine::{Duration, Instant};

use super::statement::Statement;
use super::why::Why;

/// Network latency of a payment's three online hops, drawn by the
/// cardholder's stream when it plans the purchase, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latency {
    /// Merchant to switch (the order).
    pub order_ms: u32,
    /// Switch to issuer (the authorisation request, and a reversal).
    pub request_ms: u32,
    /// Issuer to switch (the authorisation response).
    pub answer_ms: u32,
}

impl Latency {
    /// The merchant-to-switch hop, `order_ms`.
    pub fn order(self) -> Duration {
        Duration(i64::from(self.order_ms))
    }
    /// The switch-to-issuer hop, `request_ms`.
    pub fn request(self) -> Duration {
        Duration(i64::from(self.request_ms))
    }
    /// The issuer-to-switch hop, `answer_ms`.
    pub fn answer(self) -> Duration {
        Duration(i64::from(self.answer_ms))
    }
}

/// Why a payment was declined (the response code the merchant sees), the
/// brief's decline reasons (domain brief, step 2). The issuer checks, in
/// this order, the per-payment limit, the daily limit, the balance and risk;
/// the switch declines the other two itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decline {
    /// `merchant_not_active`: the switch has no registration of the merchant
    /// (not yet onboarded, or KYC failed).
    MerchantNotActive,
    /// `over_payment_limit`: the CNY amount is above
    /// `issuer.limit_per_payment` (default CNY 50,000).
    OverPaymentLimit,
    /// `over_daily_limit`: the cardholder's CNY spent on the Beijing day plus
    /// this payment is above `issuer.limit_per_day` (default CNY 100,000).
    OverDailyLimit,
    /// `insufficient_balance`: the wallet holds less CNY than the payment.
    InsufficientBalance,
    /// `risk`: the issuer's risk rules refuse it, a share
    /// `issuer.risk_decline` drawn from the payment's own draw.
    Risk,
    /// `issuer_unavailable`: the issuer did not answer within
    /// `switch.timeout`; the switch declines and the authorisation is
    /// reversed.
    IssuerUnavailable,
    /// `invalid_amount`: the merchant's EUR price is worth less than one fen
    /// at the consumer's rate, so there is nothing to charge; the switch
    /// declines before asking the issuer (ISO 8583 response code 13,
    /// "invalid amount").
    InvalidAmount,
}

impl Decline {
    /// Every reason, in the order of the enum.
    pub const ALL: [Decline; 7] = [
        Decline::MerchantNotActive,
        Decline::OverPaymentLimit,
        Decline::OverDailyLimit,
        Decline::InsufficientBalance,
        Decline::Risk,
        Decline::IssuerUnavailable,
        Decline::InvalidAmount,
    ];

    /// The code the event log and the report print.
    pub fn code(self) -> &'static str {
        match self {
            Decline::MerchantNotActive => "merchant_not_active",
            Decline::OverPaymentLimit => "over_payment_limit",
            Decline::OverDailyLimit => "over_daily_limit",
            Decline::InsufficientBalance => "insufficient_balance",
            Decline::Risk => "risk",
            Decline::IssuerUnavailable => "issuer_unavailable",
            Decline::InvalidAmount => "invalid_amount",
        }
    }

    /// What the code means, in words for people (`explain`, the explorer).
    pub fn meaning(self) -> &'static str {
        match self {
            Decline::MerchantNotActive => {
                "the merchant is not registered with the switch (not yet onboarded, or its KYC failed)"
            }
            Decline::OverPaymentLimit => "the CNY amount is above the issuer's limit per payment",
            Decline::OverDailyLimit => "the cardholder's spending today would pass the issuer's daily limit",
            Decline::InsufficientBalance => {
                "the wallet, topped up from any linked bank card, held less CNY than the payment"
            }
            Decline::Risk => "the issuer's risk rules refused it",
            Decline::IssuerUnavailable => {
                "the issuer did not answer in time, so the switch declined and reversed the authorisation"
            }
            Decline::InvalidAmount => "the price is worth less than one fen at the consumer's rate: nothing to charge",
        }
    }
}

/// To the cardholders (their own timers).
#[derive(Clone, Copy, Debug)]
pub enum CardholdersMsg {
    /// Plan the cardholders' purchases of this merchant-local day.
    PlanDay(Date),
    /// The merchant shows the wallet's code from now on: the switch
    /// registered it, or (for a merchant that failed KYC) the acquirer
    /// turned it down, and its payments will decline `merchant_not_active`.
    Accepting {
        /// The merchant, `paris-boutiques/1`.
        merchant: MerchantId,
    },
    /// The shopper saw its payment declined on the merchant's terminal: the
    /// order as it was placed (its `payment` is the declined one).
    Declined(Order),
    /// The shopper tries a declined purchase once more.
    Retry(Order),
}

/// A merchant's order as it reaches the switch: the merchant's EUR price and
/// who pays it.
#[derive(Clone, Copy, Debug)]
pub struct Order {
    /// The id given at the scan, `P00000001`, in order of initiation.
    pub payment: PaymentId,
    /// The consumer paying, `C000001`.
    pub cardholder: CardholderId,
    /// The shop that created the order.
    pub merchant: MerchantId,
    /// The merchant's price, EUR to the cent.
    pub eur: Decimal,
    /// When the cardholder scanned.
    pub initiated: Instant,
    /// The payment's three network hops, drawn at planning.
    pub latency: Latency,
    /// The payment's own random draw (risk, timeout, refunds), from the
    /// cardholder's stream so that it does not depend on other payments.
    pub draw: u64,
}

/// Which part of a payment a merchant refunds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefundPart {
    /// Whatever is left of the payment.
    Whole,
    /// The `n`-th (0-based) of up to three partial refunds.
    Partial(u8),
}

/// What a merchant knows of its own sale when it refunds it.
#[derive(Clone, Copy, Debug)]
pub struct Sale {
    /// The completed payment refunded.
    pub payment: PaymentId,
    /// The merchant's price, EUR to the cent.
    pub eur: Decimal,
    /// What the consumer paid, CNY to the fen.
    pub cny: Decimal,
    /// The consumer's rate, CNY per EUR: refunds use it.
    pub rate: Decimal,
    /// The payment's own random draw: sizes a partial refund.
    pub draw: u64,
}

/// To a merchant.
#[derive(Clone, Copy, Debug)]
pub enum MerchantMsg {
    /// The merchant's join date: it applies to the acquirer (09:00 local).
    Apply {
        /// The applicant.
        merchant: MerchantId,
    },
    /// The merchant refunds (part of) a sale (its own timer, set when the
    /// sale completed).
    RefundDue {
        /// The merchant that made the sale.
        merchant: MerchantId,
        /// The sale as the switch recorded it at completion.
        sale: Sale,
        /// Whole, or which partial refund.
        part: RefundPart,
    },
}

/// The switch asks the issuer to authorise and debit the wallet.
#[derive(Clone, Copy, Debug)]
pub struct AuthorizationRequest {
    /// The payment to authorise.
    pub payment: PaymentId,
    /// Whose wallet to debit.
    pub cardholder: CardholderId,
    /// CNY at the switch's quote.
    pub cny: Decimal,
    /// The payment's own random draw: the issuer's risk decision and an
    /// `issuer_timeout` fault.
    pub draw: u64,
    /// The issuer's answer travels this long.
    pub answer_latency: Duration,
    /// The switch stops waiting at this instant; a request that arrives
    /// later is stale and the issuer drops it.
    pub expires_at: Instant,
}

/// To the issuer.
#[derive(Clone, Copy, Debug)]
pub enum IssuerMsg {
    /// The switch asks the issuer to authorise and debit the wallet.
    AuthorizationRequest(AuthorizationRequest),
    /// The switch gave up on an authorisation: give back what was debited.
    ReversalRequest {
        /// The payment the switch declined `issuer_unavailable`.
        payment: PaymentId,
        /// Whose wallet to credit.
        cardholder: CardholderId,
        /// CNY to give back, the quoted amount; credited only if the wallet
        /// was debited.
        cny: Decimal,
    },
    /// The switch paid a refund: credit the consumer's wallet.
    RefundCredit {
        /// Whose wallet to credit.
        cardholder: CardholderId,
        /// CNY refunded, at the original rate.
        cny: Decimal,
    },
}

/// A refund as the merchant asks the switch for it, at the original rate.
#[derive(Clone, Copy, Debug)]
pub struct RefundRequest {
    /// `RF000001`, numbered by the merchants in order of request; kept
    /// across NOT_ENOUGH retries.
    pub refund: RefundId,
    /// The original payment.
    pub payment: PaymentId,
    /// The merchant refunding.
    pub merchant: MerchantId,
    /// EUR refunded, netted against the merchant's next statement.
    pub eur: Money,
    /// CNY back to the consumer, paid from the switch's unconverted pool.
    pub cny: Money,
}

/// To the switch.
#[derive(Clone, Copy, Debug)]
pub enum SwitchMsg {
    /// The merchant's order.
    Order(Order),
    /// The issuer's answer: approved (`decline` None, wallet debited) or not;
    /// `answered_at` is when the issuer decided.
    AuthorizationResponse {
        /// The payment answered.
        payment: PaymentId,
        /// None: approved and debited; otherwise the issuer's reason.
        decline: Option<Decline>,
        /// A decline is counted on this instant's Beijing date.
        answered_at: Instant,
    },
    /// The switch's own timer: stop waiting for the issuer.
    AuthorizationTimeout {
        /// The payment waited for, `switch.timeout` after the request.
        payment: PaymentId,
    },
    /// The switch's own timer: the clearing day ends at the cut-off.
    CloseClearingDay(Date),
    /// A merchant's refund.
    RefundRequest(RefundRequest),
    /// The switch's own timer: try a refund the CNY pool could not pay.
    RefundRetry(RefundId),
    /// The acquirer registers a merchant it has onboarded.
    Register {
        /// The merchant that passed KYC/AML.
        merchant: MerchantId,
    },
}

/// To the settlement bank.
#[derive(Clone, Debug)]
pub enum SettlementBankMsg {
    /// The switch instructs the T+1 conversion of a closed clearing day.
    Convert(Arc<Statement>),
    /// The switch hands over a closed clearing day's statement, to be
    /// converted in one consolidated purchase at remittance.
    Statement(Arc<Statement>),
    /// The bank's own timer: the daily remittance window (Beijing date).
    RemitWindow(Date),
    /// The regulator's answer to an approval request.
    ApprovalDecision {
        /// The remittance asked about.
        remittance: RemittanceId,
        /// False: refused, and the batches go back to the pool.
        granted: bool,
    },
    /// The bank's own timer: a held remittance goes out at this window.
    SendRemittance(RemittanceId),
}

/// To the regulator (SAFE).
#[derive(Clone, Copy, Debug)]
pub enum RegulatorMsg {
    /// The settlement bank asks to approve a remittance.
    ApprovalRequest {
        /// The remittance to approve, `R0001`.
        remittance: RemittanceId,
    },
}

/// A remittance as it reaches the acquirer on its value date: what it
/// should deliver, what it does, and the statements it pays.
#[derive(Clone, Debug)]
pub struct RemittanceAdvice {
    /// The remittance, `R0001`.
    pub remittance: RemittanceId,
    /// The clearing batches' statements it pays, oldest first.
    pub statements: Vec<Arc<Statement>>,
    /// What the statements owe plus any earlier shortfall carried.
    pub expected: Money,
    /// What actually arrived (less a `remittance_short` fault).
    pub received: Money,
    /// The acquirer-calendar business day it is credited.
    pub value_date: Date,
    /// The settlement bank's reason for the value date.
    pub transit: Why,
}

/// To the acquirer.
#[derive(Clone, Debug)]
pub enum AcquirerMsg {
    /// A merchant applies: KYC and AML checks start.
    Apply {
        /// The applicant.
        merchant: MerchantId,
    },
    /// The acquirer's own timer: a merchant's checks finish.
    KycDone {
        /// The merchant checked.
        merchant: MerchantId,
    },
    /// A remittance is credited on its value date.
    RemittanceArrives(Box<RemittanceAdvice>),
    /// The acquirer's own timer: the daily payout run (acquirer-local date).
    PayoutWindow(Date),
    /// A payout is credited to the merchant's account.
    PayoutSettles(PayoutId),
    /// pacs.002: the merchant's bank rejects a payout.
    PayoutRejected(PayoutId),
    /// pacs.004: the merchant's bank returns a settled payout.
    PayoutReturned(PayoutId),
    /// A pacs.003 direct debit is collected from the merchant's account.
    DirectDebitSettles(DirectDebitId),
    /// The merchant's bank returns a direct debit.
    DirectDebitReturned(DirectDebitId),
}

/// To the world: its own timers.
#[derive(Clone, Copy, Debug)]
pub enum WorldMsg {
    /// Midnight in Beijing: check the books and whether the money has settled.
    DayTick(Date),
}

/// A message with its receiver: built only from one agent's message type.
#[derive(Clone, Debug)]
pub enum Envelope {
    /// For the cardholders.
    Cardholders(CardholdersMsg),
    /// For a merchant.
    Merchant(MerchantMsg),
    /// For the issuer.
    Issuer(IssuerMsg),
    /// For the switch.
    Switch(SwitchMsg),
    /// For the settlement bank.
    SettlementBank(SettlementBankMsg),
    /// For the regulator.
    Regulator(RegulatorMsg),
    /// For the acquirer.
    Acquirer(AcquirerMsg),
    /// For the world's own timers.
    World(WorldMsg),
}

macro_rules! addressed {
    ($($msg:ident => $variant:ident,)*) => {$(
        impl From<$msg> for Envelope {
            fn from(m: $msg) -> Envelope {
                Envelope::$variant(m)
            }
        }
    )*};
}

addressed! {
    CardholdersMsg => Cardholders,
    MerchantMsg => Merchant,
    IssuerMsg => Issuer,
    SwitchMsg => Switch,
    SettlementBankMsg => SettlementBank,
    RegulatorMsg => Regulator,
    AcquirerMsg => Acquirer,
    WorldMsg => World,
}
