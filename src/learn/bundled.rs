//! The course shipped inside the binary, in the order a trainer teaches it:
//! the lessons in `lessons/`, so `corridor learn` works from any directory.

/// A bundled lesson: its id and TOML text.
pub struct BundledLesson {
    /// What `corridor learn ID` takes, `"spring-festival"`.
    pub id: &'static str,
    /// The contents of `lessons/ID.toml`.
    pub text: &'static str,
}

/// `lessons!["a", "b"]`: each id's text from `lessons/ID.toml`.
macro_rules! lessons {
    [$($id:literal),* $(,)?] => {
        &[$(BundledLesson { id: $id, text: include_str!(concat!("../../lessons/", $id, ".toml")) },)*]
    };
}

/// The course, in teaching order.
pub const LESSONS: &[BundledLesson] = lessons![
    "four-corners",
    "payment-in-seconds",
    "clearing-day",
    "conversion",
    "spring-festival",
    "value-dates",
    "reconciliation",
    "payouts-and-returns",
    "refunds",
];

/// The bundled lesson `id`, if there is one.
pub fn find(id: &str) -> Option<&'static BundledLesson> {
    LESSONS.iter().find(|l| l.id == id)
}
