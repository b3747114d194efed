//! Which column is which: header aliases in Kazakh, Russian and English, matched once per file.
//!
//! A header is reduced to a *key*: lower case, `ё` → `е`, the Kazakh letters folded to their
//! Russian look-alikes (`ә`→`а`, `ғ`→`г`, `қ`→`к`, `ң`→`н`, `ө`→`о`, `ұ`/`ү`→`у`, `һ`→`х`,
//! `і`→`и`, so a header typed on a Russian keyboard still matches), apostrophes dropped and
//! everything that is not a letter or digit removed. "Рег. номер", "рег номер" and "РЕГ_НОМЕР"
//! all become `регномер`.
//!
//! A header is looked up as a whole; then without words like "участника" / "participant"
//! ("Фамилия участника"); then without a parenthesised remark ("Отчество (при наличии)");
//! then split at `/`, `|`, `,`, `;` or a line break, which catches the bilingual headers of
//! Kazakh forms ("Тегі / Фамилия / Last name") when all recognised parts agree.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::ImportError;
use crate::io::fields::Field;

/// What a header alias points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Field(Field),
    /// Used only when no other column claims the field ("ID" as the code).
    Weak(Field),
    /// English "Name": the given name when the file has a surname column, else the full name.
    Name,
    /// Claimed before [`Target::Field`] ("Attendee email" over the order's "Email").
    Strong(Field),
    /// Never a field: kept as an extra field (see [`NOT_FIELDS`]).
    NotAField,
}

use Field::*;

/// Headers of the value a ticket's own QR code or barcode carries: what a scanner types at the
/// door, so the code a badge must carry too.
const TICKET_SCANS: &[&str] = &[
    "secret",
    "ticket secret",
    "qr secret",
    "qr code secret",
    "barcode",
    "bar code",
    "barcode no",
    "qr",
    "qr code",
    "штрихкод",
    "штрих-код",
    "qr-код",
];

