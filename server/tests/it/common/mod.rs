//! A test app: the real router on a temporary SQLite file with the built-in fakes, plus clients
//! signed in through the fake Discord exactly as a browser would.

#![allow(
    dead_code,
    reason = "each test file uses a different part of the helpers"
)]

use leptos::config::LeptosOptions;
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use server::config::Config;
use server::Running;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub mod process;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub struct TestApp {
    pub running: Option<Running>,
    pub base: String,
    pub dir: TempDir,
    /// The process's metrics recorder, when this test serves `/metrics`.
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
    /// Environment variables besides the sandbox's own.
    pub env: Vec<(String, String)>,
    leave_due_posts: bool,
}

/// A test that leaves a post due and unsent has not waited for what it started (or the worker
/// lost a job): it fails, unless it said it leaves some on purpose. A post due in the future (a
/// post scheduled for 2099) is not due.
impl Drop for TestApp {
    fn drop(&mut self) {
        if self.leave_due_posts || std::thread::panicking() {
            return;
        }
        let due = due_posts(&self.dir.path().join("liner.db"));
        match due {
            Ok(titles) if titles.is_empty() => {}
            Ok(titles) => panic!(
                "the test ended with posts due and not sent: {titles:?}; wait for them (or call leaves_due_posts)"
            ),
            Err(e) => panic!("could not check for due posts: {e}"),
        }
    }
}

/// Titles of the posts that are scheduled and due now, read straight from the database file
/// (a drop cannot wait for the app's own pool).
fn due_posts(db: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Due {
        #[diesel(sql_type = diesel::sql_types::Text)]
        content: String,
    }
    if !db.exists() {
        return Ok(Vec::new());
    }
    let mut conn = diesel::SqliteConnection::establish(&db.to_string_lossy())?;
    let now = server::db::now_ms();
    let rows: Vec<Due> = diesel::sql_query(
        "SELECT content FROM posts WHERE status = 'scheduled' AND scheduled_at <= ?",
    )
    .bind::<diesel::sql_types::BigInt, _>(now)
    .load(&mut conn)?;
    Ok(rows
        .into_iter()
        .map(|d| {
            serde_json::from_str::<liner::Draft>(&d.content)
                .map(|d| d.body.title)
                .unwrap_or(d.content)
        })
        .collect())
}

fn config(
    db: &Path,
    record: PathBuf,
    extra: &[(String, String)],
) -> Result<Config, Box<dyn std::error::Error>> {
    let db = db.to_string_lossy().to_string();
    let record = record.to_string_lossy().to_string();
    Ok(Config::from_lookup(|k| match k {
        "LINER_MODE" => Some("sandbox".into()),
        "LEPTOS_SITE_ADDR" => Some("127.0.0.1:0".into()),
        "DATABASE_URL" => Some(db.clone()),
        "LINER_SANDBOX_RECORD" => Some(record.clone()),
        other => extra
            .iter()
            .find(|(key, _)| key == other)
            .map(|(_, v)| v.clone()),
    })?)
}

fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("liner")
        .site_root("target/site")
        .build()
}

/// How a test app starts: `TestApp::builder().env("KEY", "value").start().await`.
#[derive(Default)]
pub struct TestAppBuilder {
    metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
    env: Vec<(String, String)>,
    /// Due posts a test leaves unsent on purpose.
    leave_due_posts: bool,
}

impl TestAppBuilder {
    /// Serves `/metrics` from `recorder` (a recorder is global: one per test binary).
    pub fn metrics(mut self, recorder: metrics_exporter_prometheus::PrometheusHandle) -> Self {
        self.metrics = Some(recorder);
        self
    }

    /// An environment variable besides the sandbox's own.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// The test ends with posts due and not sent, on purpose (the drop check lets them be).
    pub fn leaves_due_posts(mut self) -> Self {
        self.leave_due_posts = true;
        self
    }

