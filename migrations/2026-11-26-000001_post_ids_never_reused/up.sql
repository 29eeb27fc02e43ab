-- A deleted post's id must never come back: a publish job still queued for the deleted post,
-- and the queue's idempotency key ("post:{id}:{rev}"), would otherwise apply to the new post
-- that took its id. AUTOINCREMENT makes SQLite never reuse a rowid; the table is rebuilt to
-- get it (nothing references posts, so the rebuild cascades nowhere).
CREATE TABLE posts_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel_id INTEGER REFERENCES channels (id) ON DELETE SET NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'publishing', 'published', 'failed', 'needs_review')),
    revision INTEGER NOT NULL DEFAULT 1,
    schedule_rev INTEGER NOT NULL DEFAULT 0,
    scheduled_at BIGINT,
    discord_message_id TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    draft_id TEXT,
    timezone TEXT,
    notice TEXT
);
INSERT INTO posts_new (id, author_id, channel_id, content, status, revision, schedule_rev,
        scheduled_at, discord_message_id, last_error, created_at, updated_at, published_at,
        draft_id, timezone, notice)
    SELECT id, author_id, channel_id, content, status, revision, schedule_rev,
        scheduled_at, discord_message_id, last_error, created_at, updated_at, published_at,
        draft_id, timezone, notice
    FROM posts;
DROP TABLE posts;
ALTER TABLE posts_new RENAME TO posts;
CREATE INDEX posts_author_updated ON posts (author_id, updated_at DESC);
CREATE INDEX posts_status ON posts (status);
CREATE UNIQUE INDEX posts_draft_id ON posts (draft_id);
CREATE INDEX posts_status_updated ON posts (status, updated_at DESC);
