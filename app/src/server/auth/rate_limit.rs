//! Failed sign-ins, counted per email address and per client IP address, so a password cannot be
//! guessed by brute force.
//!
//! **Per instance, in memory.** The design wants counters that must hold across instances in
//! Postgres; this limiter is the interim: with N instances behind a load balancer an attacker gets
//! up to N × [`MAX_FAILURES`] guesses per window. Moving the counts to a `login_attempts` table
//! keeps this interface.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Failed attempts allowed per key and window: a person who forgot their password gets several
/// tries; a guesser gets a few dozen a day per address.
pub const MAX_FAILURES: u32 = 10;
/// The window the failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Above this many keys, stale ones are swept: memory stays bounded under a spray of addresses.
/// After a sweep the next one waits until the table has doubled, so sweeping costs O(1) per
/// attempt however many fresh keys a spray leaves (sweeping on every attempt was quadratic).
const SWEEP_ABOVE: usize = 10_000;
/// Keys kept at most (fresh ones included). Each is at most an e-mail address of
/// [`super::local::MAX_EMAIL_CHARS`], so the table stays under about 40 MB. Past it, attempts that
/// need a new key are refused: only a spray from thousands of addresses within one window gets
/// there, and refusing is safer than forgetting a guesser's count.
const MAX_KEYS: usize = 100_000;

/// Counts sign-in attempts in fixed windows per key (`email:…`, `ip:…`).
#[derive(Debug, Default)]
pub struct LoginRateLimiter {
    counts: Mutex<Counts>,
}

/// Windows per key, and the size at which stale ones are next swept.
#[derive(Debug, Default)]
struct Counts {
    windows: HashMap<String, (Instant, u32)>,
    sweep_at: usize,
}

impl Counts {
    /// Drops the windows older than `window`, when the table has grown enough since last time.
    fn sweep(&mut self, now: Instant, window: Duration) {
        if self.windows.len() > self.sweep_at.max(SWEEP_ABOVE) {
            self.windows
                .retain(|_, (start, _)| now.duration_since(*start) < window);
            self.sweep_at = self.windows.len() * 2;
        }
    }
}

impl LoginRateLimiter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts an attempt for this email (when given: an over-long one is not a key worth keeping)
    /// and from this address, **before** the password is checked, so concurrent guesses cannot
    /// all pass the check while the slow hash runs. `false` when either is over its allowance: the
    /// attempt must then be refused without checking anything.
    pub fn try_attempt(&self, email: Option<&str>, ip: Option<IpAddr>) -> bool {
        let now = Instant::now();
        let mut guard = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let keys = keys(email, ip);
        let live = |entry: Option<&(Instant, u32)>| match entry {
            Some((start, n)) if now.duration_since(*start) < WINDOW => *n,
            _ => 0,
        };
        if keys
            .iter()
            .any(|k| live(guard.windows.get(k)) >= MAX_FAILURES)
        {
            return false;
        }
        guard.sweep(now, WINDOW);
        let counts = &mut guard.windows;
        let new_keys = keys.iter().filter(|k| !counts.contains_key(*k)).count();
        if counts.len() + new_keys > MAX_KEYS {
            return false;
        }
        for key in keys {
            let entry = counts.entry(key).or_insert((now, 0));
            if now.duration_since(entry.0) >= WINDOW {
                *entry = (now, 0);
            }
            entry.1 += 1;
        }
        true
    }

    /// A successful sign-in clears the email's count and takes its attempt back from the
    /// address (but not the address's earlier failures: one success must not reset a guesser
    /// who also owns an account).
    pub fn record_success(&self, email: &str, ip: Option<IpAddr>) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.windows.remove(&format!("email:{email}"));
        if let Some(ip) = ip {
            if let Some(entry) = counts.windows.get_mut(&format!("ip:{ip}")) {
                entry.1 = entry.1.saturating_sub(1);
            }
        }
    }
}

fn keys(email: Option<&str>, ip: Option<IpAddr>) -> Vec<String> {
    let mut keys = Vec::with_capacity(2);
    if let Some(email) = email {
        keys.push(format!("email:{email}"));
    }
    if let Some(ip) = ip {
        keys.push(format!("ip:{ip}"));
    }
    keys
}

