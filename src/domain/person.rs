//! A registrant: who they are, how to reach them, and what safeguarding needs to know.

use chrono::{Datelike, NaiveDate};
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::marker::PhantomData;

pub mod first_layout;

/// The participant groups of a children's-rights conference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Child,
    Chaperone,
    Ombudsman,
    InternationalOrg,
    StateBody,
    Ngo,
    Creative,
    Press,
    Volunteer,
    Organiser,
    #[default]
    Other,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Category::Child,
        Category::Chaperone,
        Category::Ombudsman,
        Category::InternationalOrg,
        Category::StateBody,
        Category::Ngo,
        Category::Creative,
        Category::Press,
        Category::Volunteer,
        Category::Organiser,
        Category::Other,
    ];

    /// Stable machine name, as used in files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Category::Child => "child",
            Category::Chaperone => "chaperone",
            Category::Ombudsman => "ombudsman",
            Category::InternationalOrg => "international_org",
            Category::StateBody => "state_body",
            Category::Ngo => "ngo",
            Category::Creative => "creative",
            Category::Press => "press",
            Category::Volunteer => "volunteer",
            Category::Organiser => "organiser",
            Category::Other => "other",
        }
    }

    /// Reads a category as registration systems write it, in kk / ru / en: the whole value,
    /// word by word, must be one of the known words or phrases, give or take words that only say
    /// "participant" («Бала-қатысушы», "child participant"). Never a prefix: «Детский врач»,
    /// «Школьный учитель», «Бала-бақша тәрбиешісі» and "Student" are not children, and
    /// "Participant" alone says nothing. Unknown values give `None`; the importer lists them.
    pub fn parse(text: &str) -> Option<Category> {
        let words = category_words(text);
        if words.is_empty() {
            return None;
        }
        let whole = words.join(" ");
        if let Some(c) = CATEGORY_PHRASES.iter().find(|(p, _)| *p == whole).map(|(_, c)| *c) {
            return Some(c);
        }
        let kept: Vec<&str> = words.iter().map(String::as_str).filter(|w| !PARTICIPANT_WORDS.contains(w)).collect();
        if kept.is_empty() || kept.len() == words.len() {
            return None;
        }
        let kept = kept.join(" ");
        CATEGORY_PHRASES.iter().find(|(p, _)| *p == kept).map(|(_, c)| *c)
    }

    pub fn is_minor_category(self) -> bool {
        self == Category::Child
    }
}

/// The words of a category value: lower case, `ё` as `е`, split at anything but a letter or digit
/// (so «Бала-қатысушы» is «бала қатысушы» and `state_body` is "state body").
pub fn category_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('ё', "е")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Words that only say the person takes part: dropped around a category word, meaningless alone.
#[rustfmt::skip]
const PARTICIPANT_WORDS: &[&str] = &[
    "participant", "participants", "delegate", "member", "участник", "участница", "участники", "делегат",
    "қатысушы", "қатысушылар", "қатысушысы",
];

