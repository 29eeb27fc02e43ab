-- Drafts: a post is named by the UUID its first browser generated (saves are upserts by it, so a
-- replayed save is harmless), and keeps the poster's time zone for showing its schedule.
ALTER TABLE posts ADD COLUMN draft_id TEXT;
ALTER TABLE posts ADD COLUMN timezone TEXT;

-- Posts written before drafts existed get a random (version 4) UUID.
UPDATE posts SET draft_id =
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
    substr(lower(hex(randomblob(2))), 2) || '-' ||
    substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
    lower(hex(randomblob(6)));

-- Their content moves from {title, artist, description, cover_url} to the wizard's draft shape.
UPDATE posts SET content = json_object(
    'id', draft_id,
    'release', json_object(
        'title', json_extract(content, '$.title'),
        'artists', json_extract(content, '$.artist'),
        'cover_url', json_extract(content, '$.cover_url')),
    'body', json_object(
        'title', json_extract(content, '$.title'),
        'author', json_extract(content, '$.artist'),
        'description', json_extract(content, '$.description'),
        'image_url', json_extract(content, '$.cover_url'),
        'color', '#5865F2'),
    'edited', json_array('title', 'url', 'description', 'color', 'author', 'image',
                         'fields', 'footer', 'timestamp', 'buttons'),
    'step', 'review')
WHERE json_extract(content, '$.id') IS NULL;

CREATE UNIQUE INDEX posts_draft_id ON posts (draft_id);
CREATE INDEX posts_status_updated ON posts (status, updated_at DESC);
