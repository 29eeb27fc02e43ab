//! The one validator, run by the browser as the poster types (errors beside the fields) and by
//! the server before anything is stored or queued (authoritative). A draft may be incomplete,
//! but never over a limit; a post to publish must be complete and correct.

use crate::draft::{Draft, Schedule, Step, When};
use crate::limits::*;
use crate::post::{parse_color, PostBody};
use crate::release::{parse_duration, Release, ReleaseDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A form field an error belongs to. Indexed variants point into lists (tracks, fields…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ReleaseTitle,
    Artists,
    ReleaseDate,
    Label,
    CoverUrl,
    Tracks,
    TrackTitle(usize),
    TrackDuration(usize),
    Tags,
    Links,
    LinkUrl(usize),
    Content,
    Mentions,
    Title,
    Url,
    Description,
    Color,
    Author,
    ImageUrl,
    Fields,
    FieldName(usize),
    FieldValue(usize),
    Footer,
    Buttons,
    ButtonLabel(usize),
    ButtonUrl(usize),
    /// The embed as a whole (Discord's 6000-character total).
    Embed,
    Channel,
    PublishAt,
    Timezone,
    /// The webhook identity's display name.
    Username,
    AvatarUrl,
}

impl Field {
    /// The wizard step showing this field.
    pub fn step(self) -> Step {
        use Field::*;
        match self {
            ReleaseTitle | Artists | ReleaseDate | Label | CoverUrl | Tracks | TrackTitle(_)
            | TrackDuration(_) | Tags | Links | LinkUrl(_) => Step::Release,
            Channel | PublishAt | Timezone => Step::Schedule,
            _ => Step::Post,
        }
    }

    /// The id of the input showing this field, for focus and `aria-describedby`.
    pub fn dom_id(self) -> String {
        use Field::*;
        match self {
            TrackTitle(i) => format!("track-{i}-title"),
            TrackDuration(i) => format!("track-{i}-duration"),
            LinkUrl(i) => format!("link-{i}-url"),
            FieldName(i) => format!("field-{i}-name"),
            FieldValue(i) => format!("field-{i}-value"),
            ButtonLabel(i) => format!("button-{i}-label"),
            ButtonUrl(i) => format!("button-{i}-url"),
            other => {
                let name = serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                name.replace('_', "-")
            }
        }
    }
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

/// The first error for `field`.
pub fn error_for(errors: &[FieldError], field: Field) -> Option<&FieldError> {
    errors.iter().find(|e| e.field == field)
}

/// How strict to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Saving a draft: anything incomplete is fine, nothing over a limit is.
    Draft,
    /// Publishing or scheduling: complete and exactly what Discord accepts.
    Publish,
}

/// Which hosts an image or link URL may name. A post's cover, images and avatar are loaded by
/// the browser of every admin who opens it, so a URL naming an address inside a network (a
/// router's admin page, a NAS) would make those browsers request it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hosts {
    /// Hosts on the public internet only: no private, loopback or link-local IP address, no
    /// `localhost`.
    Public,
    /// The same, except Liner's own sandbox on loopback at `port`, which serves the fakes'
    /// covers.
    Sandbox { port: u16 },
    /// Any host: for checking what Discord will take, where no browser loads the URL.
    Any,
}

impl Hosts {
    /// The hosts a Liner in sandbox mode on `port`, or in production (`None`), takes.
    pub fn of(sandbox_port: Option<u16>) -> Hosts {
        match sandbox_port {
            Some(port) => Hosts::Sandbox { port },
            None => Hosts::Public,
        }
    }
}

/// How strict to be, and which hosts URLs may name: `Check::Draft.with_hosts(hosts)`. A bare
/// [`Check`] takes only public hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub check: Check,
    pub hosts: Hosts,
}

impl Check {
    pub fn with_hosts(self, hosts: Hosts) -> Rules {
        Rules { check: self, hosts }
    }
}

impl From<Check> for Rules {
    fn from(check: Check) -> Rules {
        check.with_hosts(Hosts::Public)
    }
}

/// Why a URL is not one Discord takes; reads as the end of "The image URL …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("is not a valid URL")]
    NotAUrl,
    #[error("must start with http:// or https://")]
    NotHttp,
    #[error("must not contain a user name or password")]
    Credentials,
    #[error("must name a host")]
    NoHost,
    #[error("points into a private network (a private, loopback or link-local address, or localhost); use an address on the public internet")]
    PrivateHost,
}

