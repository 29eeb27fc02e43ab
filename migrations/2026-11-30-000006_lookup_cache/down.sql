DROP TABLE lookup_cache;
