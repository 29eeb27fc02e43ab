//! Members who signed in, with the role their Discord roles gave them at sign-in.

use super::schema::users;
use diesel::prelude::*;
use liner::views::Viewer;
use liner::{Role, UserId};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub discord_id: String,
    pub name: String,
    pub avatar_url: Option<String>,
    pub role: String,
}

impl User {
    /// The viewer this user signs in as; `None` if the stored role is unknown.
    pub fn viewer(&self) -> Option<Viewer> {
        Some(Viewer {
            id: UserId(self.id),
            name: self.name.clone(),
            avatar_url: self.avatar_url.clone(),
            role: Role::parse(&self.role)?,
        })
    }
}

/// What sign-in learned about a member.
pub struct SignedInMember<'a> {
    pub discord_id: &'a str,
    pub name: &'a str,
    pub avatar_url: Option<&'a str>,
    pub role: Role,
}

/// Creates or refreshes the member's row; returns it.
pub fn upsert(conn: &mut SqliteConnection, m: &SignedInMember<'_>, now: i64) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values((
            users::discord_id.eq(m.discord_id),
            users::name.eq(m.name),
            users::avatar_url.eq(m.avatar_url),
            users::role.eq(m.role.as_str()),
            users::created_at.eq(now),
            users::updated_at.eq(now),
            users::last_sign_in_at.eq(now),
            users::role_checked_at.eq(now),
        ))
        .on_conflict(users::discord_id)
        .do_update()
        .set((
            users::name.eq(m.name),
            users::avatar_url.eq(m.avatar_url),
            users::role.eq(m.role.as_str()),
            users::updated_at.eq(now),
            users::last_sign_in_at.eq(now),
            users::role_checked_at.eq(now),
        ))
        .returning(User::as_returning())
        .get_result(conn)
}

pub fn find(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// The member with when Discord last confirmed their role (Unix ms).
pub fn find_with_role_check(
    conn: &mut SqliteConnection,
    id: i64,
) -> QueryResult<Option<(User, i64)>> {
    users::table
        .find(id)
        .select((User::as_select(), users::role_checked_at))
        .first(conn)
        .optional()
}
