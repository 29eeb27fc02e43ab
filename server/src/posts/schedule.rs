//! Resolving "publish at this wall-clock time in this time zone" to an instant, with the time
//! zone database (chrono-tz), which is too big to ship to the browser.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use liner::views::ResolvedTime;

/// Why a publish time cannot be used; each reads as a sentence for the poster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("Choose a date and time to publish at.")]
    Malformed,
    #[error("“{0}” is not a time zone Liner knows.")]
    UnknownZone(String),
    #[error("{0} does not exist in {1}: the clocks skip that hour. Choose another time.")]
    Nonexistent(String, String),
    #[error("That time has already passed. Choose a time in the future.")]
    Past,
}

fn offset_label(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", s / 3600, s / 60 % 60)
}

/// Resolves `local` (`YYYY-MM-DDTHH:MM`) in `zone`. A time in a DST overlap takes the earlier
/// offset and says so; a time in a DST gap is refused, as is one before `now`.
pub fn resolve(local: &str, zone: &str, now: DateTime<Utc>) -> Result<ResolvedTime, ScheduleError> {
    let naive = NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| ScheduleError::Malformed)?;
    let tz: Tz = zone
        .trim()
        .parse()
        .map_err(|_| ScheduleError::UnknownZone(zone.chars().take(64).collect()))?;
    let shown = naive.format("%B %-d, %Y %H:%M").to_string();
    let (at, note) = match tz.from_local_datetime(&naive) {
        LocalResult::Single(at) => (at, None),
        LocalResult::Ambiguous(earlier, later) => {
            let note = format!(
                "{shown} happens twice in {tz} (the clocks go back); Liner uses the first, at {}, not the second at {}.",
                offset_label(earlier.offset().fix().local_minus_utc()),
                offset_label(later.offset().fix().local_minus_utc()),
            );
            (earlier, Some(note))
        }
        LocalResult::None => return Err(ScheduleError::Nonexistent(shown, tz.to_string())),
    };
    let utc = at.with_timezone(&Utc);
    if utc <= now {
        return Err(ScheduleError::Past);
    }
    Ok(ResolvedTime {
        utc,
        offset: offset_label(at.offset().fix().local_minus_utc()),
        note,
    })
}

/// Whether `zone` names a known IANA time zone.
pub fn known_zone(zone: &str) -> bool {
    zone.parse::<Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-01-01T00:00:00Z".parse().unwrap_or_default()
    }

    #[test]
    fn resolves_in_the_zone() {
        let r = resolve("2026-11-27T00:00", "Europe/Berlin", now());
        assert_eq!(
            r.map(|r| (r.utc.to_rfc3339(), r.offset, r.note)),
            Ok(("2026-11-26T23:00:00+00:00".into(), "UTC+01:00".into(), None))
        );
    }

    #[test]
    fn a_dst_gap_is_refused() {
        // Berlin skips 02:00–03:00 on 29 March 2026.
        assert!(matches!(
            resolve("2026-03-29T02:30", "Europe/Berlin", now()),
            Err(ScheduleError::Nonexistent(..))
        ));
    }

    #[test]
    fn a_dst_overlap_takes_the_earlier_offset_and_says_so() {
        // Berlin repeats 02:00–03:00 on 25 October 2026.
        let r = resolve("2026-10-25T02:30", "Europe/Berlin", now()).map_err(|e| e.to_string());
        let Ok(r) = r else {
            panic!("{r:?}");
        };
        assert_eq!(r.utc.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        assert_eq!(r.offset, "UTC+02:00");
        assert!(r.note.is_some_and(|n| n.contains("happens twice")));
    }

    #[test]
    fn past_unknown_and_malformed_are_refused() {
        assert_eq!(
            resolve("2025-12-31T23:00", "UTC", now()),
            Err(ScheduleError::Past)
        );
        assert!(matches!(
            resolve("2026-05-01T10:00", "Mars/Olympus", now()),
            Err(ScheduleError::UnknownZone(_))
        ));
        assert_eq!(
            resolve("tomorrow", "UTC", now()),
            Err(ScheduleError::Malformed)
        );
        assert_eq!(
            resolve("2026-05-01T10:00", "America/Argentina/Buenos_Aires", now()).map(|r| r.offset),
            Ok("UTC-03:00".into())
        );
    }
}