/// Category words and phrases, as [`category_words`] writes them.
#[rustfmt::skip]
const CATEGORY_PHRASES: &[(&str, Category)] = &[
    ("child", Category::Child), ("children", Category::Child), ("kid", Category::Child),
    ("kids", Category::Child), ("minor", Category::Child), ("pupil", Category::Child),
    ("schoolchild", Category::Child), ("schoolchildren", Category::Child),
    ("young participant", Category::Child), ("ребенок", Category::Child), ("дети", Category::Child),
    ("школьник", Category::Child), ("школьница", Category::Child), ("школьники", Category::Child),
    ("ученик", Category::Child), ("ученица", Category::Child), ("учащийся", Category::Child),
    ("учащаяся", Category::Child), ("несовершеннолетний", Category::Child),
    ("несовершеннолетняя", Category::Child), ("подросток", Category::Child),
    ("юный участник", Category::Child), ("бала", Category::Child), ("балалар", Category::Child),
    ("оқушы", Category::Child), ("оқушылар", Category::Child), ("жасөспірім", Category::Child),
    ("chaperone", Category::Chaperone), ("chaperones", Category::Chaperone),
    ("accompanying adult", Category::Chaperone), ("accompanying person", Category::Chaperone),
    ("guardian", Category::Chaperone), ("parent", Category::Chaperone), ("parents", Category::Chaperone),
    ("сопровождающий", Category::Chaperone), ("сопровождающая", Category::Chaperone),
    ("сопровождающие", Category::Chaperone), ("сопровождающее лицо", Category::Chaperone),
    ("родитель", Category::Chaperone), ("родители", Category::Chaperone), ("вожатый", Category::Chaperone),
    ("вожатая", Category::Chaperone), ("опекун", Category::Chaperone),
    ("законный представитель", Category::Chaperone), ("ілесіп жүруші", Category::Chaperone),
    ("ілесуші", Category::Chaperone), ("ілесп ересек", Category::Chaperone),
    ("жауапты ересек", Category::Chaperone), ("ата ана", Category::Chaperone),
    ("ата анасы", Category::Chaperone), ("жетекші", Category::Chaperone),
    ("ombudsman", Category::Ombudsman), ("омбудсмен", Category::Ombudsman),
    ("уполномоченный по правам ребенка", Category::Ombudsman),
    ("бала құқықтары жөніндегі уәкіл", Category::Ombudsman), ("уәкіл", Category::Ombudsman),
    ("international org", Category::InternationalOrg),
    ("international organisation", Category::InternationalOrg),
    ("international organization", Category::InternationalOrg), ("unicef", Category::InternationalOrg),
    ("юнисеф", Category::InternationalOrg), ("международная организация", Category::InternationalOrg),
    ("халықаралық ұйым", Category::InternationalOrg),
    ("state body", Category::StateBody), ("government", Category::StateBody),
    ("ministry", Category::StateBody), ("state agency", Category::StateBody),
    ("госорган", Category::StateBody), ("государственный орган", Category::StateBody),
    ("министерство", Category::StateBody), ("акимат", Category::StateBody),
    ("мемлекеттік орган", Category::StateBody), ("министрлік", Category::StateBody),
    ("әкімдік", Category::StateBody),
    ("ngo", Category::Ngo), ("nonprofit", Category::Ngo), ("non profit", Category::Ngo),
    ("civil society", Category::Ngo), ("нпо", Category::Ngo), ("нко", Category::Ngo),
    ("общественная организация", Category::Ngo), ("үеұ", Category::Ngo), ("қоғамдық ұйым", Category::Ngo),
    ("creative", Category::Creative), ("artist", Category::Creative),
    ("creative intelligentsia", Category::Creative), ("творческая интеллигенция", Category::Creative),
    ("шығармашылық зиялы қауым", Category::Creative), ("шығармашылық", Category::Creative),
    ("press", Category::Press), ("media", Category::Press), ("journalist", Category::Press),
    ("сми", Category::Press), ("пресса", Category::Press), ("журналист", Category::Press),
    ("баспасөз", Category::Press), ("бақ", Category::Press),
    ("volunteer", Category::Volunteer), ("волонтер", Category::Volunteer),
    ("волонтеры", Category::Volunteer), ("ерікті", Category::Volunteer), ("еріктілер", Category::Volunteer),
    ("organiser", Category::Organiser), ("organizer", Category::Organiser), ("staff", Category::Organiser),
    ("организатор", Category::Organiser), ("ұйымдастырушы", Category::Organiser),
    ("other", Category::Other), ("guest", Category::Other), ("speaker", Category::Other),
    ("другое", Category::Other), ("гость", Category::Other), ("спикер", Category::Other),
    ("басқа", Category::Other), ("қонақ", Category::Other),
];

/// Whether a registration still stands. Registration systems keep cancelled tickets in their
/// exports; they are imported (a scan must say what happened, not "unknown") but never admitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Registered,
    Cancelled,
    Withdrawn,
    Rejected,
    Void,
    Refunded,
    Expired,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Registered,
        Status::Cancelled,
        Status::Withdrawn,
        Status::Rejected,
        Status::Void,
        Status::Refunded,
        Status::Expired,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Cancelled => "cancelled",
            Status::Withdrawn => "withdrawn",
            Status::Rejected => "rejected",
            Status::Void => "void",
            Status::Refunded => "refunded",
            Status::Expired => "expired",
        }
    }

    /// May this person be let in?
    pub fn admitted(self) -> bool {
        self == Status::Registered
    }

    /// A registration state as pretix, Indico, Hi.Events, alf.io, Eventbrite and forms write it
    /// (kk / ru / en, any case). Paid, complete, active, attending, pending payment and
    /// checked-in all stand. Unknown words give `None`; the importer lists them.
    pub fn parse(text: &str) -> Option<Status> {
        let phrase = category_words(text).join(" ");
        let listed = STATUS_PHRASES.iter().find(|(_, phrases)| phrases.contains(&phrase.as_str()));
        listed.map(|(status, _)| *status).or_else(|| Status::ALL.into_iter().find(|s| s.key() == phrase))
    }
}