    pub async fn start(self) -> Result<TestApp, Box<dyn std::error::Error>> {
        let mut app = TestApp {
            running: None,
            base: String::new(),
            dir: tempfile::tempdir()?,
            metrics: self.metrics,
            env: self.env,
            leave_due_posts: self.leave_due_posts,
        };
        app.boot().await?;
        Ok(app)
    }
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// Starts with the sandbox's own configuration.
    pub async fn start() -> Result<TestApp, Box<dyn std::error::Error>> {
        TestApp::builder().start().await
    }

    /// Starts (again) on the same database file.
    pub async fn boot(&mut self) -> TestResult {
        let cfg = config(
            &self.dir.path().join("liner.db"),
            self.dir.path().join("discord.jsonl"),
            &self.env,
        )?;
        let running = server::start(cfg, leptos_options(), self.metrics.clone()).await?;
        self.base = format!("http://{}", running.addr);
        self.running = Some(running);
        Ok(())
    }

    /// Stops and starts again on the same database, as after a crash or an upgrade.
    pub async fn restart(&mut self) -> TestResult {
        self.stop().await?;
        self.boot().await
    }

    pub async fn stop(&mut self) -> TestResult {
        if let Some(r) = self.running.take() {
            r.stop().await?;
        }
        Ok(())
    }

    pub fn running(&self) -> &Running {
        self.running
            .as_ref()
            .unwrap_or_else(|| panic!("the test app is not running"))
    }

    pub fn fake(&self) -> &server::sandbox::discord::FakeDiscord {
        self.running()
            .state
            .fake
            .as_deref()
            .unwrap_or_else(|| panic!("sandbox mode has a fake Discord"))
    }

    /// The sandbox's fake Spotify, Last.fm and MusicBrainz.
    pub fn music(&self) -> &server::sandbox::music::FakeMusic {
        self.running()
            .state
            .fake_music
            .as_deref()
            .unwrap_or_else(|| panic!("sandbox mode has fake music services"))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn client() -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    /// Signs in as the sandbox member `user` (ada, pat, nico, max); returns the client and where
    /// the callback sent it.
    pub async fn sign_in(
        &self,
        user: &str,
    ) -> Result<(Client, String), Box<dyn std::error::Error>> {
        sign_in_at(&self.base, user).await
    }

    /// Runs raw SQL on the app's database (to age a session, say).
    pub async fn exec_sql(&self, sql: String) -> TestResult {
        use diesel::RunQueryDsl;
        self.running()
            .state
            .db
            .run(move |c| {
                diesel::sql_query(sql).execute(c)?;
                Ok(())
            })
            .await?;
        Ok(())
    }

    /// Calls a server function with a JSON body.
    pub async fn call(
        &self,
        client: &Client,
        endpoint: &str,
        body: serde_json::Value,
    ) -> Result<(StatusCode, serde_json::Value), Box<dyn std::error::Error>> {
        let resp = client.post(self.url(endpoint)).json(&body).send().await?;
        let status = resp.status();
        let value = resp.json().await.unwrap_or(serde_json::Value::Null);
        Ok((status, value))
    }

    /// Waits until `check` holds, or fails after `limit`.
    pub async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let start = Instant::now();
        while start.elapsed() < limit {
            if check().await {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }
}

/// The status of the viewer's post titled `title`, as the posts list shows it.
pub async fn status_of(app: &TestApp, client: &Client, title: &str) -> Option<String> {
    let (_, posts) = app
        .call(client, "/api/posts", serde_json::json!({}))
        .await
        .ok()?;
    posts["posts"]
        .as_array()?
        .iter()
        .find(|p| p["title"] == title)
        .and_then(|p| p["status"].as_str().map(str::to_string))
}

/// Waits up to 10 s for the post titled `title` to reach `status`.
pub async fn reaches(app: &TestApp, client: &Client, title: &str, status: &str) -> bool {
    TestApp::eventually(Duration::from_secs(10), || async {
        status_of(app, client, title).await.as_deref() == Some(status)
    })
    .await
}

/// Signs in as the sandbox member `user` on the Liner at `base`, as a browser would; returns the
/// client and where the callback sent it.
pub async fn sign_in_at(
    base: &str,
    user: &str,
) -> Result<(Client, String), Box<dyn std::error::Error>> {
    let client = TestApp::client();
    let authorize = location(
        &client
            .get(format!("{base}/auth/discord/login"))
            .send()
            .await?,
    )?;
    let query: std::collections::HashMap<String, String> = url::Url::parse(&authorize)?
        .query_pairs()
        .into_owned()
        .collect();
    let form = [
        ("user", user.to_string()),
        ("redirect_uri", query["redirect_uri"].clone()),
        ("state", query["state"].clone()),
        ("code_challenge", query["code_challenge"].clone()),
    ];
    let callback = location(&client.post(&authorize).form(&form).send().await?)?;
    let landing = location(&client.get(&callback).send().await?)?;
    Ok((client, landing))
}

pub fn location(resp: &reqwest::Response) -> Result<String, Box<dyn std::error::Error>> {
    Ok(resp
        .headers()
        .get("location")
        .ok_or_else(|| format!("expected a redirect, got {}", resp.status()))?
        .to_str()?
        .to_string())
}

/// A post as the wizard sends it, built from its title: a fresh UUID, the release and a post
/// about it, to be published now to channel 1 unless told otherwise.
/// `PostBuilder::new("Dummy").channel(4).at("2099-06-01T09:00", "UTC").json()`.
pub struct PostBuilder {
    draft: serde_json::Value,
}

impl PostBuilder {
    pub fn new(title: &str) -> PostBuilder {
        PostBuilder {
            draft: serde_json::json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "release": {"title": title, "artists": "Massive Attack"},
                "body": {"title": title, "author": "Massive Attack", "description": "Out now"},
                "schedule": {"channel_id": 1, "when": {"mode": "now"}}
            }),
        }
    }

