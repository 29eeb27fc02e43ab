//! The real `liner` binary as a process: SIGTERM ends it cleanly, and after `kill -9` a restart
//! on the same database is ready (worker running) within 5 seconds.

mod common;

use common::TestResult;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> Result<u16, std::io::Error> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn spawn(dir: &Path, port: u16) -> Result<Child, std::io::Error> {
    Command::new(env!("CARGO_BIN_EXE_liner"))
        .env_clear()
        .env("LINER_MODE", "sandbox")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "liner")
        .env("DATABASE_URL", dir.join("liner.db"))
        .env("LINER_SANDBOX_RECORD", dir.join("discord.jsonl"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
}

async fn ready_within(port: u16, limit: Duration) -> bool {
    let url = format!("http://127.0.0.1:{port}/readyz");
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(r) = reqwest::get(&url).await {
            if r.status() == 200 {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

fn signal(child: &Child, sig: &str) -> Result<(), std::io::Error> {
    Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .map(|_| ())
}

async fn exit_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() -> TestResult {
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let mut child = spawn(dir.path(), port)?;
    assert!(
        ready_within(port, Duration::from_secs(10)).await,
        "never ready"
    );
    signal(&child, "-TERM")?;
    let status = exit_within(&mut child, Duration::from_secs(10)).await;
    if status.is_none() {
        let _ = child.kill();
    }
    assert_eq!(status.map(|s| s.success()), Some(true), "{status:?}");
    Ok(())
}

#[tokio::test]
async fn after_kill_9_a_restart_is_ready_within_five_seconds() -> TestResult {
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let mut first = spawn(dir.path(), port)?;
    assert!(
        ready_within(port, Duration::from_secs(10)).await,
        "never ready"
    );
    signal(&first, "-KILL")?;
    let _ = exit_within(&mut first, Duration::from_secs(5)).await;
    let started = Instant::now();
    let mut second = spawn(dir.path(), port)?;
    let ready = ready_within(port, Duration::from_secs(5)).await;
    let elapsed = started.elapsed();
    let _ = second.kill();
    let _ = second.wait();
    assert!(ready, "not ready {elapsed:?} after the restart");
    Ok(())
}
