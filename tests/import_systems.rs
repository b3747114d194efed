//! The exports of the registration systems organisers really use, each imported with no `--map`
//! and checked field by field. The header names are those the systems' own exporters write
//! (pretix `checkinlists/exporters.py` and `base/exporters/orderlist.py`, Indico
//! `registration/util.py`, Hi.Events `AttendeesExport.php`, alf.io `EventApiController.java`;
//! Eventbrite and Tito as their consumers read them); the people are made up.

use checkin::domain::{Category, Person, Status};
use checkin::io::fields::Field;
use checkin::io::import::{ImportError, ImportOptions, ParsedImport, TableKind, parse_registrants};
use chrono::NaiveDate;
use proptest::prelude::*;

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 11, 21).unwrap()
}

fn opts() -> ImportOptions {
    ImportOptions { first_day: Some(first_day()), ..ImportOptions::default() }
}

fn import_with(bytes: &[u8], opts: &ImportOptions) -> ParsedImport {
    let r = parse_registrants(bytes, opts).unwrap_or_else(|e| panic!("import failed: {e}"));
    assert!(r.problems.is_empty(), "problems: {:?}", r.problems);
    assert!(r.unknown.is_empty(), "unknown: {:?}", r.unknown);
    r
}

fn import(bytes: &[u8]) -> ParsedImport {
    import_with(bytes, &opts())
}

fn person<'a>(r: &'a ParsedImport, code: &str) -> &'a Person {
    &r.people.iter().find(|p| p.person.code == code).unwrap_or_else(|| panic!("no {code} in {:#?}", r.people)).person
}

