//! ISO 20022 reason codes for R-transactions: why a payout was rejected
//! (pacs.002) or returned (pacs.004), or why a direct debit came back. Names
//! and descriptions from the ISO 20022 External Code Sets
//! (ExternalStatusReason1Code, ExternalReturnReason1Code), as used in the
//! EPC's SCT and SDD rulebooks.

/// A reason code and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reason {
    /// The four-character ISO 20022 code, `"AC04"`.
    pub code: &'static str,
    /// The code's ISO 20022 name, `"ClosedAccountNumber"`.
    pub name: &'static str,
    /// A short English meaning for reports and explanations.
    pub description: &'static str,
}

const fn r(code: &'static str, name: &'static str, description: &'static str) -> Reason {
    Reason {
        code,
        name,
        description,
    }
}

/// Codes a credit transfer (payout) can be rejected (pacs.002) or returned
/// (pacs.004) with: SCT R-transaction codes, whose use the EPC's guidance
/// on reason codes for SCT R-transactions (EPC135-18) sets out.
pub const PAYOUT: &[Reason] = &[
    r("AC01", "IncorrectAccountNumber", "account number is invalid or missing"),
    r("AC04", "ClosedAccountNumber", "account has been closed"),
    r("AC06", "BlockedAccount", "account is blocked, prohibiting postings"),
    r(
        "AG01",
        "TransactionForbidden",
        "transaction forbidden on this type of account",
    ),
    r("AM05", "Duplication", "duplicate payment"),
    r(
        "BE04",
        "MissingCreditorAddress",
        "creditor's address missing or not correct",
    ),
    r("MD07", "EndCustomerDeceased", "end customer is deceased"),
    r(
        "MS02",
        "NotSpecifiedReasonCustomerGenerated",
        "reason not specified by the customer",
    ),
    r(
        "MS03",
        "NotSpecifiedReasonAgentGenerated",
        "reason not specified by the bank",
    ),
    r("RC01", "BankIdentifierIncorrect", "bank identifier (BIC) incorrect"),
    r(
        "RR01",
        "MissingDebtorAccountOrIdentification",
        "regulatory: debtor account or identification missing",
    ),
    r(
        "RR02",
        "MissingDebtorNameOrAddress",
        "regulatory: debtor name or address missing",
    ),
    r(
        "RR03",
        "MissingCreditorNameOrAddress",
        "regulatory: creditor name or address missing",
    ),
    r(
        "RR04",
        "RegulatoryReason",
        "regulatory reason: never retried without compliance review",
    ),
];

/// Codes a SEPA direct debit can be returned with (the brief's three):
/// SDD R-transaction codes, whose use the EPC's guidance on reason codes for
/// SDD R-transactions (EPC173-14) sets out.
pub const DIRECT_DEBIT: &[Reason] = &[
    r(
        "AM04",
        "InsufficientFunds",
        "insufficient funds on the merchant's account",
    ),
    r("MD01", "NoMandate", "no valid mandate"),
    r("MS02", "NotSpecifiedReasonCustomerGenerated", "refused by the merchant"),
];

/// The reason with exactly this `code` in `set`; None if the set has none
/// (a code valid for payouts may not be one for direct debits).
pub fn find(set: &[Reason], code: &str) -> Option<Reason> {
    set.iter().copied().find(|r| r.code == code)
}

/// True for RR04 (regulatory reason): its money stays in suspense until
/// compliance reviews it and is never paid again automatically.
pub fn needs_compliance_review(r: Reason) -> bool {
    r.code == "RR04"
}
