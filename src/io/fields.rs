//! The registrant fields a table column can map to, and how compound fields are written in a
//! single cell. The importer, the sample generator and the exports all speak through this.

use crate::domain::{Person, PhotoConsent, ResponsibleAdult};

/// A registrant field a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Code,
    Family,
    Given,
    Patronymic,
    /// "Family Given Patronymic" in one cell, split on import.
    FullName,
    AltSpelling,
    Category,
    Organisation,
    Country,
    Region,
    /// A year, or a full birth date of which the year is kept.
    BirthYear,
    Delegation,
    /// Several adults in one cell, see [`format_adults`].
    ResponsibleAdults,
    /// One adult's name (a "parent name" column); pairs with `ResponsiblePhone`.
    ResponsibleName,
    ResponsiblePhone,
    Email,
    Phone,
    PhotoConsent,
    Notes,
    /// Session ids, see [`format_sessions`].
    Sessions,
    /// Another code the person may show: a ticket secret, a barcode, a short id.
    Alias,
    /// ИИН / ЖСН, the 12-digit Kazakh personal number: an alias, checked for its digits.
    NationalId,
    /// The order (reservation) the ticket was bought in; a family's tickets share it.
    Order,
    /// The ticket's number within its order (pretix "Position ID").
    Position,
    /// Registration state: paid, complete, cancelled, withdrawn, …
    Status,
    /// A yes/no "void" column (Tito): yes means the ticket is void.
    Void,
}

impl Field {
    pub const ALL: [Field; 26] = [
        Field::Code,
        Field::Family,
        Field::Given,
        Field::Patronymic,
        Field::FullName,
        Field::AltSpelling,
        Field::Category,
        Field::Organisation,
        Field::Country,
        Field::Region,
        Field::BirthYear,
        Field::Delegation,
        Field::ResponsibleAdults,
        Field::ResponsibleName,
        Field::ResponsiblePhone,
        Field::Email,
        Field::Phone,
        Field::PhotoConsent,
        Field::Notes,
        Field::Sessions,
        Field::Alias,
        Field::NationalId,
        Field::Order,
        Field::Position,
        Field::Status,
        Field::Void,
    ];

    /// The column header this station writes, and the name `--map COLUMN=field` accepts.
    pub fn canonical(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Family => "family_name",
            Field::Given => "given_name",
            Field::Patronymic => "patronymic",
            Field::FullName => "full_name",
            Field::AltSpelling => "alt_spelling",
            Field::Category => "category",
            Field::Organisation => "organisation",
            Field::Country => "country",
            Field::Region => "region",
            Field::BirthYear => "birth_year",
            Field::Delegation => "delegation",
            Field::ResponsibleAdults => "responsible_adults",
            Field::ResponsibleName => "responsible_name",
            Field::ResponsiblePhone => "responsible_phone",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::PhotoConsent => "photo_consent",
            Field::Notes => "notes",
            Field::Sessions => "sessions",
            Field::Alias => "other_code",
            Field::NationalId => "iin",
            Field::Order => "order",
            Field::Position => "position_id",
            Field::Status => "status",
            Field::Void => "void",
        }
    }

    pub fn from_canonical(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.canonical() == name)
    }
}

/// The columns the station writes for a full registrant table (sample files, exports).
pub const WRITTEN_FIELDS: [Field; 17] = [
    Field::Code,
    Field::Family,
    Field::Given,
    Field::Patronymic,
    Field::AltSpelling,
    Field::Category,
    Field::Organisation,
    Field::Country,
    Field::Region,
    Field::BirthYear,
    Field::Delegation,
    Field::ResponsibleAdults,
    Field::Email,
    Field::Phone,
    Field::PhotoConsent,
    Field::Notes,
    Field::Sessions,
];

