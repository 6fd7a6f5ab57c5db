//! Access tokens: HS256 JWTs with `iss`, `aud`, `sub`, `typ`, `sid`, `iat`,
//! `exp`. Only HS256 is accepted (`alg: none` and every other algorithm are
//! refused); expiry is checked against the domain clock.

use crate::DomainError;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "anju";
pub const AUDIENCE: &str = "anju-app";
pub const ACCESS_TYPE: &str = "access";
/// Clock skew tolerated between app instances.
const LEEWAY_SECS: i64 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// The session (refresh-token family) this token belongs to.
    pub sid: String,
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

impl JwtKeys {
    pub fn from_secret(secret: &[u8]) -> JwtKeys {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    pub fn issue(
        &self,
        user_id: i64,
        session_id: &str,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<(String, DateTime<Utc>), DomainError> {
        let expires_at = now + ttl;
        let claims = AccessClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: user_id.to_string(),
            sid: session_id.to_owned(),
            typ: ACCESS_TYPE.to_owned(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map(|t| (t, expires_at))
            .map_err(|e| DomainError::Internal(format!("jwt encode: {e}")))
    }

    /// Verifies signature, algorithm, issuer, audience, type and expiry.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<AccessClaims, DomainError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Expiry is checked below against the domain clock, not the OS clock.
        validation.validate_exp = false;
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation)
            .map_err(|_| DomainError::TokenInvalid)?;
        let claims = data.claims;
        if claims.typ != ACCESS_TYPE || claims.exp + LEEWAY_SECS <= now.timestamp() {
            return Err(DomainError::TokenInvalid);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn keys() -> JwtKeys {
        JwtKeys::from_secret(b"test-secret-of-at-least-32-bytes!!")
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn round_trips_a_fresh_token() {
        let (token, exp) = keys()
            .issue(7, "s1", now(), Duration::minutes(15))
            .expect("issue");
        assert_eq!(exp, now() + Duration::minutes(15));
        let claims = keys().verify(&token, now()).expect("valid");
        assert_eq!(claims.sub, "7");
        assert_eq!(claims.sid, "s1");
    }

    #[test]
    fn refuses_expired_tokens() {
        let (token, _) = keys()
            .issue(7, "s1", now(), Duration::minutes(15))
            .expect("issue");
        let later = now() + Duration::minutes(16);
        assert!(matches!(
            keys().verify(&token, later),
            Err(DomainError::TokenInvalid)
        ));
    }

    #[test]
    fn refuses_tokens_signed_with_another_key() {
        let (token, _) = JwtKeys::from_secret(b"another-secret-another-secret-xx")
            .issue(7, "s1", now(), Duration::minutes(15))
            .expect("issue");
        assert!(keys().verify(&token, now()).is_err());
    }

    #[test]
    fn refuses_alg_none() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let claims = URL_SAFE_NO_PAD.encode(
            serde_json::json!({
                "iss": ISSUER, "aud": AUDIENCE, "sub": "7", "sid": "s1",
                "typ": "access", "iat": now().timestamp(), "exp": now().timestamp() + 600
            })
            .to_string(),
        );
        let token = format!("{header}.{claims}.");
        assert!(keys().verify(&token, now()).is_err());
    }
}
