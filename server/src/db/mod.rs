//! The database: one SQLite file, a small pool of Diesel connections configured as they are
//! acquired, embedded migrations, and a helper that keeps Diesel off the async executor threads.
//!
//! Error policy: models return `QueryResult`; callers map `NotFound` to a 404-style error and
//! everything else to an internal error logged with its detail.

pub mod attempts;
pub mod audit;
pub mod backup;
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

/// Creates the database file readable and writable by its owner only (mode 0600), if it is
/// new: it holds sessions, sealed webhook URLs and every post. SQLite gives its WAL and
/// shared-memory files the database file's mode. An existing file keeps the mode it has.
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Pragmas every connection gets before it is used. `synchronous = FULL`: with WAL, NORMAL may
/// lose the last commits on power loss, and the last commit may be the "sending" mark written
/// before a webhook POST, without which recovery would send the post again. Writes are few.
pub const PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                           PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";

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
    #[error("this database was created by Liner in {created} mode; it will not be used in {running} mode, so sandbox data never mixes with a community's (point DATABASE_URL at another file)")]
    OtherMode { created: String, running: String },
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
        create_private(path)?;
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

    /// Opens `path` for Liner running in `mode` (`sandbox` or `production`), which the file
    /// records the first time; a file recorded in the other mode is refused.
    pub fn open_in(path: &Path, mode: &str) -> Result<Db, DbError> {
        let db = Db::open(path)?;
        let mut conn = db.conn()?;
        match settings::claim_mode(&mut conn, mode, now_ms())? {
            None => Ok(db),
            Some(created) => Err(DbError::OtherMode {
                created,
                running: mode.to_string(),
            }),
        }
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
        assert_eq!(sync.v, 2, "FULL");
        Ok(())
    }

    #[test]
    fn a_database_keeps_the_mode_it_was_created_in() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("m.db");
        drop(Db::open_in(&path, "production")?);
        drop(Db::open_in(&path, "production")?);
        match Db::open_in(&path, "sandbox") {
            Err(DbError::OtherMode { created, running }) => {
                assert_eq!(
                    (created.as_str(), running.as_str()),
                    ("production", "sandbox")
                );
            }
            other => panic!(
                "a production file opened in the sandbox: {:?}",
                other.map(|_| ())
            ),
        }
        Ok(())
    }

    #[test]
    fn a_new_database_file_is_private_to_its_owner() -> Result<(), Box<dyn std::error::Error>> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("new.db");
        let db = Db::open(&path)?;
        drop(db.conn()?);
        for file in [path.clone(), dir.path().join("new.db-wal")] {
            let mode = std::fs::metadata(&file)?.permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
        Ok(())
    }
}
