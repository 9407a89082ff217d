//! What `corridor test` found in one scenario: the shape its text output
//! and its JUnit report are both written from.

/// How one scenario did.
pub struct Outcome {
    /// The file as found (`scenarios/baseline.toml`).
    pub file: String,
    /// The scenario's name.
    pub name: String,
    /// Expectations checked.
    pub expectations: usize,
    /// What went wrong, in order: broken expectations, then the golden.
    pub failures: Vec<Failure>,
    /// `--update` wrote a new golden.
    pub updated: bool,
}

/// One thing that failed in a scenario.
pub struct Failure {
    /// `expectation`, `golden` or `invariant`: the JUnit failure type.
    pub kind: &'static str,
    /// One line.
    pub title: String,
    /// The title, or the unified diff of the report.
    pub detail: String,
}
