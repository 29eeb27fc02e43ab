//! Runs the publish worker until shutdown: it then stops claiming jobs and lets sends in flight
//! finish (up to 30 s).

use super::poll::ArmedInterval;
use super::Publisher;
use apalis::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Publish jobs run at once. A job spends most of its time waiting for its channel's rate-limit
/// bucket; with room for several per channel, one busy channel does not hold up the others.
const PUBLISH_CONCURRENCY: usize = 16;

/// Starts the worker; `running` says whether it still runs (for `/readyz`).
pub fn start(
    publisher: Arc<Publisher>,
    running: Arc<AtomicBool>,
    shutdown: CancellationToken,
) -> JoinHandle<anyhow::Result<()>> {
    // Unique per boot: apalis refuses a name that a worker used in the last 30 s.
    let boot = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let boot_id = format!("{}-{boot}", std::process::id());
    let storage = publisher.queue.storage();
    let monitor = Monitor::new()
        .register(move |restarts| {
            WorkerBuilder::new(format!("publish-{boot_id}-{restarts}"))
                .backend(
                    storage
                        .clone()
                        .poll_with_strategy(ArmedInterval::new(Duration::from_millis(200))),
                )
                .data(publisher.clone())
                .concurrency(PUBLISH_CONCURRENCY)
                .build(super::send::run)
        })
        .shutdown_timeout(Duration::from_secs(30));
    running.store(true, Ordering::Relaxed);
    tokio::spawn(async move {
        let result = monitor
            .run_with_signal(async move {
                shutdown.cancelled().await;
                Ok(())
            })
            .await;
        running.store(false, Ordering::Relaxed);
        result.map_err(|e| anyhow::anyhow!("publish worker: {e}"))
    })
}
