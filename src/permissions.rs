//! Who may do what with a post: one table, read by the server (which enforces it) and by the
//! pages (which offer only what it allows), so the two can never disagree.
//!
//! A member acts on their own posts; an admin on everyone's. What a post's status allows is the
//! same for both, except for a post whose send may or may not have arrived: only an admin, who
//! can check the channel, sends it again or records that it arrived.

use crate::views::Viewer;
use crate::{PostStatus, Role};
use std::fmt;

/// Something a member can do to a stored post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open it in the composer and save changes (drafts and scheduled posts).
    Edit,
    /// Change the message it already has in Discord.
    EditPublished,
    /// Delete the message it has in Discord (with the post).
    DeleteMessage,
    /// Queue a failed post, or (admins) a doubtful one, to be sent again now.
    Retry,
    /// Record that a doubtful post did arrive (admins, who can check the channel).
    ConfirmArrived,
    /// Remove it from Liner (and, for a published post, perhaps its message from Discord).
    Delete,
    /// Start a new draft from it.
    Duplicate,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Edit,
        Action::EditPublished,
        Action::DeleteMessage,
        Action::Retry,
        Action::ConfirmArrived,
        Action::Delete,
        Action::Duplicate,
    ];
}

/// Why an action is refused. The server turns each into its answer: `NotYours` into "not
/// found", so a post's id tells nothing to whoever may not see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Neither the author nor an admin.
    NotYours,
    /// The status allows it, but only to an admin.
    AdminsOnly,
    /// The post's status does not allow it, for anyone.
    Status(Action, PostStatus),
    /// Admin pages and their server functions, asked by a poster.
    NotAnAdmin,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Denied::NotYours => f.write_str("That post was not found."),
            Denied::NotAnAdmin => f.write_str(
                "This is for Liner's admins. Ask an admin of the server if you need it done.",
            ),
            Denied::AdminsOnly => f.write_str(
                "Only an admin, who can check the channel, may do this with a post that needs review.",
            ),
            Denied::Status(action, status) => {
                let status = status.label().to_lowercase();
                match action {
                    Action::Edit => write!(
                        f,
                        "This post is {status}; only drafts and scheduled posts can be changed. Duplicate it to start a new one."
                    ),
                    Action::EditPublished => f.write_str(
                        "Only a published post has a message in Discord to update.",
                    ),
                    Action::DeleteMessage => f.write_str(
                        "Only a published post has a message in Discord to delete.",
                    ),
                    Action::Retry => write!(
                        f,
                        "This post is {status}; only a failed post, or one that needs review, can be sent again."
                    ),
                    Action::ConfirmArrived => {
                        f.write_str("Only a post that needs review can be marked as arrived.")
                    }
                    Action::Delete => {
                        f.write_str("This post is being sent right now; wait until it is done.")
                    }
                    Action::Duplicate => write!(f, "A {status} post cannot be duplicated."),
                }
            }
        }
    }
}

/// Whether a member may see a post at all: their own, or anyone's for an admin.
pub fn may_see(role: Role, is_author: bool) -> bool {
    role == Role::Admin || is_author
}

/// A signed-in member checked to be an admin. The only way to get one is [`AdminViewer::check`],
/// so every admin operation, taking one, is guarded by that one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminViewer(Viewer);

impl AdminViewer {
    /// The viewer as an admin, or `NotAnAdmin`.
    pub fn check(viewer: Viewer) -> Result<AdminViewer, Denied> {
        if viewer.role == Role::Admin {
            Ok(AdminViewer(viewer))
        } else {
            Err(Denied::NotAnAdmin)
        }
    }

    pub fn viewer(&self) -> &Viewer {
        &self.0
    }
}

/// Whether `role` may take `action` on a post in `status` (`is_author`: the member wrote it).
pub fn check(
    action: Action,
    status: PostStatus,
    role: Role,
    is_author: bool,
) -> Result<(), Denied> {
    use PostStatus::*;
    let admin = role == Role::Admin;
    if !may_see(role, is_author) {
        return Err(Denied::NotYours);
    }
    let by_status = match action {
        Action::Edit => matches!(status, Draft | Scheduled),
        Action::EditPublished | Action::DeleteMessage => status == Published,
        Action::Retry => matches!(status, Failed | NeedsReview),
        Action::ConfirmArrived => status == NeedsReview,
        // A send in flight would still arrive.
        Action::Delete => status != Publishing,
        Action::Duplicate => true,
    };
    if !by_status {
        return Err(Denied::Status(action, status));
    }
    let admins_only =
        status == NeedsReview && matches!(action, Action::Retry | Action::ConfirmArrived);
    if admins_only && !admin {
        return Err(Denied::AdminsOnly);
    }
    Ok(())
}