fn names(p: &Person) -> (&str, &str, &str) {
    (&p.family, &p.given, &p.patronymic)
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// pretix

/// pretix's check-in list (CSV, given/family scheme, with the QR secret and a question).
#[test]
fn pretix_check_in_list() {
    let csv = "\u{feff}Order code,Attendee name,Attendee name: Given name,Attendee name: Family name,Product,Price,\
Checked in,Checked out,Automatically checked in,Secret,E-mail,Date of birth,Company,Voucher code,Order date,\
Requires special attention,Comment,Seat ID,Seat name,Seat zone,Seat row,Seat number
ABC12,Айгерім Смағұлова,Айгерім,Смағұлова,Adult ticket,0.00,,,No,hq3kx7wmzfp2bd9yte4ncs8rgjva6u5,mother@example.kz,1980-05-02,,,2016-10-01,No,,,,,,
ABC12,Нұрлан Смағұлов,Нұрлан,Смағұлов,Child ticket,0.00,,,No,k9mz2hx4qwep7tbd3nfy8sgcrja5u6v,mother@example.kz,2006-02-14,,,2016-10-01,No,,,,,,
XY9ZQ,Jonas Müller,Jonas,Müller,Adult ticket,0.00,,,No,zz8kx7wmzfp2bd9yte4ncs8rgjva6u3,'+49 30 1234,1975-01-01,'=HYPERLINK(1),,2016-10-02,No,,,,,,
";
    let r = import(csv.as_bytes());
    assert_eq!(r.people.len(), 3, "one row per ticket; a family's order is a group, not a duplicate");
    let mother = person(&r, "hq3kx7wmzfp2bd9yte4ncs8rgjva6u5");
    assert_eq!(names(mother), ("Смағұлова", "Айгерім", ""), "the name parts win over the combined name");
    assert_eq!(mother.order, "ABC12");
    let son = person(&r, "k9mz2hx4qwep7tbd3nfy8sgcrja5u6v");
    assert_eq!(names(son), ("Смағұлов", "Нұрлан", ""));
    assert!(son.is_minor(first_day()), "a minor by his birth date");
    assert_eq!(son.birth_date, NaiveDate::from_ymd_opt(2006, 2, 14));
    assert_eq!(son.responsible_adults.len(), 1, "the adult of his order may collect him");
    assert_eq!(son.responsible_adults[0].name, "Смағұлова Айгерім");
    assert!(son.responsible_adults[0].relation.contains("ABC12"));
    assert!(son.aliases.is_empty(), "a two-person order's code finds neither alone");
    assert!(!mother.is_minor(first_day()));
    let jonas = person(&r, "zz8kx7wmzfp2bd9yte4ncs8rgjva6u3");
    assert_eq!(jonas.aliases, ["XY9ZQ"], "a one-person order's code finds its person");
    assert_eq!(jonas.email, "+49 30 1234", "pretix's ' before a formula-like cell is dropped");
    assert_eq!(jonas.organisation, "=HYPERLINK(1)");
    assert_eq!(r.columns.iter().find(|(h, _)| h == "Product").unwrap().1, None, "a ticket type is no category");
    assert_eq!(jonas.category, Category::Other);
}

/// pretix's check-in list without the secret: codes are made from the orders, stably.
#[test]
fn pretix_check_in_list_without_secrets_gets_stable_codes_from_the_orders() {
    let rows = [
        "ABC12,Айгерім Смағұлова,Айгерім,Смағұлова,Adult ticket",
        "ABC12,Нұрлан Смағұлов,Нұрлан,Смағұлов,Child ticket",
        "XY9ZQ,Jonas Müller,Jonas,Müller,Adult ticket",
    ];
    let header = "Order code,Attendee name,Attendee name: Given name,Attendee name: Family name,Product\n";
    let sorted = format!("{header}{}\n", rows.join("\n"));
    let reversed = format!("{header}{}\n", rows.iter().rev().cloned().collect::<Vec<_>>().join("\n"));
    let (a, b) = (import(sorted.as_bytes()), import(reversed.as_bytes()));
    let codes = |r: &ParsedImport| {
        let mut c: Vec<(String, String)> =
            r.people.iter().map(|p| (p.person.full_name(), p.person.code.clone())).collect();
        c.sort();
        c
    };
    assert_eq!(codes(&a), codes(&b), "the same person gets the same code whatever the sort order");
    assert!(a.people.iter().any(|p| p.person.code == "XY9ZQ"), "a one-person order keeps its code");
    assert!(a.people.iter().filter(|p| p.person.code.starts_with("ABC12-")).count() == 2);
    assert!(a.summary().contains("made from the order codes"), "{}", a.summary());
}

/// pretix's order list, positions sheet (with a cancelled position).
#[test]
fn pretix_order_positions() {
    let csv = "Event slug,Order code,Position ID,Status,Email,Phone number,Order date,Order time,Product,Variation,\
Price,Tax rate,Tax rule,Tax value,Attendee name,Attendee name: Given name,Attendee name: Family name,Attendee email,\
Company,Address,ZIP code,City,Country,State,Voucher,Pseudonymization ID,Ticket secret
astana2016,QW7RT,1,paid,buyer@example.kz,+77010000000,2016-10-01,10:00:00,Participant,,0,0,,0,Дана Ахметова,Дана,Ахметова,dana@example.kz,,,,,KZ,,,P7QX9,s1cr3tqw7rt1aaaaaaaaaaaaaaaaaaaa
astana2016,QW7RT,2,canceled,buyer@example.kz,+77010000000,2016-10-01,10:00:00,Participant,,0,0,,0,Ерлан Ахметов,Ерлан,Ахметов,,,,,,KZ,,,K2MZ8,s1cr3tqw7rt2aaaaaaaaaaaaaaaaaaaa
";
    let r = import(csv.as_bytes());
    let dana = person(&r, "s1cr3tqw7rt1aaaaaaaaaaaaaaaaaaaa");
    assert_eq!(names(dana), ("Ахметова", "Дана", ""));
    assert_eq!(dana.email, "dana@example.kz", "the attendee's e-mail wins over the order's");
    assert_eq!(dana.country, "KZ");
    assert_eq!(dana.status, Status::Registered);
    let erlan = person(&r, "s1cr3tqw7rt2aaaaaaaaaaaaaaaaaaaa");
    assert_eq!(erlan.status, Status::Cancelled, "kept, never admitted");
    assert_eq!(r.not_admitted(), 1);
    assert!(r.summary().contains("1 of them cancelled"), "{}", r.summary());
}

// ---------------------------------------------------------------------------------------------
// Eventbrite

#[test]
fn eventbrite_attendees() {
    let csv = "Order #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,Barcode #,Attendee Status,\
Home Country,Cell Phone,Company,Age Birth Date,Parent/guardian name
1234567890,2016-10-01,Aruzhan,Sadykova,parent@example.com,2,Youth Delegate,987654321,987654321001,Attending,Kazakhstan,+77011112233,,2002-06-30,Saule Sadykova
1234567890,2016-10-01,Saule,Sadykova,parent@example.com,2,Chaperone,987654322,987654322001,Attending,Kazakhstan,+77014445566,,1978-03-03,
1234567891,2016-10-02,Tom,Brown,tom@example.com,1,Adult,987654323,987654323001,Refunded,United Kingdom,,UNICEF,,
";
    let r = import(csv.as_bytes());
    let aruzhan = person(&r, "987654321");
    assert_eq!(names(aruzhan), ("Sadykova", "Aruzhan", ""));
    assert!(aruzhan.is_minor(first_day()), "14 on the first day");
    assert_eq!(aruzhan.responsible_adults[0].name, "Saule Sadykova", "the guardian column gives the adult");
    assert_eq!(aruzhan.aliases, ["987654321001"], "the barcode finds her");
    assert_eq!(aruzhan.order, "1234567890");
    assert_eq!(aruzhan.country, "KZ");
    let tom = person(&r, "987654323");
    assert_eq!(tom.status, Status::Refunded);
    assert_eq!(tom.aliases, ["987654323001", "1234567891"], "barcode, then the one-person order");
    assert_eq!(tom.organisation, "UNICEF");
}

// ---------------------------------------------------------------------------------------------
// Indico

#[test]
fn indico_registrations() {
    let csv = "\u{feff}ID,Name,Title,First Name,Last Name,Email Address,Affiliation,Position,Country,Phone Number,\
Registration date,Registration state,Checked in,Tags
1,Gulnara Omarova,Ms,Gulnara,Omarova,g@example.kz,Ministry of Education,Expert,Kazakhstan,+7 717 000,2016-10-01T10:00:00,Completed,False,
2,Ivan Petrov,Mr,Ivan,Petrov,i@example.ru,NGO,Director,Russia,,2016-10-02T10:00:00,Withdrawn,False,
3,Anna Smirnova,Ms,Anna,Smirnova,a@example.ru,NGO,Analyst,Russia,,2016-10-03T10:00:00,Rejected,False,
";
    let r = import(csv.as_bytes());
    assert_eq!(names(person(&r, "1")), ("Omarova", "Gulnara", ""));
    assert_eq!(person(&r, "1").organisation, "Ministry of Education");
    assert_eq!(person(&r, "2").status, Status::Withdrawn);
    assert_eq!(person(&r, "3").status, Status::Rejected);
    assert_eq!(person(&r, "2").extra.get("Position").map(String::as_str), Some("Director"), "a job, not a seat");
}

// ---------------------------------------------------------------------------------------------
// Hi.Events: xlsx only

/// A workbook as Hi.Events writes it (bold header, numbers as numbers).
fn hi_events_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Attendees").unwrap();
    let header = [
        "ID",
        "First Name",
        "Last Name",
        "Email",
        "Status",
        "Is Checked In",
        "Checked In At",
        "Product ID",
        "Product Name",
        "Event ID",
        "Public ID",
        "Short ID",
        "Created Date",
        "Last Updated Date",
        "Notes",
        "Date of birth",
        "ИИН",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, &str, &str, &str); 2] = [
        ("Әлихан", "Бөкейханов", "ACTIVE", "A-7K4ZP9Q", "2008-09-01"),
        ("Maria", "Schmidt", "CANCELLED", "A-2M8XW3R", "1990-01-01"),
    ];
    for (r, (given, family, status, public, born)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_number(row, 0, 100.0 + r as f64).unwrap();
        sheet.write_string(row, 1, *given).unwrap();
        sheet.write_string(row, 2, *family).unwrap();
        sheet.write_string(row, 3, "x@example.kz").unwrap();
        sheet.write_string(row, 4, *status).unwrap();
        sheet.write_string(row, 5, "No").unwrap();
        sheet.write_number(row, 7, 5.0).unwrap();
        sheet.write_string(row, 8, "General admission").unwrap();
        sheet.write_number(row, 9, 1.0).unwrap();
        sheet.write_string(row, 10, *public).unwrap();
        sheet.write_string(row, 11, format!("a{r}x9")).unwrap();
        sheet.write_string(row, 15, *born).unwrap();
    }
    // An ИИН typed as a number: its digits survive (a 12-digit number is exact).
    sheet.write_number(1, 16, 80901300123.0 + 0.0).unwrap();
    sheet.write_string(2, 16, "900101400456").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn an_iin_typed_into_a_number_cell_lost_its_zero_and_is_refused() {
    let r = parse_registrants(&hi_events_xlsx(), &opts()).unwrap();
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems[0].line, 2, "Excel's row number");
    assert!(r.problems[0].reason.contains("leading zero"), "{:?}", r.problems);
    assert_eq!(r.people.len(), 1);
}

