//! A release post as the poster writes it, and its validation against Discord's limits.
//!
//! `validate` is the one validator: the browser runs it on every keystroke for inline errors and
//! the server runs it again before anything is stored or queued.

use crate::limits::{
    discord_len, EMBED_AUTHOR_NAME_MAX, EMBED_DESCRIPTION_MAX, EMBED_TITLE_MAX, EMBED_TOTAL_MAX,
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The fields of a release post.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostContent {
    /// The release's title, shown as the embed title.
    pub title: String,
    /// The artist(s), shown as the embed's author line.
    pub artist: String,
    /// Free text (Discord markdown), the embed description.
    pub description: String,
    /// The cover image, shown as the embed's large image. Empty for none.
    pub cover_url: String,
}

/// A form field that a validation error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Artist,
    Description,
    CoverUrl,
    Channel,
    /// The embed as a whole (Discord's 6000-character total).
    Embed,
}

/// Why one field is not acceptable, phrased for the poster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Checks an image or link URL the way Discord will: absolute http(s), no credentials.
pub fn check_http_url(raw: &str) -> Result<(), String> {
    let parsed = url::Url::parse(raw.trim()).map_err(|_| "is not a valid URL".to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("must start with http:// or https://".into());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("must not contain a user name or password".into());
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("must name a host".into());
    }
    Ok(())
}

fn check_len(errors: &mut Vec<FieldError>, field: Field, label: &str, value: &str, max: usize) {
    let len = discord_len(value);
    if len > max {
        errors.push(FieldError {
            field,
            message: format!("{label} is {len} characters; Discord allows at most {max}."),
        });
    }
}

fn require(errors: &mut Vec<FieldError>, field: Field, label: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(FieldError {
            field,
            message: format!("{label} is required."),
        });
    }
}

impl PostContent {
    /// Characters this post puts against Discord's 6000-character embed total.
    pub fn embed_total_len(&self) -> usize {
        discord_len(&self.title) + discord_len(&self.artist) + discord_len(&self.description)
    }

    /// Every problem with the post, in form order; empty when Discord will accept it.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        require(&mut errors, Field::Title, "Title", &self.title);
        check_len(
            &mut errors,
            Field::Title,
            "Title",
            &self.title,
            EMBED_TITLE_MAX,
        );
        require(&mut errors, Field::Artist, "Artist", &self.artist);
        check_len(
            &mut errors,
            Field::Artist,
            "Artist",
            &self.artist,
            EMBED_AUTHOR_NAME_MAX,
        );
        check_len(
            &mut errors,
            Field::Description,
            "Description",
            &self.description,
            EMBED_DESCRIPTION_MAX,
        );
        if !self.cover_url.trim().is_empty() {
            if let Err(why) = check_http_url(&self.cover_url) {
                errors.push(FieldError {
                    field: Field::CoverUrl,
                    message: format!("Cover image URL {why}."),
                });
            }
        }
        let total = self.embed_total_len();
        if total > EMBED_TOTAL_MAX {
            errors.push(FieldError {
                field: Field::Embed,
                message: format!(
                    "The post is {total} characters in all; Discord allows at most {EMBED_TOTAL_MAX}."
                ),
            });
        }
        errors
    }

    /// The first error for `field`, for showing beside that input.
    pub fn error_for(errors: &[FieldError], field: Field) -> Option<&FieldError> {
        errors.iter().find(|e| e.field == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn valid() -> PostContent {
        PostContent {
            title: "Blue Lines".into(),
            artist: "Massive Attack".into(),
            description: "A **classic**.".into(),
            cover_url: "https://example.com/cover.png".into(),
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<Field> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_post_is_valid() {
        assert!(valid().validate().is_empty());
    }

    #[test]
    fn title_and_artist_are_required() {
        let post = PostContent {
            title: "  ".into(),
            artist: String::new(),
            ..valid()
        };
        assert_eq!(fields(&post.validate()), vec![Field::Title, Field::Artist]);
    }

    #[test]
    fn title_limit_counts_scalar_values_after_trim() {
        let at_limit = PostContent {
            title: format!("  {}  ", "é".repeat(EMBED_TITLE_MAX)),
            ..valid()
        };
        assert!(at_limit.validate().is_empty());
        let over = PostContent {
            title: "🎵".repeat(EMBED_TITLE_MAX + 1),
            ..valid()
        };
        let errors = over.validate();
        assert_eq!(fields(&errors), vec![Field::Title]);
        assert_eq!(
            errors[0].message,
            "Title is 257 characters; Discord allows at most 256."
        );
    }

    #[test]
    fn zwj_sequences_count_every_scalar_value() {
        // 52 families of 5 scalar values each = 260 > 256, though only 52 graphemes.
        let post = PostContent {
            title: "👨\u{200d}👩\u{200d}👧".repeat(52),
            ..valid()
        };
        assert_eq!(fields(&post.validate()), vec![Field::Title]);
    }

    #[test]
    fn description_limit() {
        let post = PostContent {
            description: "x".repeat(EMBED_DESCRIPTION_MAX + 1),
            ..valid()
        };
        assert_eq!(fields(&post.validate()), vec![Field::Description]);
    }

    #[test]
    fn embed_total_is_enforced() {
        let post = PostContent {
            title: "t".repeat(256),
            artist: "a".repeat(256),
            description: "d".repeat(4096),
            cover_url: String::new(),
        };
        assert!(post.validate().is_empty(), "4608 is under 6000");
        assert_eq!(post.embed_total_len(), 4608);
    }

    #[test]
    fn cover_url_must_be_http_without_credentials() {
        for (url, ok) in [
            ("https://img.example/c.jpg", true),
            ("http://img.example/c.jpg", true),
            ("javascript:alert(1)", false),
            ("ftp://img.example/c.jpg", false),
            ("https://user:pw@img.example/c.jpg", false),
            ("not a url", false),
            ("data:image/png;base64,AAAA", false),
        ] {
            let post = PostContent {
                cover_url: url.into(),
                ..valid()
            };
            assert_eq!(post.validate().is_empty(), ok, "{url}");
        }
    }

    proptest! {
        #[test]
        fn validate_never_panics(title in ".*", artist in ".*", description in ".*", cover in ".*") {
            let post = PostContent { title, artist, description, cover_url: cover };
            let _ = post.validate();
        }
    }
}
