//! Settings admins change from their pages, one row each, read in the transaction that acts on
//! them (so a publish and an admin turning approvals on cannot cross unseen).

use super::schema::settings;
use diesel::prelude::*;
use liner::admin::Settings;

const APPROVALS: &str = "approvals";
/// The mode (sandbox or production) the database was first opened in.
const MODE: &str = "mode";

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
