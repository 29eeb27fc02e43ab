//! A tower-sessions store on Diesel (the sqlx store crate pins other versions of sqlx).

use crate::db::{sessions, Db};
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::SessionStore;

#[derive(Clone, Debug)]
pub struct DieselStore {
    db: Db,
}

impl DieselStore {
    pub fn new(db: Db) -> DieselStore {
        DieselStore { db }
    }
}

fn backend<E: std::fmt::Display>(e: E) -> Error {
    Error::Backend(e.to_string())
}

fn encode(record: &Record) -> Result<String> {
    serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))
}

/// The member a session belongs to, stored beside it so all of a member's sessions can be
/// ended at once.
fn member_of(record: &Record) -> Option<i64> {
    record.data.get(super::keys::USER_ID)?.as_i64()
}

/// What the table keeps for a session id: its SHA-256, so a copy of the database (a backup, a
/// leaked file) holds no cookie that would sign anyone in.
pub(crate) fn stored_id(id: &Id) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(id.to_string().as_bytes()))
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

#[async_trait]
impl SessionStore for DieselStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let data = encode(record)?;
        let expires = record.expiry_date.unix_timestamp();
        let member = member_of(record);
        let first = record.id;
        let id = self
            .db
            .run(move |c| {
                let mut id = first;
                // A random 128-bit id collides practically never; retry rather than overwrite.
                while !sessions::insert_new(c, &stored_id(&id), &data, member, expires)? {
                    id = Id::default();
                }
                Ok(id)
            })
            .await
            .map_err(backend)?;
        record.id = id;
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let data = encode(record)?;
        let expires = record.expiry_date.unix_timestamp();
        let member = member_of(record);
        let id = stored_id(&record.id);
        self.db
            .run(move |c| Ok(sessions::save(c, &id, &data, member, expires)?))
            .await
            .map_err(backend)
    }

    async fn load(&self, session_id: &Id) -> Result<Option<Record>> {
        let id = stored_id(session_id);
        let row = self
            .db
            .run(move |c| Ok(sessions::load(c, &id, now_secs())?))
            .await
            .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        let data = serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(expires_at)
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> Result<()> {
        let id = stored_id(session_id);
        self.db
            .run(move |c| Ok(sessions::delete(c, &id)?))
            .await
            .map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::stored_id;
    use tower_sessions::session::Id;

    #[test]
    fn the_table_keeps_a_hash_not_the_cookie() {
        let id = Id::default();
        let kept = stored_id(&id);
        assert_eq!(kept.len(), 64);
        assert!(!kept.contains(&id.to_string()));
        assert_eq!(kept, stored_id(&id));
    }
}