/// Registration states as [`category_words`] writes them (so `checked_in` is "checked in").
#[rustfmt::skip]
const STATUS_PHRASES: [(Status, &[&str]); 7] = [
    (Status::Registered, &[
        "", "paid", "complete", "completed", "confirmed", "active", "attending", "checked in", "acquired",
        "valid", "approved", "registered", "ok", "pending", "awaiting payment", "to be paid", "unpaid",
        "оплачен", "оплачено", "подтвержден", "подтверждена", "зарегистрирован", "зарегистрирована",
        "активный", "ожидает оплаты", "расталды", "тіркелді", "төленді", "белсенді",
    ]),
    (Status::Cancelled, &[
        "cancelled", "canceled", "cancel", "not attending", "deleted", "released", "invalidated", "отменен",
        "отменена", "отменено", "аннулирован", "аннулирована", "бас тартылды", "жойылды", "күші жойылды",
    ]),
    (Status::Withdrawn, &["withdrawn", "отозван", "отозвана", "кері қайтарылды"]),
    (Status::Rejected, &["rejected", "declined", "отклонен", "отклонена", "қабылданбады"]),
    (Status::Void, &["void", "voided"]),
    (Status::Refunded, &["refunded", "возврат", "возвращен", "қайтарылды"]),
    (Status::Expired, &["expired", "истек", "просрочен", "мерзімі өтті"]),
];

/// Whether photos and video of this person may be taken and published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoConsent {
    /// Not recorded: treat as "no photos" for minors.
    #[default]
    Unknown,
    Yes,
    No,
}

/// An adult who may collect a minor: a parent, or the delegation's chaperone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsibleAdult {
    pub name: String,
    #[serde(default)]
    pub phone: String,
    /// "mother", "chaperone", … as given.
    #[serde(default)]
    pub relation: String,
}

/// Where a person record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    #[default]
    Imported,
    WalkIn,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The registration code exactly as the registration system issued it.
    pub code: String,
    #[serde(default)]
    pub family: String,
    #[serde(default)]
    pub given: String,
    #[serde(default)]
    pub patronymic: String,
    /// The full name in the other script (Latin for a Cyrillic name, or the reverse).
    #[serde(default)]
    pub alt_spelling: String,
    pub category: Category,
    #[serde(default)]
    pub organisation: String,
    /// ISO 3166 alpha-2, upper case; empty when unknown.
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub birth_year: Option<u16>,
    #[serde(default)]
    pub delegation: String,
    #[serde(default)]
    pub responsible_adults: Vec<ResponsibleAdult>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub photo_consent: PhotoConsent,
    /// Medical / access notes: sensitive, shown only on request.
    #[serde(default)]
    pub notes: String,
    /// Session ids this person signed up for in the registration system.
    #[serde(default)]
    pub sessions: Vec<String>,
    /// Columns the importer did not recognise, kept verbatim.
    #[serde(default)]
    pub extra: BTreeMap<String, String>,
    #[serde(default)]
    pub source: Source,
    /// Other codes that find this person, as issued: a ticket secret, a barcode, an ИИН, the
    /// order code of a one-person order. Unique across the event like codes.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The order (reservation) the ticket came in: a family's tickets share it.
    #[serde(default)]
    pub order: String,
    #[serde(default)]
    pub status: Status,
    /// The whole birth date, when the file gave one (`birth_year` holds its year too).
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
}

