//! Rows of the session store (see `auth::session_store`).

use super::schema::sessions;
use diesel::prelude::*;

pub fn insert_new(
    conn: &mut SqliteConnection,
    id: &str,
    data: &str,
    expires_at: i64,
) -> QueryResult<bool> {
    let n = diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::data.eq(data),
            sessions::expires_at.eq(expires_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(n == 1)
}

pub fn save(conn: &mut SqliteConnection, id: &str, data: &str, expires_at: i64) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::data.eq(data),
            sessions::expires_at.eq(expires_at),
        ))
        .on_conflict(sessions::id)
        .do_update()
        .set((sessions::data.eq(data), sessions::expires_at.eq(expires_at)))
        .execute(conn)
        .map(|_| ())
}

/// The session's data and expiry, unless it has expired (seconds since the epoch).
pub fn load(conn: &mut SqliteConnection, id: &str, now: i64) -> QueryResult<Option<(String, i64)>> {
    sessions::table
        .filter(sessions::id.eq(id))
        .filter(sessions::expires_at.gt(now))
        .select((sessions::data, sessions::expires_at))
        .first(conn)
        .optional()
}

pub fn delete(conn: &mut SqliteConnection, id: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::id.eq(id)))
        .execute(conn)
        .map(|_| ())
}

pub fn delete_expired(conn: &mut SqliteConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}