/// Checks an image or link URL the way Discord will: absolute http(s), no credentials.
pub fn check_http_url(raw: &str) -> Result<(), UrlProblem> {
    let parsed = url::Url::parse(raw.trim()).map_err(|_| UrlProblem::NotAUrl)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(UrlProblem::NotHttp);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(UrlProblem::Credentials);
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(UrlProblem::NoHost);
    }
    Ok(())
}

/// Checks that the URL's host is one `hosts` allows. A URL that does not parse passes: that is
/// [`check_http_url`]'s to report.
pub fn check_host(raw: &str, hosts: Hosts) -> Result<(), UrlProblem> {
    if hosts == Hosts::Any {
        return Ok(());
    }
    let Ok(parsed) = url::Url::parse(raw.trim()) else {
        return Ok(());
    };
    let Some(host) = parsed.host() else {
        return Ok(());
    };
    let inside = match host {
        url::Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            // Browsers resolve every name under `localhost` to loopback themselves.
            let local = name == "localhost" || name.ends_with(".localhost");
            return match hosts {
                Hosts::Sandbox { port }
                    if local && parsed.port_or_known_default() == Some(port) =>
                {
                    Ok(())
                }
                _ if local => Err(UrlProblem::PrivateHost),
                _ => Ok(()),
            };
        }
        url::Host::Ipv4(ip) => Inside::of_v4(ip),
        url::Host::Ipv6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => Inside::of_v4(v4),
            None if ip.is_loopback() => Inside::Loopback,
            None if ip.is_unspecified() || ip.is_unique_local() || ip.is_unicast_link_local() => {
                Inside::Network
            }
            None => Inside::Public,
        },
    };
    match (inside, hosts) {
        (Inside::Public, _) => Ok(()),
        (Inside::Loopback, Hosts::Sandbox { port })
            if parsed.port_or_known_default() == Some(port) =>
        {
            Ok(())
        }
        _ => Err(UrlProblem::PrivateHost),
    }
}

/// Where an IP address leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inside {
    Public,
    Loopback,
    /// Private, link-local, shared (carrier-grade NAT), "this network" or broadcast.
    Network,
}

impl Inside {
    fn of_v4(ip: std::net::Ipv4Addr) -> Inside {
        let [a, b, ..] = ip.octets();
        if ip.is_loopback() {
            Inside::Loopback
        } else if ip.is_private()
            || ip.is_link_local()
            || ip.is_broadcast()
            // 0.0.0.0/8: browsers send 0.0.0.0 to the machine itself.
            || a == 0
            // 100.64.0.0/10, shared address space: inside a provider's network.
            || (a == 100 && (b & 0xC0) == 64)
        {
            Inside::Network
        } else {
            Inside::Public
        }
    }
}

struct Errors {
    check: Check,
    hosts: Hosts,
    list: Vec<FieldError>,
}

impl Errors {
    fn push(&mut self, field: Field, message: String) {
        self.list.push(FieldError { field, message });
    }

    fn len(&mut self, field: Field, label: &str, value: &str, max: usize) {
        let len = discord_len(value);
        if len > max {
            self.push(
                field,
                format!("{label} is {len} characters; the limit is {max}."),
            );
        }
    }

    fn required(&mut self, field: Field, label: &str, value: &str) {
        if self.check == Check::Publish && value.trim().is_empty() {
            self.push(field, format!("{label} is required."));
        }
    }

    fn url(&mut self, field: Field, label: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            return;
        }
        self.len(field, label, value, max);
        if self.check == Check::Publish {
            if let Err(why) = check_http_url(value) {
                self.push(field, format!("{label} {why}."));
                return;
            }
        }
        // Even in a draft: an admin's browser opens drafts too.
        if let Err(why) = check_host(value, self.hosts) {
            self.push(field, format!("{label} {why}."));
        }
    }

    fn count(&mut self, field: Field, what: &str, n: usize, max: usize) {
        if n > max {
            self.push(field, format!("{n} {what}; the limit is {max}."));
        }
    }
}

/// Problems with the release facts.
pub fn validate_release(release: &Release, rules: impl Into<Rules>) -> Vec<FieldError> {
    release_errors(release, rules.into())
}

