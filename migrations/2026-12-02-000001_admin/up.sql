-- The audit log: who did what, when. Append-only (the triggers refuse any change), and without
-- foreign keys, so an entry outlives the post, channel or member it names; it keeps their
-- names as they were when it was written.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    post_id BIGINT,
    post_title TEXT,
    channel_id BIGINT,
    channel_name TEXT,
    member_id BIGINT,
    member_name TEXT,
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_post ON audit_log (post_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_member ON audit_log (member_id, at);
CREATE INDEX audit_log_channel ON audit_log (channel_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- A deleted post is marked, not removed: its history stays, and every list, job and recovery
-- query skips it.
ALTER TABLE posts ADD COLUMN deleted_at BIGINT;
ALTER TABLE posts ADD COLUMN deleted_by BIGINT;

-- Channels: disabled by an admin (pickers hide it, its scheduled posts wait), removed (kept for
-- the names of the posts sent there), and the name Discord gave when it was added.
ALTER TABLE channels ADD COLUMN disabled_at BIGINT;
ALTER TABLE channels ADD COLUMN removed_at BIGINT;
ALTER TABLE channels ADD COLUMN discord_name TEXT;
-- The name and avatar a webhook channel's messages show by default (a post may override them).
ALTER TABLE channels ADD COLUMN default_username TEXT;
ALTER TABLE channels ADD COLUMN default_avatar_url TEXT;

-- Sessions know their member, so an admin can end all of a member's sessions at once.
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
UPDATE sessions SET user_id = json_extract(data, '$.user_id');
CREATE INDEX sessions_user ON sessions (user_id);

-- When a member last signed in, and when their role was last checked with Discord.
ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT;
ALTER TABLE users ADD COLUMN role_checked_at BIGINT NOT NULL DEFAULT 0;
UPDATE users SET last_sign_in_at = updated_at, role_checked_at = updated_at;
