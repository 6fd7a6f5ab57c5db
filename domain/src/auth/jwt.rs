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
/// How long a device stays known to the login throttle after signing in.
pub const DEVICE_TOKEN_TTL: Duration = Duration::days(180);

fn mac(key: &[u8], message: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(message);
    m.finalize().into_bytes().to_vec()
}

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
    /// Signs device tokens; derived from the same secret, never used as is.
    device: std::sync::Arc<[u8]>,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(..)")
    }
}

impl JwtKeys {
    pub fn from_secret(secret: &[u8]) -> JwtKeys {
        let device = mac(secret, b"anju device tokens v1");
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            device: device.into(),
        }
    }

    /// A device token for `login`, handed out with a successful login: the
    /// browser keeps it (a cookie scoped to the login form) and shows it
    /// when signing in again, so the login throttle knows the owner's own
    /// devices (`throttle`). `{expiry}.{nonce}.{mac}`; nothing is stored.
    pub fn device_token(&self, login: &str, now: DateTime<Utc>) -> String {
        use base64::Engine;
        use rand::RngCore;
        let mut nonce = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(nonce);
        let expires = (now + DEVICE_TOKEN_TTL).timestamp();
        let tag = self.device_tag(login, expires, &nonce);
        format!("{expires}.{nonce}.{tag}")
    }

    /// The device's id (its nonce) when `token` is a live device token
    /// this server issued for `login`.
    pub fn device_id(&self, token: &str, login: &str, now: DateTime<Utc>) -> Option<String> {
        let mut parts = token.split('.');
        let (expires, nonce, tag) = (parts.next()?, parts.next()?, parts.next()?);
        let expires: i64 = expires.parse().ok()?;
        let fresh = parts.next().is_none() && expires > now.timestamp();
        let expected = self.device_tag(login, expires, nonce);
        // Equal length by construction; compare without an early exit.
        let same = expected.len() == tag.len()
            && expected
                .bytes()
                .zip(tag.bytes())
                .fold(0u8, |a, (x, y)| a | (x ^ y))
                == 0;
        (fresh && same).then(|| nonce.to_owned())
    }

    fn device_tag(&self, login: &str, expires: i64, nonce: &str) -> String {
        use base64::Engine;
        let message = format!("{login}\n{expires}\n{nonce}");
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(mac(&self.device, message.as_bytes()))
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
    fn device_tokens_name_one_login_until_they_expire() {
        let t = keys().device_token("13800000001", now());
        let id = keys().device_id(&t, "13800000001", now()).expect("valid");
        assert_eq!(Some(id.as_str()), t.split('.').nth(1));
        assert_eq!(
            keys().device_id(&t, "13800000002", now()),
            None,
            "another login"
        );
        let later = now() + DEVICE_TOKEN_TTL + Duration::seconds(1);
        assert_eq!(keys().device_id(&t, "13800000001", later), None, "expired");
        let other = JwtKeys::from_secret(b"another-secret-of-at-least-32-bytes");
        assert_eq!(
            other.device_id(&t, "13800000001", now()),
            None,
            "another server"
        );
        let (head, _) = t.rsplit_once('.').expect("tag");
        let forged = format!("{head}.AAAA");
        assert_eq!(keys().device_id(&forged, "13800000001", now()), None);
        assert_eq!(keys().device_id("", "13800000001", now()), None);
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
