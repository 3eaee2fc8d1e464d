//! The config file (`deploy/config.example.toml` documents every key) and
//! its merge with the environment. Secrets come from the environment.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Config errors.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the config file {path} is not valid: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("config: {0}")]
    Invalid(String),
}

/// `[bot]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BotConfig {
    /// Bot token (prefer TELOXIDE_TOKEN in the environment).
    pub token: String,
    /// Bot API base URL (empty: Telegram's own); TELOXIDE_API_URL wins.
    pub api_url: String,
    /// Bot username for deep links (empty: ask Telegram with getMe).
    pub username: String,
    /// "polling" or "webhook".
    pub mode: String,
    /// Public HTTPS URL for webhook mode.
    pub webhook_url: String,
    /// Address the webhook server listens on.
    pub webhook_listen: String,
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            token: String::new(),
            api_url: String::new(),
            username: String::new(),
            mode: "polling".into(),
            webhook_url: String::new(),
            webhook_listen: "127.0.0.1:8443".into(),
        }
    }
}

/// `[paths]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PathsConfig {
    /// Data directory.
    pub data_dir: Option<PathBuf>,
    /// Knowledge directory.
    pub knowledge_dir: Option<PathBuf>,
}

/// `[limits]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Answers per group chat per minute.
    pub group_answers_per_minute: usize,
    /// Longer messages are read in part.
    pub max_message_chars: usize,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            group_answers_per_minute: 6,
            max_message_chars: 4000,
        }
    }
}

/// `[admin]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdminConfig {
    /// Justice-office admins' Telegram ids.
    pub telegram_ids: Vec<i64>,
}

/// `[privacy]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Days personal details of finished bookings are kept.
    pub retention_days: u32,
}

impl Default for PrivacyConfig {
    fn default() -> Self {
        PrivacyConfig {
            retention_days: 180,
        }
    }
}

/// `[reminders]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RemindersConfig {
    /// Hours before a booking that reminders go out.
    pub before_hours: Vec<u32>,
}

impl Default for RemindersConfig {
    fn default() -> Self {
        RemindersConfig {
            before_hours: vec![24, 1],
        }
    }
}

/// The whole config file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[bot]`
    pub bot: BotConfig,
    /// `[paths]`
    pub paths: PathsConfig,
    /// `[limits]`
    pub limits: LimitsConfig,
    /// `[admin]`
    pub admin: AdminConfig,
    /// `[privacy]`
    pub privacy: PrivacyConfig,
    /// `[reminders]`
    pub reminders: RemindersConfig,
}

impl Config {
    /// Reads a config file; `None` gives the defaults.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let c: Config = toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source,
        })?;
        c.validate()?;
        Ok(c)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !matches!(self.bot.mode.as_str(), "polling" | "webhook") {
            return Err(ConfigError::Invalid(format!(
                "bot.mode must be \"polling\" or \"webhook\", not {:?}",
                self.bot.mode
            )));
        }
        if self.bot.mode == "webhook" && self.bot.webhook_url.is_empty() {
            return Err(ConfigError::Invalid(
                "bot.mode = \"webhook\" needs bot.webhook_url".into(),
            ));
        }
        if self.limits.group_answers_per_minute == 0 {
            return Err(ConfigError::Invalid(
                "limits.group_answers_per_minute must be at least 1".into(),
            ));
        }
        Ok(())
    }

    /// The token: TELOXIDE_TOKEN, else the file's; `None` when neither is set.
    pub fn token(&self) -> Option<String> {
        std::env::var("TELOXIDE_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| Some(self.bot.token.clone()).filter(|t| !t.trim().is_empty()))
    }

    /// The Bot API base URL: TELOXIDE_API_URL, else the file's, else none.
    pub fn api_url(&self) -> Option<String> {
        std::env::var("TELOXIDE_API_URL")
            .ok()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| Some(self.bot.api_url.clone()).filter(|t| !t.trim().is_empty()))
    }

    /// Engine settings from this config.
    pub fn engine(&self, bot_username: &str) -> crate::engine::EngineConfig {
        crate::engine::EngineConfig {
            bot_username: bot_username.to_string(),
            group_answers_per_minute: self.limits.group_answers_per_minute,
            max_message_chars: self.limits.max_message_chars,
            admins: self.admin.telegram_ids.clone(),
            retention_days: self.privacy.retention_days,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/config.example.toml");
        if path.exists() {
            Config::load(Some(&path)).unwrap();
        }
    }

    #[test]
    fn bad_values_are_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "[bot]\nmode = \"carrier-pigeon\"\n").unwrap();
        let e = Config::load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("bot.mode"), "{e}");
        std::fs::write(&p, "[bot]\ntokn = \"x\"\n").unwrap();
        let e = Config::load(Some(&p)).unwrap_err().to_string();
        assert!(e.contains("tokn"), "{e}");
    }
}
