//! Liner's Leptos app: the pages, their components, and the typed server functions that the
//! browser calls and the server answers.

pub mod app;
pub mod components;
pub mod error;
pub mod pages;
pub mod serverfns;

#[cfg(feature = "ssr")]
pub mod backend;

pub use app::{shell, App};
pub use error::AppError;
