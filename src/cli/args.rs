//! The flags, as clap reads them. Usage errors exit with status 2.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report::sweep::{Seeds, Shard, Vary};
use crate::scenario::edit::Change;

/// corridor: a deterministic payment-flow simulator of a Chinese wallet
/// accepted by euro-area merchants (CNY in, EUR out).
///
/// Without a command, `corridor` runs the default bundled scenario
/// (spring-festival-2018) and prints its report.
#[derive(Parser, Debug)]
#[command(name = "corridor", version, about, long_about, after_long_help = fault_reasons())]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a scenario and print its report.
    Run(RunArgs),
    /// Explore a run in the terminal: move the clock both ways, watch the
    /// money move, follow a payment, try a what-if.
    Explore {
        /// A scenario file (.toml) or the name of a bundled scenario
        /// [default: spring-festival-2018].
        scenario: Option<String>,
        /// Overrides the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Changes one key of the scenario as if the file said so
        /// (repeatable): `--set settlement_bank.minimum="5000 EUR"`,
        /// `--set faults[1].reason=AC01`. See `corridor schema scenario`.
        #[arg(long = "set", value_name = "KEY=VALUE", value_parser = Change::parse_set)]
        set: Vec<Change>,
    },
    /// A payment's life, step by step, as a sequence across the six agents.
    Explain {
        /// A scenario file (.toml) or the name of a bundled scenario.
        scenario: String,
        /// The payment to follow (`P00000042`).
        #[arg(long, value_name = "ID")]
        payment: String,
        /// Overrides the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Print a Mermaid sequence diagram instead of text.
        #[arg(long)]
        mermaid: bool,
        /// Changes one key of the scenario as if the file said so
        /// (repeatable): `--set settlement_bank.minimum="5000 EUR"`,
        /// `--set faults[1].reason=AC01`. See `corridor schema scenario`.
        #[arg(long = "set", value_name = "KEY=VALUE", value_parser = Change::parse_set)]
        set: Vec<Change>,
    },
    /// Print a JSON Schema (draft 2020-12) of scenario files or of the JSON
    /// report: for editors (VS Code with Even Better TOML / taplo) and for CI
    /// that validates what it parses.
    Schema {
        /// Which schema: `scenario` (TOML scenario files) or `report`
        /// (`corridor run --format json`).
        #[arg(value_enum)]
        of: SchemaOf,
    },
    /// Validate scenario files without running them.
    #[command(after_long_help = fault_reasons())]
    Check {
        /// Scenario files or bundled scenario names.
        #[arg(required = true)]
        scenarios: Vec<String>,
    },
    /// Run scenario files as regression tests: check each one's [[expect]]
    /// tables and compare its text report with the golden file beside it
    /// (NAME.report.txt for NAME.toml). Exit 0 all passed, 1 some failed,
    /// 2 bad input.
    Test(TestArgs),
    /// Run a scenario once per seed and print each metric's distribution
    /// (min, p5, p50, p95, max, mean) over the seeds; the same output for
    /// any --jobs. `corridor sweep merge` combines shards.
    Sweep(SweepArgs),
    /// Compare two runs side by side: every metric of `corridor test
    /// --metrics` with its difference, how many purchases the change redrew,
    /// and the payments whose outcome changed. `corridor diff A B`, or
    /// `corridor diff SCENARIO --set KEY=VALUE ...` for the scenario against
    /// itself changed. Exit 0 (even when they differ), 2 bad input.
    Diff(DiffArgs),
    /// A course for new staff: lessons that stop at instants of a run,
    /// point at the explorer's panels, ask you to predict what happens next
    /// and explain each answer from what the simulation did. Without a
    /// lesson, opens the course's list.
    Learn(LearnArgs),
    /// List the bundled scenarios.
    Scenarios,
    /// Time a scenario on this machine: payments/s and events/s without the
    /// event log, lines/s writing it (to nowhere), and the peak memory.
    Bench {
        /// A scenario file (.toml) or the name of a bundled scenario.
        #[arg(default_value = "scale-1m")]
        scenario: String,
        /// Runs of each kind; the median is printed.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
        runs: u32,
    },
    /// Show a builtin calendar's year (CN, TARGET2, ALWAYS, WEEKENDS).
    Calendar {
        /// The calendar's name.
        name: String,
        /// The year to show, 1900 to 2200.
        #[arg(long, default_value_t = 2018, value_parser = year)]
        year: i16,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(clap::Args, Debug, Default)]