/// A sheet whose table starts at C3, with an empty row and blank cells: rows keep Excel's
/// numbers and cells their columns. A cell far to the right refuses the sheet at once, however
/// little the file is (a grid up to it would be billions of cells).
#[test]
fn a_workbook_table_anywhere_on_its_sheet_and_a_cell_far_out() {
    use rust_xlsxwriter::Workbook;
    let book = |stray: bool| {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["Code", "Фамилия", "Имя", "Телефон"].iter().enumerate() {
            sheet.write_string(2, 2 + c as u16, *h).unwrap();
        }
        sheet.write_string(3, 2, "K-1").unwrap();
        sheet.write_string(3, 3, "Ахметов").unwrap();
        sheet.write_string(3, 4, "Марат").unwrap();
        sheet.write_string(5, 2, "K-2").unwrap();
        sheet.write_string(5, 3, "Ли").unwrap();
        sheet.write_string(5, 4, "   ").unwrap();
        sheet.write_string(5, 5, "+7 701 000 00 00").unwrap();
        if stray {
            sheet.write_string(900_000, 16_000, "x").unwrap();
        }
        book.save_to_buffer().unwrap()
    };
    let r = import(&book(false));
    let rows: Vec<(usize, &str, &str)> =
        r.people.iter().map(|p| (p.line, p.person.code.as_str(), p.person.phone.as_str())).collect();
    assert_eq!(rows, [(4, "K-1", ""), (6, "K-2", "+7 701 000 00 00")]);
    assert_eq!(names(person(&r, "K-1")), ("Ахметов", "Марат", ""));

    let err = parse_registrants(&book(true), &opts()).unwrap_err().to_string();
    assert!(err.contains("column 16001 of row 900001"), "{err}");
}

