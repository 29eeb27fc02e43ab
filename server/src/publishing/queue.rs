//! The durable job queue (apalis on the same SQLite file, through its own sqlx pool). The posts
//! table is the truth; a job only wakes the worker for one post at one schedule revision.

use apalis::prelude::*;
use apalis_sqlite::{Config as QueueConfig, SqliteStorage};
use liner::PostId;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// Ids only: the row is read when the job runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishPost {
    pub post_id: PostId,
    pub schedule_rev: i64,
}

impl PublishPost {
    pub fn idempotency_key(&self) -> String {
        format!("post:{}:{}", self.post_id, self.schedule_rev)
    }

    /// The key of the job queued for the post again after a restart (`boot` tells boots
    /// apart): not a duplicate of a job the previous process had fetched and still holds.
    pub fn restart_key(&self, boot: i64) -> String {
        format!("{}:boot-{boot}", self.idempotency_key())
    }
}

/// The queue's name in apalis' tables: fixed, so moving the type never strands jobs.
const PUBLISH_QUEUE: &str = "liner::publish_post";

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("job queue database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("job queue migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("could not queue the job: {0}")]
    Push(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The publish queue.
#[derive(Clone)]
pub struct Queue {
    storage: SqliteStorage<PublishPost>,
}

impl Queue {
    /// Opens apalis' pool on `path` with the same pragmas as Diesel's connections and runs its
    /// migrations (not `setup()`, which would turn `synchronous` off).
    pub async fn open(path: &Path) -> Result<Queue, QueueError> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool: SqlitePool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        SqliteStorage::<()>::migrations().run(&pool).await?;
        let storage =
            SqliteStorage::new(&pool).with_config(QueueConfig::default().queue(PUBLISH_QUEUE));
        Ok(Queue { storage })
    }

    /// Queues a publish job to run at `run_at` (Unix milliseconds; now if past); a second push
    /// for the same post and revision is ignored.
    pub async fn enqueue(&self, job: PublishPost, run_at: i64) -> Result<(), QueueError> {
        let key = job.idempotency_key();
        self.enqueue_keyed(job, run_at, key).await
    }

    /// As [`Queue::enqueue`], with the idempotency key given.
    pub async fn enqueue_keyed(
        &self,
        job: PublishPost,
        run_at: i64,
        key: String,
    ) -> Result<(), QueueError> {
        let mut storage = self.storage.clone();
        let mut task = TaskBuilder::new(job).idempotency_key(key).max_attempts(3);
        if run_at > crate::db::now_ms() {
            // apalis counts in whole seconds; rounding up never fires early.
            task = task.run_at_timestamp((run_at as u64).div_ceil(1000));
        }
        storage
            .push_task(task.build())
            .await
            .map_err(|e| QueueError::Push(e.into()))
    }

    pub fn storage(&self) -> SqliteStorage<PublishPost> {
        self.storage.clone()
    }
}