/// What a member may do with one post: the buttons a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Actions {
    pub edit: bool,
    pub edit_published: bool,
    pub delete_message: bool,
    pub retry: bool,
    pub confirm_arrived: bool,
    pub delete: bool,
    pub duplicate: bool,
}

impl Actions {
    /// Whether `action` is among them.
    pub fn allows(&self, action: Action) -> bool {
        match action {
            Action::Edit => self.edit,
            Action::EditPublished => self.edit_published,
            Action::DeleteMessage => self.delete_message,
            Action::Retry => self.retry,
            Action::ConfirmArrived => self.confirm_arrived,
            Action::Delete => self.delete,
            Action::Duplicate => self.duplicate,
        }
    }

    /// Whether the composer can open the post (to save it, or to update its message).
    pub fn opens_in_composer(&self) -> bool {
        self.edit || self.edit_published
    }
}

/// Every action `role` may take on a post in `status`.
pub fn actions(status: PostStatus, role: Role, is_author: bool) -> Actions {
    let may = |action| check(action, status, role, is_author).is_ok();
    Actions {
        edit: may(Action::Edit),
        edit_published: may(Action::EditPublished),
        delete_message: may(Action::DeleteMessage),
        retry: may(Action::Retry),
        confirm_arrived: may(Action::ConfirmArrived),
        delete: may(Action::Delete),
        duplicate: may(Action::Duplicate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PostStatus::*;

    #[test]
    fn only_an_admin_passes_the_admin_check() {
        let member = |role| Viewer {
            id: crate::UserId(1),
            name: "Ada".into(),
            avatar_url: None,
            role,
        };
        assert!(AdminViewer::check(member(Role::Admin)).is_ok());
        assert_eq!(
            AdminViewer::check(member(Role::Poster)),
            Err(Denied::NotAnAdmin)
        );
    }

    #[test]
    fn nobody_acts_on_another_posters_post() {
        for status in PostStatus::ALL {
            assert_eq!(actions(status, Role::Poster, false), Actions::default());
            for action in Action::ALL {
                assert_eq!(
                    check(action, status, Role::Poster, false),
                    Err(Denied::NotYours)
                );
            }
        }
    }

    #[test]
    fn an_admin_may_do_on_anyones_post_what_the_author_may_and_more() {
        for status in PostStatus::ALL {
            let author = actions(status, Role::Poster, true);
            let admin = actions(status, Role::Admin, false);
            assert_eq!(admin, actions(status, Role::Admin, true));
            for action in Action::ALL {
                assert!(
                    !author.allows(action) || admin.allows(action),
                    "{status} {action:?}"
                );
            }
        }
    }

    #[test]
    fn what_each_status_allows_its_author() {
        let allowed = |status| {
            let a = actions(status, Role::Poster, true);
            Action::ALL
                .into_iter()
                .filter(|x| a.allows(*x))
                .collect::<Vec<_>>()
        };
        use Action::*;
        assert_eq!(allowed(Draft), vec![Edit, Delete, Duplicate]);
        assert_eq!(allowed(Scheduled), vec![Edit, Delete, Duplicate]);
        assert_eq!(allowed(Publishing), vec![Duplicate]);
        assert_eq!(
            allowed(Published),
            vec![EditPublished, DeleteMessage, Delete, Duplicate]
        );
        assert_eq!(allowed(Failed), vec![Retry, Delete, Duplicate]);
        assert_eq!(allowed(NeedsReview), vec![Delete, Duplicate]);
    }

    #[test]
    fn only_an_admin_settles_a_doubtful_post() {
        assert_eq!(
            check(Action::Retry, NeedsReview, Role::Poster, true),
            Err(Denied::AdminsOnly)
        );
        assert_eq!(
            check(Action::ConfirmArrived, NeedsReview, Role::Poster, true),
            Err(Denied::AdminsOnly)
        );
        let admin = actions(NeedsReview, Role::Admin, false);
        assert!(admin.retry && admin.confirm_arrived);
        // The status decides before the role: a poster asking to confirm a failed post is told
        // why no one can, not that they lack the role.
        assert_eq!(
            check(Action::ConfirmArrived, Failed, Role::Poster, true),
            Err(Denied::Status(Action::ConfirmArrived, Failed))
        );
    }

    #[test]
    fn refusals_read_as_sentences() {
        assert_eq!(
            Denied::Status(Action::Edit, Published).to_string(),
            "This post is published; only drafts and scheduled posts can be changed. Duplicate it to start a new one."
        );
        assert_eq!(
            Denied::Status(Action::Delete, Publishing).to_string(),
            "This post is being sent right now; wait until it is done."
        );
    }
}
