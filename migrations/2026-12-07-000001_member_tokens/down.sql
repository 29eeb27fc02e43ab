ALTER TABLE users DROP COLUMN discord_token_key_id;
ALTER TABLE users DROP COLUMN discord_token_ciphertext;
