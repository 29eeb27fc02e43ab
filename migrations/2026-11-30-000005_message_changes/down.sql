DROP TABLE message_changes;
