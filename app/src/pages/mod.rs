//! One module per route.

pub mod home;
pub mod new_post;
pub mod not_found;
pub mod posts;
pub mod sandbox;
pub mod sign_in;
