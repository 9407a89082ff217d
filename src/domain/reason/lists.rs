//! The lists themselves: each R-transaction's reason codes with their
//! meanings, as the EPC documents named in the parent module give them.

use jiff::civil::date;

use super::{Listed, Reason};

const fn r(code: &'static str, name: &'static str, description: &'static str) -> Reason {
    Reason {
        code,
        name,
        description,
    }
}

const fn l(reason: Reason) -> Listed {
    Listed { reason, until: None }
}

// The meanings shared by several lists. The SCT ones are those corridor
// always printed, so event logs of earlier runs read the same.
const AC01: Reason = r("AC01", "IncorrectAccountNumber", "account number is invalid or missing");
const AC04: Reason = r("AC04", "ClosedAccountNumber", "account has been closed");
const AC06: Reason = r("AC06", "BlockedAccount", "account is blocked, prohibiting postings");
const AG01: Reason = r(
    "AG01",
    "TransactionForbidden",
    "transaction forbidden on this type of account",
);
const AG02: Reason = r(
    "AG02",
    "InvalidBankOperationCode",
    "operation or transaction code incorrect, invalid file format",
);
const AM05: Reason = r("AM05", "Duplication", "duplicate payment");
const BE04: Reason = r(
    "BE04",
    "MissingCreditorAddress",
    "creditor's address missing or not correct",
);
const CNOR: Reason = r(
    "CNOR",
    "CreditorBankIsNotRegistered",
    "the payee's bank is not registered under this BIC in the CSM",
);
const DNOR: Reason = r(
    "DNOR",
    "DebtorBankIsNotRegistered",
    "the payer's bank is not registered under this BIC in the CSM",
);
const ED05: Reason = r("ED05", "SettlementFailed", "settlement of the transfer failed");
const ERIN: Reason = r(
    "ERIN",
    "ERIOptionNotSupported",
    "the extended remittance information (ERI) option is not supported",
);
const FF01: Reason = r("FF01", "InvalidFileFormat", "invalid file format");
const MD07: Reason = r("MD07", "EndCustomerDeceased", "end customer is deceased");
const MS02: Reason = r(
    "MS02",
    "NotSpecifiedReasonCustomerGenerated",
    "reason not specified by the customer",
);
const MS03: Reason = r(
    "MS03",
    "NotSpecifiedReasonAgentGenerated",
    "reason not specified by the bank",
);
const RC01: Reason = r("RC01", "BankIdentifierIncorrect", "bank identifier (BIC) incorrect");
const RR01: Reason = r(
    "RR01",
    "MissingDebtorAccountOrIdentification",
    "regulatory: debtor account or identification missing",
);
const RR02: Reason = r(
    "RR02",
    "MissingDebtorNameOrAddress",
    "regulatory: debtor name or address missing",
);
const RR03: Reason = r(
    "RR03",
    "MissingCreditorNameOrAddress",
    "regulatory: creditor name or address missing",
);
const RR04: Reason = r(
    "RR04",
    "RegulatoryReason",
    "regulatory reason: never retried without compliance review",
);

/// SCT reject (pacs.002, before settlement): EPC135-18, codes whose type of
/// R-transaction includes "Reject".
pub(super) const SCT_REJECT: &[Listed] = &[
    l(AC01),
    l(AG02),
    l(AM05),
    l(r(
        "CERI",
        "CheckERI",
        "not tagged as extended remittance information (ERI) but carries it",
    )),
    l(CNOR),
    l(DNOR),
    l(ED05),
    l(ERIN),
    l(FF01),
    l(MS03),
    l(RC01),
    l(RR01),
    l(RR02),
    l(RR03),
    l(RR04),
    l(r("TM01", "InvalidCutOffTime", "received after the cut-off time")),
];

/// SCT return (pacs.004, within three banking days of settlement):
/// EPC135-18, codes whose type of R-transaction includes "Return".
pub(super) const SCT_RETURN: &[Listed] = &[
    l(AC01),
    l(AC04),
    l(AC06),
    l(AG01),
    l(AG02),
    l(AM05),
    l(BE04),
    l(CNOR),
    l(ERIN),
    l(MD07),
    l(MS02),
    l(MS03),
    l(RC01),
    l(RR01),
    l(RR02),
    l(RR03),
    l(RR04),
];

