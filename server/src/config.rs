//! Configuration: defaults, then an optional `anju.toml`, then environment
//! variables (which win). Secrets never appear in `Debug` output.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/anju.db?mode=rwc";
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";

#[derive(Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub demo: bool,
    pub production: bool,
    pub jwt_secret: Option<String>,
    pub log: String,
    pub site_root: String,
    /// Mark cookies `Secure`: set when served behind TLS.
    pub cookie_secure: bool,
    /// Where development secrets are kept (the SQLite file's folder by default).
    pub data_dir: PathBuf,
    /// Where webhook deliveries may go: public addresses only by default.
    pub webhook_targets: anju_domain::egress::Targets,
    /// `/metrics` on the main address needs `Authorization: Bearer <this>`.
    pub metrics_token: Option<String>,
    /// `/metrics` served, without a token, on this address of its own
    /// (e.g. `127.0.0.1:9464`, reachable only by the Prometheus server).
    pub metrics_addr: Option<SocketAddr>,
    /// Reverse proxies whose `X-Forwarded-For` names the visitor
    /// (`ANJU_TRUSTED_PROXIES`, addresses or CIDR blocks, comma-separated).
    pub trusted_proxies: Vec<crate::client_addr::Network>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("database_url", &anju_domain::db::redact(&self.database_url))
            .field("demo", &self.demo)
            .field("production", &self.production)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("log", &self.log)
            .field("site_root", &self.site_root)
            .field("cookie_secure", &self.cookie_secure)
            .field("webhook_targets", &self.webhook_targets)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("metrics_addr", &self.metrics_addr)
            .field("trusted_proxies", &self.trusted_proxies)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not valid: {message}")]
    File { path: String, message: String },
    #[error("{name}={value:?} is not valid: {reason}")]
    Invalid {
        name: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("ANJU_JWT_SECRET is required in production (at least 32 characters)")]
    MissingSecret,
    #[error("cannot keep the development JWT secret in {path}: {source}")]
    Secret {
        path: String,
        source: std::io::Error,
    },
}

/// The keys `anju.toml` may hold; each mirrors an environment variable.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    addr: Option<String>,
    database_url: Option<String>,
    demo: Option<bool>,
    env: Option<String>,
    jwt_secret: Option<String>,
    log: Option<String>,
    site_root: Option<String>,
    cookie_secure: Option<bool>,
    webhook_targets: Option<String>,
    metrics_token: Option<String>,
    metrics_addr: Option<String>,
    trusted_proxies: Option<String>,
}

impl Config {
    /// Reads `ANJU_CONFIG` (default `./anju.toml`, optional) and the environment.
    pub fn load() -> Result<Config, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let path = env("ANJU_CONFIG").unwrap_or_else(|| "anju.toml".to_owned());
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str::<FileConfig>(&text).map_err(|e| ConfigError::File {
                path: path.clone(),
                message: e.message().to_owned(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && env("ANJU_CONFIG").is_none() => {
                FileConfig::default()
            }
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        Config::from_sources(file, env)
    }

    fn from_sources(
        file: FileConfig,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let addr_text = env("ANJU_ADDR")
            .or(file.addr)
            .unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr = addr_text.parse().map_err(|_| ConfigError::Invalid {
            name: "ANJU_ADDR",
            value: addr_text.clone(),
            reason: "expected host:port, e.g. 127.0.0.1:3000",
        })?;
        let database_url = env("DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                value: anju_domain::db::redact(&database_url),
                reason: "expected sqlite://path or postgres://user@host/db",
            });
        }
        let demo = match env("ANJU_DEMO") {
            Some(v) => parse_bool("ANJU_DEMO", &v)?,
            None => file.demo.unwrap_or(false),
        };
        let production = env("ANJU_ENV").or(file.env).as_deref() == Some("production");
        let cookie_secure = match env("ANJU_COOKIE_SECURE") {
            Some(v) => parse_bool("ANJU_COOKIE_SECURE", &v)?,
            None => file.cookie_secure.unwrap_or(production),
        };
        let jwt_secret = env("ANJU_JWT_SECRET").or(file.jwt_secret);
        if let Some(secret) = &jwt_secret {
            if secret.len() < 32 {
                return Err(ConfigError::Invalid {
                    name: "ANJU_JWT_SECRET",
                    value: "***".to_owned(),
                    reason: "must be at least 32 characters",
                });
            }
        } else if production {
            return Err(ConfigError::MissingSecret);
        }
        let data_dir = sqlite_dir(&database_url).unwrap_or_else(|| PathBuf::from("data"));
        let webhook_targets = match env("ANJU_WEBHOOK_TARGETS").or(file.webhook_targets) {
            None => anju_domain::egress::Targets::Public,
            Some(v) => anju_domain::egress::Targets::parse(&v).ok_or(ConfigError::Invalid {
                name: "ANJU_WEBHOOK_TARGETS",
                value: v,
                reason: "expected public, private or any",
            })?,
        };
        let metrics_token = env("ANJU_METRICS_TOKEN").or(file.metrics_token);
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(ConfigError::Invalid {
                name: "ANJU_METRICS_TOKEN",
                value: "***".to_owned(),
                reason: "must be at least 16 characters",
            });
        }
        let metrics_addr = match env("ANJU_METRICS_ADDR").or(file.metrics_addr) {
            None => None,
            Some(v) => Some(v.parse().map_err(|_| ConfigError::Invalid {
                name: "ANJU_METRICS_ADDR",
                value: v.clone(),
                reason: "expected host:port, e.g. 127.0.0.1:9464",
            })?),
        };
        let trusted_proxies = match env("ANJU_TRUSTED_PROXIES").or(file.trusted_proxies) {
            None => Vec::new(),
            Some(v) => crate::client_addr::parse_list(&v).ok_or(ConfigError::Invalid {
                name: "ANJU_TRUSTED_PROXIES",
                value: v.clone(),
                reason: "expected addresses or CIDR blocks, e.g. 127.0.0.1,10.0.0.0/8",
            })?,
        };
        Ok(Config {
            addr,
            database_url,
            demo,
            production,
            jwt_secret,
            log: env("ANJU_LOG")
                .or(env("RUST_LOG"))
                .or(file.log)
                .unwrap_or_else(|| "info,sqlx=warn,sea_orm=warn".to_owned()),
            site_root: env("ANJU_SITE_ROOT")
                .or(file.site_root)
                .unwrap_or_else(|| "target/site".to_owned()),
            cookie_secure,
            data_dir,
            webhook_targets,
            metrics_token,
            metrics_addr,
            trusted_proxies,
        })
    }

    /// The JWT signing secret: configured, or (development only) generated
    /// once and kept in `<data_dir>/jwt-secret` so sessions survive restarts.
    pub fn jwt_secret_bytes(&self) -> Result<Vec<u8>, ConfigError> {
        if let Some(secret) = &self.jwt_secret {
            return Ok(secret.as_bytes().to_vec());
        }
        if self.production {
            return Err(ConfigError::MissingSecret);
        }
        let path = self.data_dir.join("jwt-secret");
        let io = |source| ConfigError::Secret {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) if text.trim().len() >= 32 => return Ok(text.trim().as_bytes().to_vec()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
        std::fs::create_dir_all(&self.data_dir).map_err(io)?;
        let mut raw = [0u8; 48];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let secret = STANDARD.encode(raw);
        write_private(&path, &secret).map_err(io)?;
        Ok(secret.into_bytes())
    }
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::Invalid {
            name,
            value: value.to_owned(),
            reason: "expected 1 or 0",
        }),
    }
}

