-- The member's own Discord authorization (access and refresh token), sealed like webhook URLs:
-- without a bot token it is how Liner asks Discord whether the member still holds their role.
ALTER TABLE users ADD COLUMN discord_token_ciphertext BLOB;
ALTER TABLE users ADD COLUMN discord_token_key_id TEXT;
