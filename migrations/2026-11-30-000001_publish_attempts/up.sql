-- One row per request that may have reached Discord, written just before it goes out. A row
-- without an outcome after a crash means the send's result is unknown; a publishing post with
-- no such row provably sent nothing and can simply be queued again.
CREATE TABLE publish_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    schedule_rev INTEGER NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    -- sent | not_sent | rate_limited | rejected | unknown
    outcome TEXT CHECK (outcome IN ('sent', 'not_sent', 'rate_limited', 'rejected', 'unknown')),
    detail TEXT,
    -- The message Discord confirmed: if Liner stops before the post itself records it, recovery
    -- takes it from here instead of sending again.
    message_id TEXT
);
CREATE INDEX publish_attempts_by_post ON publish_attempts (post_id, schedule_rev);