/// A sheet of a few thousand rows, with blank rows and cells among them, reads row for row
/// (the rows are handed over from the reading thread in chunks).
#[test]
fn a_long_workbook_keeps_every_row_and_its_number() {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Code", "Фамилия", "Имя", "Телефон"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let mut expected = Vec::new();
    let mut row = 1;
    for i in 0..3_000u32 {
        // Every seventh row left empty, every fifth without a phone.
        row += u32::from(i % 7 == 0);
        sheet.write_string(row, 0, format!("L-{i}")).unwrap();
        sheet.write_string(row, 1, format!("Ахметов{i}")).unwrap();
        sheet.write_string(row, 2, "Марат").unwrap();
        let phone = if i % 5 == 0 { String::new() } else { format!("+7 701 {i:07}") };
        sheet.write_string(row, 3, &phone).unwrap();
        expected.push((row as usize + 1, format!("L-{i}"), format!("Ахметов{i}"), phone));
        row += 1;
    }
    let r = import(&book.save_to_buffer().unwrap());
    let read: Vec<(usize, String, String, String)> = r
        .people
        .iter()
        .map(|p| (p.line, p.person.code.clone(), p.person.family.clone(), p.person.phone.clone()))
        .collect();
    assert_eq!(read, expected);
}

/// An OpenDocument sheet as LibreOffice writes one (built here by hand: a zip of `mimetype`,
/// the manifest and `content.xml`): the table starts at B2 below an empty row, a birth date is a
/// date cell, an ИИН a number cell (it finds its person too).
#[test]
fn an_ods_sheet_reads_its_cells_where_they_are() {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let cell =
        |v: &str| format!("<table:table-cell office:value-type=\"string\"><text:p>{v}</text:p></table:table-cell>");
    let empty = "<table:table-cell/>";
    let row = |cells: &[String]| format!("<table:table-row>{empty}{}</table:table-row>", cells.concat());
    let date = |d: &str| {
        format!(
            "<table:table-cell office:value-type=\"date\" office:date-value=\"{d}\"><text:p>{d}</text:p></table:table-cell>"
        )
    };
    let number = |n: &str| {
        format!(
            "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
        )
    };
    let rows = [
        "<table:table-row><table:table-cell/></table:table-row>".to_owned(),
        row(&[cell("Код"), cell("Тегі"), cell("Аты"), cell("Туған күні"), cell("ЖСН"), cell("Телефон")]),
        row(&[cell("Q-1"), cell("Сәрсенбаева"), cell("Айым"), date("2006-03-14")]),
        row(&[
            cell("Q-2"),
            cell("Ким"),
            cell("Ольга"),
            date("1980-11-21"),
            number("801121400456"),
            cell("+7 701 111 22 33"),
        ]),
    ];
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Тізім\">{}</table:table>\
         </office:spreadsheet></office:body></office:document-content>",
        rows.concat()
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", &content),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();

    let r = import(&bytes);
    assert_eq!(r.sheet.as_deref(), Some("Тізім"));
    let rows: Vec<(usize, &str, &str)> =
        r.people.iter().map(|p| (p.line, p.person.code.as_str(), p.person.phone.as_str())).collect();
    assert_eq!(rows, [(3, "Q-1", ""), (4, "Q-2", "+7 701 111 22 33")]);
    let girl = person(&r, "Q-1");
    assert_eq!(names(girl), ("Сәрсенбаева", "Айым", ""));
    assert_eq!(girl.birth_date, NaiveDate::from_ymd_opt(2006, 3, 14));
    assert!(girl.is_minor(first_day()));
    let adult = person(&r, "Q-2");
    assert!(!adult.is_minor(first_day()));
    assert_eq!(adult.aliases, ["801121400456"]);
}

