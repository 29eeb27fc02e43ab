//! `<t:unix:style>` timestamps, formatted as Discord's client formats them (en-US) in the
//! reader's UTC offset. The browser passes its own offset and clock, so this stays pure.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// The style letter after the unix time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimestampStyle {
    /// `t`: 9:01 PM
    ShortTime,
    /// `T`: 9:01:30 PM
    LongTime,
    /// `d`: 11/28/2026
    ShortDate,
    /// `D`: November 28, 2026
    LongDate,
    /// `f` (the default): November 28, 2026 9:01 PM
    #[default]
    ShortDateTime,
    /// `F`: Saturday, November 28, 2026 9:01 PM
    LongDateTime,
    /// `R`: in 5 days / 2 hours ago
    Relative,
}

impl TimestampStyle {
    /// The style for a flag letter, if Discord knows it.
    pub fn from_flag(flag: char) -> Option<Self> {
        Some(match flag {
            't' => Self::ShortTime,
            'T' => Self::LongTime,
            'd' => Self::ShortDate,
            'D' => Self::LongDate,
            'f' => Self::ShortDateTime,
            'F' => Self::LongDateTime,
            'R' => Self::Relative,
            _ => return None,
        })
    }
}

/// The text Discord shows for a timestamp, for a reader at `offset_seconds` east of UTC whose
/// clock reads `now_unix`.
pub fn format_timestamp(
    unix: i64,
    style: TimestampStyle,
    offset_seconds: i32,
    now_unix: i64,
) -> String {
    if style == TimestampStyle::Relative {
        return relative(unix.saturating_sub(now_unix));
    }
    let (Some(at), Some(offset)) = (
        DateTime::<Utc>::from_timestamp(unix, 0),
        FixedOffset::east_opt(offset_seconds),
    ) else {
        return "Invalid Date".into();
    };
    let local = at.with_timezone(&offset);
    let pattern = match style {
        TimestampStyle::ShortTime => "%-I:%M %p",
        TimestampStyle::LongTime => "%-I:%M:%S %p",
        TimestampStyle::ShortDate => "%m/%d/%Y",
        TimestampStyle::LongDate => "%B %-d, %Y",
        TimestampStyle::LongDateTime => "%A, %B %-d, %Y %-I:%M %p",
        TimestampStyle::ShortDateTime | TimestampStyle::Relative => "%B %-d, %Y %-I:%M %p",
    };
    local.format(pattern).to_string()
}

/// Discord's relative wording (moment.js thresholds).
fn relative(delta: i64) -> String {
    let secs = delta.unsigned_abs();
    let minutes = (secs as f64 / 60.0).round() as u64;
    let hours = (secs as f64 / 3600.0).round() as u64;
    let days = (secs as f64 / 86_400.0).round() as u64;
    let phrase = match secs {
        0..45 => "a few seconds".to_string(),
        45..90 => "a minute".to_string(),
        90..2_700 => format!("{minutes} minutes"),
        2_700..5_400 => "an hour".to_string(),
        5_400..79_200 => format!("{hours} hours"),
        79_200..129_600 => "a day".to_string(),
        129_600..2_246_400 => format!("{days} days"),
        2_246_400..3_888_000 => "a month".to_string(),
        3_888_000..27_648_000 => format!("{} months", (days as f64 / 30.4).round() as u64),
        27_648_000..47_347_200 => "a year".to_string(),
        _ => format!("{} years", (days as f64 / 365.25).round() as u64),
    };
    if delta >= 0 {
        format!("in {phrase}")
    } else {
        format!("{phrase} ago")
    }
}
