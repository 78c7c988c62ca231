//! Work in flight per person: at most a few of one kind at once, so that one account cannot hold
//! every slot of a shared resource (16 slow uploads from one person held every upload slot, and
//! everyone else waited 30 s for a 503).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

/// Counts what each key (a person's subject) has in flight; keys leave when their count is 0,
/// so memory follows the work actually in flight.
#[derive(Debug)]
pub struct InFlight {
    max: usize,
    counts: Mutex<HashMap<String, usize>>,
}

/// Held while one piece of work runs; dropping it frees the place.
#[derive(Debug)]
pub struct InFlightGuard {
    owner: Arc<InFlight>,
    key: String,
}

impl InFlight {
    /// At most `max` at once per key.
    pub fn new(max: usize) -> Self {
        Self {
            max,
            counts: Mutex::default(),
        }
    }

    /// Starts one piece of work for `key`, or `None` when it already has `max` in flight.
    pub fn begin(self: &Arc<Self>, key: &str) -> Option<InFlightGuard> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let count = counts.entry(key.to_string()).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(InFlightGuard {
            owner: Arc::clone(self),
            key: key.to_string(),
        })
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        let mut counts = self
            .owner
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_gets_its_allowance_and_a_finished_one_frees_its_place() {
        let in_flight = Arc::new(InFlight::new(2));
        let a1 = in_flight.begin("ana").expect("first");
        let _a2 = in_flight.begin("ana").expect("second");
        assert!(
            in_flight.begin("ana").is_none(),
            "a third at once is refused"
        );
        assert!(
            in_flight.begin("bo").is_some(),
            "another person is not affected"
        );
        drop(a1);
        assert!(
            in_flight.begin("ana").is_some(),
            "a finished one frees its place"
        );
    }

    #[test]
    fn keys_with_nothing_in_flight_are_forgotten() {
        let in_flight = Arc::new(InFlight::new(1));
        drop(in_flight.begin("ana"));
        assert!(in_flight.counts.lock().unwrap().is_empty());
    }
}
