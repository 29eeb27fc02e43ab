//! The real `liner` binary as a process: SIGTERM ends it cleanly, and after `kill -9` a restart
//! on the same database is ready (worker running) within 5 seconds.

use crate::common::process::{exit_within, free_port, ready_within, signal, spawn};
use crate::common::TestResult;
use std::time::{Duration, Instant};

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
