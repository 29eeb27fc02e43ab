-- Something the poster should know about a post that is not an error, e.g. "published 7 min
-- after its time" or "marked as arrived by Ada".
ALTER TABLE posts ADD COLUMN notice TEXT;
