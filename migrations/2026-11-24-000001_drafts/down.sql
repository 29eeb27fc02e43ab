DROP INDEX posts_status_updated;
DROP INDEX posts_draft_id;
UPDATE posts SET content = json_object(
    'title', json_extract(content, '$.body.title'),
    'artist', json_extract(content, '$.release.artists'),
    'description', json_extract(content, '$.body.description'),
    'cover_url', json_extract(content, '$.body.image_url'));
ALTER TABLE posts DROP COLUMN timezone;
ALTER TABLE posts DROP COLUMN draft_id;
