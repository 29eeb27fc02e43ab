//! The server's integration tests: the real router and worker on a temporary SQLite file, against
//! the sandbox's fakes. One binary, so the server links once (`tests/metrics.rs` is the other:
//! its process-global recorder and exact counts need a process of their own).
//!
//! Run one area with `cargo test --release -p server --test it -- publish::`.

mod common;

mod admin;
mod approvals;
mod backup;
mod bot;
mod channel_add;
mod crash;
mod csrf;
mod discord_wire;
mod drafts;
mod duplicates;
mod edit_published;
mod faults;
mod fuzz;
mod harness;
mod limits;
mod lookup;
mod member_limits;
mod membership;
mod messages;
mod metrics_access;
mod process;
mod publish;
mod rate_limits;
mod sign_in;
mod system;
mod timing;
