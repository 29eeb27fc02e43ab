ALTER TABLE channels DROP COLUMN broken_reason;
