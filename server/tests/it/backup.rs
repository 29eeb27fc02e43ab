//! Backups and restores: the restore drill the README promises (back up while serving, lose
//! the database, restore, start again: the posts and channels are there), and the lock that
//! keeps a restore, or a second server, off a database in use.

use crate::common::process::{exit_within, free_port, liner, ready_within, signal, spawn};
use crate::common::{sign_in_at, ChannelBuilder, PostBuilder, TestApp, TestResult};
use serde_json::json;
use server::db::backup::{self, BackupError};
use std::path::Path;
use std::process::Output;
use std::time::Duration;

fn titles(list: &serde_json::Value) -> Vec<String> {
    let mut t: Vec<String> = list["posts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["title"].as_str().map(str::to_string))
        .collect();
    t.sort();
    t
}

fn channel_names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .collect()
}

/// `liner backup`, run beside the server as the operator's command is. The server under test
/// shares this test's single-threaded runtime: a backup blocking that thread could stall the
/// queue mid-transaction, holding SQLite's write lock the backup then waits five seconds for.
async fn take_backup(
    db: &Path,
    dest: &Path,
) -> Result<backup::Contents, Box<dyn std::error::Error>> {
    let (db, dest) = (db.to_path_buf(), dest.to_path_buf());
    Ok(tokio::task::spawn_blocking(move || backup::backup(&db, &dest)).await??)
}

#[tokio::test]
async fn the_restore_drill_brings_back_the_posts_and_channels() -> TestResult {
    let mut app = TestApp::start().await?;
    let archive = ChannelBuilder::webhook("archive").insert(&app).await?;
    let (pat, _) = app.sign_in("pat").await?;
    let later = PostBuilder::new("Mezzanine")
        .channel(archive)
        .at("2099-06-01T09:00", "Europe/London")
        .request();
    let (status, body) = app.call(&pat, "/api/posts/publish", later).await?;
    assert_eq!(status, 200, "{body}");
    let draft = PostBuilder::new("Heligoland").request();
    let (status, body) = app.call(&pat, "/api/drafts/save", draft).await?;
    assert_eq!(status, 200, "{body}");
    let (_, posts_before) = app.call(&pat, "/api/posts", json!({})).await?;
    let (_, channels_before) = app.call(&pat, "/api/channels", json!({})).await?;
    assert!(channel_names(&channels_before).contains(&"archive".to_string()));

    // Online: the server is serving while the copy is taken.
    let db = app.dir.path().join("liner.db");
    let file = app.dir.path().join("backup-2026-12-03.db");
    let contents = take_backup(&db, &file).await?;
    assert_eq!(contents.posts, 2);
    assert!(matches!(
        backup::restore(&file, &db, "sandbox"),
        Err(BackupError::InUse { .. })
    ));

    app.stop().await?;
    for extra in ["", "-wal", "-shm"] {
        let f = app.dir.path().join(format!("liner.db{extra}"));
        if f.exists() {
            std::fs::remove_file(f)?;
        }
    }
    let restored = backup::restore(&file, &db, "sandbox")?;
    assert!(restored.replaced.is_none(), "nothing was there to replace");
    app.boot().await?;

    let (pat, _) = app.sign_in("pat").await?;
    let (_, posts_after) = app.call(&pat, "/api/posts", json!({})).await?;
    assert_eq!(titles(&posts_after), ["Heligoland", "Mezzanine"]);
    assert_eq!(titles(&posts_after), titles(&posts_before));
    let (_, channels_after) = app.call(&pat, "/api/channels", json!({})).await?;
    assert_eq!(
        channel_names(&channels_after),
        channel_names(&channels_before)
    );
    Ok(())
}

#[tokio::test]
async fn the_system_page_shows_the_last_backup() -> TestResult {
    let app = TestApp::start().await?;
    let (ada, _) = app.sign_in("ada").await?;
    let (_, report) = app.call(&ada, "/api/admin/system", json!({})).await?;
    assert_eq!(report["last_backup"], serde_json::Value::Null, "{report}");
    let file = app.dir.path().join("b.db");
    let contents = take_backup(&app.dir.path().join("liner.db"), &file).await?;
    let (_, report) = app.call(&ada, "/api/admin/system", json!({})).await?;
    assert_eq!(report["last_backup"]["bytes"], contents.bytes, "{report}");
    Ok(())
}

/// `liner <args>` run as an operator would, with the server's environment.
fn run(dir: &Path, args: &[&str]) -> Result<Output, std::io::Error> {
    liner(dir).args(args).output()
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn the_command_line_backs_up_a_running_server_and_restores_only_a_stopped_one() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let mut server = spawn(dir.path(), port)?;
    assert!(
        ready_within(port, Duration::from_secs(10)).await,
        "never ready"
    );
    let base = format!("http://127.0.0.1:{port}");
    let (pat, _) = sign_in_at(&base, "pat").await?;
    let saved = pat
        .post(format!("{base}/api/drafts/save"))
        .json(&PostBuilder::new("Protection").request())
        .send()
        .await?;
    assert_eq!(saved.status(), 200);

    let file = dir.path().join("nightly.db");
    let file_arg = file.to_string_lossy().to_string();
    let out = run(dir.path(), &["backup", &file_arg])?;
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("1 posts"), "{}", said(&out));
    let again = run(dir.path(), &["backup", &file_arg])?;
    assert!(!again.status.success());
    assert!(said(&again).contains("already exists"), "{}", said(&again));

    let refused = run(dir.path(), &["restore", &file_arg])?;
    assert!(!refused.status.success());
    assert!(
        said(&refused).contains("Liner is running on"),
        "{}",
        said(&refused)
    );
    let mut second = liner(dir.path())
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", free_port()?))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let status = exit_within(&mut second, Duration::from_secs(10)).await;
    let _ = second.kill();
    let mut err = String::new();
    if let Some(mut e) = second.stderr.take() {
        use std::io::Read;
        e.read_to_string(&mut err)?;
    }
    assert_eq!(
        status.map(|s| s.success()),
        Some(false),
        "a second server ran"
    );
    assert!(err.contains("Liner is running on"), "{err}");

    signal(&server, "-TERM")?;
    let stopped = exit_within(&mut server, Duration::from_secs(10)).await;
    assert_eq!(stopped.map(|s| s.success()), Some(true));
    let out = run(dir.path(), &["restore", &file_arg])?;
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("is kept at"), "{}", said(&out));

    let mut server = spawn(dir.path(), port)?;
    let ready = ready_within(port, Duration::from_secs(10)).await;
    let (pat, _) = sign_in_at(&base, "pat").await?;
    let list: serde_json::Value = pat
        .post(format!("{base}/api/posts"))
        .json(&json!({}))
        .send()
        .await?
        .json()
        .await?;
    let _ = server.kill();
    let _ = server.wait();
    assert!(ready);
    assert_eq!(titles(&list), ["Protection"]);
    Ok(())
}