fn sqlite_dir(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    if path.is_empty() || path.contains(":memory:") {
        return None;
    }
    Path::new(path).parent().map(|p| {
        if p.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            p.to_path_buf()
        }
    })
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_sources(FileConfig::default(), |k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_sqlite_on_localhost() {
        let c = load(&[]).expect("defaults");
        assert_eq!(c.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.data_dir, PathBuf::from("data"));
        assert!(!c.demo && !c.production && !c.cookie_secure);
        assert_eq!(c.webhook_targets, anju_domain::egress::Targets::Public);
        assert!(c.metrics_token.is_none() && c.metrics_addr.is_none());
    }

    #[test]
    fn bad_values_are_named_in_the_error() {
        let e = load(&[("ANJU_ADDR", "nope")]).expect_err("bad addr");
        assert!(e.to_string().starts_with("ANJU_ADDR="), "{e}");
        let e = load(&[("DATABASE_URL", "mysql://x")]).expect_err("bad url");
        assert!(e.to_string().starts_with("DATABASE_URL="), "{e}");
        let e = load(&[("ANJU_DEMO", "maybe")]).expect_err("bad bool");
        assert!(e.to_string().starts_with("ANJU_DEMO="), "{e}");
        let e = load(&[("ANJU_WEBHOOK_TARGETS", "all")]).expect_err("bad targets");
        assert!(e.to_string().starts_with("ANJU_WEBHOOK_TARGETS="), "{e}");
        let e = load(&[("ANJU_METRICS_TOKEN", "short")]).expect_err("short token");
        assert!(e.to_string().starts_with("ANJU_METRICS_TOKEN="), "{e}");
        let e = load(&[("ANJU_TRUSTED_PROXIES", "10.0.0.0/8,proxy")]).expect_err("bad proxies");
        assert!(e.to_string().starts_with("ANJU_TRUSTED_PROXIES="), "{e}");
        let e = load(&[("ANJU_METRICS_ADDR", "9464")]).expect_err("bad metrics addr");
        assert!(e.to_string().starts_with("ANJU_METRICS_ADDR="), "{e}");
    }

    #[test]
    fn production_requires_a_long_secret() {
        assert!(matches!(
            load(&[("ANJU_ENV", "production")]),
            Err(ConfigError::MissingSecret)
        ));
        assert!(load(&[("ANJU_ENV", "production"), ("ANJU_JWT_SECRET", "short")]).is_err());
        let c = load(&[
            ("ANJU_ENV", "production"),
            ("ANJU_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
        ])
        .expect("production");
        assert!(c.cookie_secure, "production cookies are Secure by default");
        assert!(
            !format!("{c:?}").contains("0123456789abcdef"),
            "secret must not be printed"
        );
    }

    #[test]
    fn toml_file_values_apply_and_env_wins() {
        let file: FileConfig =
            toml::from_str("addr = \"127.0.0.1:4000\"\ndemo = true\n").expect("toml");
        let c = Config::from_sources(file, |k| {
            (k == "ANJU_ADDR").then(|| "127.0.0.1:5000".to_owned())
        })
        .expect("config");
        assert_eq!(c.addr.port(), 5000);
        assert!(c.demo);
        assert!(toml::from_str::<FileConfig>("unknown_key = 1").is_err());
    }
}
