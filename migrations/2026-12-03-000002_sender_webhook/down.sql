ALTER TABLE posts DROP COLUMN sender_webhook_key_id;
ALTER TABLE posts DROP COLUMN sender_webhook_ciphertext;
