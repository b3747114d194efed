//! The registrant importer against the files organisers really send: every encoding and
//! separator, kk / ru / en headers, broken rows and files that are not tables at all.
//! Fixtures are built in code here, except the sample files under `tests/fixtures/import/`.

use checkin::domain::{Category, Person, PhotoConsent, ResponsibleAdult};
use checkin::io::fields::Field;
use checkin::io::import::{
    DetectedFormat, ImportError, ImportOptions, MAX_FILE_BYTES, ParsedImport, RowProblem, TableKind, TextEncoding,
    UnknownValue, parse_map_arg, parse_registrants,
};

// ---------------------------------------------------------------------------------------------
// helpers

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out: Vec<u8> = if little_endian { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    out
}

fn cp1251(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable, "test text must be representable in cp1251");
    bytes.into_owned()
}

fn with_bom(text: &str) -> Vec<u8> {
    [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
}

fn import_bytes(bytes: &[u8]) -> ParsedImport {
    parse_registrants(bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("import failed: {e}"))
}

fn import(text: &str) -> ParsedImport {
    import_bytes(text.as_bytes())
}

fn import_err(bytes: &[u8]) -> ImportError {
    match parse_registrants(bytes, &ImportOptions::default()) {
        Ok(r) => panic!("expected an error, got {} people", r.people.len()),
        Err(e) => e,
    }
}

fn with_map(text: &str, maps: &[&str]) -> Result<ParsedImport, ImportError> {
    let overrides = maps.iter().map(|m| parse_map_arg(m).unwrap()).collect();
    parse_registrants(text.as_bytes(), &ImportOptions { overrides, ..ImportOptions::default() })
}

fn names(r: &ParsedImport) -> Vec<(String, String, String)> {
    r.people.iter().map(|p| (p.person.family.clone(), p.person.given.clone(), p.person.patronymic.clone())).collect()
}

fn person<'a>(r: &'a ParsedImport, code: &str) -> &'a Person {
    &r.people.iter().find(|p| p.person.code == code).unwrap_or_else(|| panic!("no {code} in {:?}", r.people)).person
}

fn field_of(r: &ParsedImport, header: &str) -> Option<Field> {
    r.columns.iter().find(|(h, _)| h == header).unwrap_or_else(|| panic!("no column {header}")).1
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// encodings × separators

/// The same registrants in every separator; the organisation holds the separator itself, a
/// quote and (in one row) a line break, so quoting must work.
fn table(sep: char) -> String {
    [
        format!("Код{sep}Фамилия{sep}Имя{sep}Отчество{sep}Организация\r\n"),
        format!("A-1{sep}Иванов{sep}Иван{sep}Иванович{sep}\"ТОО \"\"Ромашка\"\"{sep} Астана\"\r\n"),
        format!("a-2{sep}Smith{sep}John{sep}{sep}\"UNICEF\r\nKazakhstan\"\r\n"),
        format!("K-3{sep}Ким{sep}Ольга{sep}{sep}Лицей №5\r\n"),
    ]
    .concat()
}

fn check_table(r: &ParsedImport, sep: char) {
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let codes: Vec<&str> = r.people.iter().map(|p| p.person.code.as_str()).collect();
    assert_eq!(codes, ["A-1", "a-2", "K-3"]);
    assert_eq!(r.people.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3, 5]);
    // A tab inside a cell becomes a space, like any whitespace run.
    let expected = if sep == '\t' {
        "ТОО \"Ромашка\" Астана".to_owned()
    } else {
        format!("ТОО \"Ромашка\"{sep} Астана")
    };
    assert_eq!(person(r, "A-1").organisation, expected);
    assert_eq!(person(r, "a-2").organisation, "UNICEF Kazakhstan");
    assert_eq!(person(r, "A-1").patronymic, "Иванович");
}

#[test]
fn every_encoding_with_every_separator() {
    type Encode = fn(&str) -> Vec<u8>;
    let encodings: [(TextEncoding, Encode); 5] = [
        (TextEncoding::Utf8, |t| t.as_bytes().to_vec()),
        (TextEncoding::Utf8Bom, with_bom),
        (TextEncoding::Utf16Le, |t| utf16(t, true)),
        (TextEncoding::Utf16Be, |t| utf16(t, false)),
        (TextEncoding::Legacy(encoding_rs::WINDOWS_1251), cp1251),
    ];
    for (encoding, encode) in encodings {
        for (sep, kind) in [(',', TableKind::Comma), (';', TableKind::Semicolon), ('\t', TableKind::Tab)] {
            let r = import_bytes(&encode(&table(sep)));
            assert_eq!(r.format, DetectedFormat { encoding, kind }, "{encoding} {kind}");
            check_table(&r, sep);
        }
    }
}

#[test]
fn json_in_utf8_bom_and_utf16() {
    let json = r#"[{"code": "J-1", "full_name": "Омарова Сәуле Маратқызы"}, {"code": "J-2", "full_name": "Jane Doe"}]"#;
    for (bytes, encoding) in [
        (json.as_bytes().to_vec(), TextEncoding::Utf8),
        (with_bom(json), TextEncoding::Utf8Bom),
        (utf16(json, true), TextEncoding::Utf16Le),
        (utf16(json, false), TextEncoding::Utf16Be),
    ] {
        let r = import_bytes(&bytes);
        assert_eq!(r.format, DetectedFormat { encoding, kind: TableKind::JsonArray });
        assert_eq!(
            names(&r),
            [("Омарова".into(), "Сәуле".into(), "Маратқызы".into()), ("Doe".into(), "Jane".into(), String::new())]
        );
    }
}