/// SCT Inst reject (pacs.002, within the scheme's execution time): the EPC's
/// guidance on reason codes for SCT Inst R-transactions. AM02 (amount above
/// the scheme maximum) goes with the maximum: v7.0 (October 2025) removes
/// it from the 2025 rulebook, in force 5 October 2025.
pub(super) const SCT_INST_REJECT: &[Listed] = &[
    l(r(
        "AB05",
        "TimeoutCreditorAgent",
        "the payee's bank did not answer within the execution time",
    )),
    l(r(
        "AB06",
        "TimeoutInstructedAgent",
        "the CSM or an intermediary did not answer within the execution time",
    )),
    l(r("AB07", "OfflineAgent", "an agent in the chain is not online")),
    l(r("AB08", "OfflineCreditorAgent", "the payee's bank is not online")),
    l(AC01),
    l(AC04),
    l(AC06),
    l(AG01),
    l(AG02),
    Listed {
        reason: r(
            "AM02",
            "NotAllowedAmount",
            "amount above the scheme's maximum per instruction",
        ),
        until: Some(date(2025, 10, 5)),
    },
    l(AM05),
    l(BE04),
    l(CNOR),
    l(DNOR),
    l(ED05),
    l(ERIN),
    l(FF01),
    l(MD07),
    l(MS03),
    l(RC01),
    l(RR01),
    l(RR02),
    l(RR03),
    l(RR04),
];

// SDD meanings, the SDD Core rulebook's words for the debtor's side (the
// merchant is the debtor when the acquirer collects it).
const SDD_AC01: Reason = r(
    "AC01",
    "IncorrectAccountNumber",
    "account identifier incorrect (invalid IBAN)",
);
const SDD_AC04: Reason = r("AC04", "ClosedAccountNumber", "account closed");
const SDD_AC06: Reason = r(
    "AC06",
    "BlockedAccount",
    "account blocked, or blocked for direct debits by the debtor",
);
const SDD_AG01: Reason = r(
    "AG01",
    "TransactionForbidden",
    "direct debit forbidden on this account for regulatory reasons",
);
const SDD_AM04: Reason = r(
    "AM04",
    "InsufficientFunds",
    "insufficient funds on the merchant's account",
);
const SDD_AM05: Reason = r("AM05", "Duplication", "duplicate collection");
const SDD_BE05: Reason = r("BE05", "UnrecognisedInitiatingParty", "creditor identifier incorrect");
const SDD_FF05: Reason = r("FF05", "InvalidLocalInstrumentCode", "direct debit type incorrect");
const SDD_MD01: Reason = r("MD01", "NoMandate", "no valid mandate");
const SDD_MD07: Reason = r("MD07", "EndCustomerDeceased", "debtor deceased");
const SDD_MS02: Reason = r("MS02", "NotSpecifiedReasonCustomerGenerated", "refused by the merchant");
const SDD_MS03: Reason = r("MS03", "NotSpecifiedReasonAgentGenerated", "reason not specified");
const SDD_RC01: Reason = r(
    "RC01",
    "BankIdentifierIncorrect",
    "bank identifier incorrect (invalid BIC)",
);
const SDD_RR04: Reason = r("RR04", "RegulatoryReason", "regulatory reason");
const SDD_SL01: Reason = r(
    "SL01",
    "SpecificServiceOfferedByDebtorAgent",
    "a specific service offered by the debtor's bank",
);

/// SDD reject (pacs.002, before settlement): EPC173-14, codes whose type of
/// R-transaction includes "Reject".
pub(super) const SDD_REJECT: &[Listed] = &[
    l(SDD_AC01),
    l(SDD_AC04),
    l(SDD_AC06),
    l(SDD_AG01),
    l(AG02),
    l(SDD_AM04),
    l(SDD_AM05),
    l(SDD_BE05),
    l(CNOR),
    l(DNOR),
    l(FF01),
    l(SDD_FF05),
    l(SDD_MD01),
    l(r(
        "MD02",
        "MissingMandatoryInformationInMandate",
        "mandate data missing or incorrect",
    )),
    l(SDD_MD07),
    l(SDD_MS02),
    l(SDD_MS03),
    l(SDD_RC01),
    l(RR01),
    l(RR02),
    l(RR03),
    l(SDD_RR04),
    l(SDD_SL01),
];

/// SDD return (pacs.004, up to five inter-bank business days after
/// settlement): EPC173-14 and the SDD Core inter-bank implementation
/// guidelines' return codes.
pub(super) const SDD_RETURN: &[Listed] = &[
    l(SDD_AC01),
    l(SDD_AC04),
    l(SDD_AC06),
    l(SDD_AG01),
    l(AG02),
    l(SDD_AM04),
    l(SDD_AM05),
    l(SDD_BE05),
    l(SDD_FF05),
    l(SDD_MD01),
    l(SDD_MD07),
    l(SDD_MS02),
    l(SDD_MS03),
    l(SDD_RC01),
    l(RR01),
    l(RR02),
    l(RR03),
    l(SDD_RR04),
    l(SDD_SL01),
];

/// SDD refund (pacs.004, the debtor's claim: eight weeks for an authorised
/// collection, thirteen months for an unauthorised one): EPC173-14.
pub(super) const SDD_REFUND: &[Listed] = &[
    l(r("MD01", "NoMandate", "unauthorised transaction: no valid mandate")),
    l(r(
        "MD06",
        "RefundRequestByEndCustomer",
        "disputed authorised transaction: refund on the debtor's request",
    )),
];