fn release_errors(release: &Release, Rules { check, hosts }: Rules) -> Vec<FieldError> {
    let mut e = Errors {
        check,
        hosts,
        list: Vec::new(),
    };
    e.required(Field::ReleaseTitle, "Release title", &release.title);
    e.len(
        Field::ReleaseTitle,
        "Release title",
        &release.title,
        RELEASE_TEXT_MAX,
    );
    e.required(Field::Artists, "Artist", &release.artists);
    e.len(Field::Artists, "Artist", &release.artists, RELEASE_TEXT_MAX);
    e.len(
        Field::ReleaseDate,
        "Release date",
        &release.release_date,
        10,
    );
    if check == Check::Publish
        && !release.release_date.trim().is_empty()
        && ReleaseDate::parse(&release.release_date).is_none()
    {
        e.push(
            Field::ReleaseDate,
            "Release date must be YYYY, YYYY-MM or YYYY-MM-DD.".into(),
        );
    }
    e.len(Field::Label, "Label", &release.label, RELEASE_TEXT_MAX);
    e.url(
        Field::CoverUrl,
        "Cover image URL",
        &release.cover_url,
        URL_MAX,
    );
    e.count(Field::Tracks, "tracks", release.tracks.len(), TRACKS_MAX);
    for (i, track) in release.tracks.iter().enumerate().take(TRACKS_MAX) {
        let n = i + 1;
        e.len(
            Field::TrackTitle(i),
            &format!("Track {n} title"),
            &track.title,
            RELEASE_TEXT_MAX,
        );
        e.len(
            Field::TrackDuration(i),
            &format!("Track {n} duration"),
            &track.duration,
            8,
        );
        if check == Check::Publish
            && !track.duration.trim().is_empty()
            && parse_duration(&track.duration).is_none()
        {
            e.push(
                Field::TrackDuration(i),
                format!("Track {n} duration must look like 3:45 or 1:02:03."),
            );
        }
    }
    e.len(Field::Tags, "Tags", &release.tags, TAGS_MAX);
    e.count(Field::Links, "links", release.links.len(), LINKS_MAX);
    for (i, link) in release.links.iter().enumerate().take(LINKS_MAX) {
        let label = format!("{} link", link.platform.name());
        e.required(Field::LinkUrl(i), &label, &link.url);
        e.url(Field::LinkUrl(i), &label, &link.url, URL_MAX);
    }
    e.list
}

/// Characters this body puts against Discord's 6000-character embed total.
pub fn embed_total_len(body: &PostBody) -> usize {
    discord_len(&body.title)
        + discord_len(&body.description)
        + discord_len(&body.author)
        + discord_len(&body.footer)
        + body
            .fields
            .iter()
            .map(|f| discord_len(&f.name) + discord_len(&f.value))
            .sum::<usize>()
}

/// Problems with the message.
pub fn validate_body(body: &PostBody, rules: impl Into<Rules>) -> Vec<FieldError> {
    body_errors(body, rules.into())
}

fn body_errors(body: &PostBody, Rules { check, hosts }: Rules) -> Vec<FieldError> {
    let mut e = Errors {
        check,
        hosts,
        list: Vec::new(),
    };
    e.len(Field::Content, "Message text", &body.content, CONTENT_MAX);
    e.count(
        Field::Mentions,
        "roles to mention",
        body.mentions.len(),
        MENTIONS_MAX,
    );
    if body
        .mentions
        .iter()
        .any(|r| r.id.is_empty() || r.id.len() > 20 || !r.id.bytes().all(|b| b.is_ascii_digit()))
    {
        e.push(
            Field::Mentions,
            "A mentioned role has an invalid id.".into(),
        );
    }
    e.required(Field::Title, "Embed title", &body.title);
    e.len(Field::Title, "Embed title", &body.title, EMBED_TITLE_MAX);
    e.url(Field::Url, "Title link", &body.url, URL_MAX);
    e.len(
        Field::Description,
        "Description",
        &body.description,
        EMBED_DESCRIPTION_MAX,
    );
    if parse_color(&body.color).is_none() {
        e.push(
            Field::Color,
            "Colour must be a hex colour such as #5865F2.".into(),
        );
    }
    e.len(
        Field::Author,
        "Author line",
        &body.author,
        EMBED_AUTHOR_NAME_MAX,
    );
    e.url(Field::ImageUrl, "Image URL", &body.image_url, URL_MAX);
    e.count(Field::Fields, "fields", body.fields.len(), EMBED_FIELDS_MAX);
    for (i, field) in body.fields.iter().enumerate().take(EMBED_FIELDS_MAX) {
        let n = i + 1;
        e.required(Field::FieldName(i), &format!("Field {n} name"), &field.name);
        e.len(
            Field::FieldName(i),
            &format!("Field {n} name"),
            &field.name,
            EMBED_FIELD_NAME_MAX,
        );
        e.required(
            Field::FieldValue(i),
            &format!("Field {n} value"),
            &field.value,
        );
        e.len(
            Field::FieldValue(i),
            &format!("Field {n} value"),
            &field.value,
            EMBED_FIELD_VALUE_MAX,
        );
    }
    e.len(Field::Footer, "Footer", &body.footer, EMBED_FOOTER_MAX);
    e.count(Field::Buttons, "buttons", body.buttons.len(), BUTTONS_MAX);
    for (i, button) in body.buttons.iter().enumerate().take(BUTTONS_MAX) {
        let n = i + 1;
        e.required(
            Field::ButtonLabel(i),
            &format!("Button {n} label"),
            &button.label,
        );
        e.len(
            Field::ButtonLabel(i),
            &format!("Button {n} label"),
            &button.label,
            BUTTON_LABEL_MAX,
        );
        e.required(
            Field::ButtonUrl(i),
            &format!("Button {n} link"),
            &button.url,
        );
        e.url(
            Field::ButtonUrl(i),
            &format!("Button {n} link"),
            &button.url,
            BUTTON_URL_MAX,
        );
    }
    e.list.extend(check_identity(&body.identity, hosts));
    let total = embed_total_len(body);
    if total > EMBED_TOTAL_MAX {
        e.push(
            Field::Embed,
            format!(
                "The embed is {total} characters in all; Discord allows at most {EMBED_TOTAL_MAX}."
            ),
        );
    }
    e.list
}

