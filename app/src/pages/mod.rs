//! One module per route.

pub mod admin;
pub mod compose;
pub mod home;
pub mod not_found;
pub mod post;
pub mod posts;
pub mod sandbox;
pub mod sign_in;
