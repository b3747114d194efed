//! The event programme: days and sessions, as loaded from a programme JSON file.

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A text in the three interface languages. Missing translations fall back to another language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    #[serde(default)]
    pub kk: String,
    #[serde(default)]
    pub ru: String,
    #[serde(default)]
    pub en: String,
}

impl Localized {
    /// The text in `lang` ("kk", "ru" or "en"), else the first non-empty one.
    pub fn get(&self, lang: &str) -> &str {
        let preferred = match lang {
            "kk" => &self.kk,
            "ru" => &self.ru,
            _ => &self.en,
        };
        [preferred, &self.en, &self.ru, &self.kk].into_iter().find(|s| !s.is_empty()).map(String::as_str).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.kk.is_empty() && self.ru.is_empty() && self.en.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Plenary,
    Platform,
    Festival,
    MasterClass,
    Other,
}

/// Who may attend a session. Empty rule = everyone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceRule {
    #[serde(default)]
    pub min_age: Option<u8>,
    #[serde(default)]
    pub max_age: Option<u8>,
    /// Only these categories (empty = any).
    #[serde(default)]
    pub categories: Vec<super::Category>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub kind: SessionKind,
    pub title: Localized,
    #[serde(default)]
    pub room: String,
    /// Local time in the event's offset.
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    #[serde(default)]
    pub capacity: Option<u32>,
    #[serde(default)]
    pub audience: Option<AudienceRule>,
    #[serde(default)]
    pub host: String,
}

impl Session {
    pub fn day(&self) -> NaiveDate {
        self.start.date()
    }
}

/// A whole event: name, place, the offset its clocks run in, days and sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    pub name: Localized,
    #[serde(default)]
    pub venue: Localized,
    /// The event's UTC offset, e.g. "+06:00" for Astana in 2016.
    #[serde(with = "offset_serde")]
    pub utc_offset: FixedOffset,
    pub days: Vec<NaiveDate>,
    #[serde(default)]
    pub sessions: Vec<Session>,
}

/// Why a programme file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgramError {
    #[error("the programme has no days")]
    NoDays,
    #[error("the programme has no name")]
    NoName,
    #[error("session {0:?} appears twice")]
    DuplicateSession(String),
    #[error("a session has an empty id")]
    EmptySessionId,
    #[error("session {0:?} has no title")]
    NoTitle(String),
    #[error("session {0:?} ends before it starts")]
    EndsBeforeStart(String),
    #[error("session {id:?} is on {day}, which is not one of the programme's days")]
    OutsideDays { id: String, day: NaiveDate },
    #[error("session {0:?} has capacity 0")]
    ZeroCapacity(String),
    #[error("session {0:?}: the audience rule's minimum age is above its maximum")]
    BadAudience(String),
}

impl Localized {
    fn clean(&mut self) {
        for text in [&mut self.kk, &mut self.ru, &mut self.en] {
            *text = crate::text::sanitize::sanitize(text);
        }
    }
}

impl Program {
    /// Strips control characters and terminal escape sequences from every text, as for imported
    /// registrants: a programme file is outside input that reaches every screen.
    pub fn clean_texts(&mut self) {
        self.name.clean();
        self.venue.clean();
        for s in &mut self.sessions {
            s.title.clean();
            for text in [&mut s.id, &mut s.room, &mut s.host] {
                *text = crate::text::sanitize::sanitize(text);
            }
        }
    }

    /// Checks the rules a programme must satisfy before the station will use it.
    pub fn validate(&self) -> Result<(), ProgramError> {
        if self.name.is_empty() {
            return Err(ProgramError::NoName);
        }
        if self.days.is_empty() {
            return Err(ProgramError::NoDays);
        }
        let mut seen = std::collections::HashSet::new();
        for s in &self.sessions {
            if s.id.trim().is_empty() {
                return Err(ProgramError::EmptySessionId);
            }
            if !seen.insert(s.id.as_str()) {
                return Err(ProgramError::DuplicateSession(s.id.clone()));
            }
            if s.title.is_empty() {
                return Err(ProgramError::NoTitle(s.id.clone()));
            }
            if s.end <= s.start {
                return Err(ProgramError::EndsBeforeStart(s.id.clone()));
            }
            if !self.days.contains(&s.day()) {
                return Err(ProgramError::OutsideDays { id: s.id.clone(), day: s.day() });
            }
            if s.capacity == Some(0) {
                return Err(ProgramError::ZeroCapacity(s.id.clone()));
            }
            if let Some(AudienceRule { min_age: Some(lo), max_age: Some(hi), .. }) = &s.audience
                && lo > hi
            {
                return Err(ProgramError::BadAudience(s.id.clone()));
            }
        }
        Ok(())
    }

    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// 1-based number of `day` in the programme, if it is one of its days.
    pub fn day_number(&self, day: NaiveDate) -> Option<usize> {
        self.days.iter().position(|d| *d == day).map(|i| i + 1)
    }

    pub fn first_day(&self) -> NaiveDate {
        self.days.iter().min().copied().unwrap_or_else(|| NaiveDate::from_ymd_opt(2016, 11, 21).unwrap_or_default())
    }

    /// The year used to turn birth years into ages.
    pub fn year(&self) -> i32 {
        self.first_day().year()
    }
}

mod offset_serde {
    use chrono::FixedOffset;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(o: &FixedOffset, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&o.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FixedOffset, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<FixedOffset>()
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a UTC offset like \"+06:00\"")))
    }
}