    /// Sent to this channel (by Liner's id: 1–3 webhooks, 4 the bot's, 5 the forum).
    pub fn channel(mut self, id: i64) -> PostBuilder {
        self.draft["schedule"]["channel_id"] = serde_json::json!(id);
        self
    }

    /// Published at this wall-clock time in this zone instead of now.
    pub fn at(mut self, local: &str, timezone: &str) -> PostBuilder {
        self.draft["schedule"]["when"] =
            serde_json::json!({"mode": "at", "local": local, "timezone": timezone});
        self
    }

    /// With this text above the embed.
    pub fn content(mut self, text: &str) -> PostBuilder {
        self.draft["body"]["content"] = serde_json::json!(text);
        self
    }

    /// With this record label in the release facts.
    pub fn label(mut self, label: &str) -> PostBuilder {
        self.draft["release"]["label"] = serde_json::json!(label);
        self
    }

    /// Mentioning this role.
    pub fn mention(mut self, id: &str, name: &str) -> PostBuilder {
        let role = serde_json::json!({"id": id, "name": name});
        match self.draft["body"]["mentions"].as_array_mut() {
            Some(list) => list.push(role),
            None => self.draft["body"]["mentions"] = serde_json::json!([role]),
        }
        self
    }

    /// With these link buttons (label, URL).
    pub fn buttons(mut self, buttons: &[(&str, &str)]) -> PostBuilder {
        self.draft["body"]["buttons"] = buttons
            .iter()
            .map(|(label, url)| serde_json::json!({"label": label, "url": url}))
            .collect();
        self
    }

    /// The draft's JSON, to change further or send.
    pub fn json(self) -> serde_json::Value {
        self.draft
    }

    /// The body of a `posts/publish` or `drafts/save` call for a new post.
    pub fn request(self) -> serde_json::Value {
        request(&self.draft, None)
    }
}

/// A channel stored as `liner channel add` stores one, for tests that need one the sandbox does
/// not seed: `ChannelBuilder::webhook("archive").broken("Unknown Webhook").insert(&app)`.
pub struct ChannelBuilder {
    name: String,
    forum: bool,
    broken: Option<String>,
}

impl ChannelBuilder {
    /// A webhook channel (its webhook is one the fake Discord does not know).
    pub fn webhook(name: &str) -> ChannelBuilder {
        ChannelBuilder {
            name: name.to_string(),
            forum: false,
            broken: None,
        }
    }

    /// A forum channel: posts start threads.
    pub fn forum(mut self) -> ChannelBuilder {
        self.forum = true;
        self
    }

