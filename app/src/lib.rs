//! Liner's Leptos app: the pages, their components, and the typed server functions that the
//! browser calls and the server answers.

// Deeply nested view types of Leptos need more than the default 128 for layout queries.
#![recursion_limit = "512"]

pub mod app;
pub mod browser;
pub mod components;
pub mod error;
pub mod offline;
pub mod pages;
pub mod serverfns;
pub mod session;

#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ssr")]
pub mod shell;

pub use app::App;
pub use error::AppError;
#[cfg(feature = "ssr")]
pub use shell::shell;
