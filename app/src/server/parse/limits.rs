//! Cost and abuse limits: one parse at a time per person, and a daily number of AI parses per
//! person.
//!
//! Both are kept **in memory, per instance**: behind a load balancer with N instances a person
//! could run N parses at once and get up to N × the daily limit. That bounds the cost well enough
//! for a résumé site (a person uploads a handful of times); a shared counter would need a table
//! and a write per parse. A restart resets the counts.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
    time::{SystemTime, UNIX_EPOCH},
};

use crate::server::in_flight::{InFlight, InFlightGuard};

/// Who is parsing now, and how many AI parses each person has used today.
#[derive(Debug)]
pub struct Limits {
    /// One parse at a time per person.
    busy: Arc<InFlight>,
    used: Mutex<Used>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            busy: Arc::new(InFlight::new(1)),
            used: Mutex::default(),
        }
    }
}

#[derive(Debug, Default)]
struct Used {
    /// Days since the Unix epoch (UTC) that `counts` belong to.
    day: u64,
    counts: HashMap<String, u32>,
}

fn today() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}

impl Limits {
    /// Starts a parse for `subject`, or `None` when one is already running for them; dropping
    /// the guard lets them start the next one.
    pub fn begin(&self, subject: &str) -> Option<InFlightGuard> {
        self.busy.begin(subject)
    }

    /// Counts one AI parse for `subject` if they have any left today (`limit` per UTC day).
    pub fn take_daily(&self, subject: &str, limit: u32) -> bool {
        self.take_daily_on(subject, limit, today())
    }

    fn take_daily_on(&self, subject: &str, limit: u32, day: u64) -> bool {
        let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
        if used.day != day {
            // A new day: yesterday's counts go, which also keeps the map small.
            used.day = day;
            used.counts.clear();
        }
        let count = used.counts.entry(subject.to_string()).or_insert(0);
        if *count >= limit {
            return false;
        }
        *count += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_parse_waits_for_the_first_to_finish() {
        let limits = Limits::default();
        let first = limits.begin("ada").expect("the first parse starts");
        assert!(limits.begin("ada").is_none(), "the same person is busy");
        assert!(limits.begin("grace").is_some(), "someone else is not");
        drop(first);
        assert!(
            limits.begin("ada").is_some(),
            "finished: the next may start"
        );
    }

    #[test]
    fn the_daily_limit_counts_per_person_and_resets_the_next_day() {
        let limits = Limits::default();
        assert!(limits.take_daily_on("ada", 2, 100));
        assert!(limits.take_daily_on("ada", 2, 100));
        assert!(
            !limits.take_daily_on("ada", 2, 100),
            "third on the same day"
        );
        assert!(limits.take_daily_on("grace", 2, 100), "counted per person");
        assert!(limits.take_daily_on("ada", 2, 101), "a new day");
    }
}
