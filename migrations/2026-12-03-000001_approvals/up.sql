-- Approvals. A post in review stays a draft; its stage says where the review is, who moved it
-- there (by name as it was then, as the audit log keeps names) and the admin's comment.
ALTER TABLE posts ADD COLUMN approval TEXT CHECK (approval IN ('submitted', 'sent_back', 'approved'));
ALTER TABLE posts ADD COLUMN approval_by TEXT;
ALTER TABLE posts ADD COLUMN approval_at BIGINT;
ALTER TABLE posts ADD COLUMN approval_comment TEXT;
CREATE INDEX posts_approval ON posts (approval) WHERE approval IS NOT NULL;

-- Settings admins change from their pages: one row per setting, its value as JSON.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT
);
