//! Rows of the session store (see `auth::session_store`).

use super::schema::sessions;
use diesel::prelude::*;

pub fn insert_new(
    conn: &mut SqliteConnection,
    id: &str,
    data: &str,
    user_id: Option<i64>,
    expires_at: i64,
) -> QueryResult<bool> {
    let n = diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(id),
            sessions::data.eq(data),
            sessions::user_id.eq(user_id),
            sessions::expires_at.eq(expires_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(n == 1)
}

/// Stores an existing session's data. A session that is gone (its member was signed out
/// everywhere while a request of theirs was in flight) stays gone.
pub fn save(
    conn: &mut SqliteConnection,
    id: &str,
    data: &str,
    user_id: Option<i64>,
    expires_at: i64,
) -> QueryResult<()> {
    diesel::update(sessions::table.filter(sessions::id.eq(id)))
        .set((
            sessions::data.eq(data),
            sessions::user_id.eq(user_id),
            sessions::expires_at.eq(expires_at),
        ))
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

/// Ends every session of a member; returns how many there were.
pub fn delete_for_user(conn: &mut SqliteConnection, user_id: i64) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)
}

/// How many live sessions a member has.
/// Each member's unexpired sessions, by member id (members without any are absent).
pub fn counts_by_user(
    conn: &mut SqliteConnection,
    now: i64,
) -> QueryResult<std::collections::HashMap<i64, i64>> {
    let rows: Vec<(Option<i64>, i64)> = sessions::table
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::user_id.is_not_null())
        .group_by(sessions::user_id)
        .select((sessions::user_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(user, n)| Some((user?, n)))
        .collect())
}
