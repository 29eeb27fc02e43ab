-- Discord lets only the webhook that sent a message edit or delete it. When a channel's webhook
-- is replaced, each post the old one sent keeps it (sealed like the channel's), so Liner can
-- still change those messages.
ALTER TABLE posts ADD COLUMN sender_webhook_ciphertext BLOB;
ALTER TABLE posts ADD COLUMN sender_webhook_key_id TEXT;
