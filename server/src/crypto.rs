//! Secrets at rest (webhook URLs, tokens): XChaCha20-Poly1305 with the server's secret key.
//! Each ciphertext is stored with the id of the key that sealed it, so a key can be rotated
//! later without guessing which rows used which key.

use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::{Digest, Sha256};

const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the secret was sealed with key {found}, but this server has key {expected}")]
    WrongKey { found: String, expected: String },
    #[error("the secret could not be decrypted (damaged, or sealed with another key)")]
    Damaged,
    #[error("encryption failed")]
    Encrypt,
}

/// Why a configured key cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("is not valid base64")]
    NotBase64,
    #[error("must decode to 32 bytes, not {0}")]
    WrongLength(usize),
}

/// The server's secret key.
pub struct SecretKey {
    key: SecretBox<[u8; 32]>,
    id: String,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl SecretKey {
    pub fn new(bytes: [u8; 32]) -> SecretKey {
        // The id names the key without revealing it: a short hash of a derived value.
        let digest = Sha256::new_with_prefix(b"liner key id")
            .chain_update(bytes)
            .finalize();
        let id = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        SecretKey {
            key: SecretBox::new(Box::new(bytes)),
            id,
        }
    }

    /// Parses a base64 encoding of exactly 32 bytes.
    pub fn from_base64(text: &str) -> Result<SecretKey, KeyError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| KeyError::NotBase64)?;
        let arr: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| KeyError::WrongLength(b.len()))?;
        Ok(SecretKey::new(arr))
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.key.expose_secret().into())
    }

    /// Seals `plain`; the result is nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, plain: &str) -> Result<Vec<u8>, CryptoError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher()
            .encrypt(&nonce, plain.as_bytes())
            .map_err(|_| CryptoError::Encrypt)?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(out)
    }

    /// Opens what [`SecretKey::seal`] produced with the key named `key_id`.
    pub fn open(&self, blob: &[u8], key_id: &str) -> Result<SecretString, CryptoError> {
        if key_id != self.id {
            return Err(CryptoError::WrongKey {
                found: key_id.to_string(),
                expected: self.id.clone(),
            });
        }
        if blob.len() < NONCE_LEN {
            return Err(CryptoError::Damaged);
        }
        let (nonce, sealed) = blob.split_at(NONCE_LEN);
        let plain = self
            .cipher()
            .decrypt(XNonce::from_slice(nonce), sealed)
            .map_err(|_| CryptoError::Damaged)?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| CryptoError::Damaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens() -> Result<(), CryptoError> {
        let key = SecretKey::new([7; 32]);
        let blob = key.seal("https://discord.com/api/webhooks/1/secret")?;
        assert!(!String::from_utf8_lossy(&blob).contains("secret"));
        let plain = key.open(&blob, key.id())?;
        assert_eq!(
            plain.expose_secret(),
            "https://discord.com/api/webhooks/1/secret"
        );
        Ok(())
    }

    #[test]
    fn tampering_and_wrong_keys_are_detected() -> Result<(), CryptoError> {
        let key = SecretKey::new([7; 32]);
        let other = SecretKey::new([8; 32]);
        let mut blob = key.seal("x")?;
        assert!(matches!(
            other.open(&blob, key.id()),
            Err(CryptoError::WrongKey { .. })
        ));
        assert_eq!(
            other.open(&blob, other.id()).err(),
            Some(CryptoError::Damaged)
        );
        if let Some(last) = blob.last_mut() {
            *last ^= 1;
        }
        assert_eq!(key.open(&blob, key.id()).err(), Some(CryptoError::Damaged));
        assert_eq!(
            key.open(&[1, 2], key.id()).err(),
            Some(CryptoError::Damaged)
        );
        Ok(())
    }

    #[test]
    fn parses_base64_keys() {
        assert!(SecretKey::from_base64(&format!("{}=", "A".repeat(43))).is_ok());
        assert_eq!(
            SecretKey::from_base64("AAAA").err().map(|e| e.to_string()),
            Some("must decode to 32 bytes, not 3".to_string())
        );
        assert!(SecretKey::from_base64("!!").is_err());
    }
}
