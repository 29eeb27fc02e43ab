//! Settings admins change from their pages, one row each, read in the transaction that acts on
//! them (so a publish and an admin turning approvals on cannot cross unseen).

use super::schema::settings;
use diesel::prelude::*;
use liner::admin::Settings;

const APPROVALS: &str = "approvals";
/// The mode (sandbox or production) the database was first opened in.
const MODE: &str = "mode";
/// The last `liner backup`: when it was taken and its size.
const LAST_BACKUP: &str = "last_backup";

/// The settings as stored; a setting never set has its default.
pub fn load(conn: &mut SqliteConnection) -> QueryResult<Settings> {
    let approvals = read(conn, APPROVALS)?;
    Ok(Settings {
        approvals: approvals.is_some_and(|v| v == "true"),
    })
}

/// One setting's stored value, if it was ever set.
fn read(conn: &mut SqliteConnection, key: &str) -> QueryResult<Option<String>> {
    settings::table
        .find(key)
        .select(settings::value)
        .first::<String>(conn)
        .optional()
}

/// Turns approvals on or off; returns whether that changed anything.
pub fn set_approvals(
    conn: &mut SqliteConnection,
    on: bool,
    by: i64,
    now: i64,
) -> QueryResult<bool> {
    if load(conn)?.approvals == on {
        return Ok(false);
    }
    let value = if on { "true" } else { "false" };
    diesel::insert_into(settings::table)
        .values((
            settings::key.eq(APPROVALS),
            settings::value.eq(value),
            settings::updated_at.eq(now),
            settings::updated_by.eq(by),
        ))
        .on_conflict(settings::key)
        .do_update()
        .set((
            settings::value.eq(value),
            settings::updated_at.eq(now),
            settings::updated_by.eq(by),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Records `mode` as the database's if it has none yet; returns the mode recorded before, if it
/// was another one (the caller refuses to go on).
pub fn claim_mode(
    conn: &mut SqliteConnection,
    mode: &str,
    now: i64,
) -> QueryResult<Option<String>> {
    conn.immediate_transaction(|c| match read(c, MODE)? {
        Some(stored) if stored == mode => Ok(None),
        Some(other) => Ok(Some(other)),
        None => {
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(MODE),
                    settings::value.eq(mode),
                    settings::updated_at.eq(now),
                ))
                .execute(c)?;
            Ok(None)
        }
    })
}

/// The mode recorded in the database, if any (a file without one is not Liner's yet).
pub fn mode(conn: &mut SqliteConnection) -> QueryResult<Option<String>> {
    read(conn, MODE)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct BackupRecord {
    at: i64,
    bytes: u64,
}

/// Records a backup taken at `at` (ms) of `bytes`, for Admin → System.
pub fn record_backup(conn: &mut SqliteConnection, at: i64, bytes: u64) -> QueryResult<()> {
    let value = serde_json::to_string(&BackupRecord { at, bytes })
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::insert_into(settings::table)
        .values((
            settings::key.eq(LAST_BACKUP),
            settings::value.eq(&value),
            settings::updated_at.eq(at),
        ))
        .on_conflict(settings::key)
        .do_update()
        .set((settings::value.eq(&value), settings::updated_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

/// The last backup recorded (time in ms, size in bytes); a value that does not read is none.
pub fn last_backup(conn: &mut SqliteConnection) -> QueryResult<Option<(i64, u64)>> {
    Ok(read(conn, LAST_BACKUP)?
        .and_then(|v| serde_json::from_str::<BackupRecord>(&v).ok())
        .map(|r| (r.at, r.bytes)))
}