/// Username availability checks (and changes) allowed per person and minute: plenty for typing
/// (the dashboard waits for a pause), too few to enumerate the taken names.
pub const USERNAME_CHECKS_PER_MINUTE: u32 = 60;
/// Sign-ups answered "this email has an account" per client address and hour, after which the
/// address cannot sign up until the hour is over: a person who forgot they had an account hits it
/// once or twice; a harvester of addresses hits it all the time. Only those answers count, so a
/// busy sign-up day behind one proxy address is not refused.
pub const TAKEN_EMAILS_PER_HOUR: u32 = 20;

/// Counts requests per key in fixed windows: at most `max` per `window` (e.g. username
/// availability checks as someone types). Per instance, like [`LoginRateLimiter`].
#[derive(Debug)]
pub struct Throttle {
    max: u32,
    window: Duration,
    counts: Mutex<Counts>,
}

impl Throttle {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            counts: Mutex::default(),
        }
    }

    /// Whether `key` has allowance left this window, without counting anything.
    pub fn allows(&self, key: &str) -> bool {
        let now = Instant::now();
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        match counts.windows.get(key) {
            Some((start, n)) if now.duration_since(*start) < self.window => *n < self.max,
            _ => true,
        }
    }

    /// Counts one request for `key`; `false` when the key is over its allowance this window.
    pub fn hit(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut guard = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        guard.sweep(now, self.window);
        let counts = &mut guard.windows;
        if counts.len() >= MAX_KEYS && !counts.contains_key(key) {
            return false;
        }
        let entry = counts.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throttle_allows_its_allowance_per_key_then_refuses() {
        let throttle = Throttle::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(throttle.hit("a"));
        }
        assert!(!throttle.hit("a"), "the fourth in the window is refused");
        assert!(throttle.hit("b"), "another key has its own allowance");
        let short = Throttle::new(1, Duration::from_millis(1));
        assert!(short.hit("a"));
        std::thread::sleep(Duration::from_millis(5));
        assert!(short.hit("a"), "a new window starts afresh");
    }

    #[test]
    fn the_eleventh_attempt_in_a_window_is_refused_per_email_and_per_address() {
        let limiter = LoginRateLimiter::new();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.try_attempt(Some("ana@x.org"), Some(ip)));
        }
        assert!(!limiter.try_attempt(Some("ana@x.org"), None), "per email");
        assert!(
            !limiter.try_attempt(Some("bo@x.org"), Some(ip)),
            "per address"
        );
        assert!(limiter.try_attempt(Some("bo@x.org"), Some("192.0.2.2".parse().unwrap())));
    }

    #[test]
    fn concurrent_attempts_are_counted_before_any_is_checked() {
        let limiter = std::sync::Arc::new(LoginRateLimiter::new());
        let allowed: u32 = std::thread::scope(|s| {
            let handles: Vec<_> = (0..30)
                .map(|_| {
                    let limiter = limiter.clone();
                    s.spawn(move || limiter.try_attempt(Some("ana@x.org"), None) as u32)
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(
            allowed, MAX_FAILURES,
            "30 at once: exactly the allowance passes"
        );
    }

    #[test]
    fn a_success_clears_the_email_but_not_the_addresses_earlier_failures() {
        let limiter = LoginRateLimiter::new();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..MAX_FAILURES - 1 {
            assert!(limiter.try_attempt(Some("ana@x.org"), Some(ip)));
        }
        assert!(limiter.try_attempt(Some("ana@x.org"), Some(ip)));
        limiter.record_success("ana@x.org", Some(ip));
        assert!(
            limiter.try_attempt(Some("ana@x.org"), None),
            "the email is clear"
        );
        assert!(
            limiter.try_attempt(Some("bo@x.org"), Some(ip)),
            "the success's attempt is given back to the address"
        );
        assert!(
            !limiter.try_attempt(Some("bo@x.org"), Some(ip)),
            "but its failures stay: the address is now at its allowance"
        );
    }

    #[test]
    fn the_table_of_keys_stops_growing_at_its_cap() {
        let limiter = LoginRateLimiter::new();
        for i in 0..MAX_KEYS {
            assert!(limiter.try_attempt(Some(&format!("{i}@x.org")), None));
        }
        assert!(
            !limiter.try_attempt(Some("new@x.org"), None),
            "a new key past the cap is refused"
        );
        assert!(
            limiter.try_attempt(Some("1@x.org"), None),
            "a known key is still counted"
        );
        assert_eq!(limiter.counts.lock().unwrap().windows.len(), MAX_KEYS);
    }
}