#[rustfmt::skip]
const ALIASES: &[(Field, &[&str])] = &[
    (Code, &[
        "code", "registration code", "registration number", "registration no", "registration id",
        "registration reference", "reg number", "reg no", "reg code", "reg id", "ticket number",
        "ticket no", "ticket code", "ticket id", "ticket reference", "attendee no", "public id",
        "confirmation code", "badge number", "badge code", "badge id", "participant code",
        "participant id", "attendee id",
        "код", "код участника", "рег. номер", "рег номер", "регистрационный номер",
        "регистрационный код", "номер регистрации", "код регистрации", "номер билета",
        "код билета", "номер бейджа",
        "тіркеу нөмірі", "тіркеу номері", "тіркеу коды", "билет нөмірі", "коды", "қатысушы коды",
    ]),
    (Alias, TICKET_SCANS),
    (Alias, &["short id"]),
    (NationalId, &[
        "иин", "жсн", "iin", "иин жсн", "жсн иин", "индивидуальный идентификационный номер",
        "жеке сәйкестендіру нөмірі", "national id", "national id number", "personal number",
    ]),
    (Order, &[
        "order", "order code", "order no", "order number", "order reference", "order id",
        "reservationid", "reservation id", "reservation", "booking code", "booking reference",
        "booking number", "номер заказа", "код заказа", "заказ", "тапсырыс", "тапсырыс нөмірі",
    ]),
    (Position, &["position id", "ticket position"]),
    (Status, &[
        "status", "registration state", "registration status", "attendee status", "ticket status",
        "order status", "статус", "статус регистрации", "статус заявки", "состояние",
        "мәртебе", "мәртебесі", "тіркеу мәртебесі",
    ]),
    (Void, &["void status", "void", "voided", "is void"]),
    (Family, &[
        "family name", "last name", "lastname", "surname", "family", "фамилия", "тегі", "тек",
        "фамилиясы", "attendee name family name", "attendee name last name",
    ]),
    (Given, &[
        "given name", "first name", "firstname", "forename", "christian name", "имя", "аты",
        "есімі", "есім", "attendee name given name", "attendee name first name",
    ]),
    (Patronymic, &[
        "patronymic", "middle name", "middlename", "father's name", "attendee name middle name",
        "отчество", "әкесінің аты",
        "әкесінің есімі", "әкесінің аты-жөні",
    ]),
    (FullName, &[
        "full name", "fullname", "attendee name", "attendee name full name", "name and surname", "first and last name", "surname and name",
        "name surname", "surname name", "last name first name", "first name last name",
        "фио", "ф.и.о.", "ф и о", "фамилия имя отчество", "фамилия имя", "фамилия и имя",
        "имя фамилия", "имя и фамилия", "полное имя", "аты-жөні", "аты жөні", "толық аты-жөні",
        "тегі аты", "тегі, аты, әкесінің аты", "тегі аты әкесінің аты",
    ]),
    (AltSpelling, &[
        "alt spelling", "alternative spelling", "latin name", "name in latin", "name latin",
        "full name latin", "full name in latin", "name in english", "full name in english",
        "english name", "name as in passport", "passport name", "transliteration",
        "attendee name latin transcription", "latin transcription",
        "фио латиницей", "фио на латинице", "фио латинскими буквами", "фио на английском",
        "фио на английском языке", "имя латиницей", "фамилия латиницей",
        "фамилия имя латиницей", "латиницей", "транслитерация", "аты-жөні латынша", "латынша",
    ]),
    (Category, &[
        "category", "type", "participant type", "attendee type", "role", "категория", "тип",
        "тип участника", "роль", "статус участника", "санаты", "санат", "қатысушы түрі",
        "қатысушы санаты",
    ]),
    (Organisation, &[
        "organisation", "organization", "org", "company", "affiliation", "institution",
        "employer", "school", "organisation name", "organization name", "company name", "организация",
        "название организации", "учреждение", "компания", "место работы", "место работы учебы",
        "место учебы", "школа", "учебное заведение", "ведомство", "ұйым", "ұйымның атауы",
        "жұмыс орны", "оқу орны", "жұмыс оқу орны", "мектеп",
    ]),
    (Country, &["country", "country of residence", "country code", "home country", "страна", "страна проживания", "ел", "мемлекет"]),
    (Region, &[
        "region", "oblast", "province", "state province", "регион", "область", "облыс", "аймақ",
        "регион город", "область город", "облыс қала",
    ]),
    (BirthYear, &[
        "birth year", "year of birth", "birth date", "date of birth", "dob", "birthday", "born",
        "birthdate", "age birth date", "туылған күні", "туған күні айы жылы",
        "год рождения", "дата рождения", "г.р.", "туған жылы", "туған күні", "туған күні жылы",
        "туған жылы күні",
    ]),
    (Delegation, &["delegation", "group", "team", "делегация", "группа", "команда", "топ", "делегация группа"]),
    (ResponsibleAdults, &[
        "responsible adult", "responsible adults", "responsible", "responsible person",
        "guardian", "guardians", "chaperone", "chaperones", "accompanying adult",
        "accompanying person", "parent", "parents", "ответственный", "ответственное лицо",
        "ответственный взрослый", "ответственные", "сопровождающий", "сопровождающее лицо",
        "сопровождающие", "родитель", "родители", "законный представитель", "жауапты ересек",
        "жауапты тұлға", "жауапты", "ілесуші", "ілесіп жүруші", "ата-ана", "ата-анасы",
    ]),
    (ResponsibleName, &[
        "parent name", "parents name", "parent full name", "guardian name", "name of parent",
        "parent guardian name", "parent or guardian name", "name of parent or guardian",
        "emergency contact", "emergency contact name", "фио родителя", "фио ответственного",
        "фио сопровождающего", "фио законного представителя", "ата-анасының аты-жөні",
        "жауапты ересектің аты-жөні",
    ]),
    (ResponsiblePhone, &[
        "parent phone", "parents phone", "guardian phone", "guardians phone", "chaperone phone",
        "parent guardian phone", "parent or guardian phone",
        "responsible phone", "responsible adult phone", "emergency phone",
        "emergency contact phone", "телефон родителя", "телефон родителей",
        "телефон ответственного", "телефон сопровождающего",
        "телефон законного представителя", "ата-анасының телефоны", "ата-ана телефоны",
        "жауапты ересектің телефоны", "жауапты тұлғаның телефоны",
    ]),
    (Email, &[
        "email", "e-mail", "e mail", "mail", "email address", "e-mail address",
        "электронная почта", "эл. почта", "эл почта", "почта", "е-mail", "емейл", "имейл",
        "адрес электронной почты", "эл. пошта", "электрондық пошта", "пошта",
        "электрондық пошта мекенжайы", "электрондық поштаның мекенжайы",
    ]),
    (Phone, &[
        "phone", "telephone", "tel", "mobile", "mobile phone", "cell", "cell phone",
        "phone number", "contact phone", "whatsapp", "телефон", "тел", "моб", "мобильный",
        "мобильный телефон", "сотовый", "сотовый телефон", "контактный телефон",
        "номер телефона", "байланыс телефоны", "ұялы телефон", "телефон нөмірі",
    ]),
    (PhotoConsent, &[
        "photo consent", "consent to photo", "photo", "photos", "photo video consent",
        "media consent", "photo permission", "photo release", "согласие на фото",
        "согласие на фотосъемку", "согласие на фото- и видеосъемку", "согласие на фото видео",
        "согласие на фото и видео", "фото", "фотосъемка", "фотоға келісім",
        "фото түсіруге келісім", "суретке түсіруге келісім",
    ]),
    (Notes, &[
        "notes", "note", "comment", "comments", "remarks", "medical", "medical notes",
        "medical information", "medical info", "allergies", "health", "special needs",
        "accessibility", "примечание", "примечания", "комментарий", "комментарии",
        "медицинские", "медицинские особенности", "медицинские данные",
        "медицинская информация", "особые потребности", "аллергия", "здоровье", "ескерту",
        "ескертпе", "ескертулер", "медициналық", "медициналық ақпарат", "денсаулық",
    ]),
    (Sessions, &[
        "sessions", "session", "master classes", "master class", "masterclasses", "workshops",
        "workshop", "platforms", "platform", "секции", "секция", "сессии", "сессия",
        "мастер-классы", "мастер-класс", "площадки", "площадка", "секциялар",
        "тақырыптық алаңдар", "алаңдар", "алаң", "шеберлік сыныптары", "шеберлік сыныбы",
    ]),
];

