//! What a guild member may do in Liner, derived from their Discord roles.

use serde::{Deserialize, Serialize};

/// A signed-in member's permission level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages channels, settings and everyone's posts.
    Admin,
    /// Writes and publishes their own posts.
    Poster,
}

impl Role {
    /// The role a member gets from their Discord role ids; `None` when they hold neither a
    /// configured admin role nor a poster role. Admin wins when a member holds both.
    pub fn from_member_roles<S: AsRef<str>>(
        member_roles: &[S],
        admin_role_ids: &[String],
        poster_role_ids: &[String],
    ) -> Option<Role> {
        let holds = |wanted: &[String]| {
            member_roles
                .iter()
                .any(|r| wanted.iter().any(|w| w == r.as_ref()))
        };
        if holds(admin_role_ids) {
            Some(Role::Admin)
        } else if holds(poster_role_ids) {
            Some(Role::Poster)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Poster => "poster",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "poster" => Some(Role::Poster),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn admin_wins_over_poster() {
        let got = Role::from_member_roles(&["p", "a"], &ids(&["a"]), &ids(&["p"]));
        assert_eq!(got, Some(Role::Admin));
    }

    #[test]
    fn poster_role_maps_to_poster() {
        let got = Role::from_member_roles(&["x", "p"], &ids(&["a"]), &ids(&["p"]));
        assert_eq!(got, Some(Role::Poster));
    }

    #[test]
    fn member_without_configured_roles_gets_none() {
        let got = Role::from_member_roles(&["x"], &ids(&["a"]), &ids(&["p"]));
        assert_eq!(got, None);
        let none: [&str; 0] = [];
        assert_eq!(
            Role::from_member_roles(&none, &ids(&["a"]), &ids(&["p"])),
            None
        );
    }

    #[test]
    fn round_trips_through_text() {
        for r in [Role::Admin, Role::Poster] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
