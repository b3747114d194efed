//! `checkin badges` as an organiser uses it, read back the way a scanner and a person would: the
//! PDF rendered to an image (`pdftoppm`) and every QR code decoded (`zbarimg`), badge by badge,
//! next to the text printed on that badge (`pdftotext`). Skipped (with a note) where poppler-utils
//! or zbar-tools are missing, except in CI, where `.ci/run` installs them.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use checkin::domain::{Category, Person, PhotoConsent};
use checkin::io::badges::Layout;
use checkin::store::Store;

fn tools_present() -> bool {
    let present = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if present("pdftoppm") && present("pdftotext") && present("zbarimg") {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "poppler-utils or zbar-tools missing in CI: .ci/run installs them");
    eprintln!("skipped: badge checks need pdftoppm, pdftotext (poppler-utils) and zbarimg (zbar-tools)");
    false
}

/// The common people plus names in every script a badge must carry, and a ticketing system's
/// secret as a code.
fn people() -> Vec<Person> {
    let mut people = common::people();
    let mut more = vec![
        common::person("PL-000006", "Wójcik-Şahin", "Łukasz", Category::Ngo),
        common::person("KR-000007", "정", "하은", Category::Ngo),
        common::person("JP-000008", "佐藤", "さくら", Category::Creative),
        common::person("y8wzk7bxr5x7ngx6qhppwe36xpwwg8ka", "Nguyễn", "Thị Đặng", Category::Press),
        common::person("KZ-000010", "Жұмабаев", "Нұрлан", Category::Volunteer),
    ];
    more[4].alt_spelling = "ZHUMABAYEV NURLAN".into();
    people.append(&mut more);
    for p in &mut people {
        p.phone = "+7 777 000 11 22".into();
        p.email = "private@example.kz".into();
        p.notes = "asthma inhaler".into();
        if p.category != Category::Child {
            p.photo_consent = PhotoConsent::Yes;
        }
    }
    people
}

fn folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    store.set_program(&common::program()).unwrap();
    store.import(&people()).unwrap();
    tmp
}

fn checkin(data: &Path, args: &[&str]) -> Output {
    common::run_checkin(data, &["--station", "desk-2", "--operator", "Aigerim", "--now", "2016-11-21T08:30"], args, "")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn tool(command: &mut Command) -> String {
    let out = command.output().unwrap();
    assert!(out.status.success(), "{command:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Rendering resolution: modules of a registration code's QR are about 12 px.
const DPI: usize = 150;

/// One rendered page: width, height and RGB bytes (a binary PPM as `pdftoppm` writes it).
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Image {
    fn read_ppm(path: &Path) -> Image {
        let bytes = std::fs::read(path).unwrap();
        // "P6\n<width> <height>\n255\n" then the pixels.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
            at += 1;
        }
        assert_eq!(fields[0], "P6");
        let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        Image { width, height, rgb: bytes[at..].to_vec() }
    }

    /// The part of the page from `left` to `right` and `top` to `bottom` (points from the top
    /// left), written as a PPM file.
    fn crop_to(&self, (left, top, right, bottom): (f32, f32, f32, f32), out: &Path) {
        let px = |v: f32| (v * DPI as f32 / 72.0).round() as usize;
        let (x0, y0) = (px(left).min(self.width), px(top).min(self.height));
        let (x1, y1) = (px(right).min(self.width), px(bottom).min(self.height));
        let mut ppm = format!("P6\n{} {}\n255\n", x1 - x0, y1 - y0).into_bytes();
        for row in y0..y1 {
            ppm.extend_from_slice(&self.rgb[(row * self.width + x0) * 3..(row * self.width + x1) * 3]);
        }
        std::fs::write(out, ppm).unwrap();
    }
}

/// What stands on each page, word by word with its centre (points from the top left), as
/// `pdftotext -bbox` sees it.
fn words_by_page(pdf: &Path) -> Vec<Vec<(f32, f32, String)>> {
    let html = tool(Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-"));
    let attr = |tag: &str, name: &str| -> f32 {
        let from = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[from..].split('"').next().unwrap().parse().unwrap()
    };
    let unescape = |w: &str| w.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap();
                    let text = rest.split("</word>").next().unwrap();
                    let x = (attr(tag, "xMin") + attr(tag, "xMax")) / 2.0;
                    let y = (attr(tag, "yMin") + attr(tag, "yMax")) / 2.0;
                    (x, y, unescape(text))
                })
                .collect()
        })
        .collect()
}

