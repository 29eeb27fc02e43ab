-- Set when Discord says the channel's webhook is gone (404 Unknown Webhook, 401): sends to it
-- fail at once instead of hammering Discord, and admins are told. Cleared when the webhook is
-- set again.
ALTER TABLE channels ADD COLUMN broken_reason TEXT;