/// Adults in one cell: `Name / phone / relation; Name / phone / relation`.
/// Phone and relation may be omitted (`Name`, `Name / phone`).
pub fn format_adults(adults: &[ResponsibleAdult]) -> String {
    adults
        .iter()
        .map(|a| {
            let mut parts = vec![a.name.as_str()];
            if !a.phone.is_empty() || !a.relation.is_empty() {
                parts.push(a.phone.as_str());
            }
            if !a.relation.is_empty() {
                parts.push(a.relation.as_str());
            }
            parts.join(" / ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn parse_adults(cell: &str) -> Vec<ResponsibleAdult> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|entry| {
            let mut parts = entry.split('/').map(str::trim);
            ResponsibleAdult {
                name: parts.next().unwrap_or_default().to_owned(),
                phone: parts.next().unwrap_or_default().to_owned(),
                relation: parts.next().unwrap_or_default().to_owned(),
            }
        })
        .filter(|a| !a.name.is_empty())
        .collect()
}

/// Session ids in one cell, separated by spaces, commas or semicolons.
pub fn format_sessions(ids: &[String]) -> String {
    ids.join(" ")
}

pub fn parse_sessions(cell: &str) -> Vec<String> {
    cell.split([' ', ',', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

pub fn format_photo_consent(c: PhotoConsent) -> &'static str {
    match c {
        PhotoConsent::Unknown => "",
        PhotoConsent::Yes => "yes",
        PhotoConsent::No => "no",
    }
}

/// Accepts yes/no in kk / ru / en and as 1/0, true/false, +/-.
pub fn parse_photo_consent(cell: &str) -> Option<PhotoConsent> {
    let t = cell.trim().to_lowercase();
    match t.as_str() {
        "" => Some(PhotoConsent::Unknown),
        "yes" | "y" | "1" | "true" | "+" | "да" | "д" | "иә" | "ия" | "consent" | "согласен" | "согласна"
        | "келісемін" => Some(PhotoConsent::Yes),
        "no"
        | "n"
        | "0"
        | "false"
        | "-"
        | "нет"
        | "н"
        | "жоқ"
        | "no photos"
        | "не согласен"
        | "не согласна"
        | "келіспеймін" => Some(PhotoConsent::No),
        _ => None,
    }
}

/// One cell per field of [`WRITTEN_FIELDS`], in that order.
pub fn person_cells(p: &Person) -> Vec<String> {
    WRITTEN_FIELDS
        .iter()
        .map(|f| match f {
            Field::Code => p.code.clone(),
            Field::Family => p.family.clone(),
            Field::Given => p.given.clone(),
            Field::Patronymic => p.patronymic.clone(),
            Field::AltSpelling => p.alt_spelling.clone(),
            Field::Category => p.category.key().to_owned(),
            Field::Organisation => p.organisation.clone(),
            Field::Country => p.country.clone(),
            Field::Region => p.region.clone(),
            Field::BirthYear => p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
            Field::Delegation => p.delegation.clone(),
            Field::ResponsibleAdults => format_adults(&p.responsible_adults),
            Field::Email => p.email.clone(),
            Field::Phone => p.phone.clone(),
            Field::PhotoConsent => format_photo_consent(p.photo_consent).to_owned(),
            Field::Notes => p.notes.clone(),
            Field::Sessions => format_sessions(&p.sessions),
            Field::FullName
            | Field::ResponsibleName
            | Field::ResponsiblePhone
            | Field::Alias
            | Field::NationalId
            | Field::Order
            | Field::Position
            | Field::Status
            | Field::Void => String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adults_round_trip() {
        let adults = vec![
            ResponsibleAdult {
                name: "Омарова Сәуле".into(),
                phone: "+7 701 555 0101".into(),
                relation: "mother".into(),
            },
            ResponsibleAdult {
                name: "Иванов Сергей".into(), phone: String::new(), relation: String::new()
            },
        ];
        assert_eq!(parse_adults(&format_adults(&adults)), adults);
    }

    #[test]
    fn every_field_has_a_unique_canonical_name() {
        for f in Field::ALL {
            assert_eq!(Field::from_canonical(f.canonical()), Some(f));
        }
    }
}