#[test]
fn utf16_without_bom_still_reads() {
    let mut bytes = utf16("code\tname\r\nX-1\tAnna MÜLLER\r\n", true);
    bytes.drain(..2);
    let r = import_bytes(&bytes);
    assert_eq!(r.format.encoding, TextEncoding::Utf16Le);
    assert_eq!(person(&r, "X-1").family, "MÜLLER");
}

#[test]
fn format_is_described_for_people() {
    let r = import_bytes(&cp1251(&table(';')));
    assert_eq!(r.format.to_string(), "Windows-1251, semicolon-separated");
    assert_eq!(r.summary(), "3 registrants read (Windows-1251, semicolon-separated)");
}

// ---------------------------------------------------------------------------------------------
// headers in three languages

#[test]
fn russian_headers() {
    let r = import(
        "Рег. номер;Фамилия;Имя;Отчество;Категория;Организация;Страна;Область;Дата рождения;Телефон;\
         E-mail;Делегация;Сопровождающий;Телефон родителя;Согласие на фото;Медицинские;Секции\n\
         R-1;Ахметов;Марат;Серикович;Ребёнок;СОШ №12;Казахстан;Акмолинская область;14.03.2005;+7 701;\
         m@example.kz;Акмола;Ахметова Гульнара;+7 702;да;астма;p02, mc-robotics\n",
    );
    let p = person(&r, "R-1");
    assert_eq!((p.family.as_str(), p.given.as_str(), p.patronymic.as_str()), ("Ахметов", "Марат", "Серикович"));
    assert_eq!(p.category, Category::Child);
    assert_eq!(p.organisation, "СОШ №12");
    assert_eq!(p.country, "KZ");
    assert_eq!(p.region, "Акмолинская область");
    assert_eq!(p.birth_year, Some(2005));
    assert_eq!((p.phone.as_str(), p.email.as_str(), p.delegation.as_str()), ("+7 701", "m@example.kz", "Акмола"));
    assert_eq!(
        p.responsible_adults,
        [ResponsibleAdult {
            name: "Ахметова Гульнара".into(), phone: "+7 702".into(), relation: String::new()
        }]
    );
    assert_eq!(p.photo_consent, PhotoConsent::Yes);
    assert_eq!(p.notes, "астма");
    assert_eq!(p.sessions, ["p02", "mc-robotics"]);
    assert!(r.columns.iter().all(|(_, f)| f.is_some()), "{:?}", r.columns);
}

#[test]
fn kazakh_headers() {
    let r = import(
        "Тіркеу нөмірі,Тегі,Аты,Әкесінің аты,Санаты,Ұйым,Ел,Облыс,Туған күні,Телефон,Эл. пошта,\
         Жауапты ересек,Фотоға келісім,Ескерту\n\
         Q-1,Серікбаев,Нұрлан,Асқарұлы,Бала,№3 мектеп,Қазақстан,Маңғыстау облысы,2004-05-06,+7 701,\
         n@example.kz,Төлеуова Сәуле / +7 705 / тәрбиеші,жоқ,Қант диабеті\n",
    );
    let p = person(&r, "Q-1");
    assert_eq!((p.family.as_str(), p.given.as_str(), p.patronymic.as_str()), ("Серікбаев", "Нұрлан", "Асқарұлы"));
    assert_eq!(p.category, Category::Child);
    assert_eq!(
        (p.organisation.as_str(), p.country.as_str(), p.region.as_str()),
        ("№3 мектеп", "KZ", "Маңғыстау облысы")
    );
    assert_eq!(p.birth_year, Some(2004));
    assert_eq!(p.responsible_adults[0].relation, "тәрбиеші");
    assert_eq!(p.photo_consent, PhotoConsent::No);
    assert_eq!(p.notes, "Қант диабеті");
    assert!(r.columns.iter().all(|(_, f)| f.is_some()), "{:?}", r.columns);
}

#[test]
fn english_headers() {
    let r = import(
        "Ticket number,Surname,First name,Middle name,Type,Company,Country,Region,Date of birth,Mobile,\
         Email,Delegation,Guardian,Parent phone,Photo consent,Notes,Master classes\n\
         T-1,Evans,Gareth,,Ombudsman,Children's Commissioner,United Kingdom,,12/04/1969,+44 1,\
         g@example.org,,,,yes,wheelchair,p01\n",
    );
    let p = person(&r, "T-1");
    assert_eq!((p.family.as_str(), p.given.as_str()), ("Evans", "Gareth"));
    assert_eq!(p.category, Category::Ombudsman);
    assert_eq!(p.country, "GB");
    assert_eq!(p.birth_year, Some(1969));
    assert_eq!(p.sessions, ["p01"]);
    assert!(r.columns.iter().all(|(_, f)| f.is_some()), "{:?}", r.columns);
}