/// Claimed before the others: a ticket's own value where the order's is also given.
#[rustfmt::skip]
const STRONG_ALIASES: &[(Field, &[&str])] = &[
    (Email, &["attendee email", "attendee e-mail"]),
];

/// Columns that are never a person's field whatever else their name says: ticket types (a
/// "Product" or "Ticket Type" is what was bought, not who the person is), and a Google Form's
/// time stamp. Kept as extra fields.
#[rustfmt::skip]
const NOT_FIELDS: &[&str] = &[
    "ticket", "ticket type", "ticket name", "product", "product name", "product id", "variation",
    "tariff", "тариф", "тип билета", "билет", "вид билета", "билет түрі", "order name",
    "order email", "timestamp", "отметка времени", "уақыт белгісі", "уақыт таңбасы",
];

/// The first column of a Google Forms sheet, in its kk / ru / en interface.
pub(super) const FORM_TIMESTAMPS: &[&str] = &["timestamp", "отметка времени", "уақыт белгісі", "уақыт таңбасы"];

#[rustfmt::skip]
const WEAK_ALIASES: &[(Field, &[&str])] = &[
    (Code, &["id", "uid"]),
    (FullName, &["participant", "участник", "қатысушы", "attendee", "guest", "гость"]),
    (Country, &["nationality", "citizenship", "гражданство", "азаматтығы", "национальность"]),
];

const NAME_ALIASES: &[&str] = &["name", "participant name"];

/// Words that only say whose field it is ("Фамилия участника", "Child's date of birth").
#[rustfmt::skip]
const FILLER_WORDS: &[&str] = &[
    "участника", "участников", "ребенка", "ученика", "участнику", "қатысушының", "қатысушы",
    "баланың", "оқушының", "participant", "participants", "attendee", "attendees",
    "delegate", "childs", "child", "your", "ваш", "ваша", "ваше", "сіздің", "ticket",
];

