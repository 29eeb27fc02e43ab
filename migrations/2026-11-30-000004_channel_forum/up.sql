-- A webhook of a forum or media channel: each post goes out as a new thread named after it.
ALTER TABLE channels ADD COLUMN forum BOOLEAN NOT NULL DEFAULT FALSE;
