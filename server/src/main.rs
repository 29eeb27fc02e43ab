//! The `liner` binary: serves the app (the default), administers channels, or runs the fakes alone.

use clap::{Parser, Subcommand};
use server::config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "liner",
    about = "Compose and publish music-release posts to Discord"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Manage the channels posts go to.
    Channel {
        #[command(subcommand)]
        action: ChannelAction,
    },
    /// Manage members' access.
    Member {
        #[command(subcommand)]
        action: MemberAction,
    },
    /// Write a consistent copy of the database to FILE while Liner runs (never overwrites).
    Backup {
        /// Where the copy goes: a new file (name it after its date).
        file: PathBuf,
    },
    /// Replace the database with the backup FILE (Liner must be stopped; the replaced file is
    /// kept beside it).
    Restore {
        /// A file written by `liner backup`.
        file: PathBuf,
    },
    /// Run only the fake Discord, recording what it receives.
    Fakes {
        #[arg(long, default_value = "127.0.0.1:3100")]
        addr: SocketAddr,
        #[arg(long, default_value = "data/fake-discord.jsonl")]
        record: PathBuf,
    },
}

#[derive(Subcommand)]
enum MemberAction {
    /// End every session of a member now (their Discord user id); remove their role in
    /// Discord too, or they can sign in again.
    Revoke {
        /// The member's Discord user id.
        discord_id: String,
    },
}

#[derive(Subcommand)]
enum ChannelAction {
    /// Add a webhook channel (checks the webhook with Discord first).
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        webhook: String,
        /// The channel is a forum or media channel: each post starts a thread named after it.
        #[arg(long)]
        forum: bool,
    },
    /// Add a channel the bot posts to itself (needs DISCORD_BOT_TOKEN; sends carry a nonce, so
    /// a lost answer is retried without a duplicate).
    AddBot {
        #[arg(long)]
        name: String,
        /// Discord's id of the channel.
        #[arg(long)]
        channel_id: String,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,apalis=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

/// Threads for blocking work: the database's (its pool holds 8 connections, so more threads
/// would only wait for one, each with its own stack and allocator arena), file reads and backups.
/// Tokio's default of 512 let a loaded server grow to dozens of threads and twice the memory.
const BLOCKING_THREADS: usize = 16;

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Channel {
            action:
                ChannelAction::Add {
                    name,
                    webhook,
                    forum,
                },
        } => add_channel(&name, &webhook, forum).await,
        Command::Channel {
            action: ChannelAction::AddBot { name, channel_id },
        } => add_bot_channel(&name, &channel_id).await,
        Command::Member {
            action: MemberAction::Revoke { discord_id },
        } => revoke(&discord_id).await,
        Command::Backup { file } => backup(&file),
        Command::Restore { file } => restore(&file),
        Command::Fakes { addr, record } => fakes(addr, record).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn add_channel(name: &str, webhook: &str, forum: bool) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let discord = server::cli::discord_for(&config)?;
    let channel_id = server::cli::add_channel(&config, &discord, name, webhook, forum).await?;
    println!("Added #{name}: posts will go to Discord channel {channel_id} through its webhook.");
    Ok(())
}

async fn add_bot_channel(name: &str, channel_id: &str) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let discord = server::cli::discord_for(&config)?;
    server::cli::add_bot_channel(&config, &discord, name, channel_id).await?;
    println!("Added #{name}: the bot will post to Discord channel {channel_id}.");
    Ok(())
}

async fn revoke(discord_id: &str) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let (name, ended) = server::cli::revoke_member(&config, discord_id).await?;
    println!(
        "Signed {name} out everywhere: {ended} session(s) ended. Remove their role in Discord too, or they can sign in again."
    );
    Ok(())
}

fn backup(file: &std::path::Path) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let c = server::db::backup::backup(&config.database_path, file)?;
    println!(
        "Backed up {} to {} ({} bytes: {} posts, {} channels). Keep LINER_SECRET_KEY with it: without the key its webhook URLs cannot be read.",
        config.database_path.display(),
        file.display(),
        c.bytes,
        c.posts,
        c.channels
    );
    Ok(())
}

fn restore(file: &std::path::Path) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let r = server::db::backup::restore(file, &config.database_path, config.mode.as_str())?;
    println!(
        "Restored {} from {} ({} posts, {} channels).",
        config.database_path.display(),
        file.display(),
        r.contents.posts,
        r.contents.channels
    );
    if let Some(aside) = r.replaced {
        println!(
            "The database it replaced is kept at {}; delete it once the restore is checked.",
            aside.display()
        );
    }
    Ok(())
}

async fn serve() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let mut conf = leptos::config::get_configuration(None)?;
    conf.leptos_options.site_addr = config.addr;
    let metrics = metrics_exporter_prometheus::PrometheusBuilder::new()
        .install_recorder()
        .ok();
    let running = server::start(config, conf.leptos_options, metrics).await?;
    let token = running.state.shutdown.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: no new jobs; finishing sends in flight");
        token.cancel();
    });
    running.wait().await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn fakes(addr: SocketAddr, record: PathBuf) -> anyhow::Result<()> {
    if !addr.ip().is_loopback() {
        anyhow::bail!("the fakes listen only on a loopback address");
    }
    if let Some(dir) = record.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let fake = server::sandbox::discord::FakeDiscord::new(Some(record));
    let app: axum::Router = axum::Router::new().nest(
        server::sandbox::discord::MOUNT,
        server::sandbox::discord::router(fake),
    );
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "fake Discord listening under {}", server::sandbox::discord::MOUNT);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}