/// What the station needs of a [`Person`] at start-up (codes, sessions, delegations), read in
/// place from the stored bytes: borrowed, nothing allocated but the session list, and the text
/// of the other fields read past unchecked. Decoding a `Person` each (a `String` per field) was
/// a third of a start-up; so was checking every field of everyone is UTF-8.
///
/// bincode is not self-describing: the fields must be Person's, in Person's order, of the same
/// wire types (`a_view_reads_what_a_person_encodes` below holds the two together).
#[derive(Debug, Clone, Deserialize)]
pub struct PersonView<'a> {
    pub code: &'a str,
    #[serde(rename = "family")]
    _family: Skipped,
    #[serde(rename = "given")]
    _given: Skipped,
    #[serde(rename = "patronymic")]
    _patronymic: Skipped,
    #[serde(rename = "alt_spelling")]
    _alt_spelling: Skipped,
    pub category: Category,
    #[serde(rename = "organisation")]
    _organisation: Skipped,
    #[serde(rename = "country")]
    _country: Skipped,
    #[serde(rename = "region")]
    _region: Skipped,
    #[serde(rename = "birth_year")]
    _birth_year: Option<u16>,
    pub delegation: &'a str,
    #[serde(rename = "responsible_adults")]
    _responsible_adults: Unkept<Vec<ResponsibleAdultView>>,
    #[serde(rename = "email")]
    _email: Skipped,
    #[serde(rename = "phone")]
    _phone: Skipped,
    #[serde(rename = "photo_consent")]
    _photo_consent: PhotoConsent,
    #[serde(rename = "notes")]
    _notes: Skipped,
    #[serde(borrow)]
    pub sessions: Vec<&'a str>,
    #[serde(rename = "extra")]
    _extra: Unkept<BTreeMap<Skipped, Skipped>>,
    #[serde(rename = "source")]
    _source: Source,
    #[serde(borrow)]
    pub aliases: Vec<&'a str>,
    #[serde(rename = "order")]
    _order: Skipped,
    pub status: Status,
    #[serde(rename = "birth_date")]
    _birth_date: Option<Skipped>,
}

impl<'a> PersonView<'a> {
    /// The view of a person already decoded (a walk-in, people built in memory).
    pub fn of(p: &'a Person) -> PersonView<'a> {
        PersonView {
            code: &p.code,
            _family: Skipped,
            _given: Skipped,
            _patronymic: Skipped,
            _alt_spelling: Skipped,
            category: p.category,
            _organisation: Skipped,
            _country: Skipped,
            _region: Skipped,
            _birth_year: p.birth_year,
            delegation: &p.delegation,
            _responsible_adults: Unkept(PhantomData),
            _email: Skipped,
            _phone: Skipped,
            _photo_consent: p.photo_consent,
            _notes: Skipped,
            sessions: p.sessions.iter().map(String::as_str).collect(),
            _extra: Unkept(PhantomData),
            _source: p.source,
            aliases: p.aliases.iter().map(String::as_str).collect(),
            _order: Skipped,
            status: p.status,
            _birth_date: p.birth_date.map(|_| Skipped),
        }
    }
}

/// A person's searchable text, read in place from the stored bytes: borrowed, nothing
/// allocated. Every other field is read as decoding a [`Person`] reads it (text checked to be
/// UTF-8), so a view is given exactly when the person decodes: the search index built from
/// views is the one built from decoded people, without decoding everyone for it.
///
/// Like [`PersonView`], the fields must be Person's, in Person's order, of the same wire types.
#[derive(Debug, Clone, Deserialize)]
pub struct PersonText<'a> {
    pub code: &'a str,
    pub family: &'a str,
    pub given: &'a str,
    pub patronymic: &'a str,
    pub alt_spelling: &'a str,
    #[serde(rename = "category")]
    _category: Category,
    pub organisation: &'a str,
    #[serde(rename = "country")]
    _country: &'a str,
    #[serde(rename = "region")]
    _region: &'a str,
    #[serde(rename = "birth_year")]
    _birth_year: Option<u16>,
    pub delegation: &'a str,
    #[serde(rename = "responsible_adults", borrow)]
    _responsible_adults: Unkept<Vec<ResponsibleAdultText<'a>>>,
    pub email: &'a str,
    pub phone: &'a str,
    #[serde(rename = "photo_consent")]
    _photo_consent: PhotoConsent,
    #[serde(rename = "notes")]
    _notes: &'a str,
    #[serde(rename = "sessions", borrow)]
    _sessions: Unkept<Vec<&'a str>>,
    #[serde(rename = "extra", borrow)]
    _extra: Unkept<BTreeMap<&'a str, &'a str>>,
    #[serde(rename = "source")]
    _source: Source,
    #[serde(borrow)]
    pub aliases: Vec<&'a str>,
    pub order: &'a str,
    #[serde(rename = "status")]
    _status: Status,
    #[serde(rename = "birth_date")]
    _birth_date: Option<&'a str>,
}

