-- Times are UTC milliseconds since the Unix epoch: no zone to get wrong.
CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    discord_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    avatar_url TEXT,
    role TEXT NOT NULL CHECK (role IN ('admin', 'poster')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE channels (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    discord_channel_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('webhook', 'bot')),
    -- The webhook URL holds a secret token: stored encrypted, with the id of the key used.
    webhook_ciphertext BLOB,
    webhook_key_id TEXT,
    created_at BIGINT NOT NULL,
    CHECK (kind <> 'webhook' OR (webhook_ciphertext IS NOT NULL AND webhook_key_id IS NOT NULL))
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel_id INTEGER REFERENCES channels (id) ON DELETE SET NULL,
    -- The post's typed content (liner::PostContent) as JSON.
    content TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'publishing', 'published', 'failed', 'needs_review')),
    revision INTEGER NOT NULL DEFAULT 1,
    schedule_rev INTEGER NOT NULL DEFAULT 0,
    scheduled_at BIGINT,
    discord_message_id TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT
);
CREATE INDEX posts_author_updated ON posts (author_id, updated_at DESC);
CREATE INDEX posts_status ON posts (status);
