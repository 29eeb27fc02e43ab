//! Admin → System: the report, assembled from the database (`db::report`) and the lookup's
//! own counters. Nothing is estimated: a figure Liner does not keep is absent, not guessed.

use super::{Admin, AdminError};
use crate::db::{now_ms, report, settings};
use chrono::{DateTime, NaiveDate, Utc};
use liner::audit::AuditKind;
use liner::system::{percentile, Backup, Day, Delay, Outcomes, SystemReport};
use liner::AdminViewer;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// The window of the monthly figures and the charts.
const DAYS: i64 = 30;

fn day_of(ms: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .date_naive()
}

fn count(outcomes: &mut Outcomes, kind: AuditKind) {
    match kind {
        AuditKind::PostPublished => outcomes.published += 1,
        AuditKind::PostFailed => outcomes.failed += 1,
        AuditKind::PostNeedsReview => outcomes.needs_review += 1,
        _ => {}
    }
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

impl Admin {
    pub async fn system(&self, _admin: &AdminViewer) -> Result<SystemReport, AdminError> {
        let now = now_ms();
        let month = now - DAYS * DAY_MS;
        let today = day_of(now);
        let figures = self
            .db
            .run(move |c| {
                Ok((
                    report::queue(c, now)?,
                    report::outcomes_since(c, month)?,
                    report::delays_since(c, month)?,
                    report::rate_limited_since(c, now - DAY_MS)?,
                    report::rate_limited_since(c, month)?,
                    report::size(c)?,
                    settings::last_backup(c)?,
                ))
            })
            .await?;
        let ((waiting, due, next), outcomes, delays, limited_day, limited_month, bytes, backup) =
            figures;
        let mut days: Vec<Day> = (0..DAYS)
            .rev()
            .filter_map(|back| today.checked_sub_days(chrono::Days::new(back as u64)))
            .map(|day| Day {
                day,
                outcomes: Outcomes::default(),
                delay_p50_ms: None,
            })
            .collect();
        let (mut last_24h, mut last_30d) = (Outcomes::default(), Outcomes::default());
        for (kind, at) in outcomes {
            count(&mut last_30d, kind);
            if at >= now - DAY_MS {
                count(&mut last_24h, kind);
            }
            if let Some(d) = days.iter_mut().find(|d| d.day == day_of(at)) {
                count(&mut d.outcomes, kind);
            }
        }
        for d in &mut days {
            let mut that_day: Vec<i64> = delays
                .iter()
                .filter(|(at, _)| day_of(*at) == d.day)
                .map(|(_, late)| *late)
                .collect();
            d.delay_p50_ms = percentile(&mut that_day, 50);
        }
        let mut all: Vec<i64> = delays.iter().map(|(_, late)| *late).collect();
        let delay = match (percentile(&mut all, 50), percentile(&mut all, 99)) {
            (Some(p50_ms), Some(p99_ms)) => Some(Delay {
                p50_ms,
                p99_ms,
                posts: to_u32(all.len() as i64),
            }),
            _ => None,
        };
        Ok(SystemReport {
            generated_at: DateTime::from_timestamp_millis(now).unwrap_or_default(),
            waiting: to_u32(waiting),
            due_now: to_u32(due),
            next_due: next.and_then(DateTime::from_timestamp_millis),
            last_24h,
            last_30d,
            delay,
            rate_limited_24h: to_u32(limited_day),
            rate_limited_30d: to_u32(limited_month),
            sources: self.lookup.source_states(),
            database_bytes: bytes,
            last_backup: backup.and_then(|(at, bytes)| {
                DateTime::from_timestamp_millis(at).map(|at| Backup { at, bytes })
            }),
            version: env!("CARGO_PKG_VERSION").to_string(),
            uptime_seconds: self.started.elapsed().as_secs(),
            days,
        })
    }
}