#[test]
fn the_stations_own_headers_round_trip() {
    let header = checkin::io::fields::WRITTEN_FIELDS.iter().map(|f| f.canonical()).collect::<Vec<_>>().join(",");
    let original = Person {
        code: "S-1".into(),
        family: "Ли".into(),
        given: "Вера".into(),
        patronymic: "Игоревна".into(),
        alt_spelling: "Li Vera".into(),
        category: Category::Chaperone,
        organisation: "Гимназия 1".into(),
        country: "KZ".into(),
        region: "Павлодар облысы".into(),
        birth_year: Some(1985),
        delegation: "Павлодар".into(),
        responsible_adults: vec![ResponsibleAdult {
            name: "Ли Игорь".into(),
            phone: "+7 700".into(),
            relation: "father".into(),
        }],
        email: "v@example.kz".into(),
        phone: "+7 701".into(),
        photo_consent: PhotoConsent::Yes,
        notes: "—".into(),
        sessions: vec!["p03".into(), "mc-3d".into()],
        ..Default::default()
    };
    let row = checkin::io::fields::person_cells(&original).join(",");
    let r = import(&format!("{header}\n{row}\n"));
    assert_eq!(r.people[0].person, original);
}

#[test]
fn name_column_is_given_next_to_a_surname_and_full_otherwise() {
    let r = import("code,surname,name\nA,Ким,Ольга\n");
    assert_eq!(field_of(&r, "name"), Some(Field::Given));
    let r = import("code,name\nA,Ким Ольга\n");
    assert_eq!(field_of(&r, "name"), Some(Field::FullName));
    assert_eq!(names(&r), [("Ким".into(), "Ольга".into(), String::new())]);
}

