DROP TABLE settings;
DROP INDEX posts_approval;
ALTER TABLE posts DROP COLUMN approval_comment;
ALTER TABLE posts DROP COLUMN approval_at;
ALTER TABLE posts DROP COLUMN approval_by;
ALTER TABLE posts DROP COLUMN approval;
