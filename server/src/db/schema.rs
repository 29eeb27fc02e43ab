// Diesel schema of the tables in migrations/. INTEGER ids are rowids, read as i64 (BigInt).

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> BigInt,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        kind -> Text,
        post_id -> Nullable<BigInt>,
        post_title -> Nullable<Text>,
        channel_id -> Nullable<BigInt>,
        channel_name -> Nullable<Text>,
        member_id -> Nullable<BigInt>,
        member_name -> Nullable<Text>,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    channels (id) {
        id -> BigInt,
        name -> Text,
        discord_channel_id -> Text,
        kind -> Text,
        webhook_ciphertext -> Nullable<Binary>,
        webhook_key_id -> Nullable<Text>,
        created_at -> BigInt,
        broken_reason -> Nullable<Text>,
        forum -> Bool,
        disabled_at -> Nullable<BigInt>,
        removed_at -> Nullable<BigInt>,
        discord_name -> Nullable<Text>,
        default_username -> Nullable<Text>,
        default_avatar_url -> Nullable<Text>,
    }
}

diesel::table! {
    deleted_drafts (draft_id) {
        draft_id -> Text,
        author_id -> BigInt,
        deleted_at -> BigInt,
    }
}

diesel::table! {
    lookup_cache (key) {
        key -> Text,
        value -> Text,
        expires_at -> BigInt,
    }
}

diesel::table! {
    message_changes (id) {
        id -> BigInt,
        post_id -> BigInt,
        user_id -> Nullable<BigInt>,
        at -> BigInt,
        outcome -> Text,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    posts (id) {
        id -> BigInt,
        author_id -> BigInt,
        channel_id -> Nullable<BigInt>,
        content -> Text,
        status -> Text,
        revision -> BigInt,
        schedule_rev -> BigInt,
        scheduled_at -> Nullable<BigInt>,
        discord_message_id -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
        updated_at -> BigInt,
        published_at -> Nullable<BigInt>,
        draft_id -> Nullable<Text>,
        timezone -> Nullable<Text>,
        notice -> Nullable<Text>,
        queued_by -> Nullable<BigInt>,
        deleted_at -> Nullable<BigInt>,
        deleted_by -> Nullable<BigInt>,
        approval -> Nullable<Text>,
        approval_by -> Nullable<Text>,
        approval_at -> Nullable<BigInt>,
        approval_comment -> Nullable<Text>,
        sender_webhook_ciphertext -> Nullable<Binary>,
        sender_webhook_key_id -> Nullable<Text>,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> BigInt,
        updated_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    publish_attempts (id) {
        id -> BigInt,
        post_id -> BigInt,
        schedule_rev -> BigInt,
        started_at -> BigInt,
        finished_at -> Nullable<BigInt>,
        outcome -> Nullable<Text>,
        detail -> Nullable<Text>,
        message_id -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        data -> Text,
        expires_at -> BigInt,
        user_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        discord_id -> Text,
        name -> Text,
        avatar_url -> Nullable<Text>,
        role -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
        last_sign_in_at -> Nullable<BigInt>,
        role_checked_at -> BigInt,
        discord_token_ciphertext -> Nullable<Binary>,
        discord_token_key_id -> Nullable<Text>,
    }
}

diesel::joinable!(posts -> channels (channel_id));
diesel::joinable!(message_changes -> posts (post_id));
diesel::joinable!(message_changes -> users (user_id));
diesel::joinable!(posts -> users (author_id));
diesel::joinable!(publish_attempts -> posts (post_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_log,
    deleted_drafts,
    channels,
    lookup_cache,
    message_changes,
    posts,
    publish_attempts,
    settings,
    sessions,
    users,
);
