//! A request fuzzer over every server function the app registers, signed out, as a poster and
//! as an admin: wrong types, missing fields, huge and deeply nested JSON, invalid UTF-8, Unicode
//! edge cases, hostile markdown and the ids of other members' posts. Every answer must be a
//! success or a 4xx that says what was wrong (never a 5xx, never a dropped connection), and a
//! refused request must change nothing.
//!
//! `LINER_FUZZ_CASES` sets how many requests: 1,000 in `make test`, 10,000 in `make soak`. A
//! failure prints its seed; `LINER_FUZZ_SEED` replays it.

use crate::common::{sign_in_at, PostBuilder, TestApp, TestResult};
use reqwest::Client;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// SplitMix64: a seeded, reproducible stream, all a fuzzer needs from randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The argument names Liner's server functions take, so generated objects often look right.
const KEYS: &[&str] = &[
    "id",
    "request",
    "draft",
    "base_revision",
    "local",
    "timezone",
    "member",
    "query",
    "webhook",
    "name",
    "channel_id",
    "on",
    "enabled",
    "from",
    "link",
    "filter",
    "page",
    "from_discord",
    "forum",
    "comment",
    "revision",
    "at",
    "identity",
    "username",
    "avatar_url",
    "before",
    "release",
    "body",
    "schedule",
    "title",
    "when",
    "mode",
    "source",
    "kind",
];

const HOSTILE: &[&str] = &[
    "",
    " ",
    "\u{202E}gnp.exe\u{202C}",
    "\u{200B}\u{FEFF}",
    "\u{10FFFF}\u{FFFF}\u{FFFE}",
    "\0",
    "../../etc/passwd",
    "'; DROP TABLE posts; --",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "@everyone @here <@&1>",
    "<t:99999999999999999:R>",
    "javascript:alert(1)",
    "http://169.254.169.254/latest/meta-data/",
    "https://open.spotify.com/album/49MNmJhZQewjt06rpwp6QR",
    "now",
    "drafts",
    "Europe/London",
    "2099-06-01T09:00",
    "5b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3",
];

fn text(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => rng.pick(HOSTILE).to_string(),
        1 => rng
            .pick(&["*", "_", "`", "||", "> ", "[", "~~", "e\u{301}", "👩‍👩‍👧"])
            .repeat(rng.below(3000)),
        2 => "x".repeat(rng.below(5000)),
        3 => (0..rng.below(40))
            .filter_map(|_| char::from_u32((rng.next() % 0x11_0000) as u32))
            .collect(),
        _ => rng.pick(HOSTILE).to_string(),
    }
}

fn number(rng: &mut Rng, ids: &[i64]) -> Value {
    match rng.below(8) {
        0 => json!(i64::MAX),
        1 => json!(i64::MIN),
        2 => json!(u64::MAX),
        3 => json!(-1),
        4 => json!(0),
        5 => json!(1.5e308),
        _ => json!(*rng.pick(ids)),
    }
}

fn value(rng: &mut Rng, depth: usize, ids: &[i64]) -> Value {
    let leaf = depth >= 4 || rng.chance(55);
    if leaf {
        return match rng.below(5) {
            0 => Value::Null,
            1 => json!(rng.chance(50)),
            2 => number(rng, ids),
            _ => json!(text(rng)),
        };
    }
    if rng.chance(40) {
        Value::Array(
            (0..rng.below(6))
                .map(|_| value(rng, depth + 1, ids))
                .collect(),
        )
    } else {
        let mut map = serde_json::Map::new();
        for _ in 0..rng.below(6) {
            let key = if rng.chance(80) {
                rng.pick(KEYS).to_string()
            } else {
                text(rng)
            };
            map.insert(key, value(rng, depth + 1, ids));
        }
        Value::Object(map)
    }
}

