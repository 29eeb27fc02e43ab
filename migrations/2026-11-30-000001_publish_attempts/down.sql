DROP TABLE publish_attempts;
