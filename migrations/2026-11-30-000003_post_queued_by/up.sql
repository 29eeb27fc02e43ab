-- Who last asked for the post to be sent (its author, or an admin who sent it again): when the
-- job runs, that member must still hold the poster or admin role in Discord.
ALTER TABLE posts ADD COLUMN queued_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
