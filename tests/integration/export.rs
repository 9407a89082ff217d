//! Bank files: IBANs and BICs for every merchant and institution, and the
//! files `corridor run --export DIR` writes (pain.001, CSV), checked against
//! the official XSDs with an outside validator and against the run.

use corridor::domain::iban::{BBAN_FORMATS, BankAccount, parse_bic, parse_iban};
use corridor::domain::zone::COUNTRIES;
use corridor::messages::Directory;

use super::support::*;

#[test]
fn every_supported_country_gets_valid_ibans() {
    let countries: Vec<&str> = COUNTRIES.split(", ").collect();
    let formats: Vec<&str> = BBAN_FORMATS.iter().map(|(c, _)| *c).collect();
    assert_eq!(countries, formats, "an IBAN format for every country corridor maps");
    for country in countries {
        for seed in 0..20 {
            let a = BankAccount::derive(seed, &format!("m/{seed}"), country);
            assert_eq!(a.iban.country(), country);
            // iban_validate checks the registry's length and BBAN format and mod-97.
            let checked: iban::Iban = a.iban.as_str().parse().unwrap_or_else(|e| panic!("{}: {e}", a.iban));
            assert_eq!(iban::IbanLike::electronic_str(&checked), a.iban.as_str());
            assert!(parse_bic(a.bic.as_str()).is_ok());
            assert_eq!(&a.bic.as_str()[4..6], country);
        }
    }
}

#[test]
fn accounts_are_drawn_from_the_seed_or_given() {
    let sc = scenario(TINY_WITH_IBANS);
    let dir = Directory::new(&sc);
    let first = dir.by_name("lux/1").unwrap();
    assert_eq!(dir.account(first).iban.as_str(), "LU280019400644750000");
    assert_eq!(dir.account(first).bic.as_str(), "BCEELULL");
    let paris = dir.by_name("paris/1").unwrap();
    let again = Directory::new(&scenario(TINY_WITH_IBANS));
    assert_eq!(dir.account(paris), again.account(paris));
    assert_eq!(dir.account(paris).iban.country(), "FR");
    assert!(parse_iban(dir.institutions().acquirer.iban.as_str()).is_ok());
}

