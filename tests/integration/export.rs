//! Bank files: IBANs and BICs for every merchant and institution, and the
//! files `corridor run --export DIR` writes (pain.001, pain.008, camt.053,
//! CSV), checked against the official XSDs with an outside validator and
//! against the run: its event log, its ledger day by day and its report.

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

/// A group's own `ibans` and `bic` are checked: each error names the file,
/// line and column, the key (with the IBAN's place in the list), what is
/// wrong and where in the IBAN or BIC, and nothing runs.
#[test]
fn a_bad_check_digit_is_refused_with_its_key_and_position() {
    let err = |text: &str| load(text).unwrap_err().to_string();
    assert_eq!(
        err(&TINY_WITH_IBANS.replace("LU28 0019", "LU29 0019")),
        "test.toml:16:10: merchants.ibans: ibans[0] `LU29 0019 4006 4475 0000` is not a valid IBAN: the check \
         digits at characters 3 and 4 are 29, the rest of the IBAN needs 28"
    );
    assert_eq!(
        err(&TINY_WITH_IBANS.replace("LU120010001234567891", "LU12001000123456789")),
        "test.toml:16:38: merchants.ibans: ibans[1] `LU12001000123456789` is not a valid IBAN: 19 characters \
         where 20 are needed"
    );
    assert_eq!(
        err(&TINY_WITH_IBANS.replace("LU120010001234567891", "LU1200A0001234567891")),
        "test.toml:16:38: merchants.ibans: ibans[1] `LU1200A0001234567891` is not a valid IBAN: character 7 \
         should be a digit"
    );
    assert_eq!(
        err(&TINY_WITH_IBANS.replace("BCEELULL", "BCE1LULL")),
        "test.toml:17:7: merchants.bic: `BCE1LULL` is not a valid BIC: character 4 should be an upper-case \
         letter (the bank)"
    );
    let e = err(&TINY_WITH_IBANS.replace(", \"LU120010001234567891\"", ""));
    assert!(e.contains("merchants.ibans: 1 IBANs for a group of 2 merchants"), "{e}");
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

/// One bundled scenario's run, kept for the checks of its bank files: the
/// outcome, the event log and the acquirer's EUR settlement account in the
/// ledger at the end of each acquirer-local day with a posting (replayed
/// from the ledger's journal).
struct Checked {
    name: String,
    sc: corridor::scenario::Scenario,
    o: corridor::world::Outcome,
    log: String,
    ledger: std::collections::BTreeMap<corridor::domain::Date, rust_decimal::Decimal>,
}

fn run_checked(name: &str, sc: corridor::scenario::Scenario) -> Checked {
    let mut sink = corridor::report::events::JsonLines::new(Vec::new(), &sc);
    let checks = corridor::world::Checks {
        journal: true,
        ..Default::default()
    };
    let mut o = corridor::world::run_with(&sc, Some(&mut sink as &mut dyn corridor::messages::EventSink), checks);
    let log = String::from_utf8(sink.into_inner()).unwrap();
    let accounts = corridor::report::export::settlement_accounts(&o);
    let mut ledger = std::collections::BTreeMap::new();
    let mut balance = rust_decimal::Decimal::ZERO;
    let journal = o.ledger.take_journal();
    for posting in 0..journal.len() {
        let moved: rust_decimal::Decimal = journal
            .legs(posting)
            .iter()
            .filter(|(id, _)| accounts.contains(id))
            .map(|(_, amount)| *amount)
            .sum();
        balance += moved;
        ledger.insert(sc.acquirer.zone.date(journal.at(posting)), balance);
    }
    Checked {
        name: name.to_string(),
        sc,
        o,
        log,
        ledger,
    }
}

/// The bank files of every bundled scenario but scale-1m (a debug build
/// takes minutes over its million payments: `.ci/run` checks it in a
/// release build, below) validate and agree with the run.
#[test]
fn bank_files_of_every_bundled_scenario_agree_with_the_run() {
    let mut bounced = 0;
    for b in corridor::scenario::bundled::SCENARIOS
        .iter()
        .filter(|b| b.name != "scale-1m")
    {
        bounced += bank_files_agree_with_the_run(b.name, bundled_scenario(b.name)).0;
    }
    assert!(bounced > 0, "payout-returns bounces payouts");
}

/// The same checks on scale-1m, the ninth bundled scenario; `.ci/run` runs
/// it in a release build (`cargo test --release -- --ignored`).
#[test]
#[ignore = "a million payments: run in a release build, as .ci/run does"]
fn bank_files_of_scale_1m_agree_with_the_run() {
    bank_files_agree_with_the_run("scale-1m", bundled_scenario("scale-1m"));
}

/// Payouts by SCT Inst (only scale-1m pays by it among the bundled
/// scenarios): a pain.001 block with service level `INST` beside one with
/// `SEPA` for payouts above the cap, payout runs on Saturdays, whose
/// movements are on Monday's statement, and returns of instant payouts.
#[test]
fn bank_files_of_sct_inst_payouts_agree_with_the_run() {
    let inst = "scheme = \"SCT_INST\"\ninst_cap = \"5000 EUR\"";
    // spring-festival's small merchants are paid on Saturdays instead of
    // Mondays; its runs mix payouts below and above the cap.
    for (name, spring) in [("spring-festival-2018", true), ("payout-returns", false)] {
        let text = corridor::scenario::bundled::find(name)
            .unwrap()
            .text
            .replace("payout = \"weekly:Mon\"", "payout = \"weekly:Sat\"");
        let text = if text.contains("[acquirer]") {
            text.replace("scheme = \"SCT\"", inst)
        } else {
            format!("{text}\n[acquirer]\n{inst}\n")
        };
        assert!(text.contains(inst), "{name}");
        let sc = corridor::scenario::load(name, &text, &corridor::scenario::bundled::data).unwrap();
        let calendar = sc.acquirer.calendar.clone();
        let (_, files) = bank_files_agree_with_the_run(&format!("{name} by SCT Inst"), sc);
        let pain: Vec<(corridor::domain::Date, &str)> = files
            .iter()
            .filter(|f| f.name.starts_with("pain.001-"))
            .map(|f| (f.name[9..19].parse().unwrap(), std::str::from_utf8(&f.bytes).unwrap()))
            .collect();
        let both = pain
            .iter()
            .filter(|(_, t)| t.contains("<Cd>INST</Cd>") && t.contains("<Cd>SEPA</Cd>"));
        assert_eq!(both.count() > 0, spring, "{name}: a run with both schemes");
        let weekend = pain.iter().filter(|(d, _)| !calendar.is_open(*d).unwrap());
        assert_eq!(weekend.count() > 0, spring, "{name}: a payout run on a closed day");
    }
}

/// Runs the scenario `sc` (called `name` in messages), exports its bank
/// files and checks them; returns how many payouts bounced (rejected or
/// returned) and the files.
///
/// - Every XML file validates against the official XSD of its message
///   (pain.001.001.09, pain.008.001.08, camt.053.001.08), checked by
///   xmllint (libxml2-utils); a missing xmllint fails.
/// - Each pain.001's CtrlSum is the sum of the payouts its run sent in the
///   event log, NbOfTxs their count, and every payout is in one file; each
///   payment information block's NbOfTxs and CtrlSum are its transactions'.
///   A transaction's remittance text names statements (clearing batches)
///   that reconciliation saw before the payout was sent.
/// - The CSV row counts are the report's counts (payments initiated,
///   remittances, bounced payouts) and the log's payouts.
/// - The camt.053 statements chain (see [`statements_agree`]) and agree
///   with the ledger day by day (see [`statements_close_at_the_ledger`]).
fn bank_files_agree_with_the_run(
    name: &str,
    sc: corridor::scenario::Scenario,
) -> (usize, Vec<corridor::report::export::File>) {
    let run = run_checked(name, sc);
    let (sc, o) = (&run.sc, &run.o);
    let files = corridor::report::export::files(sc, o);
    let dir = std::env::temp_dir().join(format!(
        "corridor-export-{}-{}",
        std::process::id(),
        name.replace(' ', "-")
    ));
    corridor::report::export::write_dir(&dir, &files).unwrap();
    let xsd = xsd_dir();
    for f in files.iter().filter(|f| f.name.ends_with(".xml")) {
        xmllint(&xsd, &dir, &f.name);
    }
    std::fs::remove_dir_all(&dir).unwrap();
    // The log's instant (`seq`) at which reconciliation first saw each
    // clearing batch (a statement): the remittance carrying it matched or
    // failed.
    let carried: std::collections::BTreeMap<String, Vec<String>> = events(&run.log, "remittance_sent")
        .iter()
        .map(|e| {
            let batches = e["batches"].as_array().unwrap();
            let batches = batches.iter().map(|b| b.as_str().unwrap().to_string()).collect();
            (e["remittance"].as_str().unwrap().to_string(), batches)
        })
        .collect();
    let mut reconciled: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for kind in ["reconciliation_matched", "reconciliation_failed"] {
        for e in events(&run.log, kind) {
            for batch in &carried[e["remittance"].as_str().unwrap()] {
                let seq = reconciled.entry(batch.clone()).or_insert(u64::MAX);
                *seq = (*seq).min(e["seq"].as_u64().unwrap());
            }
        }
    }
    let sent_seq: std::collections::BTreeMap<String, u64> = events(&run.log, "payout_sent")
        .iter()
        .map(|e| (e["payout"].as_str().unwrap().to_string(), e["seq"].as_u64().unwrap()))
        .collect();
    let sent: std::collections::BTreeMap<String, rust_decimal::Decimal> = events(&run.log, "payout_sent")
        .iter()
        .map(|e| (e["payout"].as_str().unwrap().to_string(), amount_of(&e["amount"])))
        .collect();
    let mut in_files = 0;
    for f in files.iter().filter(|f| f.name.starts_with("pain.001-")) {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        let ctrl_sum: rust_decimal::Decimal = between(text, "<CtrlSum>", "</CtrlSum>").parse().unwrap();
        let date = f.name.trim_start_matches("pain.001-").trim_end_matches(".xml");
        let ids = all_between(text, "<EndToEndId>", "</EndToEndId>");
        let in_log: rust_decimal::Decimal = ids
            .iter()
            .map(|id| {
                *sent
                    .get(*id)
                    .unwrap_or_else(|| panic!("{name} {}: {id} not sent", f.name))
            })
            .sum();
        assert_eq!(ctrl_sum, in_log, "{name} {}", f.name);
        let count: usize = between(text, "<NbOfTxs>", "</NbOfTxs>").parse().unwrap();
        assert_eq!(count, ids.len(), "{name} {}", f.name);
        assert!(text.contains(&format!("<Dt>{date}</Dt>")), "{}", f.name);
        // The remittance text names statements reconciliation saw before
        // the payout went.
        for tx in all_between(text, "<CdtTrfTxInf>", "</CdtTrfTxInf>") {
            let id = between(tx, "<EndToEndId>", "</EndToEndId>");
            let words = between(tx, "<Ustrd>", "</Ustrd>").split(' ');
            for batch in words.filter(|w| w.starts_with('B') && w.len() == 9) {
                let seen = reconciled
                    .get(batch)
                    .unwrap_or_else(|| panic!("{name}: {id} pays {batch}"));
                assert!(
                    *seen < sent_seq[id],
                    "{name}: {id} pays {batch} before it was reconciled"
                );
            }
        }
        for block in all_between(text, "<PmtInf>", "</PmtInf>") {
            let amounts: Vec<rust_decimal::Decimal> = all_between(block, "<InstdAmt Ccy=\"EUR\">", "</InstdAmt>")
                .iter()
                .map(|a| a.parse().unwrap())
                .collect();
            let count: usize = between(block, "<NbOfTxs>", "</NbOfTxs>").parse().unwrap();
            assert_eq!(count, amounts.len(), "{name} {}", f.name);
            let sum: rust_decimal::Decimal = between(block, "<CtrlSum>", "</CtrlSum>").parse().unwrap();
            assert_eq!(sum, amounts.iter().sum(), "{name} {}", f.name);
        }
        in_files += ids.len();
    }
    assert_eq!(in_files, sent.len(), "{name}: every payout once");
    let report = corridor::report::Report::new(sc, o);
    let csv = |file: &str| std::str::from_utf8(&files.iter().find(|f| f.name == file).unwrap().bytes).unwrap();
    let rows = |file: &str| csv(file).lines().count() - 1;
    assert_eq!(rows("payments.csv") as u64, report.payments.initiated, "{name}");
    assert_eq!(rows("payouts.csv"), sent.len(), "{name}");
    assert_eq!(rows("remittances.csv"), report.remittances.len(), "{name}");
    let bounced = csv("payouts.csv")
        .lines()
        .filter(|l| l.contains(",rejected,") || l.contains(",returned,"))
        .count();
    assert_eq!(bounced, report.failures.bounced_payouts.len(), "{name}");
    let statements: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.name.starts_with("camt.053-"))
        .map(|f| (f.name.as_str(), std::str::from_utf8(&f.bytes).unwrap()))
        .collect();
    statements_agree(&run, &statements);
    statements_close_at_the_ledger(&run, &statements);
    (bounced, files)
}

