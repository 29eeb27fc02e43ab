-- Changes made to a published post's message in Discord (updates), answered before the row is
-- written: unlike a send, a change cannot create a message, so no row is needed before it goes
-- out. Kept apart from publish_attempts, which recovery reads.
CREATE TABLE message_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at BIGINT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('updated', 'refused')),
    detail TEXT
);
CREATE INDEX message_changes_by_post ON message_changes (post_id);
