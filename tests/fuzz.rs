//! Generated input against the domain core's parsers and its draft → message path: nothing
//! panics, and a draft the validator passes always builds a message within Discord's limits.
//!
//! `LINER_FUZZ_CASES` sets the cases per property: 1,000 in `make test`, 10,000 in `make soak`.

use liner::limits::*;
use liner::message::DiscordMessage;
use liner::validate::{check_host, check_http_url, Hosts};
use liner::{Check, Draft};
use proptest::prelude::*;
use serde_json::{json, Value};

fn cases() -> u32 {
    std::env::var("LINER_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

/// Text that has broken parsers before: markup soup, bidi and zero-width characters,
/// combining marks, astral characters, NULs, and long runs.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "(?s).{0,300}",
        2 => r"[*_~|`<>\[\]()\\#>\- \nah:/t@&0-9]{0,300}",
        1 => Just("\u{202E}gnp.exe\u{202C}".to_string()),
        1 => Just("\u{200B}\u{FEFF}\u{2060}".repeat(50)),
        1 => Just("e\u{301}".repeat(600)),
        1 => Just("👩‍👩‍👧‍👦".repeat(300)),
        1 => Just("\0\u{1}\u{7f}".to_string()),
        1 => Just("*".repeat(5_000)),
        1 => Just("[".repeat(3_000) + &"]".repeat(3_000)),
        1 => Just("> ".repeat(2_000)),
        1 => Just("```".repeat(700)),
        1 => Just("||".repeat(1_200)),
        1 => Just("[x](javascript:alert(1)) <script>alert(1)</script> @everyone <@&1> <t:99999999999999:R>".to_string()),
        1 => (0usize..9_000).prop_map(|n| "x".repeat(n)),
        1 => "\\PC{0,64}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        hostile_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A draft's places, and what a field there may be replaced by.
const PLACES: &[(&str, &str)] = &[
    ("release", "title"),
    ("release", "artists"),
    ("release", "release_date"),
    ("release", "label"),
    ("release", "cover_url"),
    ("release", "tracks"),
    ("release", "tags"),
    ("release", "links"),
    ("body", "content"),
    ("body", "title"),
    ("body", "url"),
    ("body", "description"),
    ("body", "color"),
    ("body", "author"),
    ("body", "image_url"),
    ("body", "fields"),
    ("body", "footer"),
    ("body", "buttons"),
    ("body", "mentions"),
    ("body", "identity"),
    ("schedule", "channel_id"),
    ("schedule", "when"),
];

fn base_draft() -> Value {
    json!({
        "id": "5b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3",
        "release": {"title": "Mezzanine", "artists": "Massive Attack", "release_date": "1998-04-20",
                    "tracks": [{"title": "Angel", "duration": "6:19"}],
                    "links": [{"platform": "spotify", "url": "https://open.spotify.com/album/49MNmJhZQewjt06rpwp6QR"}]},
        "body": {"title": "Mezzanine", "author": "Massive Attack", "description": "Out now",
                 "buttons": [{"label": "Listen", "url": "https://open.spotify.com/album/49MNmJhZQewjt06rpwp6QR"}],
                 "fields": [{"name": "Label", "value": "Virgin", "inline": true}]},
        "schedule": {"channel_id": 1, "when": {"mode": "now"}}
    })
}

/// A replacement at a place: hostile text in a text field, or any JSON at all.
fn change() -> impl Strategy<Value = (usize, Value)> {
    (
        0..PLACES.len(),
        prop_oneof![
            3 => hostile_text().prop_map(Value::from),
            1 => json_value(),
            1 => prop::collection::vec(
                (hostile_text(), hostile_text()).prop_map(|(a, b)| json!({"name": a, "value": b, "label": a, "url": b, "title": a, "duration": b})),
                0..30,
            ).prop_map(Value::Array),
        ],
    )
}

fn within_discord_limits(message: &DiscordMessage) -> Result<(), String> {
    let len = |s: &Option<String>| s.as_deref().map_or(0, discord_len);
    if len(&message.content) > CONTENT_MAX {
        return Err("content".into());
    }
    if message.embeds.len() > EMBEDS_PER_MESSAGE_MAX {
        return Err("embeds".into());
    }
    for e in &message.embeds {
        let author = e.author.as_ref().map_or(0, |a| discord_len(&a.name));
        let footer = e.footer.as_ref().map_or(0, |f| discord_len(&f.text));
        let fields: usize = e
            .fields
            .iter()
            .map(|f| discord_len(&f.name) + discord_len(&f.value))
            .sum();
        let total = len(&e.title) + len(&e.description) + author + footer + fields;
        if len(&e.title) > EMBED_TITLE_MAX
            || len(&e.description) > EMBED_DESCRIPTION_MAX
            || author > EMBED_AUTHOR_NAME_MAX
            || footer > EMBED_FOOTER_MAX
            || e.fields.len() > EMBED_FIELDS_MAX
            || total > EMBED_TOTAL_MAX
        {
            return Err(format!("an embed over a limit: {total} in all"));
        }
    }
    let buttons: usize = message.components.iter().map(|r| r.components.len()).sum();
    if buttons > BUTTONS_MAX
        || message
            .components
            .iter()
            .any(|r| r.components.len() > BUTTONS_PER_ROW)
    {
        return Err("buttons".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn a_draft_that_validates_builds_a_message_discord_takes(changes in prop::collection::vec(change(), 1..6)) {
        let mut draft = base_draft();
        for (place, value) in changes {
            let (section, key) = PLACES[place];
            draft[section][key] = value;
        }
        // Any JSON: it reads or is refused, without a panic.
        let Ok(draft) = serde_json::from_value::<Draft>(draft) else { return Ok(()) };
        let _ = draft.validate(Check::Draft);
        if draft.validate(Check::Publish.with_hosts(Hosts::Public)).is_empty() {
            let message = DiscordMessage::for_post(&draft.body, &draft.release, chrono::Utc::now());
            prop_assert!(serde_json::to_string(&message).is_ok());
            if let Err(why) = within_discord_limits(&message) {
                return Err(TestCaseError::fail(format!("{why}: {message:?}")));
            }
        }
    }

    #[test]
    fn the_parsers_never_panic(text in hostile_text()) {
        let _ = liner::lookup::link::parse_link(&text);
        let _ = liner::release::parse_duration(&text);
        let _ = liner::release::ReleaseDate::parse(&text);
        let _ = liner::post::parse_color(&text);
        let _ = liner::draft::DraftId::parse(&text);
        let _ = liner::markdown::parse(&text);
        let _ = liner::markdown::parse_inline(&text);
        let _ = check_http_url(&text);
        let _ = check_host(&text, Hosts::Public);
    }

    #[test]
    fn no_spelling_of_a_private_address_passes(a in 0u8..=255, b in 0u8..=255, c in 0u8..=255, d in 0u8..=255, form in 0usize..4) {
        let ip = std::net::Ipv4Addr::new(a, b, c, d);
        let host = match form {
            0 => ip.to_string(),
            1 => u32::from(ip).to_string(),
            2 => format!("0x{:x}", u32::from(ip)),
            _ => format!("[::ffff:{ip}]"),
        };
        let inside = ip.is_private() || ip.is_loopback() || ip.is_link_local() || ip.is_broadcast()
            || a == 0 || (a == 100 && (b & 0xC0) == 64);
        let url = format!("http://{host}/cover.png");
        prop_assert_eq!(check_host(&url, Hosts::Public).is_err(), inside, "{}", url);
    }
}
