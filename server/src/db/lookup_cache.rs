//! The release sources' answers, by key, until they expire.

use super::schema::lookup_cache;
use diesel::prelude::*;
use diesel::SqliteConnection;

/// The stored answer for `key`, unless it has expired.
pub fn get(conn: &mut SqliteConnection, key: &str, now: i64) -> QueryResult<Option<String>> {
    lookup_cache::table
        .find(key)
        .filter(lookup_cache::expires_at.gt(now))
        .select(lookup_cache::value)
        .first(conn)
        .optional()
}

pub fn put(
    conn: &mut SqliteConnection,
    key: &str,
    value: &str,
    expires_at: i64,
) -> QueryResult<()> {
    diesel::replace_into(lookup_cache::table)
        .values((
            lookup_cache::key.eq(key),
            lookup_cache::value.eq(value),
            lookup_cache::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Drops what has expired; returns how many.
pub fn purge(conn: &mut SqliteConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(lookup_cache::table.filter(lookup_cache::expires_at.le(now))).execute(conn)
}