impl<'a> PersonText<'a> {
    /// The text of a person already decoded (a walk-in, people built in memory).
    pub fn of(p: &'a Person) -> PersonText<'a> {
        PersonText {
            code: &p.code,
            family: &p.family,
            given: &p.given,
            patronymic: &p.patronymic,
            alt_spelling: &p.alt_spelling,
            organisation: &p.organisation,
            delegation: &p.delegation,
            email: &p.email,
            phone: &p.phone,
            aliases: p.aliases.iter().map(String::as_str).collect(),
            order: &p.order,
            ..PersonText::code_only("")
        }
    }

    /// The text of a person of whom only the code is known.
    pub fn code_only(code: &'a str) -> PersonText<'a> {
        PersonText {
            code,
            family: "",
            given: "",
            patronymic: "",
            alt_spelling: "",
            _category: Category::Other,
            organisation: "",
            _country: "",
            _region: "",
            _birth_year: None,
            delegation: "",
            _responsible_adults: Unkept(PhantomData),
            email: "",
            phone: "",
            _photo_consent: PhotoConsent::Unknown,
            _notes: "",
            _sessions: Unkept(PhantomData),
            _extra: Unkept(PhantomData),
            _source: Source::Imported,
            aliases: Vec::new(),
            order: "",
            _status: Status::Registered,
            _birth_date: None,
        }
    }
}

/// [`ResponsibleAdult`] as [`PersonText`] reads it: checked, not kept.
#[derive(Debug, Clone, Deserialize)]
struct ResponsibleAdultText<'a> {
    #[serde(rename = "name")]
    _name: &'a str,
    #[serde(rename = "phone")]
    _phone: &'a str,
    #[serde(rename = "relation")]
    _relation: &'a str,
}

/// [`ResponsibleAdult`] as [`PersonView`] reads it: past.
#[derive(Debug, Clone, Deserialize)]
struct ResponsibleAdultView {
    #[serde(rename = "name")]
    _name: Skipped,
    #[serde(rename = "phone")]
    _phone: Skipped,
    #[serde(rename = "relation")]
    _relation: Skipped,
}

/// Text read past, not checked to be UTF-8 and not kept: bincode writes a string as its length
/// and bytes, as it writes bytes, so it is read as bytes.
#[derive(Debug, Clone, Copy)]
struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_bytes(Skipped)
    }
}

impl Visitor<'_> for Skipped {
    type Value = Skipped;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("text")
    }

    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<Skipped, E> {
        Ok(Skipped)
    }
}

