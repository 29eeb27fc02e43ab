//! Backups and restores of the database file, and the lock that keeps one Liner per file.
//!
//! A backup is taken while Liner runs: `VACUUM INTO` writes a consistent copy of the database
//! as of one transaction, job queue and all. A restore replaces the file, so it runs only while
//! no Liner holds the file's lock; the file it replaces is kept beside it, never deleted.

use super::{now_ms, settings, DbError};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("there is no database at {0} (is DATABASE_URL right?)")]
    NoDatabase(PathBuf),
    #[error("{0} already exists; a backup never overwrites a file (name each one after its date)")]
    Exists(PathBuf),
    #[error("Liner is running on {db} (it holds {lock}); stop it first, so two never share one database")]
    InUse { db: PathBuf, lock: PathBuf },
    #[error("{path} is not a Liner backup that can be restored: {why}")]
    Unusable { path: PathBuf, why: String },
    #[error("{path} is a backup of a {created}-mode database; this Liner runs in {running} mode")]
    OtherMode {
        path: PathBuf,
        created: String,
        running: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Db(#[from] DbError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `path` with `suffix` appended to its file name (`liner.db` → `liner.db.lock`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// An exclusive lock on a database, held for as long as a server runs on it (or a restore
/// replaces it). The operating system releases it when the process ends, even by `kill -9`.
#[derive(Debug)]
pub struct DbLock {
    _file: File,
}

impl DbLock {
    /// Takes the lock on `db` (the file `<db>.lock`), or says who holds it. A holder gets a
    /// moment to let go: a server that was just stopped may still be exiting, and a process
    /// forked while the lock was held keeps a copy of it until its `exec` closes it.
    pub fn acquire(db: &Path) -> Result<DbLock, BackupError> {
        const PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);
        let start = std::time::Instant::now();
        loop {
            match DbLock::try_acquire(db) {
                Err(BackupError::InUse { .. }) if start.elapsed() < PATIENCE => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    fn try_acquire(db: &Path) -> Result<DbLock, BackupError> {
        if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let lock = beside(db, ".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&lock)
            .map_err(io(&lock))?;
        match file.try_lock() {
            Ok(()) => Ok(DbLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(BackupError::InUse {
                db: db.to_path_buf(),
                lock,
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(io(&lock)(e)),
        }
    }
}

/// What a backup file holds, read from the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub bytes: u64,
    pub mode: String,
    pub posts: i64,
    pub channels: i64,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// Checks that `path` is a whole, uncorrupted Liner database and says what it holds.
fn inspect(path: &Path) -> Result<Contents, BackupError> {
    let unusable = |why: String| BackupError::Unusable {
        path: path.to_path_buf(),
        why,
    };
    let mut header = [0u8; 16];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => unusable("it is not a SQLite database".into()),
            _ => io(path)(e),
        })?;
    if &header != b"SQLite format 3\0" {
        return Err(unusable("it is not a SQLite database".into()));
    }
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| unusable(e.to_string()))?;
    let problems: Vec<Line> =
        diesel::sql_query("SELECT integrity_check AS line FROM pragma_integrity_check")
            .load(&mut conn)
            .map_err(|e| unusable(format!("it is damaged ({e})")))?;
    if problems.len() != 1 || problems[0].line != "ok" {
        let first: Vec<&str> = problems.iter().take(3).map(|l| l.line.as_str()).collect();
        return Err(unusable(format!("it is damaged ({})", first.join("; "))));
    }
    let mode = settings::mode(&mut conn)
        .ok()
        .flatten()
        .ok_or_else(|| unusable("it has no Liner settings (it is some other database)".into()))?;
    let count = |conn: &mut SqliteConnection, table: &str| {
        diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
            .get_result::<Count>(conn)
            .map(|c| c.n)
            .map_err(|e| unusable(format!("its {table} cannot be read: {e}")))
    };
    let posts = count(&mut conn, "posts")?;
    let channels = count(&mut conn, "channels")?;
    let bytes = std::fs::metadata(path).map_err(io(path))?.len();
    Ok(Contents {
        bytes,
        mode,
        posts,
        channels,
    })
}

/// Creates `path` empty, readable by its owner only (it holds sealed webhook URLs and every
/// post), or refuses if anything is there.
fn create_private_new(path: &Path) -> Result<File, BackupError> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => BackupError::Exists(path.to_path_buf()),
            _ => io(path)(e),
        })
}

/// `liner backup <dest>`: an online, consistent copy of the database at `db`, checked after it
/// is written. The running server goes on serving; the time and size are recorded for Admin →
/// System.
pub fn backup(db: &Path, dest: &Path) -> Result<Contents, BackupError> {
    if !db.is_file() {
        return Err(BackupError::NoDatabase(db.to_path_buf()));
    }
    // Claimed first, so two backups to one name cannot both write it; `VACUUM INTO` accepts an
    // empty file.
    drop(create_private_new(dest)?);
    let result = (|| {
        let mut conn = SqliteConnection::establish(&db.to_string_lossy()).map_err(DbError::from)?;
        conn.batch_execute("PRAGMA busy_timeout = 5000;")
            .map_err(DbError::from)?;
        diesel::sql_query("VACUUM INTO ?")
            .bind::<Text, _>(dest.to_string_lossy())
            .execute(&mut conn)
            .map_err(DbError::from)?;
        File::open(dest)
            .and_then(|f| f.sync_all())
            .map_err(io(dest))?;
        let contents = inspect(dest)?;
        if let Err(e) = settings::record_backup(&mut conn, now_ms(), contents.bytes) {
            tracing::warn!(error = %e, "the backup is good, but its time could not be recorded");
        }
        Ok(contents)
    })();
    if result.is_err() {
        // A half-written copy must not pass for a backup later.
        let _ = std::fs::remove_file(dest);
    }
    result
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub contents: Contents,
    /// Where the database it replaced was moved (with its `-wal` and `-shm` files), if there
    /// was one.
    pub replaced: Option<PathBuf>,
}

/// `liner restore <src>`: replaces the database at `db` with the backup `src`, after checking
/// that the copy is whole and of a database of the same `mode`. Refused while a Liner runs on
/// `db`. The replaced file is moved aside, not deleted. The restored file is migrated to this
/// version of Liner before the lock is released.
pub fn restore(src: &Path, db: &Path, mode: &str) -> Result<Restored, BackupError> {
    let _lock = DbLock::acquire(db)?;
    if !src.is_file() {
        return Err(BackupError::Unusable {
            path: src.to_path_buf(),
            why: "there is no such file".into(),
        });
    }
    // The copy is what gets checked and put in place: the source could change after a check.
    let staging = beside(db, ".restoring");
    match std::fs::remove_file(&staging) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&staging)(e)),
    }
    let staged = (|| {
        let mut out = create_private_new(&staging)?;
        let mut input = File::open(src).map_err(io(src))?;
        std::io::copy(&mut input, &mut out).map_err(io(&staging))?;
        out.sync_all().map_err(io(&staging))?;
        let contents = inspect(&staging).map_err(|e| match e {
            BackupError::Unusable { why, .. } => BackupError::Unusable {
                path: src.to_path_buf(),
                why,
            },
            other => other,
        })?;
        if contents.mode != mode {
            return Err(BackupError::OtherMode {
                path: src.to_path_buf(),
                created: contents.mode,
                running: mode.to_string(),
            });
        }
        Ok(contents)
    })();
    let contents = match staged {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&staging);
            for extra in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(beside(&staging, extra));
            }
            return Err(e);
        }
    };
    let replaced = move_aside(db)?;
    std::fs::rename(&staging, db).map_err(io(db))?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
    }
    drop(super::Db::open_in(db, mode)?);
    Ok(Restored { contents, replaced })
}

