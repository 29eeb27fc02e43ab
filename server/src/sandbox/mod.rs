//! Sandbox mode: Liner with built-in fakes of Discord and of the music services, speaking the
//! real APIs' shapes, so the whole path works on a machine with no network. The same fakes, with
//! fault injection, are what the tests run against.
//!
//! - [`identity`]: the sandbox guild's members and channels;
//! - [`seed`]: the sandbox channels stored at start;
//! - [`discord`] and [`music`]: the fakes, mounted under `/sandbox/…`.

pub mod discord;
pub mod identity;
pub mod music;
pub mod seed;