#[test]
fn a_bad_check_digit_is_refused_with_its_key_and_position() {
    let text = TINY_WITH_IBANS.replace("LU28 0019", "LU29 0019");
    let err = load(&text).unwrap_err().to_string();
    assert!(
        err.contains(
            "merchants.ibans: ibans[0] `LU29 0019 4006 4475 0000` is not a valid IBAN: the check digits at \
             characters 3 and 4 are 29, the rest of the IBAN needs 28"
        ),
        "{err}"
    );
    assert!(err.starts_with("test.toml:"), "{err}");
    let err = load(&TINY_WITH_IBANS.replace("BCEELULL", "BCE1LULL"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("merchants.bic: `BCE1LULL` is not a valid BIC: character 4"),
        "{err}"
    );
    let err = load(&TINY_WITH_IBANS.replace(", \"LU120010001234567891\"", ""))
        .unwrap_err()
        .to_string();
    assert!(err.contains("1 IBANs for a group of 2 merchants"), "{err}");
}

const TINY_WITH_IBANS: &str = r#"
[scenario]
name = "ibans"
seed = 7
start = 2018-02-12
days = 3

[[merchants]]
name = "paris"
count = 2

[[merchants]]
name = "lux"
country = "LU"
count = 2
ibans = ["LU28 0019 4006 4475 0000", "LU120010001234567891"]
bic = "BCEELULL"
"#;

/// Every XML file of every bundled scenario (but scale-1m) validates
/// against the official XSD of its message (pain.001.001.09,
/// pain.008.001.08, camt.053.001.08), checked by xmllint (libxml2-utils);
/// a missing xmllint fails the test. Each pain.001's CtrlSum is the sum of the
/// payouts its run sent in the event log; the CSV row counts are the
/// report's counts.
#[test]
fn bank_files_validate_and_agree_with_the_run() {
    let xsd = xsd_dir();
    for b in corridor::scenario::bundled::SCENARIOS
        .iter()
        .filter(|b| b.name != "scale-1m")
    {
        let sc = bundled_scenario(b.name);
        let (o, log) = run_logged(&sc);
        let files = corridor::report::export::files(&sc, &o);
        let dir = std::env::temp_dir().join(format!("corridor-export-{}-{}", std::process::id(), b.name));
        corridor::report::export::write_dir(&dir, &files).unwrap();
        let sent = events_of(&log, "payout_sent");
        let mut runs = 0;
        for f in files.iter().filter(|f| f.name.ends_with(".xml")) {
            xmllint(&xsd, &dir, &f.name);
        }
        for f in files.iter().filter(|f| f.name.starts_with("pain.001-")) {
            let text = String::from_utf8(f.bytes.clone()).unwrap();
            let ctrl_sum: rust_decimal::Decimal = between(&text, "<CtrlSum>", "</CtrlSum>").parse().unwrap();
            let date = f.name.trim_start_matches("pain.001-").trim_end_matches(".xml");
            let ids = all_between(&text, "<EndToEndId>", "</EndToEndId>");
            let in_log: rust_decimal::Decimal = sent
                .iter()
                .filter(|e| ids.contains(&e["payout"].as_str().unwrap()))
                .map(|e| amount_of(&e["amount"]))
                .sum();
            assert_eq!(ctrl_sum, in_log, "{} {}", b.name, f.name);
            assert!(text.contains(&format!("<Dt>{date}</Dt>")), "{}", f.name);
            runs += 1;
        }
        let in_files: usize = files
            .iter()
            .filter(|f| f.name.starts_with("pain.001-"))
            .map(|f| all_between(std::str::from_utf8(&f.bytes).unwrap(), "<EndToEndId>", "</EndToEndId>").len())
            .sum();
        assert_eq!(in_files, sent.len(), "{}: every payout once", b.name);
        assert!(runs > 0 || sent.is_empty());
        let report = corridor::report::Report::new(&sc, &o);
        let rows = |name: &str| {
            let f = files.iter().find(|f| f.name == name).unwrap();
            std::str::from_utf8(&f.bytes).unwrap().lines().count() - 1
        };
        assert_eq!(rows("payments.csv") as u64, report.payments.initiated, "{}", b.name);
        assert_eq!(rows("payouts.csv"), sent.len(), "{}", b.name);
        assert_eq!(rows("remittances.csv"), report.remittances.len(), "{}", b.name);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn export_replaces_only_corridor_s_own_files() {
    let dir = std::env::temp_dir().join(format!("corridor-export-own-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    std::fs::write(dir.join("pain.001-1999-01-01.xml"), "stale").unwrap();
    let dir_s = dir.to_str().unwrap();
    let o = corridor(&["run", "baseline", "--export", dir_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"notes.txt".to_string()));
    assert!(names.contains(&"payouts.csv".to_string()));
    assert!(
        !names.iter().any(|n| n.contains("1999") || n.ends_with(".partial")),
        "{names:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The official XSDs, copied into tests/data/xsd so a clone anywhere can
/// validate; CORRIDOR_XSD_DIR points at another copy (the shared folder).
fn xsd_dir() -> std::path::PathBuf {
    std::env::var_os("CORRIDOR_XSD_DIR").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/xsd"),
        std::path::PathBuf::from,
    )
}

/// Validates `dir/name` against the XSD its name starts with
/// (`camt.053-2018-03-07.xml`: camt.053.001.08.xsd) with xmllint; a
/// missing xmllint fails.
fn xmllint(xsd: &std::path::Path, dir: &std::path::Path, name: &str) {
    let schema = match &name[..8] {
        "pain.001" => "pain.001.001.09.xsd",
        "pain.008" => "pain.008.001.08.xsd",
        "camt.053" => "camt.053.001.08.xsd",
        other => panic!("no schema for {other}"),
    };
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(xsd.join(schema))
        .arg(dir.join(name))
        .output()
        .expect("xmllint is installed (apt-get install libxml2-utils; .ci/run does)");
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A statement balance (`OPBD`, `CLBD`) as a signed decimal.
fn balance(text: &str, code: &str) -> rust_decimal::Decimal {
    let bal = all_between(text, "<Bal>", "</Bal>")
        .into_iter()
        .find(|b| b.contains(&format!("<Cd>{code}</Cd>")))
        .unwrap();
    let amount: rust_decimal::Decimal = between(bal, "<Amt Ccy=\"EUR\">", "</Amt>").parse().unwrap();
    if bal.contains("<CdtDbtInd>DBIT</CdtDbtInd>") {
        -amount
    } else {
        amount
    }
}

/// Every bundled scenario's camt.053 statements (but scale-1m): each
/// validates against the official XSD; each closing balance is the next
/// statement's opening balance (the first opens at zero), the entries sum
/// to the day's change, and the last closing balance is the acquirer's
/// settlement account in the ledger; every payout rejected or returned in
/// the event log appears exactly once as a credit with its reason code.
#[test]
fn statements_chain_and_agree_with_the_ledger() {
    let xsd = xsd_dir();
    let mut returns_seen = 0;
    for b in corridor::scenario::bundled::SCENARIOS
        .iter()
        .filter(|b| b.name != "scale-1m")
    {
        let sc = bundled_scenario(b.name);
        let (o, log) = run_logged(&sc);
        let files = corridor::report::export::files(&sc, &o);
        let dir = std::env::temp_dir().join(format!("corridor-camt-{}-{}", std::process::id(), b.name));
        corridor::report::export::write_dir(&dir, &files).unwrap();
        let statements: Vec<String> = files
            .iter()
            .filter(|f| f.name.starts_with("camt.053-"))
            .map(|f| {
                xmllint(&xsd, &dir, &f.name);
                String::from_utf8(f.bytes.clone()).unwrap()
            })
            .collect();
        assert!(!statements.is_empty(), "{}", b.name);
        let mut previous = rust_decimal::Decimal::ZERO;
        for text in &statements {
            assert_eq!(
                balance(text, "OPBD"),
                previous,
                "{}: opening is the last closing",
                b.name
            );
            let moved: rust_decimal::Decimal = all_between(text, "<Ntry>", "</Ntry>")
                .into_iter()
                .map(|e| {
                    let a: rust_decimal::Decimal = between(e, "<Amt Ccy=\"EUR\">", "</Amt>").parse().unwrap();
                    if between(e, "<CdtDbtInd>", "</CdtDbtInd>") == "DBIT" {
                        -a
                    } else {
                        a
                    }
                })
                .sum();
            previous = balance(text, "CLBD");
            assert_eq!(balance(text, "OPBD") + moved, previous, "{}", b.name);
        }
        let ledger: rust_decimal::Decimal = corridor::report::export::settlement_accounts(&o)
            .iter()
            .map(|a| o.ledger.balance(*a).amount())
            .sum();
        let a = &o.accounts;
        let by_hand: rust_decimal::Decimal = [a.unreconciled, a.merchant_balances, a.acquirer_margin, a.suspense]
            .iter()
            .map(|id| o.ledger.balance(*id).amount())
            .sum();
        assert_eq!(ledger, by_hand);
        assert_eq!(previous, ledger, "{}: the last closing balance is the ledger's", b.name);
        let entries: Vec<&str> = statements
            .iter()
            .flat_map(|t| all_between(t, "<Ntry>", "</Ntry>"))
            .collect();
        for kind in ["payout_returned", "payout_rejected"] {
            for e in events_of(&log, kind) {
                let id = e["payout"].as_str().unwrap();
                let reason = e["reason"].as_str().unwrap();
                let back: Vec<&&str> = entries
                    .iter()
                    .filter(|t| t.contains(&format!("<NtryRef>{id}</NtryRef>")) && t.contains("<RtrInf>"))
                    .collect();
                assert_eq!(back.len(), 1, "{}: {kind} {id} once", b.name);
                let info = between(back[0], "<RtrInf>", "</RtrInf>");
                assert!(info.contains(&format!("<Cd>{reason}</Cd>")), "{}: {id} {info}", b.name);
                assert!(back[0].contains("<CdtDbtInd>CRDT</CdtDbtInd>"));
                returns_seen += 1;
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    assert!(returns_seen > 0, "payout-returns bounces payouts");
}

/// refund-storm's direct debits (the log's `direct_debit_sent`) are each
/// in exactly one pain.008 collection, with their amount, a mandate id, a
/// date of signature and a sequence type (FRST for a merchant's first);
/// each file's CtrlSum is the sum of its collections.
#[test]
fn refund_storm_s_direct_debits_are_in_pain_008() {
    let sc = bundled_scenario("refund-storm");
    let (o, log) = run_logged(&sc);
    let files = corridor::report::export::files(&sc, &o);
    let sent = events_of(&log, "direct_debit_sent");
    assert!(!sent.is_empty(), "refund-storm collects by direct debit");
    let mut collections = Vec::new();
    for f in files.iter().filter(|f| f.name.starts_with("pain.008-")) {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        let mut sum = rust_decimal::Decimal::ZERO;
        for tx in all_between(text, "<DrctDbtTxInf>", "</DrctDbtTxInf>") {
            let id = between(tx, "<EndToEndId>", "</EndToEndId>").to_string();
            let amount: rust_decimal::Decimal = between(tx, "<InstdAmt Ccy=\"EUR\">", "</InstdAmt>").parse().unwrap();
            assert!(between(tx, "<MndtId>", "</MndtId>").starts_with("MNDT-"), "{tx}");
            assert_eq!(between(tx, "<DtOfSgntr>", "</DtOfSgntr>").len(), 10, "{tx}");
            sum += amount;
            collections.push((id, amount));
        }
        assert_eq!(
            between(text, "<CtrlSum>", "</CtrlSum>")
                .parse::<rust_decimal::Decimal>()
                .unwrap(),
            sum
        );
        assert!(text.contains("<SeqTp>FRST</SeqTp>") || text.contains("<SeqTp>RCUR</SeqTp>"));
    }
    assert_eq!(collections.len(), sent.len(), "every direct debit once");
    for e in &sent {
        let id = e["direct_debit"].as_str().unwrap();
        let found: Vec<_> = collections.iter().filter(|(c, _)| c == id).collect();
        assert_eq!(found.len(), 1, "{id}");
        assert_eq!(found[0].1, amount_of(&e["amount"]), "{id}");
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).unwrap() + open.len();
    &text[start..start + text[start..].find(close).unwrap()]
}

fn all_between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    text.split(open).skip(1).map(|s| &s[..s.find(close).unwrap()]).collect()
}

/// `"1234.56 EUR"` or `"1234.56"` as a decimal.
fn amount_of(v: &serde_json::Value) -> rust_decimal::Decimal {
    let s = v.as_str().unwrap_or_else(|| panic!("amount {v}"));
    s.split(' ').next().unwrap().replace(',', "").parse().unwrap()
}
