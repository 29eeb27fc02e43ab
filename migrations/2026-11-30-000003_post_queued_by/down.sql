ALTER TABLE posts DROP COLUMN queued_by;
