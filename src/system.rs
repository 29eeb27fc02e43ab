//! Admin → System: the numbers an admin asks about, as the server measured them (the database
//! and the counters it keeps), and the arithmetic on them (percentiles, chart scales), shared by
//! the server that fills the report and the page that draws it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Posts by how their sends ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcomes {
    pub published: u32,
    pub failed: u32,
    pub needs_review: u32,
}

impl Outcomes {
    pub fn total(&self) -> u32 {
        self.published + self.failed + self.needs_review
    }
}

/// One day of the posts-per-day chart (UTC days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    pub day: NaiveDate,
    pub outcomes: Outcomes,
    /// The median publish delay of the day's published posts, in milliseconds.
    pub delay_p50_ms: Option<i64>,
}

/// How late posts went out after their time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delay {
    pub p50_ms: i64,
    pub p99_ms: i64,
    /// How many published posts the figures come from.
    pub posts: u32,
}

/// What a release source is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceState {
    Working,
    /// It failed several times in a row; Liner does not ask it for a while.
    CircuitOpen,
    NotConfigured,
}

impl SourceState {
    pub fn label(self) -> &'static str {
        match self {
            SourceState::Working => "Working",
            SourceState::CircuitOpen => "Failing: not asked for a while (circuit open)",
            SourceState::NotConfigured => "Not configured",
        }
    }
}

/// A release source, and how often its answers came from Liner's cache since start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceStatus {
    pub name: String,
    pub state: SourceState,
    pub cache_hits: u64,
    pub cache_misses: u64,
}

impl SourceStatus {
    /// The share of lookups the cache answered, when there were any.
    pub fn hit_rate(&self) -> Option<f64> {
        let all = self.cache_hits + self.cache_misses;
        (all > 0).then(|| self.cache_hits as f64 / all as f64)
    }
}

/// A backup `liner backup` wrote and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub at: DateTime<Utc>,
    pub bytes: u64,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemReport {
    pub generated_at: DateTime<Utc>,
    /// Posts scheduled and not yet sent (any time), and of those, how many are due.
    pub waiting: u32,
    pub due_now: u32,
    pub next_due: Option<DateTime<Utc>>,
    pub last_24h: Outcomes,
    pub last_30d: Outcomes,
    /// Over the last 30 days; `None` before the first publish.
    pub delay: Option<Delay>,
    /// Sends Discord answered "rate limited" (429), which Liner waited out.
    pub rate_limited_24h: u32,
    pub rate_limited_30d: u32,
    pub sources: Vec<SourceStatus>,
    pub database_bytes: u64,
    /// The last `liner backup`, `None` before the first.
    pub last_backup: Option<Backup>,
    pub version: String,
    pub uptime_seconds: u64,
    /// The last 30 days, oldest first, every day present.
    pub days: Vec<Day>,
}

/// The `pct` percentile (0–100) of `values` by the nearest-rank method; `None` when empty.
/// Sorts `values`.
pub fn percentile(values: &mut [i64], pct: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (u64::from(pct.min(100)) * values.len() as u64).div_ceil(100);
    let index = rank.saturating_sub(1) as usize;
    values.get(index.min(values.len() - 1)).copied()
}

/// A duration as an admin reads it: "850 ms", "4.2 s", "3 min 5 s", "2 h 10 min".
pub fn human_ms(ms: i64) -> String {
    let ms = ms.max(0);
    match ms {
        0..=999 => format!("{ms} ms"),
        1_000..=59_999 => format!("{:.1} s", ms as f64 / 1000.0),
        60_000..=3_599_999 => format!("{} min {} s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{} h {} min", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// A byte count as an admin reads it.
pub fn human_bytes(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.2} GB", b / KB / KB / KB)
    }
}

/// A round top for a chart's axis at or above `max` (1, 2, 5 × 10ⁿ), never below 1.
pub fn nice_ceiling(max: f64) -> f64 {
    if max <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|top| *top >= max)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut v: Vec<i64> = (1..=100).collect();
        assert_eq!(percentile(&mut v, 50), Some(50));
        assert_eq!(percentile(&mut v, 99), Some(99));
        assert_eq!(percentile(&mut v, 100), Some(100));
        let mut one = vec![7];
        assert_eq!(percentile(&mut one, 99), Some(7));
        let mut unsorted = vec![30, 10, 20];
        assert_eq!(percentile(&mut unsorted, 50), Some(20));
        assert_eq!(percentile(&mut [], 50), None);
        assert_eq!(percentile(&mut [5, 1], 0), Some(1));
    }

    #[test]
    fn durations_and_sizes_read_as_people_say_them() {
        assert_eq!(human_ms(170), "170 ms");
        assert_eq!(human_ms(4_200), "4.2 s");
        assert_eq!(human_ms(185_000), "3 min 5 s");
        assert_eq!(human_ms(7_800_000), "2 h 10 min");
        assert_eq!(human_ms(-5), "0 ms");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3 * 1024 * 1024 + 1), "3.0 MB");
    }

    #[test]
    fn chart_ceilings_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.0), 5.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(250.0), 500.0);
    }

    #[test]
    fn hit_rate_only_with_lookups() {
        let mut s = SourceStatus {
            name: "Spotify".into(),
            state: SourceState::Working,
            cache_hits: 0,
            cache_misses: 0,
        };
        assert_eq!(s.hit_rate(), None);
        s.cache_hits = 3;
        s.cache_misses = 1;
        assert_eq!(s.hit_rate(), Some(0.75));
    }
}
