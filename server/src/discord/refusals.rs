//! Discord's refusals (401, 403, 429) over the last ten minutes. Discord temporarily bans an IP
//! address that gets 10,000 of them in ten minutes, and a banned Liner cannot publish. Sign-in
//! is where strangers can make Liner call Discord, so sign-ins pause well before the threshold;
//! sends go on, since they are what the ban would stop.

use reqwest::StatusCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Discord's window.
const WINDOW: Duration = Duration::from_secs(600);
/// One slot per minute of the window.
const SLOTS: usize = 10;
/// Sign-ins pause at a fifth of Discord's 10,000: a healthy Liner gets a handful a day.
pub const PAUSE_AT: u32 = 2_000;

/// The counts, a slot a minute.
#[derive(Debug)]
pub struct Refusals {
    started: Instant,
    slots: Mutex<[(u64, u32); SLOTS]>,
}

impl Default for Refusals {
    fn default() -> Self {
        Refusals {
            started: Instant::now(),
            slots: Mutex::new([(u64::MAX, 0); SLOTS]),
        }
    }
}

fn counts(status: StatusCode) -> bool {
    matches!(status.as_u16(), 401 | 403 | 429)
}

impl Refusals {
    fn minute(&self, at: Instant) -> u64 {
        at.saturating_duration_since(self.started).as_secs() / 60
    }

    /// Counts an answer from Discord, if it is a refusal.
    pub fn note(&self, status: StatusCode) {
        self.note_at(status, Instant::now());
    }

    fn note_at(&self, status: StatusCode, at: Instant) {
        if !counts(status) {
            return;
        }
        metrics::counter!("liner_discord_refusals_total", "status" => status.as_u16().to_string())
            .increment(1);
        let minute = self.minute(at);
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let slot = &mut slots[(minute % SLOTS as u64) as usize];
        if slot.0 != minute {
            *slot = (minute, 0);
        }
        slot.1 = slot.1.saturating_add(1);
    }

    /// Refusals in the last ten minutes.
    pub fn recent(&self) -> u32 {
        self.recent_at(Instant::now())
    }

    fn recent_at(&self, at: Instant) -> u32 {
        let now = self.minute(at);
        let oldest = now.saturating_sub(WINDOW.as_secs() / 60 - 1);
        let slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots
            .iter()
            .filter(|(minute, _)| *minute != u64::MAX && (oldest..=now).contains(minute))
            .map(|(_, n)| *n)
            .sum()
    }

    /// Whether sign-ins should wait: Discord refused too much lately.
    pub fn pause_sign_ins(&self) -> bool {
        self.recent() >= PAUSE_AT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_refusals_count_and_they_age_out_after_ten_minutes() {
        let r = Refusals::default();
        let t0 = r.started;
        for status in [200, 204, 400, 404, 500] {
            r.note_at(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), t0);
        }
        assert_eq!(r.recent_at(t0), 0);
        for status in [401, 403, 429] {
            r.note_at(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), t0);
        }
        assert_eq!(r.recent_at(t0), 3);
        let later = t0 + Duration::from_secs(9 * 60 + 30);
        r.note_at(StatusCode::UNAUTHORIZED, later);
        assert_eq!(r.recent_at(later), 4, "still inside the window");
        let past = t0 + Duration::from_secs(10 * 60 + 1);
        assert_eq!(r.recent_at(past), 1, "the first minute's have aged out");
    }

    #[test]
    fn sign_ins_pause_at_the_threshold() {
        let r = Refusals::default();
        for _ in 0..PAUSE_AT - 1 {
            r.note(StatusCode::UNAUTHORIZED);
        }
        assert!(!r.pause_sign_ins());
        r.note(StatusCode::TOO_MANY_REQUESTS);
        assert!(r.pause_sign_ins());
    }
}