pub struct RunArgs {
    /// A scenario file (.toml) or the name of a bundled scenario
    /// [default: spring-festival-2018].
    pub scenario: Option<String>,
    /// Overrides the scenario's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Changes one key of the scenario as if the file said so
    /// (repeatable): `--set settlement_bank.minimum="5000 EUR"`,
    /// `--set faults[1].reason=AC01`. See `corridor schema scenario`.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = Change::parse_set)]
    pub set: Vec<Change>,
    /// Writes the event log (JSON Lines) to FILE; `-` for standard output.
    #[arg(long, value_name = "FILE")]
    pub events: Option<String>,
    /// Writes the run's bank files into DIR (created if missing): a
    /// pain.001.001.09 per payout run, a pain.008.001.08 per direct-debit
    /// run, a camt.053.001.08 per business day
    /// with a movement on the acquirer's EUR account, and payments.csv,
    /// payouts.csv, remittances.csv. Only corridor's own files there are replaced; a
    /// failed run writes none.
    #[arg(long, value_name = "DIR")]
    pub export: Option<PathBuf>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `corridor learn`'s flags.
#[derive(clap::Args, Debug, Default)]
pub struct LearnArgs {
    /// A bundled lesson's id (see --list) or a lesson file (.toml).
    pub lesson: Option<String>,
    /// List the course's lessons, in teaching order, and exit.
    #[arg(long, conflicts_with_all = ["lesson", "markdown"])]
    pub list: bool,
    /// Print the lesson as a Markdown handout (questions, then the answers
    /// computed from the run, then Mermaid sequence diagrams) instead of
    /// opening it.
    #[arg(long, requires = "lesson")]
    pub markdown: bool,
}

/// `corridor test`'s flags.
#[derive(clap::Args, Debug, Default)]
pub struct TestArgs {
    /// Scenario files, or directories searched (recursively) for *.toml
    /// [default: the current directory].
    pub paths: Vec<String>,
    /// Write each scenario's golden report (NAME.report.txt) instead of
    /// comparing with it; expectations are still checked.
    #[arg(long)]
    pub update: bool,
    /// Also write a JUnit XML report to FILE (one test case per scenario).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<String>,
    /// Scenarios run at once; the output is the same for any number
    /// [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// List every metric with its unit and meaning, and exit.
    #[arg(long)]
    pub metrics: bool,
    /// Changes one key of every scenario as if the file said so
    /// (repeatable): `--set settlement_bank.minimum="5000 EUR"`,
    /// `--set faults[1].reason=AC01`. See `corridor schema scenario`.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = Change::parse_set)]
    pub set: Vec<Change>,
}

/// `corridor diff`'s flags.
#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// A and B: scenario files (.toml) or bundled names; B may be left out
    /// when --set changes A.
    #[arg(required = true, num_args = 1..=2, value_name = "SCENARIO")]
    pub scenarios: Vec<String>,
    /// Overrides both scenarios' seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Changes one key of B (of A, when B is left out) as if the file said
    /// so (repeatable): `--set settlement_bank.minimum="5000 EUR"`.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = Change::parse_set)]
    pub set: Vec<Change>,
    /// The comparison's format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `corridor sweep`'s flags.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SweepArgs {
    /// `merge`: combine shards instead of running.
    #[command(subcommand)]
    pub merge: Option<SweepCommand>,
    /// A scenario file (.toml) or the name of a bundled scenario.
    #[arg(required = true)]
    pub scenario: Option<String>,
    /// The seeds, both included: `1..1000`. Each replaces the scenario's
    /// seed as `--seed` does.
    #[arg(long, value_name = "A..B", required = true, value_parser = Seeds::parse)]
    pub seeds: Option<Seeds>,
    /// Run only the I-th of N contiguous slices of the seeds (from 1/N to
    /// N/N); write it as JSON and combine the parts with `corridor sweep
    /// merge`.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// Seeds run at once; the output is the same for any number
    /// [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// The output's format.
    #[arg(long, value_enum, default_value_t = SweepFormat::Text)]
    pub format: SweepFormat,
    /// Changes one key of the scenario as if the file said so
    /// (repeatable): `--set settlement_bank.minimum="5000 EUR"`,
    /// `--set faults[1].reason=AC01`. See `corridor schema scenario`.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = Change::parse_set)]
    pub set: Vec<Change>,
    /// Sweeps a key over values too (repeatable: a grid), each cell run
    /// over every seed: `--vary settlement_bank.minimum="650 EUR","5000 EUR"`.
    /// Values are separated by commas (one inside quotes or brackets stays).
    #[arg(long, value_name = "KEY=V1,V2,...", value_parser = Vary::parse)]
    pub vary: Vec<Vary>,
}

/// `corridor sweep merge`.
#[derive(Subcommand, Debug)]
pub enum SweepCommand {
    /// Combine the JSON of every shard of one sweep (`--shard I/N --format
    /// json`) into exactly what the whole sweep prints.
    Merge {
        /// The shards' JSON files, in any order.
        #[arg(required = true, value_name = "PART")]
        parts: Vec<PathBuf>,
        /// The output's format.
        #[arg(long, value_enum, default_value_t = SweepFormat::Text)]
        format: SweepFormat,
    },
}

/// How `corridor sweep` writes its result.
#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SweepFormat {
    /// A table for people.
    #[default]
    Text,
    /// The distributions and every seed's values (mergeable).
    Json,
    /// One row per metric.
    Csv,
}

/// What `corridor schema` describes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaOf {
    /// Scenario files (TOML).
    Scenario,
    /// The JSON report.
    Report,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// The `reason` codes `[[faults]]` take, by the R-transaction each fault
/// produces, with their meanings: printed after `--help`.
fn fault_reasons() -> String {
    let mut out = String::from(
        "Fault reasons ([[faults]] reason): the EPC lists, one per R-transaction.\n\
         payout_reject: an SCT reject; under scheme = \"SCT_INST\" an SCT Inst reject (an SCT\n\
         reject too while payouts above a cap go by SCT).\n\
         payout_return: an SCT return; SCT Inst has no return, so under SCT_INST the merchant's\n\
         bank rejects the instant payout (an SCT Inst reject).\n\
         direct_debit_return: an SDD return. SDD rejects and refunds are listed for reference.\n",
    );
    for line in crate::domain::reason::glossary() {
        out.push('\n');
        out.push_str(&line);
    }
    out
}

/// `--year`: a year corridor simulates, said in the calendar's terms rather
/// than as an integer type's range.
fn year(text: &str) -> Result<i16, String> {
    text.trim()
        .parse::<i16>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| format!("`{text}` is not a year corridor simulates: use a year from 1900 to 2200"))
}