/// Changes one place of `v`: a field dropped, replaced, retyped or wrapped.
fn mutate(rng: &mut Rng, v: &mut Value, ids: &[i64]) {
    match v {
        Value::Object(map) if !map.is_empty() && rng.chance(70) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            match rng.below(4) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(key, value(rng, 2, ids));
                }
                _ => {
                    if let Some(inner) = map.get_mut(&key) {
                        mutate(rng, inner, ids);
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() && rng.chance(70) => {
            let i = rng.below(items.len());
            mutate(rng, &mut items[i], ids);
        }
        Value::String(_) => *v = json!(text(rng)),
        Value::Number(_) => *v = number(rng, ids),
        _ => *v = value(rng, 2, ids),
    }
}

/// A body that is not JSON at all, or JSON no parser should be asked to hold.
fn raw(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let json_type = "application/json";
    match rng.below(7) {
        0 => (vec![0xff, 0xfe, b'{', 0xc3, 0x28, b'}'], json_type),
        1 => (b"{\"id\": \"\xed\xa0\x80\"}".to_vec(), json_type),
        2 => ("[".repeat(50_000).into_bytes(), json_type),
        3 => ("{\"a\":".repeat(20_000).into_bytes(), json_type),
        4 => (
            format!("{{\"id\": \"{}\"}}", "x".repeat(300 * 1024)).into_bytes(),
            json_type,
        ),
        5 => (b"{\"id\": 1".to_vec(), json_type),
        _ => (
            b"id=1&draft=x".to_vec(),
            "application/x-www-form-urlencoded",
        ),
    }
}

/// Bodies close to right for the server functions whose arguments matter most.
fn samples(endpoint: &str, others: &[i64]) -> Vec<Value> {
    let post = |title: &str| PostBuilder::new(title).at("2099-06-01T09:00", "Europe/London");
    let other = others.first().copied().unwrap_or(1);
    match endpoint {
        "drafts/save" | "posts/publish" | "posts/update" => vec![post("Fuzzed").request()],
        "drafts/get"
        | "posts/detail"
        | "posts/delete"
        | "posts/duplicate"
        | "posts/retry"
        | "posts/confirm-arrived" => others.iter().map(|id| json!({"id": id})).collect(),
        "posts" => vec![json!({"filter": "drafts", "page": 0})],
        "posts/earlier" => vec![json!({"release": post("x").json()["release"]})],
        "schedule/resolve" => {
            vec![json!({"local": "2099-06-01T09:00", "timezone": "Europe/London"})]
        }
        "lookup/search" => vec![json!({"query": "massive attack"})],
        "lookup/link" => {
            vec![json!({"link": "https://open.spotify.com/album/49MNmJhZQewjt06rpwp6QR"})]
        }
        "admin/channels/rename" => vec![json!({"id": 1, "name": "renamed"})],
        "admin/approvals/send-back" => vec![json!({"id": other, "revision": 1, "comment": "no"})],
        "admin/audit" => vec![json!({"query": {"page": 0}})],
        _ => vec![json!({})],
    }
}

/// What a refused request must not have touched: posts (their revisions, schedules, deletion
/// and approval), channels, settings, members' roles and the audit entries members cause. What
/// the worker changes on its own (a post's status after a send) is left out.
async fn state(app: &TestApp) -> Result<String, Box<dyn std::error::Error>> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Digest {
        #[diesel(sql_type = diesel::sql_types::Text)]
        d: String,
    }
    let sql = "SELECT
        (SELECT count(*) || '/' || coalesce(group_concat(id || ':' || revision || ':' || schedule_rev || ':' || coalesce(deleted_at, '') || ':' || coalesce(approval, '') || ':' || length(content), ','), '') FROM (SELECT * FROM posts ORDER BY id))
        || '|' || (SELECT count(*) || '/' || coalesce(group_concat(name || ':' || coalesce(disabled_at, '') || ':' || coalesce(removed_at, '') || ':' || coalesce(default_username, ''), ','), '') FROM (SELECT * FROM channels ORDER BY id))
        || '|' || (SELECT coalesce(group_concat(key || '=' || value, ','), '') FROM (SELECT * FROM settings WHERE key <> 'last_backup' ORDER BY key))
        || '|' || (SELECT coalesce(group_concat(id || ':' || role, ','), '') FROM (SELECT * FROM users ORDER BY id))
        || '|' || (SELECT count(*) FROM audit_log WHERE actor_id IS NOT NULL)
        || '|' || (SELECT count(*) FROM deleted_drafts) AS d";
    let digest = app
        .running()
        .state
        .db
        .run(move |c| Ok(diesel::sql_query(sql).get_result::<Digest>(c)?))
        .await?;
    Ok(digest.d)
}

/// Whether a refusal says what was wrong: Liner's errors are JSON naming their kind, and the
/// kinds that carry a sentence carry a non-empty one.
fn says_what(body: &str) -> bool {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::String(kind)) => !kind.is_empty(),
        Ok(Value::Object(map)) => {
            map.values().all(|v| match v {
                Value::String(s) => !s.trim().is_empty(),
                Value::Array(list) => list
                    .iter()
                    .all(|e| e["message"].as_str().is_some_and(|m| !m.trim().is_empty())),
                Value::Object(o) => o
                    .values()
                    .any(|m| m.as_str().is_some_and(|m| !m.trim().is_empty())),
                _ => true,
            }) && !map.is_empty()
        }
        // Refused before any server function ran (size, type, origin): a plain sentence.
        _ => body.trim().len() >= 8,
    }
}

struct Caller {
    name: &'static str,
    client: Client,
    user: Option<&'static str>,
}

