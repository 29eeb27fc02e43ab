//! The database: one SQLite file, a small pool of Diesel connections configured as they are
//! acquired, embedded migrations, and a helper that keeps Diesel off the async executor threads.
//!
//! Error policy: models return `QueryResult`; callers map `NotFound` to a 404-style error and
//! everything else to an internal error logged with its detail.

pub mod attempts;
pub mod audit;
pub mod channels;
pub mod lookup_cache;
pub mod message_changes;
pub mod posts;
pub mod report;
pub mod schema;
pub mod sessions;
pub mod settings;
pub mod users;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{Connection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations");

/// Pragmas every connection gets before it is used.
pub const PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                           PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

pub type Conn = PooledConnection<ConnectionManager<SqliteConnection>>;

#[derive(Debug)]
struct Pragmas;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(PRAGMAS)
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database connection: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("database pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database query: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("database task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
    #[error("migrations: {0}")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("database file: {0}")]
    Io(#[from] std::io::Error),
}

/// A handle on the database, cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager<SqliteConnection>>,
    path: PathBuf,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.path).finish()
    }
}

impl Db {
    /// Opens (creating if needed) the file and applies pending migrations.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        // One connection first: switching a new file to WAL needs the file to itself, and the
        // pool opens its connections concurrently.
        let url = path.to_string_lossy().to_string();
        let mut first = SqliteConnection::establish(&url)?;
        first.batch_execute(PRAGMAS)?;
        first
            .run_pending_migrations(MIGRATIONS)
            .map_err(DbError::Migration)?;
        drop(first);
        let manager = ConnectionManager::<SqliteConnection>::new(url);
        let pool = Pool::builder()
            .max_size(8)
            .connection_timeout(Duration::from_secs(5))
            .connection_customizer(Box::new(Pragmas))
            .build(manager)?;
        Ok(Db {
            pool,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a connection on the blocking thread pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteConnection) -> Result<T, DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// A connection for synchronous callers (the CLI, tests).
    pub fn conn(&self) -> Result<Conn, DbError> {
        Ok(self.pool.get()?)
    }
}

/// Milliseconds since the epoch, the time format of every table.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::prelude::*;

    #[test]
    fn migrations_apply_and_revert_cleanly() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let db = Db::open(&dir.path().join("t.db"))?;
        let mut conn = db.conn()?;
        conn.revert_all_migrations(MIGRATIONS)
            .map_err(|e| e.to_string())?;
        conn.run_pending_migrations(MIGRATIONS)
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    #[test]
    fn pragmas_are_set_on_every_connection() -> Result<(), Box<dyn std::error::Error>> {
        #[derive(QueryableByName)]
        struct V {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            v: i64,
        }
        let dir = tempfile::tempdir()?;
        let db = Db::open(&dir.path().join("t.db"))?;
        let mut conn = db.conn()?;
        let fk: V = diesel::sql_query("SELECT foreign_keys AS v FROM pragma_foreign_keys")
            .get_result(&mut conn)?;
        assert_eq!(fk.v, 1);
        let sync: V = diesel::sql_query("SELECT synchronous AS v FROM pragma_synchronous")
            .get_result(&mut conn)?;
        assert_eq!(sync.v, 1, "NORMAL");
        Ok(())
    }
}