/// A scenario's camt.053 statements (file name, text): each closing
/// balance is the next statement's opening balance (the first opens at
/// zero), the entries sum to the day's change, and the last closing
/// balance is the acquirer's settlement account in the ledger at the end.
/// Every remittance received, payout sent, rejected or returned, and direct
/// debit collected or returned in the event log is exactly one entry, on
/// the right side, with its amount and (a bounce or a return) its reason
/// code; there is no other entry.
fn statements_agree(run: &Checked, statements: &[(&str, &str)]) {
    let (name, o) = (&run.name, &run.o);
    assert!(!statements.is_empty(), "{name}");
    let mut previous = rust_decimal::Decimal::ZERO;
    for (file, text) in statements {
        assert_eq!(
            balance(text, "OPBD"),
            previous,
            "{name} {file}: opening is the last closing"
        );
        let moved: rust_decimal::Decimal = all_between(text, "<Ntry>", "</Ntry>").into_iter().map(signed).sum();
        previous = balance(text, "CLBD");
        assert_eq!(balance(text, "OPBD") + moved, previous, "{name} {file}");
    }
    let a = &o.accounts;
    let ledger: rust_decimal::Decimal = [a.unreconciled, a.merchant_balances, a.acquirer_margin, a.suspense]
        .iter()
        .map(|id| o.ledger.balance(*id).amount())
        .sum();
    assert_eq!(previous, ledger, "{name}: the last closing balance is the ledger's");
    // Entries by (reference, whether a return), to look each event up once.
    let mut entries: std::collections::BTreeMap<(&str, bool), Vec<&str>> = std::collections::BTreeMap::new();
    for (_, text) in statements {
        for e in all_between(text, "<Ntry>", "</Ntry>") {
            let key = (between(e, "<NtryRef>", "</NtryRef>"), e.contains("<RtrInf>"));
            entries.entry(key).or_default().push(e);
        }
    }
    // (event kind, its id field, credit or debit, whether it carries a reason)
    let kinds = [
        ("remittance_received", "remittance", "CRDT", false),
        ("payout_sent", "payout", "DBIT", false),
        ("payout_rejected", "payout", "CRDT", true),
        ("payout_returned", "payout", "CRDT", true),
        ("direct_debit_settled", "direct_debit", "CRDT", false),
        ("direct_debit_returned", "direct_debit", "DBIT", true),
    ];
    let mut in_log = 0;
    for (kind, field, side, with_reason) in kinds {
        for e in events(&run.log, kind) {
            let id = e[field].as_str().unwrap();
            let found = entries.get(&(id, with_reason)).map_or(&[][..], Vec::as_slice);
            assert_eq!(found.len(), 1, "{name}: {kind} {id} once");
            let entry = found[0];
            assert!(
                entry.contains(&format!("<CdtDbtInd>{side}</CdtDbtInd>")),
                "{name}: {kind} {id}"
            );
            assert_eq!(signed(entry).abs(), amount_of(&e["amount"]), "{name}: {kind} {id}");
            if with_reason {
                let reason = e["reason"].as_str().unwrap();
                let info = between(entry, "<RtrInf>", "</RtrInf>");
                assert!(info.contains(&format!("<Cd>{reason}</Cd>")), "{name}: {id} {info}");
            }
            in_log += 1;
        }
    }
    let count: usize = entries.values().map(Vec::len).sum();
    assert_eq!(count, in_log, "{name}: an entry for each of these events, no other");
}

