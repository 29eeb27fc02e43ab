-- The drafts deleted from Liner, by their client UUID, so a device that was offline when one
-- was deleted cannot bring it back by syncing: its save is answered "gone" and the poster
-- chooses to restore it (as a new draft) or discard it. Only ids, never content.
CREATE TABLE deleted_drafts (
    draft_id TEXT PRIMARY KEY NOT NULL,
    author_id BIGINT NOT NULL,
    deleted_at BIGINT NOT NULL
);
