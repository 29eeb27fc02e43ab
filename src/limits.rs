//! Discord's message and embed limits (API v10), and how Discord counts against them.
//!
//! A request over any limit gets 400 "Invalid Form Body" from Discord, so Liner checks them before a
//! post is ever queued, on the client (as you type) and on the server (authoritative).

/// Message `content`.
pub const CONTENT_MAX: usize = 2000;
/// Embed title.
pub const EMBED_TITLE_MAX: usize = 256;
/// Embed description.
pub const EMBED_DESCRIPTION_MAX: usize = 4096;
/// Embed author name.
pub const EMBED_AUTHOR_NAME_MAX: usize = 256;
/// Embed footer text.
pub const EMBED_FOOTER_MAX: usize = 2048;
/// Embed field name.
pub const EMBED_FIELD_NAME_MAX: usize = 256;
/// Embed field value.
pub const EMBED_FIELD_VALUE_MAX: usize = 1024;
/// Fields per embed.
pub const EMBED_FIELDS_MAX: usize = 25;
/// Embeds per message.
pub const EMBEDS_PER_MESSAGE_MAX: usize = 10;
/// Title + description + field names and values + footer + author name, over all embeds.
pub const EMBED_TOTAL_MAX: usize = 6000;
/// A link button's URL.
pub const BUTTON_URL_MAX: usize = 512;
/// A link button's label.
pub const BUTTON_LABEL_MAX: usize = 80;

/// Link buttons per action row.
pub const BUTTONS_PER_ROW: usize = 5;
/// Link buttons per message (5 action rows of 5).
pub const BUTTONS_MAX: usize = 25;
/// A forum thread's name (a forum channel's post title).
pub const THREAD_NAME_MAX: usize = 100;

// Liner's own limits, which keep stored drafts bounded.
/// Release title, artists, label, track titles.
pub const RELEASE_TEXT_MAX: usize = 256;
/// Tracks on a release.
pub const TRACKS_MAX: usize = 200;
/// Links on a release.
pub const LINKS_MAX: usize = 16;
/// Tags text.
pub const TAGS_MAX: usize = 512;
/// Roles one post may mention.
pub const MENTIONS_MAX: usize = 10;
/// Any URL other than a button's.
pub const URL_MAX: usize = 2048;

/// The length Discord counts: Unicode scalar values after trimming leading and trailing
/// whitespace. An emoji ZWJ sequence therefore counts as several characters, as it does for
/// Discord.
pub fn discord_len(s: &str) -> usize {
    s.trim().chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_scalar_values_after_trimming() {
        assert_eq!(discord_len("  abc \n"), 3);
        assert_eq!(discord_len(""), 0);
        assert_eq!(discord_len("   "), 0);
    }

    #[test]
    fn emoji_count_by_scalar_value() {
        // One scalar value.
        assert_eq!(discord_len("🎵"), 1);
        // Family: man ZWJ woman ZWJ girl = 5 scalar values, one grapheme.
        assert_eq!(discord_len("👨\u{200d}👩\u{200d}👧"), 5);
        // Flag: two regional indicators.
        assert_eq!(discord_len("🇯🇵"), 2);
        // é as e + combining accent is two.
        assert_eq!(discord_len("e\u{301}"), 2);
    }
}
