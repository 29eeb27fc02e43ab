DROP TABLE deleted_drafts;
