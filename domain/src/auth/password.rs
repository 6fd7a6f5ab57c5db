//! Password hashing with argon2id at the OWASP-recommended cost
//! (19 MiB memory, 2 iterations, 1 lane).

use crate::DomainError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::rngs::OsRng;
use std::sync::OnceLock;

fn argon2() -> Argon2<'static> {
    // Params::DEFAULT is m=19456 KiB, t=2, p=1: the OWASP minimum for argon2id.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
/// CPU-heavy (tens of ms): call it from `spawn_blocking` in async code.
pub fn hash(password: &str) -> Result<String, DomainError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Internal(format!("argon2 hash: {e}")))
}

/// Checks a password against a stored PHC string; a malformed hash is a mismatch.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the login is unknown, so an unknown login
/// costs the same time as a wrong password and logins cannot be enumerated.
pub fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash("decoy-password-never-matches").unwrap_or_default())
}

/// The rule for new passwords: 8 to 128 characters with a letter and a digit.
pub fn check_strength(password: &str) -> Result<(), DomainError> {
    let len = password.chars().count();
    let has_letter = password.chars().any(|c| c.is_alphabetic());
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if !(8..=128).contains(&len) || !has_letter || !has_digit {
        return Err(DomainError::field("password", "password_too_weak"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_owasp_argon2id_parameters() {
        let h = hash("Demo@2026").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("Demo@2026", &h));
        assert!(!verify("demo@2026", &h));
        assert!(!verify("Demo@2026", "not a hash"));
    }

    #[test]
    fn salts_every_hash() {
        assert_ne!(hash("same").expect("hash"), hash("same").expect("hash"));
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(check_strength("short1").is_err());
        assert!(check_strength("onlyletters").is_err());
        assert!(check_strength("12345678").is_err());
        assert!(check_strength("Demo@2026").is_ok());
    }
}
