//! The real `liner` binary as a child process, in sandbox mode on a directory's database.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> Result<u16, std::io::Error> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The `liner` binary with the sandbox's environment on `dir`'s database, as an operator runs
/// it (add the arguments; `serve` is the default).
pub fn liner(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_liner"));
    command
        .env_clear()
        .env("LINER_MODE", "sandbox")
        .env("LEPTOS_OUTPUT_NAME", "liner")
        .env("DATABASE_URL", dir.join("liner.db"))
        .env("LINER_SANDBOX_RECORD", dir.join("discord.jsonl"))
        .env("RUST_LOG", "warn");
    command
}

pub fn spawn(dir: &Path, port: u16) -> Result<Child, std::io::Error> {
    liner(dir)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
}

pub async fn ready_within(port: u16, limit: Duration) -> bool {
    let url = format!("http://127.0.0.1:{port}/readyz");
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(r) = reqwest::get(&url).await {
            if r.status() == 200 {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

pub fn signal(child: &Child, sig: &str) -> Result<(), std::io::Error> {
    Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .map(|_| ())
}

pub async fn exit_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}