#[test]
fn full_names_are_split() {
    let r = import(
        "Код;Полное имя\n1;Иванов Иван Иванович\n2;Серікбаев Нұрлан Асқарұлы\n3;Иван Петрович Сидоров\n\
         4;Ахметов Марат\n5;Марат Ахметов\n6;John Smith\n7;SMITH John\n8;Ludwig van Beethoven\n\
         9;Иванов, Иван\n10;Мамедов Эльчин Ильхам оглы\n11;李小龍\n",
    );
    let t = |f: &str, g: &str, p: &str| (f.to_owned(), g.to_owned(), p.to_owned());
    assert_eq!(
        names(&r),
        [
            t("Иванов", "Иван", "Иванович"),
            t("Серікбаев", "Нұрлан", "Асқарұлы"),
            t("Сидоров", "Иван", "Петрович"),
            t("Ахметов", "Марат", ""),
            t("Ахметов", "Марат", ""),
            t("Smith", "John", ""),
            t("SMITH", "John", ""),
            t("van Beethoven", "Ludwig", ""),
            t("Иванов", "Иван", ""),
            t("Мамедов", "Эльчин", "Ильхам оглы"),
            t("李小龍", "", ""),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// --map and extra columns

#[test]
fn map_names_a_column_the_importer_does_not_know() {
    let text = "Участник №,Аты-жөні,Футболка\n0042,Ким Ольга,S\n";
    assert!(matches!(import_err(text.as_bytes()), ImportError::NoCodeColumn { .. }));
    let r = with_map(text, &["участник №=code"]).unwrap();
    assert_eq!(person(&r, "0042").given, "Ольга");
    assert_eq!(field_of(&r, "Участник №"), Some(Field::Code));
}

#[test]
fn map_wins_over_automatic_matching() {
    let text = "Код;Номер билета;ФИО\nint-1;T-100;Ли Вера\n";
    let r = import(text);
    assert_eq!(r.people[0].person.code, "int-1");
    assert_eq!(r.people[0].person.extra.get("Номер билета").map(String::as_str), Some("T-100"));

    let r = with_map(text, &["НОМЕР  билета=code"]).unwrap();
    assert_eq!(r.people[0].person.code, "T-100");
    assert_eq!(field_of(&r, "Код"), None, "the automatic code column gives way");
    assert_eq!(r.people[0].person.extra.get("Код").map(String::as_str), Some("int-1"));
}

#[test]
fn map_errors() {
    let e = with_map("Код;ФИО\n1;Ли Вера\n", &["Билет=code"]).unwrap_err();
    assert!(matches!(&e, ImportError::MapColumnNotFound { column, .. } if column == "Билет"));
    assert!(e.to_string().contains("«Код», «ФИО»"), "{e}");
    let e = parse_map_arg("Билет=ticket").unwrap_err();
    assert!(e.contains("«ticket»") && e.contains("code, family_name"), "{e}");
    assert!(ImportError::UnknownMapField("ticket".into()).to_string().contains("photo_consent"));
}

#[test]
fn unknown_columns_are_kept_as_extra_fields() {
    let r = import(
        "code,name,T-shirt size,,Комментарий координатора,T-shirt size\nA,Ли Вера,M,x,звонить после 18,L\nB,Ким Ольга,,,,\n",
    );
    assert_eq!(field_of(&r, "Комментарий координатора"), None);
    let p = person(&r, "A");
    assert_eq!(p.extra.get("T-shirt size").map(String::as_str), Some("M"));
    assert_eq!(p.extra.get("T-shirt size (2)").map(String::as_str), Some("L"));
    assert_eq!(p.extra.get("column 4").map(String::as_str), Some("x"));
    assert_eq!(p.extra.get("Комментарий координатора").map(String::as_str), Some("звонить после 18"));
    assert!(person(&r, "B").extra.is_empty(), "empty cells are not stored");
    assert_eq!(field_of(&r, "T-shirt size"), None);
}

// ---------------------------------------------------------------------------------------------
// hygiene

#[test]
fn escape_sequences_and_control_characters_are_removed() {
    let r = import(
        "code,family_name,given_name,organisation\n\
         E-1,Ай\u{1b}[2Jгүл,\u{1b}]0;pwned\u{7}Марат,\"ТОО\u{0}\u{8} \u{202e}Ромашка\"\n\
         E-2\u{1b}[31m,Ким\u{7f},Ольга\u{9b}31m,\n",
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let p = person(&r, "E-1");
    assert_eq!((p.family.as_str(), p.given.as_str(), p.organisation.as_str()), ("Айгүл", "Марат", "ТОО Ромашка"));
    let p = person(&r, "E-2");
    assert_eq!((p.family.as_str(), p.given.as_str()), ("Ким", "Ольга"));
}

#[test]
fn decomposed_letters_are_composed() {
    let r = import("code,name\nN-1,Йосиф Иосифов\n".replace('Й', "И\u{306}").as_str());
    assert_eq!(person(&r, "N-1").given, "Йосиф");
}

#[test]
fn oversize_fields_are_row_problems() {
    let long = "я".repeat(1001);
    let r = import(&format!("code,name,notes\nO-1,Ким Ольга,{long}\nO-2,Ли Вера,ok\n"));
    assert_eq!(r.people.len(), 1);
    assert_eq!(
        r.problems,
        [RowProblem {
            line: 2, reason: "field «notes» is 1001 characters long (limit 1000): a broken export?".into()
        }]
    );
}

#[test]
fn codes_are_kept_exactly_as_issued() {
    let r = import("code,name\n  ab-01 ,Ким Ольга\nAB-01,Ли Вера\n007,Цой Виктор\n");
    let codes: Vec<&str> = r.people.iter().map(|p| p.person.code.as_str()).collect();
    assert_eq!(codes, ["ab-01", "007"]);
    // A scanner types one of the two: it must not check in the other person.
    assert_eq!(
        r.problems,
        [RowProblem {
            line: 3,
            reason:
                "code «AB-01» is already used on line 2 as «ab-01» (codes are compared in any case and keyboard layout)"
                    .into()
        }]
    );
}

// ---------------------------------------------------------------------------------------------
// row problems

#[test]
fn row_validation() {
    let r = import(
        "code,name,category,birth_year,photo_consent,country\n\
         V-1,Ким Ольга,,,,\n\
         ,Ли Вера,child,,,\n\
         V-3,,child,,,\n\
         V-1,Цой Виктор,child,,,\n\
         V-5,Пак Анна,VIP,,,\n\
         V-6,Пак Борис,,1850,,\n\
         V-7,Пак Вера,,,maybe,\n\
         V-8,Пак Глеб,,,,Atlantis\n\
         V-9,Пак Дина,,31.02.2010,,\n",
    );
    let p = person(&r, "V-1");
    assert_eq!(p.category, Category::Other, "an empty category is fine");
    let reasons: Vec<(usize, &str)> = r.problems.iter().map(|p| (p.line, p.reason.as_str())).collect();
    assert_eq!(reasons[0], (3, "no registration code"));
    assert_eq!(reasons[1], (4, "no name: family, given and full name are all empty"));
    assert_eq!(reasons[2], (5, "code «V-1» is already used on line 2"));
    assert_eq!(reasons[3], (7, "birth year 1850 is not plausible (expected 1900–2099)"));
    assert_eq!(reasons[4].0, 8);
    assert!(reasons[4].1.starts_with("photo consent «maybe»"), "{}", reasons[4].1);
    assert_eq!(reasons[5], (10, "birth date «31.02.2010» is not a real date"));
    assert_eq!(reasons.len(), 6);
    // An unknown category is not a problem of its row: it is listed once for the whole file,
    // with how to say what it means.
    assert_eq!(r.unknown, [UnknownValue { field: Field::Category, value: "VIP".into(), count: 1, first_line: 6 }]);
    assert!(r.unknown_message().unwrap().contains("--category \"VIP=CATEGORY\", where CATEGORY is one of: child,"));

    // An unknown country does not cost the row: it is kept and reported.
    let p = person(&r, "V-8");
    assert_eq!(p.country, "");
    assert_eq!(p.extra.get("country").map(String::as_str), Some("Atlantis"));
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].line, 9);
    assert!(r.warnings[0].reason.contains("Atlantis"));
    assert_eq!(r.describe(&r.problems[0]), "line 3: no registration code");
}

#[test]
fn ragged_rows_are_row_problems() {
    let r = import("code;name;org\nA1;Ким Ольга\nA2;Ли Вера;X;лишнее\nA3;Цой Виктор;Y;;\nA4;Пак Анна;Z\n");
    assert_eq!(r.people.iter().map(|p| p.person.code.as_str()).collect::<Vec<_>>(), ["A3", "A4"]);
    assert_eq!(
        r.problems,
        [
            RowProblem {
                line: 2,
                reason:
                    "this row has 2 fields but the header has 3: a missing or extra semicolon, or an unclosed quote?"
                        .into()
            },
            RowProblem {
                line: 3,
                reason:
                    "this row has 4 fields but the header has 3: a missing or extra semicolon, or an unclosed quote?"
                        .into()
            },
        ]
    );
}

#[test]
fn quoted_line_breaks_keep_line_numbers_right() {
    let r = import(
        "code,name,notes\n\
         Q-1,Ким Ольга,\"first line\nsecond line\nthird line\"\n\
         Q-2,\"Ли\nВера\",\n\
         \n\
         Q-2,Цой Виктор,\"a\r\nb\"\n\
         Q-4,,\n",
    );
    assert_eq!(r.people.iter().map(|p| (p.line, p.person.code.as_str())).collect::<Vec<_>>(), [(2, "Q-1"), (5, "Q-2")]);
    assert_eq!(person(&r, "Q-1").notes, "first line second line third line");
    assert_eq!(
        r.problems,
        [
            RowProblem { line: 8, reason: "code «Q-2» is already used on line 5".into() },
            RowProblem { line: 10, reason: "no name: family, given and full name are all empty".into() },
        ]
    );
}

#[test]
fn an_unclosed_quote_is_reported_not_swallowed_silently() {
    let r = import("code,name,notes\nU-1,Ким Ольга,\"oops\nU-2,Ли Вера,\nU-3,Цой Виктор,\n");
    assert!(r.people.is_empty());
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].line, 2);
}