/// The QR codes `zbarimg` reads in each of `images`, in their order.
fn qr_codes(images: &[std::path::PathBuf]) -> Vec<Vec<String>> {
    // zbarimg exits 4 when an image has no symbol: that is a finding, not a tool failure.
    let out = Command::new("zbarimg").args(["-q", "--xml"]).args(images).output().unwrap();
    let xml = text(&out.stdout);
    let mut by_image = vec![Vec::new(); images.len()];
    for source in xml.split("<source href='").skip(1) {
        let href = source.split('\'').next().unwrap();
        let i = images.iter().position(|p| p.to_str() == Some(href)).unwrap();
        for data in source.split("<data><![CDATA[").skip(1) {
            by_image[i].push(data.split("]]>").next().unwrap().to_owned());
        }
    }
    by_image
}

/// Every badge of `pdf`, laid out as `layout`: each has exactly one QR code, and it is the code
/// of the one person whose name is printed on that badge; everyone has exactly one badge. Each
/// tool runs once for the whole document.
fn check_every_badge(pdf: &Path, layout: Layout, people: &[Person], scratch: &Path) {
    let (_, page_h) = layout.page();
    let prefix = scratch.join(format!("page-{}", layout.name()));
    tool(Command::new("pdftoppm").args(["-r", &DPI.to_string()]).arg(pdf).arg(&prefix));
    let words = words_by_page(pdf);
    let mut crops = Vec::new();
    let mut texts = Vec::new();
    // pdftoppm numbers pages with as many digits as the last one needs.
    let digits = words.len().to_string().len();
    for (page, words) in words.iter().enumerate() {
        let image = Image::read_ppm(Path::new(&format!("{}-{:0digits$}.ppm", prefix.display(), page + 1)));
        for slot in 0..layout.per_page() {
            let a = layout.slot(slot);
            let (left, top, right, bottom) = (a.x, page_h - a.top(), a.right(), page_h - a.y);
            let inside = |x: f32, y: f32| x >= left && x <= right && y >= top && y <= bottom;
            let text: Vec<&str> = words.iter().filter(|(x, y, _)| inside(*x, *y)).map(|(_, _, w)| w.as_str()).collect();
            let crop = scratch.join(format!("crop-{}-{page}-{slot}.ppm", layout.name()));
            image.crop_to((left, top, right, bottom), &crop);
            crops.push(crop);
            texts.push((page + 1, slot, text.join(" ")));
        }
    }
    let mut seen = Vec::new();
    for ((page, slot, words), codes) in texts.into_iter().zip(qr_codes(&crops)) {
        if words.trim().is_empty() && codes.is_empty() {
            continue; // the empty rest of the last sheet
        }
        let named: Vec<&Person> = people.iter().filter(|p| words.contains(&p.family)).collect();
        assert_eq!(named.len(), 1, "page {page} badge {slot} names {named:?}: {words}");
        let person = named[0];
        assert_eq!(codes, vec![person.code.clone()], "page {page} badge {slot}: {words}");
        assert!(words.contains(&person.given), "{} missing from {words}", person.given);
        seen.push(person.code.clone());
    }
    seen.sort();
    let mut all: Vec<String> = people.iter().map(|p| p.code.clone()).collect();
    all.sort();
    assert_eq!(seen, all);
}

