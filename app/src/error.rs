//! The one error type of every server function, and how each case reads to the poster.
//!
//! Error policy: a client's mistake (no session, no permission, bad input, unknown id) is a typed
//! variant with a 4xx status and a specific message; anything else is logged with its detail on
//! the server and reaches the browser only as the short [`AppError::Internal`] message.

use liner::FieldError;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You are not allowed to do that.")]
    Forbidden,
    /// An admin page or server function, asked by a poster.
    #[error("This is for Liner's admins. Ask an admin of the server if you need it done.")]
    AdminsOnly,
    /// One form field's value was refused; `field` names it as the form does.
    #[error("{message}")]
    FieldInvalid { field: String, message: String },
    #[error("{}", first_message(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    /// Someone else changed the same thing first.
    #[error("{0}")]
    Conflict(String),
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("Liner is busy right now; please try again in a moment.")]
    Unavailable,
    /// This person asked too often; the message says how long to wait.
    #[error("{0}")]
    TooManyRequests(String),
    /// An outside service (Discord, a release source) failed; the message names it.
    #[error("{0}")]
    Upstream(String),
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal,
    #[error("Could not reach Liner ({0}). Check your connection and try again.")]
    Transport(String),
}

fn first_message(errors: &[FieldError]) -> &str {
    errors
        .first()
        .map(|e| e.message.as_str())
        .unwrap_or("The post is not valid.")
}

impl AppError {
    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::AdminsOnly => 403,
            AppError::Invalid(_) | AppError::BadRequest(_) | AppError::FieldInvalid { .. } => 400,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests(_) => 429,
            AppError::Unavailable => 503,
            AppError::Upstream(_) => 502,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

/// The longest parser message an answer repeats: serde quotes the offending value, which may be
/// most of a 256 KiB body.
const ECHO_MAX: usize = 240;

fn shortened(message: &str) -> String {
    if message.chars().count() <= ECHO_MAX {
        return message.to_string();
    }
    let mut short: String = message.chars().take(ECHO_MAX).collect();
    short.push('…');
    short
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request itself was malformed: the caller's mistake.
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => AppError::BadRequest(shortened(&m)),
            ServerFnErrorErr::Request(m) => AppError::Transport(m),
            _ => AppError::Internal,
        }
    }
}