    /// Marked broken with Discord's reason, as a send that found the webhook gone leaves it.
    pub fn broken(mut self, why: &str) -> ChannelBuilder {
        self.broken = Some(why.to_string());
        self
    }

    /// Stores it, its webhook URL sealed with the sandbox's key; returns its id.
    pub async fn insert(self, app: &TestApp) -> Result<i64, Box<dyn std::error::Error>> {
        let key = server::crypto::SecretKey::new(server::config::sandbox::SECRET_KEY);
        let url = app.url("/sandbox/discord/api/v10/webhooks/599999999999999999/unknown");
        let sealed = key.seal(&url)?;
        let key_id = key.id().to_string();
        let ChannelBuilder {
            name,
            forum,
            broken,
        } = self;
        Ok(app
            .running()
            .state
            .db
            .run(move |c| {
                let row = server::db::channels::NewWebhookChannel {
                    name: &name,
                    forum,
                    discord_channel_id: "499999999999999999",
                    ciphertext: &sealed,
                    key_id: &key_id,
                    discord_name: None,
                };
                let channel = server::db::channels::upsert_webhook(c, &row, server::db::now_ms())?;
                if let Some(why) = &broken {
                    server::db::channels::mark_broken(c, channel.id, why)?;
                }
                Ok(channel.id)
            })
            .await?)
    }
}

/// A new draft's JSON (see [`PostBuilder`]).
pub fn draft(title: &str) -> serde_json::Value {
    PostBuilder::new(title).json()
}

/// The body of a `posts/publish` or `drafts/save` call.
pub fn request(draft: &serde_json::Value, base_revision: Option<i64>) -> serde_json::Value {
    serde_json::json!({"request": {"draft": draft, "base_revision": base_revision}})
}

/// Inserts `count` posts by `author` titled `{prefix} #000`, … scheduled for `due_ms` and spread
/// over the channels in `channels` in turn, and queues their jobs for that instant; returns
/// their titles.
pub async fn schedule_many(
    app: &TestApp,
    author: i64,
    prefix: &str,
    count: usize,
    channels: &[i64],
    due_ms: i64,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut drafts = Vec::with_capacity(count);
    for i in 0..count {
        let title = format!("{prefix} #{i:03}");
        let mut d = draft(&title);
        d["schedule"]["channel_id"] = serde_json::json!(channels[i % channels.len()]);
        let d: liner::Draft = serde_json::from_value(d)?;
        drafts.push((title, d));
    }
    let titles = drafts.iter().map(|(t, _)| t.clone()).collect();
    let jobs = app
        .running()
        .state
        .db
        .run(move |c| {
            c.immediate_transaction(|c| {
                let now = server::db::now_ms();
                drafts
                    .iter()
                    .map(|(_, d)| {
                        let p = server::db::posts::insert(
                            c,
                            author,
                            d,
                            liner::PostStatus::Scheduled,
                            Some((due_ms, "UTC")),
                            now,
                        )?;
                        Ok(server::publishing::PublishPost {
                            post_id: liner::PostId(p.id),
                            schedule_rev: p.schedule_rev,
                        })
                    })
                    .collect::<Result<Vec<_>, server::db::DbError>>()
            })
        })
        .await?;
    for job in jobs {
        app.running().state.queue.enqueue(job, due_ms).await?;
    }
    Ok(titles)
}

/// The signed-in viewer's user id.
pub async fn viewer_id(app: &TestApp, client: &Client) -> Result<i64, Box<dyn std::error::Error>> {
    let (_, viewer) = app
        .call(client, "/api/session", serde_json::json!({}))
        .await?;
    viewer["viewer"]["id"]
        .as_i64()
        .ok_or_else(|| "no viewer id".into())
}

