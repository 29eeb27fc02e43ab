//! How Liner recognises a message it sent, for sends whose answer was lost.
//!
//! **Nonce.** A bot send carries `nonce = "liner-{post id}-{schedule revision}"` with
//! `enforce_nonce: true`: every attempt at one revision repeats the same nonce, so Discord answers
//! a repeat within its few-minute window with the message it already created.
//!
//! **Marker.** After that window (Liner was down, Discord was out), the nonce proves nothing, and
//! Discord does not return nonces when listing messages. The post's marker is then the message
//! itself as a reader sees it: its content and its first embed's title, link and description,
//! compared with surrounding whitespace trimmed, among the channel's messages sent since the
//! first doubtful attempt. Nothing hidden is added to the post: a marker a poster could see
//! would change the message, and invisible characters are not reliably kept by Discord.

use crate::message::{DiscordMessage, Embed};

/// Discord's limit on a nonce's length.
pub const NONCE_MAX: usize = 25;

/// The nonce of every bot send of a post at one schedule revision.
pub fn nonce(post_id: i64, schedule_rev: i64) -> String {
    let plain = format!("liner-{post_id}-{schedule_rev}");
    if plain.len() <= NONCE_MAX {
        return plain;
    }
    // Only ids past a billion need this; base 36 keeps them unique and short.
    let compact = format!("l{}-{}", base36(post_id), base36(schedule_rev));
    if compact.len() <= NONCE_MAX {
        return compact;
    }
    // Not reachable by a real database; a stable hash still fits.
    let hash = plain.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("lh-{}", base36(hash as i64))
}

fn base36(n: i64) -> String {
    let mut n = n as u64;
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// What identifies a post's message among a channel's messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    content: String,
    title: String,
    url: String,
    description: String,
}

impl Marker {
    /// The marker of a message as sent or as listed back by Discord.
    pub fn of(content: Option<&str>, embeds: &[Embed]) -> Marker {
        let first = embeds.first();
        let text = |s: Option<&String>| s.map(|s| s.trim().to_string()).unwrap_or_default();
        Marker {
            content: content.unwrap_or_default().trim().to_string(),
            title: text(first.and_then(|e| e.title.as_ref())),
            url: text(first.and_then(|e| e.url.as_ref())),
            description: text(first.and_then(|e| e.description.as_ref())),
        }
    }

    pub fn of_message(message: &DiscordMessage) -> Marker {
        Marker::of(message.content.as_deref(), &message.embeds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_is_the_same_for_every_attempt_at_one_revision() {
        assert_eq!(nonce(12, 3), "liner-12-3");
        assert_eq!(nonce(12, 3), nonce(12, 3));
        assert_ne!(nonce(12, 3), nonce(12, 4));
    }

    #[test]
    fn the_nonce_always_fits_discords_limit() {
        for (id, rev) in [
            (1, 1),
            (999_999_999, 99),
            (i64::MAX, i64::MAX),
            (i64::MIN, 0),
        ] {
            assert!(nonce(id, rev).len() <= NONCE_MAX, "{}", nonce(id, rev));
        }
        assert_ne!(nonce(i64::MAX, 1), nonce(i64::MAX - 1, 1));
    }

    #[test]
    fn a_listed_message_matches_what_was_sent() {
        let sent = DiscordMessage {
            content: Some("New album! ".into()),
            embeds: vec![Embed {
                title: Some("Mezzanine".into()),
                url: Some("https://example.com/m".into()),
                description: Some("Out now".into()),
                ..Embed::default()
            }],
            components: Vec::new(),
            allowed_mentions: Default::default(),
            thread_name: None,
            username: None,
            avatar_url: None,
        };
        let listed = Marker::of(Some("New album!"), &sent.embeds);
        assert_eq!(Marker::of_message(&sent), listed);
        let mut other = sent.embeds.clone();
        other[0].title = Some("Blue Lines".into());
        assert_ne!(
            Marker::of_message(&sent),
            Marker::of(Some("New album!"), &other)
        );
    }
}