/// The longest webhook display name Discord takes.
pub const USERNAME_MAX: usize = 80;

/// Checks a webhook identity as Discord does: a name of 1 to 80 characters without "discord"
/// or "clyde" (Discord refuses both), and an https avatar URL. Empty parts are fine (the
/// channel's default applies). Used for a post's identity and a channel's default.
pub fn check_identity(identity: &crate::post::WebhookIdentity, hosts: Hosts) -> Vec<FieldError> {
    let mut list = Vec::new();
    let name = identity.username.trim();
    let lower = name.to_lowercase();
    if name.chars().count() > USERNAME_MAX {
        list.push(FieldError {
            field: Field::Username,
            message: format!(
                "The display name is {} characters; Discord allows at most {USERNAME_MAX}.",
                name.chars().count()
            ),
        });
    } else if lower.contains("discord") || lower.contains("clyde") {
        list.push(FieldError {
            field: Field::Username,
            message: "Discord refuses display names containing “discord” or “clyde”.".into(),
        });
    }
    let avatar = identity.avatar_url.trim();
    if !avatar.is_empty() {
        let problem = match check_http_url(avatar).and_then(|()| check_host(avatar, hosts)) {
            Err(why) => Some(format!("The avatar URL {why}.")),
            Ok(()) if !avatar.to_ascii_lowercase().starts_with("https://") => {
                Some("The avatar URL must start with https://.".to_string())
            }
            Ok(()) if discord_len(avatar) > URL_MAX => Some(format!(
                "The avatar URL is longer than {URL_MAX} characters."
            )),
            Ok(()) => None,
        };
        if let Some(message) = problem {
            list.push(FieldError {
                field: Field::AvatarUrl,
                message,
            });
        }
    }
    list
}

/// Problems with where and when (the time itself is resolved and checked by the server, which
/// has the time zone database).
pub fn validate_schedule(schedule: &Schedule, check: Check) -> Vec<FieldError> {
    let mut e = Errors {
        check,
        hosts: Hosts::Any,
        list: Vec::new(),
    };
    if check == Check::Publish && schedule.channel_id.is_none() {
        e.push(Field::Channel, "Choose a channel.".into());
    }
    if let When::At { local, timezone } = &schedule.when {
        e.len(Field::PublishAt, "Publish time", local, 32);
        e.len(Field::Timezone, "Time zone", timezone, 64);
        if check == Check::Publish {
            if chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").is_err() {
                e.push(
                    Field::PublishAt,
                    "Choose a date and time to publish at.".into(),
                );
            }
            if timezone.trim().is_empty() {
                e.push(Field::Timezone, "Choose a time zone.".into());
            }
        }
    }
    e.list
}

impl Draft {
    /// Every problem, in form order.
    pub fn validate(&self, rules: impl Into<Rules>) -> Vec<FieldError> {
        self.errors(rules.into())
    }