fn fold(c: char, out: &mut String) {
    for l in c.to_lowercase() {
        out.push(match l {
            'ё' => 'е',
            'ә' => 'а',
            'ғ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' => 'у',
            'һ' => 'х',
            'і' => 'и',
            other => other,
        });
    }
}

/// The words of a header, folded for matching.
fn words(header: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in header.nfc() {
        if c == '\'' || c == '’' || c == 'ʼ' {
            continue;
        }
        if c == '#' || c == '№' {
            // "Order #", "Attendee #": the sign is the word "number".
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push("no".to_owned());
        } else if c.is_alphanumeric() {
            fold(c, &mut word);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The matching key of a header or a `--map` column name.
pub(super) fn key(header: &str) -> String {
    words(header).concat()
}

/// [`FILLER_WORDS`] folded like header words are.
static FILLERS: LazyLock<Vec<String>> = LazyLock::new(|| FILLER_WORDS.iter().map(|w| key(w)).collect());

static TABLE: LazyLock<HashMap<String, Target>> = LazyLock::new(|| {
    let mut table = HashMap::new();
    for f in Field::ALL {
        table.insert(key(f.canonical()), Target::Field(f));
    }
    for &(field, aliases) in WEAK_ALIASES {
        for a in aliases {
            table.insert(key(a), Target::Weak(field));
        }
    }
    for a in NAME_ALIASES {
        table.insert(key(a), Target::Name);
    }
    for &(field, aliases) in ALIASES {
        for a in aliases {
            table.insert(key(a), Target::Field(field));
        }
    }
    for &(field, aliases) in STRONG_ALIASES {
        for a in aliases {
            table.insert(key(a), Target::Strong(field));
        }
    }
    for a in NOT_FIELDS {
        table.insert(key(a), Target::NotAField);
    }
    table
});

fn lookup_whole(header: &str) -> Option<Target> {
    let ws = words(header);
    if ws.is_empty() {
        return None;
    }
    if let Some(t) = TABLE.get(&ws.concat()) {
        return Some(*t);
    }
    let kept: Vec<&str> = ws.iter().map(String::as_str).filter(|w| !FILLERS.iter().any(|f| f == w)).collect();
    if kept.is_empty() || kept.len() == ws.len() {
        return None;
    }
    TABLE.get(&kept.concat()).copied()
}

fn without_parens(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn lookup_part(header: &str) -> Option<Target> {
    lookup_whole(header).or_else(|| {
        let bare = without_parens(header);
        if bare.len() != header.len() { lookup_whole(&bare) } else { None }
    })
}

fn lookup(header: &str) -> Option<Target> {
    lookup_part(header).or_else(|| {
        let bare = without_parens(header);
        // Bilingual headers put their languages apart with "/" or a line break, and a language's
        // own part may list name parts with commas («Тегі, аты, әкесінің аты»): the language
        // parts are tried whole first.
        agreeing(bare.split(['/', '|', '\\', '\n']).map(lookup_part))
            .or_else(|| agreeing(bare.split(['/', '|', '\\', ',', ';', '\n']).map(lookup_part)))
    })
}

/// The one target the recognised parts agree on; `None` if none is recognised or they disagree.
fn agreeing(parts: impl Iterator<Item = Option<Target>>) -> Option<Target> {
    let mut found: Option<Target> = None;
    for t in parts.flatten() {
        match found {
            Some(prev) if prev != t => return None,
            _ => found = Some(t),
        }
    }
    found
}

/// Fields that several columns may feed; all others go to the first column that claims them.
pub(super) fn is_multi(field: Field) -> bool {
    matches!(field, Field::Notes | Field::Sessions | Field::AltSpelling | Field::ResponsibleAdults | Field::Alias)
}

/// One column of the file and what it feeds.
#[derive(Debug, Clone)]
pub(super) struct Column {
    /// The header as shown to people (sanitized), `column N` when it was blank.
    pub header: String,
    pub field: Option<Field>,
    /// For a full-name column, the order its header declares («ФИО» is family first).
    pub name_order: super::names::NameOrder,
    /// This column's key in `Person::extra`, unique in the file: the header, or "header (2)"
    /// for a repeated one. Used for unknown columns and for values set aside from known ones.
    pub extra_key: String,
}

/// Maps the header row once. `headers` are already sanitized.
/// More columns than any registration export has: a broken file, or not a registrant list.
pub const MAX_COLUMNS: usize = 500;
/// Longest column name accepted; a longer "header" is data or junk (and is never echoed whole).
pub const MAX_HEADER_CHARS: usize = 200;

/// Where each person's registration code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CodeSource {
    /// A column (a code column, or the first other-code column when there is no code column).
    Column,
    /// No ticket code: the order code, with the position within the order when given (see
    /// `codes::order_codes`).
    Order,
    /// `--assign-codes`: made from the e-mail, else the name and birth date (see `codes`).
    Assigned,
}

/// The columns and where codes come from.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub columns: Vec<Column>,
    pub code: CodeSource,
}

pub(super) fn plan(headers: &[String], overrides: &[(String, Field)], assign_codes: bool) -> Result<Plan, ImportError> {
    if headers.len() > MAX_COLUMNS {
        return Err(ImportError::NotATable(format!(
            "its header row has {} columns (checkin accepts up to {MAX_COLUMNS}): a broken export?",
            headers.len()
        )));
    }
    if let Some((i, h)) = headers.iter().enumerate().find(|(_, h)| h.chars().count() > MAX_HEADER_CHARS) {
        let start: String = h.chars().take(40).collect();
        return Err(ImportError::NotATable(format!(
            "column {} has a header of {} characters («{start}…»; checkin accepts up to {MAX_HEADER_CHARS}): a broken export?",
            i + 1,
            h.chars().count()
        )));
    }
    let shown: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| if h.is_empty() { format!("column {}", i + 1) } else { h.clone() })
        .collect();
    let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
    let mut fields: Vec<Option<Field>> = vec![None; headers.len()];
    let mut forced = vec![false; headers.len()];

    for (column, field) in overrides {
        let wanted = key(column);
        let mut matched = false;
        for (i, k) in keys.iter().enumerate() {
            if (!wanted.is_empty() && *k == wanted) || headers[i] == column.trim() {
                fields[i] = Some(*field);
                forced[i] = true;
                matched = true;
            }
        }
        if !matched {
            return Err(ImportError::MapColumnNotFound { column: column.clone(), headers: shown });
        }
    }

    let targets: Vec<Option<Target>> =
        headers.iter().zip(&forced).map(|(h, &f)| if f { None } else { lookup(h) }).collect();
    let mut taken: Vec<Field> = fields.iter().flatten().copied().collect();
    let mut claim = |i: usize, field: Field, fields: &mut Vec<Option<Field>>| {
        if is_multi(field) || !taken.contains(&field) {
            taken.push(field);
            fields[i] = Some(field);
        }
    };
    // alf.io's "Category" is the ticket category (what was bought), not who the person is.
    let alfio = keys.iter().any(|k| k == "reservationid");
    let targets: Vec<Option<Target>> = targets
        .into_iter()
        .zip(&keys)
        .map(|(t, k)| if alfio && k == "category" { Some(Target::NotAField) } else { t })
        .collect();
    for (i, t) in targets.iter().enumerate() {
        if let Some(Target::Strong(f)) = t {
            claim(i, *f, &mut fields);
        }
    }
    for (i, t) in targets.iter().enumerate() {
        if let Some(Target::Field(f)) = t {
            claim(i, *f, &mut fields);
        }
    }
    let has_family = fields.contains(&Some(Field::Family));
    for (i, t) in targets.iter().enumerate() {
        if let Some(Target::Name) = t {
            claim(i, if has_family { Field::Given } else { Field::FullName }, &mut fields);
        }
    }
    for (i, t) in targets.iter().enumerate() {
        if let Some(Target::Weak(f)) = t {
            claim(i, *f, &mut fields);
        }
    }

    let mut code = CodeSource::Column;
    let scans: Vec<String> = TICKET_SCANS.iter().map(|h| key(h)).collect();
    let ticket_scan =
        (0..fields.len()).find(|&i| fields[i] == Some(Field::Alias) && !forced[i] && scans.contains(&keys[i]));
    let code_column = fields.iter().position(|f| *f == Some(Field::Code));
    if let Some(scan) = ticket_scan
        && code_column.is_none_or(|c| !forced[c])
    {
        // The code is what the ticket's QR code or barcode carries (Eventbrite's `Barcode #`, not
        // its `Attendee #`): what a scanner types, and what the badge's QR code must carry. The
        // system's other number still finds the person, as another code.
        if let Some(c) = code_column {
            fields[c] = Some(Field::Alias);
        }
        fields[scan] = Some(Field::Code);
    } else if !fields.contains(&Some(Field::Code)) {
        if let Some(first_alias) = fields.iter().position(|f| *f == Some(Field::Alias)) {
            // A ticket secret or barcode alone is the code the badge carries.
            fields[first_alias] = Some(Field::Code);
        } else if assign_codes {
            code = CodeSource::Assigned;
        } else if fields.contains(&Some(Field::Order)) {
            code = CodeSource::Order;
        } else {
            let form = keys.first().is_some_and(|k| FORM_TIMESTAMPS.iter().any(|t| key(t) == *k));
            return Err(ImportError::NoCodeColumn { headers: shown, form });
        }
    }
    if !fields.iter().any(|f| matches!(f, Some(Field::Family | Field::Given | Field::FullName))) {
        return Err(ImportError::NoNameColumn { headers: shown });
    }

    // Every column gets a distinct key, also those that feed a field: a value set aside from
    // them (an unknown country) is kept under it.
    let mut used: HashSet<String> = HashSet::new();
    let columns = shown
        .into_iter()
        .zip(fields)
        .map(|(header, field)| {
            let mut extra_key = header.clone();
            let mut n = 2;
            while used.contains(&extra_key) {
                extra_key = format!("{header} ({n})");
                n += 1;
            }
            used.insert(extra_key.clone());
            let name_order = super::names::NameOrder::of_header(&header, key);
            Column { header, field, name_order, extra_key }
        })
        .collect();
    Ok(Plan { columns, code })
}

/// True if a row has a code or a name header (or a column `--map` names); used to skip a title
/// line above the real header.
pub(super) fn looks_like_header(cells: &[String], overrides: &[(String, Field)]) -> bool {
    let mapped: Vec<String> = overrides.iter().map(|(column, _)| key(column)).collect();
    cells.iter().any(|c| {
        matches!(
            lookup(c),
            Some(Target::Field(Field::Code | Field::Family | Field::Given | Field::FullName) | Target::Name)
        ) || (!c.is_empty() && mapped.contains(&key(c)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(header: &str) -> Option<Field> {
        match lookup(header)? {
            Target::Field(f) | Target::Weak(f) | Target::Strong(f) => Some(f),
            Target::Name => Some(Field::FullName),
            Target::NotAField => None,
        }
    }

    #[test]
    fn keys_ignore_case_space_punctuation_and_yo() {
        assert_eq!(key("Рег. номер"), "регномер");
        assert_eq!(key("РЕГ_НОМЕР"), "регномер");
        assert_eq!(key("Ф.И.О."), "фио");
        assert_eq!(key("Тіркеу нөмірі"), key("Тиркеу номири"));
        assert_eq!(key("Счётчик"), key("счетчик"));
        assert_eq!(key("family_name"), key("Family name"));
    }

    #[test]
    fn three_languages() {
        let cases = [
            ("Регистрационный номер", Field::Code),
            ("Тіркеу нөмірі", Field::Code),
            ("Ticket number", Field::Code),
            ("Номер билета", Field::Code),
            ("Order code", Field::Order),
            ("Order #", Field::Order),
            ("Attendee #", Field::Code),
            ("Barcode #", Field::Alias),
            ("Parent/guardian name", Field::ResponsibleName),
            ("Тегі", Field::Family),
            ("Surname", Field::Family),
            ("Аты", Field::Given),
            ("Әкесінің аты", Field::Patronymic),
            ("Аты-жөні", Field::FullName),
            ("Ф.И.О.", Field::FullName),
            ("Санаты", Field::Category),
            ("Тип участника", Field::Category),
            ("Место работы", Field::Organisation),
            ("Ұйым", Field::Organisation),
            ("Ел", Field::Country),
            ("Облыс", Field::Region),
            ("Тел.", Field::Phone),
            ("Эл. пошта", Field::Email),
            ("E-mail", Field::Email),
            ("Туған күні", Field::BirthYear),
            ("Год рождения", Field::BirthYear),
            ("Жауапты ересек", Field::ResponsibleAdults),
            ("Сопровождающий", Field::ResponsibleAdults),
            ("Телефон родителя", Field::ResponsiblePhone),
            ("Фотоға келісім", Field::PhotoConsent),
            ("Согласие на фото", Field::PhotoConsent),
            ("Медицинские", Field::Notes),
            ("Ескерту", Field::Notes),
            ("Мастер-классы", Field::Sessions),
            ("Фамилия участника", Field::Family),
            ("Қатысушының тегі", Field::Family),
            ("Баланың туған күні", Field::BirthYear),
            ("Дата рождения ребёнка", Field::BirthYear),
            ("Отчество (при наличии)", Field::Patronymic),
            ("Тегі / Фамилия / Last name", Field::Family),
            ("Name (Latin)", Field::AltSpelling),
            ("Parent's phone", Field::ResponsiblePhone),
        ];
        for (h, f) in cases {
            assert_eq!(field_of(h), Some(f), "{h}");
        }
        for f in Field::ALL {
            assert_eq!(field_of(f.canonical()), Some(f), "canonical {}", f.canonical());
        }
        assert_eq!(field_of("Телефон, e-mail"), None, "disagreeing parts match nothing");
        assert_eq!(field_of("Shoe size"), None);
    }

    #[test]
    fn name_is_given_only_next_to_a_surname() {
        let hs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let p = plan(&hs(&["Code", "Surname", "Name"]), &[], false).unwrap().columns;
        assert_eq!(p[2].field, Some(Field::Given));
        let p = plan(&hs(&["Code", "Name"]), &[], false).unwrap().columns;
        assert_eq!(p[1].field, Some(Field::FullName));
    }

    #[test]
    fn weak_and_duplicate_columns() {
        let hs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let p = plan(&hs(&["ID", "Код", "ФИО", "Телефон", "Мобильный", "", "Примечание", "Медицинские"]), &[], false)
            .unwrap()
            .columns;
        let f: Vec<_> = p.iter().map(|c| c.field).collect();
        assert_eq!(f, [None, Some(Code), Some(FullName), Some(Phone), None, None, Some(Notes), Some(Notes)]);
        assert_eq!(p[0].extra_key, "ID");
        assert_eq!(p[5].extra_key, "column 6");
    }

    #[test]
    fn the_value_a_tickets_qr_code_carries_is_the_code_unless_mapped_otherwise() {
        let hs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let fields = |p: Plan| p.columns.iter().map(|c| c.field).collect::<Vec<_>>();
        let eventbrite = hs(&["Attendee #", "First Name", "Last Name", "Barcode #"]);
        assert_eq!(
            fields(plan(&eventbrite, &[], false).unwrap()),
            [Some(Alias), Some(Given), Some(Family), Some(Code)]
        );
        // An organiser who maps the code keeps it; the barcode still finds the person.
        let mapped = plan(&eventbrite, &[("Attendee #".into(), Code)], false).unwrap();
        assert_eq!(fields(mapped), [Some(Code), Some(Given), Some(Family), Some(Alias)]);
        // A short id is another code, not what the ticket's QR code carries.
        let hi_events = hs(&["Public ID", "First Name", "Last Name", "Short ID"]);
        assert_eq!(fields(plan(&hi_events, &[], false).unwrap()), [Some(Code), Some(Given), Some(Family), Some(Alias)]);
    }
}
