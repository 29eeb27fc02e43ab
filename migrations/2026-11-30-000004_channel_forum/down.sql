ALTER TABLE channels DROP COLUMN forum;