/// A `Vec<T>` or a `BTreeMap<K, V>` read to its end, element by element, and dropped.
#[derive(Debug, Clone)]
struct Unkept<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Unkept<Vec<T>> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(Unkept::<Vec<T>>(PhantomData))
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Unkept<BTreeMap<K, V>> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(Unkept::<BTreeMap<K, V>>(PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Unkept<Vec<T>> {
    type Value = Self;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<T>()?.is_some() {}
        Ok(self)
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Unkept<BTreeMap<K, V>> {
    type Value = Self;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        while map.next_entry::<K, V>()?.is_some() {}
        Ok(self)
    }
}

impl Person {
    /// Every text of the person that reaches a screen, a file or a fact, except the code (which
    /// is compared exactly, never cleaned): what a walk-in's form is cleaned through.
    pub fn texts_mut(&mut self) -> Vec<&mut String> {
        let mut texts = vec![
            &mut self.family,
            &mut self.given,
            &mut self.patronymic,
            &mut self.alt_spelling,
            &mut self.organisation,
            &mut self.country,
            &mut self.region,
            &mut self.delegation,
            &mut self.email,
            &mut self.phone,
            &mut self.notes,
        ];
        texts.extend(self.sessions.iter_mut());
        texts.extend(self.responsible_adults.iter_mut().flat_map(|a| [&mut a.name, &mut a.phone, &mut a.relation]));
        texts.extend(self.extra.values_mut());
        texts
    }

    /// "Family Given Patronymic", skipping empty parts.
    pub fn full_name(&self) -> String {
        [&self.family, &self.given, &self.patronymic]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Age on `day`, if a birth date is known; else the age reached during `day`'s year.
    pub fn age_on(&self, day: NaiveDate) -> Option<i32> {
        match self.birth_date {
            // Born after `day` (a typing error): not an adult.
            Some(born) => Some(day.years_since(born).map_or(0, |y| y as i32)),
            None => self.age_in(day.year()),
        }
    }

    /// Age reached during `year`, if a birth year is known.
    pub fn age_in(&self, year: i32) -> Option<i32> {
        self.birth_year.map(|b| year - i32::from(b))
    }

    /// A minor at the event whose first day is `first_day`: a child participant, or under 18
    /// that day by the birth date; with only a birth year, by the age reached during that year.
    /// One rule for the desk, the door, the check-out, the roll-call, badges and reports.
    pub fn is_minor(&self, first_day: NaiveDate) -> bool {
        self.category.is_minor_category() || self.age_on(first_day).is_some_and(|a| a < 18)
    }

    /// Photos are allowed only with explicit consent for minors; adults unless they said no.
    pub fn no_photos(&self, first_day: NaiveDate) -> bool {
        match self.photo_consent {
            PhotoConsent::No => true,
            PhotoConsent::Yes => false,
            PhotoConsent::Unknown => self.is_minor(first_day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_categories_in_three_languages() {
        assert_eq!(Category::parse("Ребёнок"), Some(Category::Child));
        assert_eq!(Category::parse("Дети"), Some(Category::Child));
        assert_eq!(Category::parse("Бала"), Some(Category::Child));
        assert_eq!(Category::parse("child participant"), Some(Category::Child));
        assert_eq!(Category::parse("Сопровождающий"), Some(Category::Chaperone));
        assert_eq!(Category::parse("Ілесп. ересек"), Some(Category::Chaperone));
        assert_eq!(Category::parse("Ombudsman"), Some(Category::Ombudsman));
        assert_eq!(Category::parse("СМИ"), Some(Category::Press));
        assert_eq!(Category::parse("state_body"), Some(Category::StateBody));
        assert_eq!(Category::parse("international_org"), Some(Category::InternationalOrg));
        assert_eq!(Category::parse("НПО"), Some(Category::Ngo));
        assert_eq!(Category::parse("волонтёр"), Some(Category::Volunteer));
        assert_eq!(Category::parse("xyzzy"), None);
        assert_eq!(Category::parse("Бала-қатысушы"), Some(Category::Child));
        assert_eq!(Category::parse("Ілесіп жүруші"), Some(Category::Chaperone));
        assert_eq!(Category::parse("Шығармашылық зиялы қауым"), Some(Category::Creative));
        for adult in ["Школьный учитель", "Детский врач", "Бала-бақша тәрбиешісі", "Student", "Детский психолог"]
        {
            assert_eq!(Category::parse(adult), None, "{adult} is not a child");
        }
        for ambiguous in ["Участник", "Қатысушы", "participant"] {
            assert_eq!(Category::parse(ambiguous), None, "{ambiguous} says nothing");
        }
        assert_eq!(Category::parse("Organization representative"), None);
        for c in Category::ALL {
            assert_eq!(Category::parse(c.key()), Some(c), "{c:?} must parse from its own key");
        }
    }

    #[test]
    fn a_view_reads_what_a_person_encodes() {
        use crate::store::codec;
        let p = Person {
            code: "KZ-000123".into(),
            family: "Смағұлова".into(),
            given: "Айгерім".into(),
            patronymic: "Ерланқызы".into(),
            alt_spelling: "Smagulova Aigerim".into(),
            category: Category::Chaperone,
            organisation: "Мектеп №5".into(),
            country: "KZ".into(),
            region: "Алматы".into(),
            birth_year: Some(1984),
            delegation: "Алматы-1".into(),
            responsible_adults: vec![
                ResponsibleAdult {
                    name: "Ерлан".into(), phone: "+7 701 000 00 01".into(), relation: "father".into()
                },
                ResponsibleAdult { name: "Гүл".into(), phone: String::new(), relation: "mother".into() },
            ],
            email: "a@example.kz".into(),
            phone: "+7 701 000 00 00".into(),
            photo_consent: PhotoConsent::No,
            notes: "wheelchair".into(),
            sessions: vec!["s1".into(), "s2".into()],
            extra: BTreeMap::from([("badge".into(), "VIP".into()), ("diet".into(), "halal".into())]),
            source: Source::WalkIn,
            aliases: vec!["950101300123".into(), "ab12secret".into()],
            order: "ORD1".into(),
            status: Status::Withdrawn,
            birth_date: NaiveDate::from_ymd_opt(1984, 3, 12),
        };
        let bytes = codec::encode(&p).unwrap();
        let read: PersonView = codec::decode_view(&bytes).expect("a view reads the whole value");
        for v in [read, PersonView::of(&p)] {
            assert_eq!((v.code, v.category, v.delegation), ("KZ-000123", Category::Chaperone, "Алматы-1"));
            assert_eq!(v.sessions, ["s1", "s2"]);
            assert_eq!((v.aliases.as_slice(), v.status), (&["950101300123", "ab12secret"][..], Status::Withdrawn));
        }
        let text: PersonText = codec::decode_view(&bytes).expect("a text view reads the whole value");
        for t in [text, PersonText::of(&p)] {
            assert_eq!((t.code, t.family, t.given, t.patronymic), ("KZ-000123", "Смағұлова", "Айгерім", "Ерланқызы"));
            assert_eq!((t.alt_spelling, t.organisation, t.delegation), ("Smagulova Aigerim", "Мектеп №5", "Алматы-1"));
            assert_eq!((t.email, t.phone), ("a@example.kz", "+7 701 000 00 00"));
            assert_eq!((t.aliases.as_slice(), t.order), (&["950101300123", "ab12secret"][..], "ORD1"));
        }
        // Text that is not UTF-8 anywhere (here in a note) fails the text view as it fails
        // decoding: the index then holds the code alone, as the desk shows it.
        let mut bad = bytes.clone();
        let at = bad.windows(10).position(|w| w == b"wheelchair").unwrap();
        bad[at] = 0xff;
        assert!(codec::decode::<Person>(&bad).is_err());
        assert!(codec::decode_view::<PersonText>(&bad).is_err());
        assert!(codec::decode_view::<PersonView>(&bad).is_ok(), "a view reads past the note");
        // A field missing, or of another wire type, would leave bytes over or run out of them.
        assert!(codec::decode_view::<PersonView>(&bytes[..bytes.len() - 1]).is_err());
        assert!(codec::decode_view::<PersonView>(&[bytes.as_slice(), &[0]].concat()).is_err());
    }

    #[test]
    fn statuses_in_three_languages() {
        for (text, status) in [
            ("Paid", Status::Registered),
            ("Completed", Status::Registered),
            ("ACTIVE", Status::Registered),
            ("Attending", Status::Registered),
            ("", Status::Registered),
            ("canceled", Status::Cancelled),
            ("CANCELLED", Status::Cancelled),
            ("Withdrawn", Status::Withdrawn),
            ("Rejected", Status::Rejected),
            ("Refunded", Status::Refunded),
            ("Отменён", Status::Cancelled),
        ] {
            assert_eq!(Status::parse(text), Some(status), "{text}");
        }
        assert_eq!(Status::parse("maybe"), None);
        assert!(Status::Registered.admitted() && !Status::Void.admitted());
    }

    #[test]
    fn minors_by_birth_date_on_the_first_day() {
        let first_day = NaiveDate::from_ymd_opt(2016, 11, 21).unwrap();
        let born = |y, m, d| Person {
            birth_date: NaiveDate::from_ymd_opt(y, m, d),
            birth_year: Some(y as u16),
            ..Person::default()
        };
        assert!(born(1998, 11, 22).is_minor(first_day), "turns 18 the day after");
        assert!(born(1998, 11, 22).no_photos(first_day), "so no photos without consent");
        assert!(!born(1998, 11, 21).is_minor(first_day), "18 that day");
        assert!(born(2002, 1, 1).is_minor(first_day));
        let year_only = Person { birth_year: Some(1999), ..Person::default() };
        assert!(year_only.is_minor(first_day));
    }

    #[test]
    fn minors_and_photo_consent() {
        let mut p = Person { category: Category::Chaperone, birth_year: Some(2004), ..Default::default() };
        let first_day = NaiveDate::from_ymd_opt(2016, 11, 21).unwrap();
        assert!(p.is_minor(first_day));
        assert!(p.no_photos(first_day));
        p.photo_consent = PhotoConsent::Yes;
        assert!(!p.no_photos(first_day));
        p.birth_year = Some(1980);
        p.photo_consent = PhotoConsent::Unknown;
        assert!(!p.is_minor(first_day));
        assert!(!p.no_photos(first_day));
    }
}