/// Moves the database at `db` and its `-wal` and `-shm` files to `<db>.replaced-<time>`, all
/// three under one name so the moved database opens whole.
fn move_aside(db: &Path) -> Result<Option<PathBuf>, BackupError> {
    if !db.exists() {
        return Ok(None);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let aside = beside(db, &format!(".replaced-{stamp}"));
    for extra in ["", "-wal", "-shm"] {
        let from = beside(db, extra);
        if from.exists() {
            std::fs::rename(&from, beside(&aside, extra)).map_err(io(&from))?;
        }
    }
    Ok(Some(aside))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn seeded(dir: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
        let path = dir.join("liner.db");
        let db = Db::open_in(&path, "production")?;
        db.conn()?.batch_execute(
            "INSERT INTO channels (name, discord_channel_id, kind, created_at, forum) VALUES ('releases', '1', 'bot', 0, 0);",
        )?;
        Ok(path)
    }

    #[test]
    fn a_backup_is_a_checked_private_copy_and_never_overwrites() -> TestResult {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let db = seeded(dir.path())?;
        let dest = dir.path().join("b.db");
        let contents = backup(&db, &dest)?;
        assert_eq!(
            (contents.mode.as_str(), contents.channels),
            ("production", 1)
        );
        let mode = std::fs::metadata(&dest)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let before = std::fs::read(&dest)?;
        assert!(matches!(backup(&db, &dest), Err(BackupError::Exists(_))));
        assert_eq!(
            std::fs::read(&dest)?,
            before,
            "the first backup is untouched"
        );
        let mut conn = Db::open(&db)?.conn()?;
        let recorded = settings::last_backup(&mut conn)?;
        assert_eq!(recorded.map(|(_, bytes)| bytes), Some(contents.bytes));
        Ok(())
    }

    #[test]
    fn a_backup_of_a_missing_database_creates_nothing() -> TestResult {
        let dir = tempfile::tempdir()?;
        let missing = dir.path().join("typo.db");
        let dest = dir.path().join("b.db");
        assert!(matches!(
            backup(&missing, &dest),
            Err(BackupError::NoDatabase(_))
        ));
        assert!(!missing.exists() && !dest.exists());
        Ok(())
    }

    #[test]
    fn a_restore_keeps_the_replaced_database_and_refuses_while_locked() -> TestResult {
        let dir = tempfile::tempdir()?;
        let db = seeded(dir.path())?;
        let dest = dir.path().join("b.db");
        backup(&db, &dest)?;
        Db::open(&db)?
            .conn()?
            .batch_execute("DELETE FROM channels;")?;
        {
            let _server = DbLock::acquire(&db)?;
            assert!(matches!(
                restore(&dest, &db, "production"),
                Err(BackupError::InUse { .. })
            ));
        }
        let restored = restore(&dest, &db, "production")?;
        assert_eq!(restored.contents.channels, 1);
        let aside = restored.replaced.ok_or("the replaced file was kept")?;
        assert!(aside.exists());
        let mut conn = Db::open(&db)?.conn()?;
        let n: Count =
            diesel::sql_query("SELECT count(*) AS n FROM channels").get_result(&mut conn)?;
        assert_eq!(n.n, 1);
        Ok(())
    }

    #[test]
    fn a_restore_refuses_what_is_not_a_good_backup_and_changes_nothing() -> TestResult {
        let dir = tempfile::tempdir()?;
        let db = seeded(dir.path())?;
        let before = std::fs::read(&db)?;
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello")?;
        let other = dir.path().join("other.db");
        SqliteConnection::establish(&other.to_string_lossy())?
            .batch_execute("CREATE TABLE t (x INTEGER);")?;
        let sandbox = dir.path().join("sandbox.db");
        drop(Db::open_in(&sandbox, "sandbox")?);
        let damaged = dir.path().join("damaged.db");
        let mut bytes = std::fs::read(&sandbox)?;
        let len = bytes.len();
        bytes[len / 2..].fill(0xA5);
        std::fs::write(&damaged, bytes)?;
        for (file, expect) in [
            (&text, "not a SQLite database"),
            (&other, "no Liner settings"),
            (&damaged, "damaged"),
            (&dir.path().join("absent.db"), "no such file"),
        ] {
            match restore(file, &db, "production") {
                Err(BackupError::Unusable { why, .. }) => assert!(why.contains(expect), "{why}"),
                other => panic!("{} was restored: {other:?}", file.display()),
            }
        }
        assert!(matches!(
            restore(&sandbox, &db, "production"),
            Err(BackupError::OtherMode { .. })
        ));
        assert_eq!(std::fs::read(&db)?, before);
        assert!(!beside(&db, ".restoring").exists());
        Ok(())
    }
}
