DROP TABLE posts;
DROP TABLE channels;
DROP TABLE sessions;
DROP TABLE users;
