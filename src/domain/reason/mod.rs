//! ISO 20022 reason codes for R-transactions: why a payout was rejected
//! (pacs.002) or returned (pacs.004), or why a direct debit was rejected,
//! returned or refunded. Each kind of R-transaction has its own list, the
//! one its EPC rulebook and the EPC's guidance on reason codes give it; a
//! code valid for one kind may not be for another (AC04 closes an account
//! for an SCT return, never for an SCT reject). Names are the ISO 20022
//! External Code Sets' (ExternalStatusReason1Code, ExternalReturnReason1Code);
//! meanings are the rulebooks' words for that R-transaction.
//!
//! Sources, as corridor holds them:
//! - SCT: EPC135-18 "Guidance on reason codes for SCT R-transactions" v1.0
//!   (September 2018, for the 2017 SCT rulebook EPC125-05) and its later
//!   versions (v3.0 and v4.0 of November 2022 for the 2021 rulebook), whose
//!   table gives each code's "type of R-transaction"; checked against the
//!   copies at docs.numeral.io/reference/sepa-reason-codes and
//!   support.bankingcircle.com/article/KA-01012 (the guidance's table).
//! - SCT Inst: the EPC's "Guidance on reason codes for SCT Inst
//!   R-transactions" v2.0 (May 2019, for the 2019 rulebook EPC004-16), v4.0
//!   (November 2022) and v7.0 (October 2025, for the 2025 rulebook, which
//!   withdrew AM02 with the scheme maximum). SCT Inst has rejects, recalls
//!   and requests for recall, but no return.
//! - SDD: EPC173-14 "Guidance on reason codes for SDD R-transactions" v4.0
//!   (21 November 2017) and v4.1 (September 2018), for the SDD Core rulebook
//!   EPC016-06; the return and refund codes as the EPC's SDD inter-bank
//!   implementation guidelines list them for pacs.004.
//!
//! Recalls and requests for recall (camt.056, FOCR, DUPL, TECH, FRAD, ...)
//! are not modelled, so their codes are not here.

mod lists;

use super::Date;
use lists::{SCT_INST_REJECT, SCT_REJECT, SCT_RETURN, SDD_REFUND, SDD_REJECT, SDD_RETURN};

/// A reason code and what it means for one kind of R-transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reason {
    /// The four-character ISO 20022 code, `"AC04"`.
    pub code: &'static str,
    /// The code's ISO 20022 name, `"ClosedAccountNumber"`.
    pub name: &'static str,
    /// A short English meaning for reports and explanations.
    pub description: &'static str,
}

/// A code on a list, with the first day it no longer is (None: still is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The code and its meaning for this R-transaction.
    pub reason: Reason,
    /// The first day the code may no longer be used; None while it may.
    pub until: Option<Date>,
}

/// A kind of R-transaction, each with its own list of reason codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RTransaction {
    /// An SCT refused before settlement (pacs.002).
    SctReject,
    /// An SCT sent back after settlement (pacs.004).
    SctReturn,
    /// An SCT Inst refused within its execution time (pacs.002); SCT Inst
    /// has no return.
    SctInstReject,
    /// An SDD collection refused before settlement (pacs.002).
    SddReject,
    /// An SDD collection sent back after settlement (pacs.004).
    SddReturn,
    /// An SDD collection paid back on the debtor's claim (pacs.004).
    SddRefund,
}

impl RTransaction {
    /// Every kind, in the order help and glossary print them.
    pub const ALL: [RTransaction; 6] = [
        RTransaction::SctReject,
        RTransaction::SctReturn,
        RTransaction::SctInstReject,
        RTransaction::SddReject,
        RTransaction::SddReturn,
        RTransaction::SddRefund,
    ];

    /// What it is, for messages: `"an SCT reject (pacs.002)"`.
    pub fn name(self) -> &'static str {
        match self {
            RTransaction::SctReject => "an SCT reject (pacs.002)",
            RTransaction::SctReturn => "an SCT return (pacs.004)",
            RTransaction::SctInstReject => "an SCT Inst reject (pacs.002)",
            RTransaction::SddReject => "an SDD reject (pacs.002)",
            RTransaction::SddReturn => "an SDD return (pacs.004)",
            RTransaction::SddRefund => "an SDD refund (pacs.004)",
        }
    }

    /// A title for lists: `"SCT reject (pacs.002)"`.
    pub fn title(self) -> &'static str {
        self.name().trim_start_matches("an ")
    }

    /// Its codes, in code order, with the day any was withdrawn.
    pub fn codes(self) -> &'static [Listed] {
        match self {
            RTransaction::SctReject => SCT_REJECT,
            RTransaction::SctReturn => SCT_RETURN,
            RTransaction::SctInstReject => SCT_INST_REJECT,
            RTransaction::SddReject => SDD_REJECT,
            RTransaction::SddReturn => SDD_RETURN,
            RTransaction::SddRefund => SDD_REFUND,
        }
    }

    /// The EPC document its list follows.
    pub fn source(self) -> &'static str {
        match self {
            RTransaction::SctReject | RTransaction::SctReturn => "EPC135-18",
            RTransaction::SctInstReject => "EPC guidance on SCT Inst R-transactions",
            RTransaction::SddReject | RTransaction::SddReturn | RTransaction::SddRefund => "EPC173-14",
        }
    }

    /// The code on this list, whatever the date.
    pub fn listed(self, code: &str) -> Option<Listed> {
        self.codes().iter().copied().find(|l| l.reason.code == code)
    }

    /// The reason with exactly this `code`, if it may still be used on
    /// `through`, the last day a fault could produce it (codes so far only
    /// leave lists, so the last day decides).
    pub fn find(self, code: &str, through: Date) -> Option<Reason> {
        self.listed(code)
            .filter(|l| l.until.is_none_or(|u| through < u))
            .map(|l| l.reason)
    }

    /// The codes that may still be used on `through`.
    pub fn valid(self, through: Date) -> Vec<&'static str> {
        self.codes()
            .iter()
            .filter(|l| l.until.is_none_or(|u| through < u))
            .map(|l| l.reason.code)
            .collect()
    }
}

/// Every code of every R-transaction with its meaning, one line each,
/// grouped by R-transaction with its source: for `--help` and the
/// explorer's glossary.
pub fn glossary() -> Vec<String> {
    let mut out = Vec::new();
    for kind in RTransaction::ALL {
        out.push(format!("{}, {}:", kind.title(), kind.source()));
        for l in kind.codes() {
            let until = l.until.map_or(String::new(), |u| {
                format!(" (until {})", u.yesterday().expect("in range"))
            });
            out.push(format!("  {} {}{until}", l.reason.code, l.reason.description));
        }
    }
    out
}

/// True for RR04 (regulatory reason): its money stays in suspense until
/// compliance reviews it and is never paid again automatically.
pub fn needs_compliance_review(r: Reason) -> bool {
    r.code == "RR04"
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn lists_are_in_code_order_without_duplicates() {
        for kind in RTransaction::ALL {
            let codes: Vec<&str> = kind.codes().iter().map(|l| l.reason.code).collect();
            let mut sorted = codes.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(codes, sorted, "{}", kind.title());
        }
    }

    #[test]
    fn am02_leaves_the_sct_inst_list_with_the_maximum() {
        let k = RTransaction::SctInstReject;
        assert!(k.find("AM02", date(2025, 10, 4)).is_some());
        assert!(k.find("AM02", date(2025, 10, 5)).is_none());
    }
}
