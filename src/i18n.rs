//! User-facing strings, from Fluent files in `locales/<lang>/main.ftl`.
//! Code names strings by key through [`tr`] and [`tr_args`]; a test checks
//! that both locales define the same keys and that every key used exists.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "zh-CN",
        // No Unicode isolation marks around placeables: chat clients show them.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the bot speaks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    /// Simplified Chinese (default).
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every language, default first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// From a Telegram-style language code (`zh-hans`, `en-GB` …); `None` if
    /// we do not speak it.
    pub fn from_code(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        if c.starts_with("zh") {
            Some(Lang::Zh)
        } else if c.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The code used in locale folders.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Zh => langid!("zh-CN"),
            Lang::En => langid!("en"),
        }
    }
}

/// The string for `key`.
pub fn tr(lang: Lang, key: &str) -> String {
    LOCALES.lookup(&lang.id(), key)
}

/// The string for `key` with named arguments.
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.clone())))
        .collect();
    LOCALES.lookup_with_args(&lang.id(), key, &map)
}

/// Whether `key` exists in `lang`. Every placeable the code passes gets a
/// value, since a message with a missing argument does not resolve.
pub fn has_key(lang: Lang, key: &str) -> bool {
    const ARGS: [&str; 27] = [
        "law",
        "number",
        "status",
        "note",
        "old",
        "by",
        "part",
        "n",
        "max",
        "topic",
        "command",
        "days",
        "date",
        "name",
        "kind",
        "village",
        "adviser",
        "slot",
        "phone",
        "description",
        "id",
        "from",
        "to",
        "cancelled",
        "cleared",
        "state",
        "hours",
    ];
    let map: HashMap<Cow<'static, str>, FluentValue> = ARGS
        .iter()
        .map(|k| (Cow::Borrowed(*k), FluentValue::from("x")))
        .collect();
    LOCALES
        .try_lookup_with_args(&lang.id(), key, &map)
        .is_some()
}