#[test]
fn json_problems_say_record() {
    let r = import(
        r#"[{"code": "1", "name": "Ли Вера"}, 42, {"code": 1, "name": "Ким Ольга"}, {}, {"code": "4", "name": null}]"#,
    );
    assert_eq!(r.people.len(), 1);
    let described: Vec<String> = r.problems.iter().map(|p| r.describe(p)).collect();
    assert_eq!(
        described,
        [
            "record 2: this element is a number, not a record ({…})",
            "record 3: code «1» is already used by record 1",
            "record 5: no name: family, given and full name are all empty",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// whole-file errors

#[test]
fn broken_workbooks_and_binaries_are_refused_with_advice() {
    // A workbook's signature with nothing behind it: read as a workbook, and refused as damaged.
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml\x00\x00xl/workbook.xml";
    let e = import_err(xlsx);
    assert!(matches!(e, ImportError::NotATable(_)), "{e:?}");
    assert!(e.to_string().contains("workbook"), "{e}");
    let e = import_err(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0");
    assert!(matches!(e, ImportError::NotATable(_)), "{e:?}");

    assert!(matches!(import_err(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"), ImportError::Binary("a PNG image")));
    assert!(matches!(import_err(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3"), ImportError::Binary("a PDF document")));
    let blob: Vec<u8> = (0..10_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    assert!(matches!(import_err(&blob), ImportError::Binary(_)));
    let mut nuls = b"code,name\n".to_vec();
    nuls.extend(std::iter::repeat_n(0u8, 64));
    assert!(matches!(import_err(&nuls), ImportError::Binary(_)));
}

#[test]
fn empty_files() {
    for bytes in [
        b"".to_vec(),
        b"\xEF\xBB\xBF".to_vec(),
        b" \r\n\t\n\n".to_vec(),
        vec![0xFF, 0xFE],
        b"code,name\r\n".to_vec(),
        b"code;name\n;\n\n;;\n".to_vec(),
        utf16("Код\tФИО\r\n", true),
        b"[]".to_vec(),
        b" [ {}, {\"code\": null} ] ".to_vec(),
    ] {
        assert_eq!(import_err(&bytes), ImportError::Empty, "{bytes:?}");
    }
    assert!(ImportError::Empty.to_string().contains("only a header"));
}

#[test]
fn no_code_or_no_name_column_lists_the_headers() {
    let e = import_err("Фамилия;Имя;Телефон\nИванов;Иван;+7\n".as_bytes());
    assert_eq!(
        e,
        ImportError::NoCodeColumn {
            headers: vec!["Фамилия".into(), "Имя".into(), "Телефон".into()], form: false
        }
    );
    let message = e.to_string();
    assert!(message.contains("«Фамилия», «Имя», «Телефон»") && message.contains("--map"), "{message}");

    let e = import_err("Код;Телефон;\n1;+7;\n".as_bytes());
    assert_eq!(e, ImportError::NoNameColumn { headers: vec!["Код".into(), "Телефон".into(), "column 3".into()] });
    assert!(e.to_string().contains("«Код», «Телефон», «column 3»"));
}

#[test]
fn json_that_is_not_an_array_of_records() {
    for (text, expect) in [
        (r#"{"code": "1", "name": "x"}"#, "holds an object"),
        (r#"[true, null]"#, "holds true or false"),
        ("[1, 2, 3]", "holds a number"),
        (r#"[["code", "name"], ["1", "x"]]"#, "holds an array"),
        (r#"[{"code": "1", "name": "x"},]"#, "not valid JSON"),
        (r#"[{"code": "1""#, "not valid JSON"),
    ] {
        match import_err(text.as_bytes()) {
            ImportError::NotATable(reason) => assert!(reason.contains(expect), "{text}: {reason}"),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn absurdly_large_files_are_refused_before_reading() {
    let big = vec![0u8; MAX_FILE_BYTES + 1];
    assert!(matches!(import_err(&big), ImportError::TooLarge { .. }));
}

// ---------------------------------------------------------------------------------------------
// the sample files

#[test]
fn sample_russian_excel_cp1251() {
    let r = import_bytes(&fixture("ru_excel_cp1251.csv"));
    assert_eq!(
        r.format,
        DetectedFormat { encoding: TextEncoding::Legacy(encoding_rs::WINDOWS_1251), kind: TableKind::Semicolon }
    );
    assert!(r.problems.is_empty() && r.warnings.is_empty(), "{:?} {:?}", r.problems, r.warnings);
    assert_eq!(r.people.len(), 5);
    let p = person(&r, "KZ-0001");
    assert_eq!((p.family.as_str(), p.given.as_str(), p.patronymic.as_str()), ("Ахметов", "Марат", "Серикович"));
    assert_eq!((p.category, p.birth_year, p.country.as_str()), (Category::Child, Some(2005), "KZ"));
    assert_eq!(p.responsible_adults[0].phone, "+7 701 555 01 01");
    assert_eq!(p.sessions, ["p02", "mc-robotics"]);
    assert_eq!(p.extra.get("Размер футболки").map(String::as_str), Some("S"));
    assert_eq!(person(&r, "KZ-0002").organisation, "Отдел образования \"Акмола\"; г. Кокшетау");
    assert_eq!(person(&r, "RU-0003").country, "RU");
    assert_eq!(person(&r, "KZ-0004").responsible_adults[0].relation, "мать");
    assert_eq!(person(&r, "KZ-0004").photo_consent, PhotoConsent::No);
    assert_eq!(person(&r, "KZ-0005").category, Category::Press);
}

#[test]
fn sample_excel_unicode_text() {
    let r = import_bytes(&fixture("excel_unicode_text_utf16le.txt"));
    assert_eq!(r.format, DetectedFormat { encoding: TextEncoding::Utf16Le, kind: TableKind::Tab });
    assert!(r.problems.is_empty() && r.warnings.is_empty(), "{:?} {:?}", r.problems, r.warnings);
    assert_eq!(r.people.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3, 5, 6]);
    let p = person(&r, "INT-101");
    assert_eq!((p.family.as_str(), p.category, p.country.as_str()), ("MÜLLER", Category::InternationalOrg, "DE"));
    assert_eq!(p.extra.get("Dietary").map(String::as_str), Some("vegetarian"));
    assert_eq!(person(&r, "INT-102").notes, "Wheelchair user; needs ramp access");
    assert_eq!(person(&r, "INT-103").birth_year, Some(1981));
    assert_eq!(person(&r, "INT-104").country, "CN");
}

#[test]
fn sample_kazakh_headers() {
    let r = import_bytes(&fixture("kk_headers_utf8.csv"));
    assert_eq!(r.format, DetectedFormat { encoding: TextEncoding::Utf8, kind: TableKind::Comma });
    assert!(r.problems.is_empty() && r.warnings.is_empty(), "{:?} {:?}", r.problems, r.warnings);
    let p = person(&r, "KZ-1002");
    assert_eq!((p.family.as_str(), p.given.as_str(), p.patronymic.as_str()), ("Омарова", "Айгерім", "Серікқызы"));
    assert_eq!((p.category, p.photo_consent), (Category::Child, PhotoConsent::No));
    assert_eq!(p.responsible_adults[0].name, "Төлеуова Сәуле");
    assert_eq!(p.notes, "Қант диабеті");
    assert_eq!(p.extra.get("Көлік").map(String::as_str), Some("автобус"));
    assert_eq!(person(&r, "KZ-1003").category, Category::Chaperone);
    let p = person(&r, "KZ-1004");
    assert_eq!(
        (p.category, p.birth_year, p.organisation.as_str()),
        (Category::Volunteer, Some(1998), "Жас Отан, Астана")
    );
}

#[test]
fn sample_json() {
    let r = import_bytes(&fixture("registrants.json"));
    assert_eq!(r.format, DetectedFormat { encoding: TextEncoding::Utf8, kind: TableKind::JsonArray });
    assert!(r.problems.is_empty() && r.warnings.is_empty(), "{:?} {:?}", r.problems, r.warnings);
    assert_eq!(r.people.len(), 4);
    let p = person(&r, "INT-201");
    assert_eq!((p.family.as_str(), p.given.as_str(), p.alt_spelling.as_str()), ("Doe", "Jane", "Джейн Доу"));
    assert_eq!((p.photo_consent, p.sessions.len()), (PhotoConsent::Yes, 2));
    let p = person(&r, "KZ-2002");
    assert_eq!(p.responsible_adults[0].relation, "father");
    assert_eq!(p.birth_year, Some(2007));
    let p = person(&r, "2004");
    assert_eq!((p.family.as_str(), p.patronymic.as_str()), ("Пак", "Владимирович"));
    assert_eq!(p.extra.get("badge_printed").map(String::as_str), Some("false"));
}

// ---------------------------------------------------------------------------------------------
// speed (run with: cargo test --release --test import_formats -- --ignored --nocapture)

#[test]
#[ignore = "timing; run in release by hand"]
fn hundred_thousand_rows() {
    let mut text = String::from("Рег. номер;Фамилия;Имя;Отчество;Категория;Страна;Дата рождения;Примечание;Секции\r\n");
    for i in 0..100_000 {
        text += &format!("KZ-{i:06};Ахметов;Марат;Серикович;Ребёнок;Казахстан;14.03.2005;\"note; {i}\";p01 p02\r\n");
    }
    let bytes = cp1251(&text);
    let started = std::time::Instant::now();
    let r = import_bytes(&bytes);
    let took = started.elapsed();
    assert_eq!(r.people.len(), 100_000);
    println!("100k rows ({} MB, cp1251) in {took:?}", bytes.len() / 1_000_000);
}

// ---------------------------------------------------------------------------------------------
// odd but real shapes

#[test]
fn bilingual_headers_on_two_lines_in_one_cell() {
    let r = import("\"Тіркеу нөмірі\nРег. номер\",\"Тегі\nФамилия\",\"Аты\nИмя\"\nB-1,Ахметов,Марат\n");
    assert_eq!(r.columns[1], ("Тегі / Фамилия".to_owned(), Some(Field::Family)));
    assert_eq!(person(&r, "B-1").given, "Марат");
    assert_eq!(r.people[0].line, 5, "the header spans lines 1–4");
}

#[test]
fn old_mac_line_endings() {
    let r = import("code,name\rM-1,Ким Ольга\r\rM-2,Ли Вера\r");
    assert_eq!(r.people.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 4]);
}

#[test]
fn several_notes_columns_are_kept_apart() {
    let r = import("Код;ФИО;Примечание;Медицинские\nN-1;Ли Вера;поздний заезд;астма\nN-2;Ким Ольга;;аллергия\n");
    assert_eq!(person(&r, "N-1").notes, "Примечание: поздний заезд; Медицинские: астма");
    assert_eq!(person(&r, "N-2").notes, "Медицинские: аллергия");
}

#[test]
fn a_title_line_is_skipped_even_when_only_map_names_the_code_column() {
    let text = "Список делегации\nУчастник №;Аты-жөні\n17;Ли Вера\n";
    let r = with_map(text, &["Участник №=code"]).unwrap();
    assert_eq!(person(&r, "17").family, "Ли");
    assert_eq!(
        r.warnings,
        [RowProblem { line: 1, reason: "skipped: this line is above the header row (a title?)".into() }]
    );
}

#[test]
fn values_set_aside_never_overwrite_another_column() {
    let r = import("code,name,country,country,family_name\nW-1,Вера,Atlantis,Utopia,Ли\n");
    let p = person(&r, "W-1");
    assert_eq!(p.extra.get("country").map(String::as_str), Some("Atlantis"));
    assert_eq!(p.extra.get("country (2)").map(String::as_str), Some("Utopia"));
    assert_eq!((p.family.as_str(), p.given.as_str()), ("Ли", "Вера"), "«name» is the given name next to a surname");
}

#[test]
fn a_full_name_that_disagrees_with_the_name_columns_is_kept() {
    let r = import("code,ФИО,Фамилия,Имя\nD-1,Li Vera,Ли,Вера\nD-2,Ким Ольга,Ким,Ольга\n");
    assert_eq!(person(&r, "D-1").extra.get("ФИО").map(String::as_str), Some("Li Vera"));
    assert!(person(&r, "D-2").extra.is_empty());
}

// ---------------------------------------------------------------------------------------------
// never a panic, whatever the bytes

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    /// Text built from the pieces that make tables hard: separators, quotes, line breaks,
    /// escapes, BOMs, Cyrillic, header words.
    fn tableish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(",".to_owned()),
            Just(";".to_owned()),
            Just("\t".to_owned()),
            Just("\"".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\r".to_owned()),
            Just("\u{feff}".to_owned()),
            Just("\u{1b}[2J".to_owned()),
            Just("code".to_owned()),
            Just("ФИО".to_owned()),
            Just("Тегі".to_owned()),
            Just("name".to_owned()),
            Just("sep=".to_owned()),
            Just("[".to_owned()),
            Just("{".to_owned()),
            Just("ұлы".to_owned()),
            Just("31.02.2005".to_owned()),
            "[a-zA-Zа-яА-ЯәіңғүұқөһӘІҢҒҮҰҚӨҺ0-9 .,/()-]{0,12}",
        ];
        prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_registrants(&bytes, &ImportOptions::default());
        }

        #[test]
        fn table_shaped_text(text in tableish(), utf16_le in any::<bool>()) {
            let opts = ImportOptions { overrides: vec![("name".into(), Field::FullName)], ..ImportOptions::default() };
            let _ = parse_registrants(text.as_bytes(), &opts);
            let _ = parse_registrants(&utf16(&text, utf16_le), &ImportOptions::default());
            if let Ok(r) = parse_registrants(text.as_bytes(), &ImportOptions::default()) {
                for p in &r.people {
                    prop_assert!(!p.person.code.is_empty());
                    prop_assert!(!p.person.full_name().chars().any(char::is_control));
                }
            }
        }

        #[test]
        fn full_names_never_lose_a_word(name in "[A-Za-zА-Яа-яӘәҰұ]{1,8}( [A-Za-zА-Яа-яӘәҰұ]{1,8}){0,4}") {
            let parts = checkin::io::import::split_full_name(&name);
            let mut got: Vec<&str> = [&parts.family, &parts.given, &parts.patronymic]
                .iter()
                .flat_map(|s| s.split_whitespace())
                .collect();
            let mut want: Vec<&str> = name.split_whitespace().collect();
            got.sort_unstable();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn absurd_headers_are_refused_without_echoing_them() {
    let long = format!("code,{},given_name\nA-1,X,Y\n", "h".repeat(5_000));
    let err = parse_registrants(long.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::NotATable(_)), "{err:?}");
    let err = err.to_string();
    assert!(err.contains("column 2 has a header of 5000 characters") && err.len() < 400, "{err}");
    // Longer than any line of a registrant list: refused before its fields are read.
    let huge = format!("code,{},given_name\nA-1,X,Y\n", "h".repeat(5_000_000));
    let err = parse_registrants(huge.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::LineTooLong { line: 1, bytes: 5_000_016 }), "{err:?}");
    assert!(err.to_string().len() < 400, "{err}");

    let wide = format!("code,full_name{}\nA-1,Ахметов Марат\n", ",x".repeat(200_000));
    let err = parse_registrants(wide.as_bytes(), &ImportOptions::default()).unwrap_err().to_string();
    assert!(err.contains("200002 columns"), "{err}");
}

#[test]
fn a_damaged_utf8_file_names_the_line_instead_of_garbling_every_name() {
    let mut bytes = "code,family_name,given_name\nA-1,Смағұлова,Гүлнар\nA-2,Ив".as_bytes().to_vec();
    bytes.push(0xFF);
    bytes.extend_from_slice("анов,Иван\n".as_bytes());
    let err = parse_registrants(&bytes, &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::DamagedUtf8 { line: 3, byte: 0xFF }), "{err}");
    assert!(err.to_string().starts_with("line 3: byte 0xFF is not valid UTF-8"), "{err}");
}

#[test]
fn a_short_file_with_escape_sequences_in_names_is_imported_clean() {
    let text = "code,family_name,given_name\nA-1,Ахметов\x1b[2J\x1b[H,Марат\x07\nA-2,Smith\x1b]0;pwned\x07,John\x08\n";
    let parsed = import(text);
    let names: Vec<String> = parsed.people.iter().map(|p| p.person.full_name()).collect();
    assert_eq!(names, ["Ахметов Марат", "Smith John"]);
}

/// An Excel 97-2003 workbook (.xls, made by `make_xls.py` with xlwt) as an old office PC saves
/// one: an instructions sheet first, bilingual headers, dates and a whole-number code as
/// numbers. The registrants' sheet is found and named; dates and numbers read as written.
#[test]
fn an_excel_97_workbook_behind_an_instructions_sheet() {
    let r = import_bytes(&fixture("kk_ru_excel97.xls"));
    assert_eq!(r.format.kind, TableKind::Workbook(checkin::io::import::WorkbookKind::Xls));
    assert_eq!(r.sheet.as_deref(), Some("Участники"), "the first sheet is instructions, not a list");
    assert!(r.summary().contains("sheet «Участники»"), "{}", r.summary());
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let gaukhar = person(&r, "KZ-100001");
    assert_eq!(
        (gaukhar.family.as_str(), gaukhar.given.as_str(), gaukhar.patronymic.as_str()),
        ("Тоқаева", "Гаухар", "Мұратқызы")
    );
    assert_eq!(gaukhar.category, Category::Child);
    assert_eq!(gaukhar.birth_date, chrono::NaiveDate::from_ymd_opt(2005, 3, 14));
    assert_eq!(gaukhar.aliases, ["050314600123"], "the ИИН keeps its leading zero");
    assert_eq!(person(&r, "KZ-100002").category, Category::Chaperone, "«Ілесіп жүруші» accompanies");
    assert_eq!(person(&r, "100003").family, "Müller", "a whole-number code without .0");
    // Asked for by name, the instructions sheet is not a list: said so, nothing guessed.
    let opts = ImportOptions { sheet: Some("Инструкция".into()), ..ImportOptions::default() };
    assert!(parse_registrants(&fixture("kk_ru_excel97.xls"), &opts).is_err());
}

/// A family-first column («ФИО», the bilingual «Фамилия имя отчество / Тегі, аты, әкесінің аты»)
/// is family first for the foreign delegates in it too: "Smith John" is Mr Smith.
#[test]
fn a_family_first_column_is_family_first_in_every_script() {
    let r = import(
        "Код,\"Фамилия имя отчество / Тегі, аты, әкесінің аты\"\nA-1,Smith John\nA-2,Nakamura Yuki\nA-3,Ким Анна\n",
    );
    let name = |code| {
        let p = person(&r, code);
        (p.family.clone(), p.given.clone())
    };
    assert_eq!(name("A-1"), ("Smith".to_owned(), "John".to_owned()));
    assert_eq!(name("A-2"), ("Nakamura".to_owned(), "Yuki".to_owned()));
    assert_eq!(name("A-3"), ("Ким".to_owned(), "Анна".to_owned()));
    let r = import("Код,Имя и фамилия\nB-1,Анна Ким\n");
    assert_eq!((person(&r, "B-1").family.as_str(), person(&r, "B-1").given.as_str()), ("Ким", "Анна"));
}

/// `12/01/1998` is 12 January or 1 December. The file's other dates decide: month first in an
/// Eventbrite export with `11/22/1998` in it, so she is 17 on the first day, a minor. With
/// nothing to decide by, the later date is taken (never a child taken for an adult) and said.
#[test]
fn an_ambiguous_slash_date_is_read_as_the_files_other_dates_are() {
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let first_day = chrono::NaiveDate::from_ymd_opt(2016, 11, 21).unwrap();
    let r = import("Attendee #,First Name,Last Name,Birth Date\n1,Ann,Lee,11/22/1998\n2,Bo,Kim,12/01/1998\n");
    assert_eq!(person(&r, "2").birth_date, day(1998, 12, 1));
    assert!(person(&r, "2").is_minor(first_day), "17 on the first day");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let r = import("Код,Фамилия,Имя,Дата рождения\n1,Ли,Анна,25/03/1998\n2,Ким,Бо,12/01/1998\n");
    assert_eq!(person(&r, "2").birth_date, day(1998, 1, 12), "day first, as the 25/03 says");
    let opts = ImportOptions { first_day: Some(first_day), ..ImportOptions::default() };
    let r = parse_registrants(b"code,family_name,given_name,birth_year\n2,Kim,Bo,12/01/1998\n", &opts).unwrap();
    assert_eq!(person(&r, "2").birth_date, day(1998, 12, 1), "the younger reading");
    assert!(person(&r, "2").is_minor(first_day));
    assert!(r.warnings.iter().any(|w| w.line == 2 && w.reason.contains("«12/01/1998»")), "{:?}", r.warnings);
}
