//! Cost and abuse limits: one parse at a time per person, and a daily number of AI parses per
//! person.
//!
//! - One at a time is kept **in memory, per instance**: it bounds the CPU one person takes on the
//!   instance doing the work; behind a load balancer a person could run one per instance, which
//!   the per-person upload allowance and the daily limit still bound.
//! - The daily number is counted in the database ([`Counters`]), so N instances do not give N
//!   daily allowances and a restart does not reset it. The day is the UTC day.

use std::sync::Arc;

use crate::server::{
    counters::{key, now_ms, Counters},
    in_flight::{InFlight, InFlightGuard},
    store::StoreError,
};

const DAY_MS: i64 = 86_400_000;

/// Who is parsing now, and how many AI parses each person has used today.
#[derive(Debug)]
pub struct Limits {
    /// One parse at a time per person.
    busy: Arc<InFlight>,
    /// `None`: the command line, which parses for nobody.
    counters: Option<Counters>,
}

impl Limits {
    pub fn new(counters: Option<Counters>) -> Self {
        Self {
            busy: Arc::new(InFlight::new(1)),
            counters,
        }
    }

    /// Starts a parse for `subject`, or `None` when one is already running for them; dropping
    /// the guard lets them start the next one.
    pub fn begin(&self, subject: &str) -> Option<InFlightGuard> {
        self.busy.begin(subject)
    }

    /// Counts one AI parse for `subject` if they have any left today (`limit` per UTC day).
    pub async fn take_daily(&self, subject: &str, limit: u32) -> Result<bool, StoreError> {
        let Some(counters) = &self.counters else {
            return Ok(true);
        };
        let day = now_ms() / DAY_MS;
        // The day is part of the key: tomorrow's count starts afresh even if today's row lingers.
        let who = format!("{subject}\u{0}{day}");
        counters
            .hit_until(&[&key("ai-daily", &who)], limit, (day + 1) * DAY_MS)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_parse_waits_for_the_first_to_finish() {
        let limits = Limits::new(None);
        let first = limits.begin("ada").expect("the first parse starts");
        assert!(limits.begin("ada").is_none(), "the same person is busy");
        assert!(limits.begin("grace").is_some(), "someone else is not");
        drop(first);
        assert!(
            limits.begin("ada").is_some(),
            "finished: the next may start"
        );
    }
}
