//! The server's side of the app's server functions: one file per domain trait of
//! `app::backend`, each handing the call to its service and turning the service's error into
//! an `AppError` (`http::errors`).

mod admin;
mod channels;
mod lookup;
mod posts;
mod session;

use crate::app_state::AppState;

pub struct ServerBackend(pub AppState);