/// Day by day, a scenario's statements say what the ledger says: on each
/// business day of the acquirer's calendar from the first posting to the
/// last, the closing booked balance of the latest statement on or before
/// it (zero before the first) is the acquirer's EUR settlement account in
/// the ledger at the end of that day. So each statement closes at the
/// ledger's balance of its day, and a business day without a statement is
/// one the account did not move. Each statement is created at its day's
/// last second in the acquirer's zone.
fn statements_close_at_the_ledger(run: &Checked, statements: &[(&str, &str)]) {
    let (name, sc) = (&run.name, &run.sc);
    let mut closing = std::collections::BTreeMap::new();
    for (file, text) in statements {
        let day: corridor::domain::Date = file["camt.053-".len()..file.len() - ".xml".len()].parse().unwrap();
        let last_second =
            sc.acquirer.zone.midnight(day.tomorrow().unwrap()) + corridor::engine::Duration::from_secs(-1);
        let created = sc.acquirer.zone.strftime(last_second, "%Y-%m-%dT%H:%M:%S%:z");
        assert_eq!(between(text, "<CreDtTm>", "</CreDtTm>"), created, "{name} {file}");
        assert!(created.starts_with(&format!("{day}T23:59:59")), "{created}");
        closing.insert(day, balance(text, "CLBD"));
    }
    let (first, last) = (*run.ledger.keys().next().unwrap(), *run.ledger.keys().last().unwrap());
    assert!(closing.keys().all(|d| (first..=last).contains(d)), "{name}");
    let at_end_of = |m: &std::collections::BTreeMap<corridor::domain::Date, rust_decimal::Decimal>, day| {
        m.range(..=day)
            .next_back()
            .map_or(rust_decimal::Decimal::ZERO, |(_, b)| *b)
    };
    let (mut day, mut business_days) = (first, 0);
    while day <= last {
        if sc.acquirer.calendar.is_open(day).unwrap() {
            assert_eq!(at_end_of(&closing, day), at_end_of(&run.ledger, day), "{name}: {day}");
            business_days += 1;
        } else {
            assert!(!closing.contains_key(&day), "{name}: a statement on closed {day}");
        }
        day = day.tomorrow().unwrap();
    }
    assert!(business_days >= closing.len(), "{name}");
}