#[test]
fn hi_events_workbook_with_intact_ids() {
    use rust_xlsxwriter::Workbook;
    // The same export with the ИИН column as text, as it should be.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Attendees").unwrap();
    let header = ["ID", "First Name", "Last Name", "Email", "Status", "Product Name", "Public ID", "Short ID", "ИИН"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("Әлихан", "Бөкейханов", "ACTIVE", "A-7K4ZP9Q", "a1x9", "080901300123"),
        ("Maria", "Schmidt", "CANCELLED", "A-2M8XW3R", "a2x9", "900101400456"),
    ];
    for (r, (given, family, status, public, short, iin)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_number(row, 0, 100.0 + r as f64).unwrap();
        for (c, v) in [(1, given), (2, family), (4, status), (6, public), (7, short), (8, iin)] {
            sheet.write_string(row, c, *v).unwrap();
        }
        sheet.write_string(row, 5, "General admission").unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let r = import(&bytes);
    assert_eq!(r.format.kind, TableKind::Workbook(checkin::io::import::WorkbookKind::Xlsx));
    assert_eq!(r.sheet.as_deref(), Some("Attendees"));
    let alikhan = person(&r, "A-7K4ZP9Q");
    assert_eq!(names(alikhan), ("Бөкейханов", "Әлихан", ""));
    assert_eq!(alikhan.aliases, ["a1x9", "080901300123"], "short id and ИИН, leading zero kept");
    assert_eq!(alikhan.extra.get("ID").map(String::as_str), Some("100"), "a whole number without .0");
    assert_eq!(person(&r, "A-2M8XW3R").status, Status::Cancelled);
    // --sheet picks a sheet by name; an unknown one is refused naming the sheets there are.
    let e = parse_registrants(&bytes, &ImportOptions { sheet: Some("Orders".into()), ..opts() }).unwrap_err();
    assert!(matches!(e, ImportError::NoSuchSheet { .. }) && e.to_string().contains("«Attendees»"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// alf.io

#[test]
fn alfio_tickets() {
    let csv = "\u{feff}ID,Category,Event,Status,OriginalPrice,PaidPrice,Discount,VAT,ReservationID,Full Name,First Name,\
Last Name,E-Mail,Locked,Language,Confirmation,Billing Address,Country Code,Payment ID,Payment Method
7c1f0a52-3e0b-4a8e-9d47-0f5f1c2b9e11,Children,astana2016,ACQUIRED,0,0,0,0,r-1111,Alua Nurlanova,Alua,Nurlanova,alua@example.kz,false,kk,2016-10-01,,KZ,,
5d2e9b13-8f4c-4b1d-a6e2-3c9d7b8a0f22,Children,astana2016,CANCELLED,0,0,0,0,r-2222,Timur Kim,Timur,Kim,t@example.kz,false,ru,2016-10-02,,KZ,,
";
    let r = import(csv.as_bytes());
    let alua = person(&r, "7c1f0a52-3e0b-4a8e-9d47-0f5f1c2b9e11");
    assert_eq!(names(alua), ("Nurlanova", "Alua", ""));
    assert_eq!(alua.category, Category::Other, "alf.io's Category is the ticket's, not the person's");
    assert_eq!(alua.extra.get("Category").map(String::as_str), Some("Children"));
    assert_eq!(alua.order, "r-1111");
    assert_eq!(person(&r, "5d2e9b13-8f4c-4b1d-a6e2-3c9d7b8a0f22").status, Status::Cancelled);
}

// ---------------------------------------------------------------------------------------------
// Tito: UTF-16 LE

#[test]
fn tito_tickets_in_utf16() {
    let csv = "Number,Ticket Created Date,Ticket,Ticket Full Name,Ticket First Name,Ticket Last Name,Ticket Email,Event,\
Void Status,Price,Ticket Reference,Tags,Unique Ticket URL,Unique Order URL,Order Reference,Order Name,Order Email
1,2016-10-27 22:10:51 UTC,Mentor,Finn Pauls,Finn,Pauls,finn@example.de,astana,,0.00,UNIP-1,\"\",https://t/1,https://o/1,UNIP,Finn Pauls,finn@example.de
2,2016-10-27 22:27:26 UTC,Learner,Julia Mokus,Julia,Mokus,julia@example.de,astana,void,0.00,RDKN-1,\"\",https://t/2,https://o/2,RDKN,Julia Mokus,julia@example.de
";
    let r = import(&utf16le_with_bom(csv));
    let finn = person(&r, "UNIP-1");
    assert_eq!(names(finn), ("Pauls", "Finn", ""));
    assert_eq!(finn.email, "finn@example.de");
    assert_eq!(finn.extra.get("Ticket").map(String::as_str), Some("Mentor"), "the ticket type is no code");
    assert_eq!(finn.aliases, ["UNIP"]);
    assert_eq!(person(&r, "RDKN-1").status, Status::Void);
}

// ---------------------------------------------------------------------------------------------
// Google Forms and Kazakh forms

#[test]
fn google_forms_need_assigned_codes_and_keep_them() {
    let kk = "Уақыт белгісі,Электрондық пошта мекенжайы,Тегі,Аты,Әкесінің аты,Туған күні,Санаты\n\
21.10.2016 10:00:00,Dana@Example.kz,Ахметова,Дана,Ерланқызы,12.03.2005,Бала-қатысушы\n\
21.10.2016 10:05:00,,Омаров,Арман,,1980,Ілесіп жүруші\n";
    let e = parse_registrants(kk.as_bytes(), &opts()).unwrap_err();
    assert!(matches!(e, ImportError::NoCodeColumn { form: true, .. }), "{e:?}");
    assert!(e.to_string().contains("--assign-codes"), "{e}");
    let assign = ImportOptions { assign_codes: true, ..opts() };
    let r = import_with(kk.as_bytes(), &assign);
    let dana = &r.people[0].person;
    assert_eq!(names(dana), ("Ахметова", "Дана", "Ерланқызы"));
    assert_eq!(dana.category, Category::Child);
    assert!(dana.code.starts_with("E-"), "from the e-mail: {}", dana.code);
    assert_eq!(r.people[1].person.category, Category::Chaperone);
    assert!(r.people[1].person.code.starts_with("N-"), "from the name and birth year");
    // The next export (answers in another order, one more) gives the same people the same codes.
    let later = "Уақыт белгісі,Электрондық пошта мекенжайы,Тегі,Аты,Әкесінің аты,Туған күні,Санаты\n\
22.10.2016 09:00:00,,Сейіт,Әсел,,2006,Бала\n\
21.10.2016 10:05:00,,Омаров,Арман,,1980,Ілесіп жүруші\n\
21.10.2016 10:00:00,dana@example.kz,Ахметова,Дана,Ерланқызы,12.03.2005,Бала-қатысушы\n";
    let again = import_with(later.as_bytes(), &assign);
    assert_eq!(again.people[2].person.code, dana.code);
    assert_eq!(again.people[1].person.code, r.people[1].person.code);
}

#[test]
fn google_forms_in_russian_and_english() {
    for header in
        ["Отметка времени,Адрес электронной почты,ФИО,Дата рождения", "Timestamp,Email Address,Full name,Date of birth"]
    {
        let csv = format!("{header}\n2016-10-21 10:00:00,a@example.kz,Иванова Мария Петровна,2004-05-06\n");
        let r = import_with(csv.as_bytes(), &ImportOptions { assign_codes: true, ..opts() });
        let p = &r.people[0].person;
        assert_eq!(names(p), ("Иванова", "Мария", "Петровна"), "{header}");
        assert_eq!(p.email, "a@example.kz");
        assert!(p.is_minor(first_day()));
    }
}

#[test]
fn kazakh_form_with_bilingual_headers() {
    let csv = "ЖСН / ИИН;Фамилия имя отчество / Тегі, аты, әкесінің аты;Ата-анасы;Санаты\n\
050312400123;Сейітова Әсел Маратқызы;Сейітова Гүлнар / +7 701 111 22 33 / анасы;Бала\n";
    let r = import_with(csv.as_bytes(), &ImportOptions { assign_codes: true, ..opts() });
    let asel = &r.people[0].person;
    assert_eq!(names(asel), ("Сейітова", "Әсел", "Маратқызы"));
    assert_eq!(asel.aliases, ["050312400123"], "the ИИН finds her, leading zero kept");
    assert_eq!(asel.responsible_adults[0].name, "Сейітова Гүлнар");
    assert_eq!(asel.category, Category::Child);
    assert_eq!(r.columns[0].1, Some(Field::NationalId));
}

// ---------------------------------------------------------------------------------------------
// Refusals

#[test]
fn unknown_categories_are_listed_once_with_counts_and_the_way_to_map_them() {
    let csv = "Код;ФИО;Санаты\nK1;Ахметов Марат;Қатысушы\nK2;Омарова Айгүл;Қатысушы\nK3;Ким Ольга;Школьный учитель\n";
    let r = parse_registrants(csv.as_bytes(), &opts()).unwrap();
    assert!(r.problems.is_empty(), "not one message per row: {:?}", r.problems);
    assert_eq!(r.unknown.len(), 2);
    let message = r.unknown_message().unwrap();
    assert!(message.contains("«Қатысушы»: 2 rows") && message.contains("«Школьный учитель»: 1 row"), "{message}");
    assert!(message.contains("--category \"") && message.contains("=CATEGORY\""), "{message}");
    assert!(!message.contains("=child"), "no category is suggested for a value nobody knows: {message}");
    let mapped = ImportOptions {
        categories: vec![("ҚАТЫСУШЫ".into(), Category::Child), ("Школьный учитель".into(), Category::Chaperone)],
        ..opts()
    };
    let r = import_with(csv.as_bytes(), &mapped);
    assert_eq!(r.people[0].person.category, Category::Child);
    assert_eq!(r.people[2].person.category, Category::Chaperone);
}

#[test]
fn codes_differing_only_in_case_or_layout_are_refused_naming_both_lines() {
    let r = parse_registrants("code,name\nab12cd,Иванов Иван\nAB12CD,Петров Пётр\n".as_bytes(), &opts()).unwrap();
    assert_eq!(r.people.len(), 1);
    assert_eq!(r.problems[0].line, 3);
    assert!(r.problems[0].reason.contains("line 2") && r.problems[0].reason.contains("«ab12cd»"), "{:?}", r.problems);
    // An alias is a code too: a barcode equal to another person's code is refused.
    let r = parse_registrants("code,barcode,name\nA1,B7,Иванов Иван\nB7,C9,Петров Пётр\n".as_bytes(), &opts()).unwrap();
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
}

#[test]
fn excel_damage_to_codes_is_refused() {
    let r = parse_registrants("code,name\n\"9,50101E+11\",Иванов Иван\n".as_bytes(), &opts()).unwrap();
    assert!(r.people.is_empty() && r.problems[0].reason.contains("scientific notation"), "{:?}", r.problems);
    let r = parse_registrants("code,ИИН,name\nK1,50101300123,Иванов Иван\n".as_bytes(), &opts()).unwrap();
    assert!(r.problems[0].reason.contains("leading zero"), "{:?}", r.problems);
    let r = import("code,name\n007,Бонд Джеймс\n".as_bytes());
    assert_eq!(r.people[0].person.code, "007", "digits-only codes keep their zeros");
}

#[test]
fn letters_lost_to_question_marks_are_refused_unless_accepted() {
    // Russian Excel's "CSV (разделители — запятые)": Windows-1251, Kazakh letters and umlauts as ?.
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1251.encode("Код;Фамилия;Имя\nK1;??рман?али;Ерлан\nK2;M?ller;Jonas\nK3;Иванов;Иван\n");
    let e = parse_registrants(&bytes, &opts()).unwrap_err();
    assert!(matches!(&e, ImportError::DamagedText { lines, total: 2 } if lines == &[2, 3]), "{e:?}");
    assert!(e.to_string().contains("CSV UTF-8") && e.to_string().contains("--accept-damaged"), "{e}");
    let r = import_with(&bytes, &ImportOptions { accept_damaged: true, ..opts() });
    assert_eq!(r.people.len(), 3);
}

#[test]
fn a_german_excel_file_is_read_as_windows_1252() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252
        .encode("Code;Last name;First name\nD1;Müller;Jürgen\nD2;Groß;Bärbel\nD3;Schäfer;Jörg\n");
    let r = import(&bytes);
    assert_eq!(names(person(&r, "D1")), ("Müller", "Jürgen", ""));
}

#[test]
fn a_190_megabyte_line_is_refused_before_it_is_parsed() {
    let mut text = String::from("code,name\n");
    text.push_str(&"x".repeat(checkin::io::import::MAX_LINE_BYTES + 1));
    let e = parse_registrants(text.as_bytes(), &opts()).unwrap_err();
    assert!(matches!(e, ImportError::LineTooLong { line: 2, .. }), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Adult professions and ticket types in kk / ru / en, some with the child words inside them.
const ADULT_WORDS: &[&str] = &[
    "Школьный учитель",
    "Детский врач",
    "Бала-бақша тәрбиешісі",
    "Student",
    "Teacher",
    "Детский психолог",
    "Педиатр",
    "Children's doctor",
    "School director",
    "Директор школы",
    "Мектеп мұғалімі",
    "Бала дәрігері",
    "Балалар дәрігері",
    "Child psychologist",
    "Kindergarten teacher",
    "Adult ticket",
    "Child ticket",
    "Детский билет",
    "Балалар билеті",
    "Organization representative",
    "Детский омбудсмен помощник",
    "Student ticket",
    "Оқушылар ұйымы",
    "Ребёнок-инвалид опекун",
    "Parent of a child",
];

proptest! {
    /// No adult profession or ticket type, in any case or spacing, and with any other such words
    /// around it, is read as a child (an adult stopped at the exit as a minor is a silent misread).
    #[test]
    fn no_adult_profession_or_ticket_type_is_a_child(
        words in prop::collection::vec(prop::sample::select(ADULT_WORDS), 1..3),
        upper in any::<bool>(),
        sep in prop::sample::select(&[" ", "  ", ", ", " / ", "-"][..]),
    ) {
        let text = words.join(sep);
        let text = if upper { text.to_uppercase() } else { text };
        prop_assert_ne!(Category::parse(&text), Some(Category::Child), "{}", text);
    }
}
