-- Answers of the release sources (searches, releases, URL lookups), kept for a while so repeated
-- searches and reopened drafts cost no calls. Only public catalogue data; nothing per user.
CREATE TABLE lookup_cache (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX lookup_cache_by_expiry ON lookup_cache (expires_at);