/// A camt.053 entry's amount, negative for a debit.
fn signed(entry: &str) -> rust_decimal::Decimal {
    let a: rust_decimal::Decimal = between(entry, "<Amt Ccy=\"EUR\">", "</Amt>").parse().unwrap();
    if between(entry, "<CdtDbtInd>", "</CdtDbtInd>") == "DBIT" {
        -a
    } else {
        a
    }
}

/// The log's events of one kind, parsed; lines of other kinds are skipped
/// unparsed (scale-1m's log has millions).
fn events(log: &str, kind: &str) -> Vec<serde_json::Value> {
    let tag = format!("\"kind\":\"{kind}\"");
    log.lines()
        .filter(|l| l.contains(&tag))
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["kind"] == kind)
        .collect()
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

/// Two exports of the default scenario are byte-identical (statements are
/// stamped at their business day's last second in the acquirer's zone,
/// never at the wall clock), and hold the files the README lists.
#[test]
fn the_same_run_exports_the_same_bytes() {
    let read = |n: u32| {
        let dir = std::env::temp_dir().join(format!("corridor-export-same-{}-{n}", std::process::id()));
        let o = corridor(&["run", "--export", dir.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        std::fs::remove_dir_all(&dir).unwrap();
        files
    };
    let first = read(1);
    assert!(first == read(2), "two exports differ");
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    let days = ["02-14", "02-15", "02-23", "02-26", "02-27", "02-28", "03-05"];
    let mut expected: Vec<String> = days.iter().map(|d| format!("camt.053-2018-{d}.xml")).collect();
    expected.extend(days.iter().map(|d| format!("pain.001-2018-{d}.xml")));
    expected.extend(["payments.csv", "payouts.csv", "remittances.csv"].map(String::from));
    assert_eq!(names, expected);
    let text = |name: &str| String::from_utf8(first.iter().find(|(n, _)| n == name).unwrap().1.clone()).unwrap();
    assert!(text("camt.053-2018-02-14.xml").contains("<CreDtTm>2018-02-14T23:59:59+01:00</CreDtTm>"));
    assert!(text("pain.001-2018-02-14.xml").contains("<CreDtTm>2018-02-14T14:00:00+01:00</CreDtTm>"));
}

/// A run that cannot start (bad input) writes no bank file and creates no
/// directory.
#[test]
fn a_run_that_fails_exports_nothing() {
    let dir = dir_with("export-bad-input", &[("bad.toml", "[scenario]\nname = \"x\"\n")]);
    let out = dir.join("out");
    let o = corridor_in(Some(&dir), &["run", "bad.toml", "--export", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists());
}