/// Found by the fuzzer: serde quotes the offending value in its message, and a 50 KB one of
/// emoji (escaped, larger still) overflowed the buffer that gives an error its status, which
/// answered an empty 500.
#[tokio::test]
async fn a_huge_malformed_argument_gets_a_short_400() -> TestResult {
    let app = TestApp::start().await?;
    let (pat, _) = app.sign_in("pat").await?;
    let huge = serde_json::to_string(&"👩‍👩‍👧".repeat(2900))?;
    let answer = pat
        .post(app.url("/api/posts/delete"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await?;
    assert_eq!(answer.status(), 400);
    let body: Value = answer.json().await?;
    let message = body["BadRequest"].as_str().unwrap_or_default();
    assert!(message.starts_with("invalid type: string"), "{message}");
    assert!(
        message.chars().count() <= 241,
        "{} characters",
        message.len()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_hostile_input_with_a_clear_4xx_and_changes_nothing(
) -> TestResult {
    let cases: usize = std::env::var("LINER_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    let seed: u64 = std::env::var("LINER_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x11_4E_12);
    // Each caller's allowance is tested in `member_limits`; here it would turn most of a long
    // run into 429s and leave the functions behind it untried.
    let app = TestApp::builder()
        .env("LINER_MEMBER_RATE_SCALE", "1000")
        .leaves_due_posts()
        .start()
        .await?;

    // Posts that are not Pat's: Sam's and Ada's drafts.
    let mut others = Vec::new();
    for (who, title) in [("sam", "Sam's"), ("ada", "Ada's")] {
        let (client, _) = app.sign_in(who).await?;
        let (status, saved) = app
            .call(
                &client,
                "/api/drafts/save",
                PostBuilder::new(title).request(),
            )
            .await?;
        assert_eq!(status, 200, "{saved}");
        let id = saved["Saved"]["post_id"]
            .as_i64()
            .ok_or("a saved draft has an id")?;
        others.push(id);
    }
    others.extend([i64::MAX, 0, -7]);

    let endpoints: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(path, _)| path.starts_with("/api/"))
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    assert!(
        endpoints.len() >= 38,
        "every server function is fuzzed: {endpoints:?}"
    );

    let mut callers = [
        Caller {
            name: "signed out",
            client: TestApp::client(),
            user: None,
        },
        Caller {
            name: "pat",
            client: app.sign_in("pat").await?.0,
            user: Some("pat"),
        },
        Caller {
            name: "ada",
            client: app.sign_in("ada").await?.0,
            user: Some("ada"),
        },
    ];
    let mut rng = Rng(seed);
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for case in 0..cases {
        let endpoint = rng.pick(&endpoints).clone();
        let who = rng.below(callers.len());
        let mut names_another = false;
        let (bytes, content_type, shown) = if rng.chance(8) {
            let (bytes, t) = raw(&mut rng);
            let shown = format!("{} raw bytes", bytes.len());
            (bytes, t, shown)
        } else {
            let mut body = if rng.chance(60) {
                rng.pick(&samples(&endpoint, &others)).clone()
            } else {
                value(&mut rng, 0, &others)
            };
            if rng.chance(85) {
                for _ in 0..=rng.below(3) {
                    mutate(&mut rng, &mut body, &others);
                }
            }
            names_another = body["id"]
                .as_i64()
                .is_some_and(|id| others[..2].contains(&id));
            let text = body.to_string();
            let shown: String = text.chars().take(300).collect();
            (text.into_bytes(), "application/json", shown)
        };
        let before = state(&app).await?;
        let caller = &callers[who];
        let answer = caller
            .client
            .post(app.url(&format!("/api/{endpoint}")))
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await;
        let context = format!(
            "case {case} (seed {seed}), {} → /api/{endpoint}: {shown}",
            caller.name
        );
        let answer = answer.map_err(|e| format!("{context}: no answer ({e})"))?;
        let status = answer.status().as_u16();
        let body = answer.text().await.unwrap_or_default();
        *statuses.entry(status).or_default() += 1;
        assert!(status < 500, "{context}: {status} {body}");
        if status >= 400 {
            assert!(
                says_what(&body),
                "{context}: {status} says nothing specific: {body:?}"
            );
            let after = state(&app).await?;
            assert_eq!(
                before, after,
                "{context}: refused with {status} but changed the database"
            );
        }
        // A poster reaches no one else's post by its id: not to read, copy, delete or send.
        let by_id = endpoint.starts_with("drafts/") || endpoint.starts_with("posts/");
        if caller.name == "pat" && names_another && by_id {
            assert!(
                status >= 400,
                "{context}: Pat reached another member's post: {status} {body}"
            );
        }
        if caller.name == "signed out" {
            assert!(
                !(200..300).contains(&status)
                    || ["session", "sandbox/messages"].contains(&endpoint.as_str()),
                "{context}: answered {status} to a signed-out caller: {body}"
            );
        }
        // An admin's fuzzed "sign out everywhere" may end a member's sessions: sign in again.
        if status == 401 {
            if let Some(user) = caller.user {
                let (client, _) = sign_in_at(&app.base, user).await?;
                callers[who].client = client;
            }
        }
    }
    println!(
        "fuzzed {cases} requests over {} server functions: {statuses:?}",
        endpoints.len()
    );
    Ok(())
}