    fn errors(&self, rules: Rules) -> Vec<FieldError> {
        let mut all = release_errors(&self.release, rules);
        all.extend(body_errors(&self.body, rules));
        all.extend(validate_schedule(&self.schedule, rules.check));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::{EmbedField, LinkButton};
    use proptest::prelude::*;

    fn body() -> PostBody {
        PostBody {
            title: "Blue Lines".into(),
            ..PostBody::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<Field> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_titled_body_is_publishable() {
        assert_eq!(validate_body(&body(), Check::Publish), vec![]);
    }

    #[test]
    fn drafts_may_be_incomplete_but_not_over_limits() {
        let empty = PostBody::default();
        assert!(validate_body(&empty, Check::Draft).is_empty());
        assert_eq!(
            fields(&validate_body(&empty, Check::Publish)),
            [Field::Title]
        );
        let long = PostBody {
            title: "🎵".repeat(EMBED_TITLE_MAX + 1),
            ..PostBody::default()
        };
        let errors = validate_body(&long, Check::Draft);
        assert_eq!(fields(&errors), [Field::Title]);
        assert_eq!(
            errors[0].message,
            "Embed title is 257 characters; the limit is 256."
        );
    }

    #[test]
    fn embed_total_counts_every_text_part() {
        let mut b = body();
        b.description = "d".repeat(4096);
        b.fields = (0..2)
            .map(|_| EmbedField {
                name: "n".repeat(256),
                value: "v".repeat(1024),
                inline: false,
            })
            .collect();
        assert_eq!(fields(&validate_body(&b, Check::Publish)), [Field::Embed]);
    }

    #[test]
    fn webhook_identities_are_checked_as_discord_does() {
        use crate::post::WebhookIdentity;
        let id = |username: &str, avatar_url: &str| WebhookIdentity {
            username: username.into(),
            avatar_url: avatar_url.into(),
        };
        let fields = |i: &WebhookIdentity| -> Vec<Field> {
            check_identity(i, Hosts::Public)
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert!(fields(&id("", "")).is_empty());
        assert!(fields(&id("Release Bot", "https://example.com/a.png")).is_empty());
        assert_eq!(fields(&id(&"x".repeat(81), "")), [Field::Username]);
        assert!(fields(&id(&"é".repeat(80), "")).is_empty());
        assert_eq!(fields(&id("My Discord Bot", "")), [Field::Username]);
        assert_eq!(fields(&id("CLYDE", "")), [Field::Username]);
        assert_eq!(
            fields(&id("", "http://example.com/a.png")),
            [Field::AvatarUrl]
        );
        assert_eq!(fields(&id("", "not a url")), [Field::AvatarUrl]);
        let own = id("Ada's picks", "");
        let channel = id("Releases", "https://example.com/c.png");
        assert_eq!(
            own.or(&channel),
            id("Ada's picks", "https://example.com/c.png")
        );
    }

    #[test]
    fn urls_must_be_web_links_without_credentials() {
        for (url, ok) in [
            ("https://img.example/c.jpg", true),
            ("http://img.example/c.jpg", true),
            ("javascript:alert(1)", false),
            ("ftp://img.example/c.jpg", false),
            ("https://user:pw@img.example/c.jpg", false),
            ("not a url", false),
            ("data:image/png;base64,AAAA", false),
        ] {
            let b = PostBody {
                image_url: url.into(),
                ..body()
            };
            assert_eq!(validate_body(&b, Check::Publish).is_empty(), ok, "{url}");
        }
        let b = PostBody {
            buttons: vec![LinkButton {
                label: "Listen".into(),
                url: format!("https://x.example/{}", "a".repeat(BUTTON_URL_MAX)),
            }],
            ..body()
        };
        assert_eq!(
            fields(&validate_body(&b, Check::Publish)),
            [Field::ButtonUrl(0)]
        );
    }

    #[test]
    fn colours_are_hex() {
        for (c, ok) in [
            ("#5865F2", true),
            ("ff0000", true),
            ("#fff", false),
            ("red", false),
        ] {
            let b = PostBody {
                color: c.into(),
                ..body()
            };
            assert_eq!(validate_body(&b, Check::Draft).is_empty(), ok, "{c}");
        }
    }

    #[test]
    fn counts_are_limited() {
        let b = PostBody {
            fields: vec![EmbedField::default(); EMBED_FIELDS_MAX + 1],
            ..body()
        };
        assert_eq!(fields(&validate_body(&b, Check::Draft)), [Field::Fields]);
    }

    #[test]
    fn urls_into_a_private_network_are_refused_outside_the_sandbox() {
        let refused = [
            "http://127.0.0.1/cover.png",
            "http://127.1/cover.png",
            "http://2130706433/cover.png",
            "http://0x7f000001/cover.png",
            "http://10.0.0.8/a.jpg",
            "http://172.16.4.1/a.jpg",
            "https://192.168.1.1/admin",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/",
            "http://0.0.0.0:8080/",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:192.168.0.1]/",
            "http://localhost:8080/x.png",
            "http://LOCALHOST./x.png",
            "http://nas.localhost/x.png",
        ];
        for url in refused {
            assert_eq!(
                check_host(url, Hosts::Public),
                Err(UrlProblem::PrivateHost),
                "{url}"
            );
            let sandbox = Hosts::Sandbox { port: 3000 };
            assert_eq!(
                check_host(url, sandbox),
                Err(UrlProblem::PrivateHost),
                "{url}"
            );
            assert_eq!(check_host(url, Hosts::Any), Ok(()), "{url}");
        }
        for url in [
            "https://i.scdn.co/image/ab67",
            "https://192.0.2.1.nip.io/x.png",
            "http://8.8.8.8/",
            "http://172.32.0.1/",
            "http://[2606:4700::1111]/",
            "not a url",
        ] {
            assert_eq!(check_host(url, Hosts::Public), Ok(()), "{url}");
        }
    }

    #[test]
    fn the_sandbox_takes_its_own_covers_only() {
        let sandbox = Hosts::of(Some(3000));
        for own in [
            "http://127.0.0.1:3000/sandbox/music/covers/a.svg",
            "http://localhost:3000/sandbox/music/covers/a.svg",
            "http://[::1]:3000/x.svg",
        ] {
            assert_eq!(check_host(own, sandbox), Ok(()), "{own}");
            assert_eq!(
                check_host(own, Hosts::of(None)),
                Err(UrlProblem::PrivateHost),
                "{own}"
            );
        }
        assert_eq!(
            check_host("http://127.0.0.1:3001/x.svg", sandbox),
            Err(UrlProblem::PrivateHost)
        );
        assert_eq!(
            check_host("http://192.168.0.1:3000/", sandbox),
            Err(UrlProblem::PrivateHost)
        );
    }

    #[test]
    fn every_url_field_and_a_draft_too_refuses_a_private_host() {
        let inside = "http://192.168.1.1/x.png";
        let b = PostBody {
            url: inside.into(),
            image_url: inside.into(),
            buttons: vec![LinkButton {
                label: "Router".into(),
                url: inside.into(),
            }],
            identity: crate::post::WebhookIdentity {
                username: String::new(),
                avatar_url: "https://192.168.1.1/a.png".into(),
            },
            ..body()
        };
        assert_eq!(
            fields(&validate_body(&b, Check::Draft)),
            [
                Field::Url,
                Field::ImageUrl,
                Field::ButtonUrl(0),
                Field::AvatarUrl
            ]
        );
        let errors = validate_body(&b, Check::Publish);
        assert_eq!(
            errors[0].message,
            "Title link points into a private network (a private, loopback or link-local address, or localhost); use an address on the public internet."
        );
        assert!(validate_body(&b, Check::Publish.with_hosts(Hosts::Any)).is_empty());
        let r = Release {
            cover_url: "http://localhost/c.png".into(),
            ..Release::default()
        };
        assert_eq!(
            fields(&validate_release(&r, Check::Draft)),
            [Field::CoverUrl]
        );
    }

    #[test]
    fn dom_ids_are_stable() {
        assert_eq!(Field::ReleaseTitle.dom_id(), "release-title");
        assert_eq!(Field::TrackDuration(2).dom_id(), "track-2-duration");
        assert_eq!(Field::PublishAt.dom_id(), "publish-at");
    }

    proptest! {
        #[test]
        fn validate_never_panics(title in ".*", url in ".*", color in ".*", date in ".*", duration in ".*") {
            let b = PostBody { title: title.clone(), url: url.clone(), color, image_url: url, ..PostBody::default() };
            let _ = validate_body(&b, Check::Publish);
            let r = Release {
                title, release_date: date,
                tracks: vec![crate::release::Track { title: String::new(), duration }],
                ..Release::default()
            };
            let _ = validate_release(&r, Check::Publish);
        }
    }
}
