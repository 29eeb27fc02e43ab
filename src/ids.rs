//! Newtype ids, so a post id can never be passed where a channel id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A post stored in Liner.
    PostId
);
id_type!(
    /// A channel configured in Liner (not Discord's channel id).
    ChannelId
);
id_type!(
    /// A Liner user (not Discord's user id).
    UserId
);