fn badges(data: &Path, args: &[&str]) -> String {
    let out = checkin(data, &[&["badges"], args].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn every_qr_code_on_a_sheet_is_the_code_of_the_person_named_on_that_badge() {
    if !tools_present() {
        return;
    }
    let data = folder();
    let pdf = data.path().join("sheet.pdf");
    let said = badges(data.path(), &["--out", pdf.to_str().unwrap()]);
    assert_eq!(said.trim(), format!("10 badges on 2 pages written to {}", pdf.display()));
    check_every_badge(&pdf, Layout::A4, &people(), data.path());
}

/// After an import from a ticketing system, the badge's QR code is what the ticket's own barcode
/// carries (Eventbrite's `Barcode #`), so the badge and the ticket on a phone scan alike.
#[test]
fn after_an_eventbrite_import_each_qr_code_is_the_barcode_of_that_persons_ticket() {
    if !tools_present() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    Store::open(data.path(), "desk-1").unwrap().set_program(&common::program()).unwrap();
    let csv = data.path().join("attendees.csv");
    std::fs::write(
        &csv,
        "Order #,First Name,Last Name,Email,Ticket Type,Attendee #,Barcode #,Attendee Status\n\
         1234567890,Aruzhan,Sadykova,a@example.com,Youth Delegate,987654321,987654321001,Attending\n\
         1234567891,Tom,Brown,t@example.com,Adult,987654323,987654323001,Attending\n",
    )
    .unwrap();
    let out = checkin(data.path(), &["import", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = data.path().join("eventbrite.pdf");
    badges(data.path(), &["--out", pdf.to_str().unwrap(), "--preview"]);
    let tickets = [
        common::person("987654321001", "Sadykova", "Aruzhan", Category::Other),
        common::person("987654323001", "Brown", "Tom", Category::Other),
    ];
    check_every_badge(&pdf, Layout::A4, &tickets, data.path());
}

#[test]
fn every_label_carries_the_code_of_the_person_named_on_it() {
    if !tools_present() {
        return;
    }
    let data = folder();
    for layout in [Layout::Label62, Layout::Label4x6] {
        let pdf = data.path().join(format!("{}.pdf", layout.name()));
        badges(data.path(), &["--out", pdf.to_str().unwrap(), "--layout", layout.name(), "--preview"]);
        check_every_badge(&pdf, layout, &people(), data.path());
    }
}

#[test]
fn the_text_of_each_layout_names_category_code_and_marks_and_nothing_private() {
    if !tools_present() {
        return;
    }
    let data = folder();
    for layout in [Layout::A4, Layout::Label62, Layout::Label4x6] {
        let pdf = data.path().join(format!("{}.pdf", layout.name()));
        let who = ["KZ-000001", "KZ-000003", "KZ-000004", "PL-000006", "KR-000007", "KZ-000010"];
        badges(
            data.path(),
            &[&["--out", pdf.to_str().unwrap(), "--layout", layout.name(), "--preview", "--who"], &who[..]].concat(),
        );
        let words = tool(Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(&pdf).arg("-"));
        for private in ["+7 777", "example.kz", "asthma", "2005", "Ахметов Марат"] {
            assert!(!words.contains(private), "{private} is printed on a badge");
        }
        insta::assert_snapshot!(format!("badges_text_{}", layout.name()), words);
    }
}

/// A code is typed by hand when its QR code will not scan, so it is printed whole on every
/// layout, on more lines when long (a ticket secret of 32 characters, a UUID), never cut.
#[test]
fn a_long_code_is_printed_whole_on_every_layout() {
    if !tools_present() {
        return;
    }
    let data = folder();
    let secret = "y8wzk7bxr5x7ngx6qhppwe36xpwwg8ka";
    for layout in [Layout::A4, Layout::Label62, Layout::Label4x6] {
        let pdf = data.path().join(format!("long-{}.pdf", layout.name()));
        badges(data.path(), &["--out", pdf.to_str().unwrap(), "--layout", layout.name(), "--preview", "--who", secret]);
        let words = tool(Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(&pdf).arg("-"));
        assert!(!words.contains('…'), "{}: something cut:\n{words}", layout.name());
        let joined: String = words.split_whitespace().collect();
        assert!(joined.contains(secret), "{}: the code is not whole:\n{words}", layout.name());
    }
}

#[test]
fn printing_is_recorded_so_new_prints_only_the_rest_and_a_reprint_is_counted() {
    let data = folder();
    let out = |name: &str| data.path().join(name).to_str().unwrap().to_owned();
    let said = badges(data.path(), &["--out", &out("two.pdf"), "--who", "KZ-000001", "kz-000004"]);
    assert!(said.starts_with("2 badges on 1 page"), "{said}");
    // A preview is not a printing.
    badges(data.path(), &["--out", &out("preview.pdf"), "--who", "KZ-000003", "--preview"]);

    let said = badges(data.path(), &["--out", &out("new.pdf"), "--who", "new"]);
    assert!(said.starts_with("8 badges on 1 page"), "{said}");
    let said = badges(data.path(), &["--out", &out("again.pdf"), "--who", "new"]);
    assert!(said.starts_with("no badges to print"), "{said}");
    assert!(!data.path().join("again.pdf").exists());

    let said = badges(data.path(), &["--out", &out("reprint.pdf"), "--who", "KZ-000001"]);
    assert!(said.contains("1 of them reprints"), "{said}");
    let store = Store::open(data.path(), "desk-1").unwrap();
    let prints = store.state().badge_prints("KZ-000001");
    assert_eq!(prints.len(), 2);
    assert!(prints.iter().all(|p| p.station == "desk-2"));
    assert_eq!(store.state().badge_prints("KZ-000003").len(), 1, "the preview counted");
}

/// A cancelled or void registration gets no badge: it would look valid at a door that then
/// refuses it, and someone would have to explain why.
#[test]
fn cancelled_registrations_get_no_badge_and_asking_for_one_says_why() {
    let data = folder();
    let store = Store::open(data.path(), "desk-1").unwrap();
    let mut cancelled = common::person("KZ-000099", "Отменова", "Анна", Category::Ngo);
    cancelled.status = checkin::domain::Status::Cancelled;
    store.import(&[cancelled]).unwrap();
    drop(store);
    let out = |name: &str| data.path().join(name).to_str().unwrap().to_owned();
    let said = badges(data.path(), &["--out", &out("all.pdf"), "--who", "all", "--preview"]);
    assert!(said.starts_with("10 badges"), "{said}");
    let said = badges(data.path(), &["--out", &out("new.pdf"), "--who", "new", "--preview"]);
    assert!(said.starts_with("10 badges"), "{said}");
    let refused = checkin(data.path(), &["badges", "--out", &out("one.pdf"), "--who", "KZ-000099"]);
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("KZ-000099 (Отменова Анна) is cancelled"), "{}", text(&refused.stderr));
    assert!(!data.path().join("one.pdf").exists());
}

#[test]
fn an_unknown_code_prints_nothing_and_says_which() {
    let data = folder();
    let pdf = data.path().join("x.pdf");
    let out = checkin(data.path(), &["badges", "--out", pdf.to_str().unwrap(), "--who", "KZ-000001", "KZ-999"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("KZ-999"), "{}", text(&out.stderr));
    assert!(!pdf.exists());
    let store = Store::open(data.path(), "desk-1").unwrap();
    assert!(store.state().badge_prints("KZ-000001").is_empty());
}

#[test]
fn a_folder_that_does_not_exist_is_a_message_and_nothing_is_recorded() {
    let data = folder();
    let missing_dir = data.path().join("no-such-folder").join("x.pdf");
    let out = checkin(data.path(), &["badges", "--out", missing_dir.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no-such-folder"), "{}", text(&out.stderr));
    let store = Store::open(data.path(), "desk-1").unwrap();
    assert!(store.state().badge_prints("KZ-000001").is_empty());
}

#[test]
fn a_run_that_fails_halfway_leaves_the_previous_pdf_as_it_was() {
    let data = folder();
    // A code longer than any QR code can hold: one badge cannot be drawn.
    let store = Store::open(data.path(), "desk-1").unwrap();
    store.import(&[common::person(&"Z".repeat(5000), "Zzz", "Zed", Category::Other)]).unwrap();
    drop(store);
    let pdf = data.path().join("badges.pdf");
    std::fs::write(&pdf, "the badges printed yesterday").unwrap();
    let out = checkin(data.path(), &["badges", "--out", pdf.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("QR code"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&pdf).unwrap(), "the badges printed yesterday");
    let leftovers: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "the half-written file is removed: {leftovers:?}");
    let store = Store::open(data.path(), "desk-1").unwrap();
    assert!(store.state().badge_prints("KZ-000001").is_empty(), "nothing printed, nothing recorded");
}

#[test]
fn a_script_no_font_has_is_named_and_the_badge_still_prints() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path(), "desk-1").unwrap();
    store.import(&[common::person("TH-1", "สมชาย", "Somchai", Category::Other)]).unwrap();
    drop(store);
    let pdf = tmp.path().join("th.pdf");
    let out = checkin(tmp.path(), &["badges", "--out", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("TH-1"), "{}", text(&out.stderr));
    assert!(pdf.exists());
}