/// Every post in the database: (title, status, Discord message id, last error).
pub async fn all_posts(
    app: &TestApp,
) -> Result<Vec<(String, String, Option<String>, Option<String>)>, Box<dyn std::error::Error>> {
    let posts = app
        .running()
        .state
        .db
        .run(|c| {
            let mut all = Vec::new();
            for s in liner::PostStatus::ALL {
                all.extend(server::db::posts::with_status(c, s)?);
            }
            Ok(all)
        })
        .await?;
    Ok(posts
        .into_iter()
        .map(|p| {
            let title = p.draft().body.title.clone();
            (title, p.status, p.discord_message_id, p.last_error)
        })
        .collect())
}

/// Inserts a post as a crash leaves it: claimed ("publishing"), and, when `on_the_wire`, with its
/// request out (an open attempt). Returns the post's id and the attempt's.
pub async fn interrupted_post(
    app: &TestApp,
    author: i64,
    draft: serde_json::Value,
    on_the_wire: bool,
) -> Result<(i64, Option<i64>), Box<dyn std::error::Error>> {
    let draft: liner::Draft = serde_json::from_value(draft)?;
    Ok(app
        .running()
        .state
        .db
        .run(move |c| {
            use server::db::{attempts, now_ms, posts};
            let now = now_ms();
            let p = posts::insert(
                c,
                author,
                &draft,
                liner::PostStatus::Scheduled,
                Some((now, "UTC")),
                now,
            )?;
            posts::claim(c, p.id, p.schedule_rev, now)?;
            let attempt = if on_the_wire {
                Some(attempts::start(c, p.id, p.schedule_rev, now)?)
            } else {
                None
            };
            Ok((p.id, attempt))
        })
        .await?)
}

/// The stored outcome of every publish attempt, oldest first (`None`: still open).
pub async fn attempt_outcomes(
    app: &TestApp,
) -> Result<Vec<Option<String>>, Box<dyn std::error::Error>> {
    Ok(app
        .running()
        .state
        .db
        .run(|c| {
            use diesel::prelude::*;
            use server::db::schema::publish_attempts::dsl::*;
            Ok(publish_attempts
                .order(id.asc())
                .select(outcome)
                .load::<Option<String>>(c)?)
        })
        .await?)
}

/// Whether Liner lists the channel named `name` as broken.
pub async fn channel_broken(
    app: &TestApp,
    client: &Client,
    name: &str,
) -> Result<bool, Box<dyn std::error::Error>> {
    let (_, channels) = app
        .call(client, "/api/channels", serde_json::json!({}))
        .await?;
    Ok(channels
        .as_array()
        .and_then(|l| l.iter().find(|c| c["name"] == name).cloned())
        .is_some_and(|c| c["broken"].is_string()))
}

/// Deletes a message of the sandbox's `#releases` webhook in the fake Discord, as someone
/// would by hand.
pub async fn delete_in_discord(
    app: &TestApp,
    message_id: &str,
) -> Result<reqwest::StatusCode, Box<dyn std::error::Error>> {
    let channel = &server::sandbox::identity::CHANNELS[0];
    Ok(TestApp::client()
        .delete(app.url(&format!(
            "/sandbox/discord/api/v10/webhooks/{}/{}/messages/{message_id}",
            channel.webhook_id, channel.webhook_token
        )))
        .send()
        .await?
        .status())
}

/// The audit entries matching `query`, newest first, as an admin (`ada`) reads them.
pub async fn audit(
    app: &TestApp,
    ada: &Client,
    query: serde_json::Value,
) -> Result<Vec<serde_json::Value>, Box<dyn std::error::Error>> {
    let (status, page) = app
        .call(ada, "/api/admin/audit", serde_json::json!({"query": query}))
        .await?;
    assert_eq!(status, StatusCode::OK, "{page}");
    Ok(page["entries"].as_array().cloned().unwrap_or_default())
}

/// The notice on the viewer's newest post (why a due post waits), once it satisfies `ok`
/// within ten seconds.
pub async fn newest_notice_becomes(
    app: &TestApp,
    client: &Client,
    ok: impl Fn(&serde_json::Value) -> bool,
) -> bool {
    TestApp::eventually(Duration::from_secs(10), || async {
        let (_, list) = app
            .call(client, "/api/posts", serde_json::json!({}))
            .await
            .unwrap_or_default();
        ok(&list["posts"][0]["notice"])
    })
    .await
}
