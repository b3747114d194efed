//! Every string a volunteer sees, in Kazakh, Russian and English, with each language's plurals.
//!
//! Texts are looked up by [`T`] keys, so a screen never holds a literal; switching the language
//! at run time just redraws with another [`Lang`].

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    Kk,
    Ru,
    #[default]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    /// From the POSIX locale variables, the way `gettext` reads them.
    pub fn from_locale() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| Lang::from_tag(&v))
    }

    /// "ru_RU.UTF-8" → Ru, "kk_KZ" → Kk, anything else → En.
    pub fn from_tag(tag: &str) -> Lang {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("kk") || tag.starts_with("kz") {
            Lang::Kk
        } else if tag.starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// "kk", "ru" or "en": the key of programme titles.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn next(self) -> Lang {
        match self {
            Lang::Kk => Lang::Ru,
            Lang::Ru => Lang::En,
            Lang::En => Lang::Kk,
        }
    }
}

/// A countable noun in every language: English one/other, Russian one/few/many; Kazakh nouns
/// do not change after a numeral (5 қатысушы).
pub struct Noun {
    pub en: [&'static str; 2],
    pub ru: [&'static str; 3],
    pub kk: &'static str,
}

pub const PARTICIPANT: Noun =
    Noun {
        en: ["participant", "participants"], ru: ["участник", "участника", "участников"], kk: "қатысушы"
    };
pub const PERSON: Noun =
    Noun { en: ["person", "people"], ru: ["человек", "человека", "человек"], kk: "адам" };
pub const RESULT: Noun =
    Noun {
        en: ["result", "results"], ru: ["результат", "результата", "результатов"], kk: "нәтиже"
    };
pub const MINOR: Noun =
    Noun { en: ["minor", "minors"], ru: ["ребёнок", "ребёнка", "детей"], kk: "бала" };
pub const CHILD: Noun =
    Noun { en: ["child", "children"], ru: ["ребёнок", "ребёнка", "детей"], kk: "бала" };
pub const SEAT: Noun = Noun { en: ["seat", "seats"], ru: ["место", "места", "мест"], kk: "орын" };

/// Russian plural form index for `n`: 0 = one (1, 21, 101), 1 = few (2–4, 22–24), 2 = many.
fn ru_form(n: u64) -> usize {
    let (last, last_two) = (n % 10, n % 100);
    if last == 1 && last_two != 11 {
        0
    } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
        1
    } else {
        2
    }
}

/// "5 участников", "1 participant", "21 қатысушы".
pub fn count(lang: Lang, n: u64, noun: &Noun) -> String {
    let word = match lang {
        Lang::En => noun.en[usize::from(n != 1)],
        Lang::Ru => noun.ru[ru_form(n)],
        Lang::Kk => noun.kk,
    };
    format!("{n} {word}")
}

/// `template` with `{1}`, `{2}` … replaced by `args` in order: a whole sentence is translated,
/// so each language puts the numbers where its word order wants them.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = template.to_owned();
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{}}}", i + 1), arg);
    }
    out
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $key:ident { en: $en:expr, ru: $ru:expr, kk: $kk:expr $(,)? } )*) => {
        /// A text of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $( $(#[$doc])* $key, )* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (T::$key, Lang::En) => $en, (T::$key, Lang::Ru) => $ru, (T::$key, Lang::Kk) => $kk, )*
                }
            }
        }
    };
}

catalogue! {
    SearchTitle { en: "Find a person: name, code, phone, e-mail, organisation", ru: "Поиск: имя, код, телефон, e-mail, организация", kk: "Іздеу: аты-жөні, код, телефон, e-mail, ұйым" }
    SearchHint { en: "Type a few letters in any script, or scan a badge", ru: "Наберите несколько букв на любом алфавите или отсканируйте бейдж", kk: "Кез келген әліпбимен бірнеше әріп теріңіз немесе бейджді сканерлеңіз" }
    NoMatches { en: "Nobody matches. Try fewer letters, or register a walk-in", ru: "Никого не найдено. Сократите запрос или зарегистрируйте нового участника", kk: "Ешкім табылмады. Қысқартып көріңіз немесе жаңа қатысушыны тіркеңіз" }
    ColStatus { en: "Today", ru: "Сегодня", kk: "Бүгін" }
    ColCode { en: "Code", ru: "Код", kk: "Код" }
    ColName { en: "Name", ru: "ФИО", kk: "Аты-жөні" }
    ColCategory { en: "Category", ru: "Категория", kk: "Санаты" }
    ColFrom { en: "From", ru: "Откуда", kk: "Қайдан" }
    ColDelegation { en: "Delegation", ru: "Делегация", kk: "Делегация" }
    StatusNotYet { en: "—", ru: "—", kk: "—" }
    StatusIn { en: "in", ru: "пришёл", kk: "келді" }
    StatusOut { en: "left", ru: "ушёл", kk: "кетті" }
    MarkMinor { en: "<18", ru: "<18", kk: "<18" }
    MarkNoPhoto { en: "no photo", ru: "без фото", kk: "фотосыз" }
    MarkNotes { en: "notes", ru: "заметки", kk: "ескерту" }
    MarkFuzzy { en: "~", ru: "~", kk: "~" }
    CheckedIn { en: "CHECKED IN", ru: "ОТМЕЧЕН", kk: "ТІРКЕЛДІ" }
    AlreadyIn { en: "ALREADY IN", ru: "УЖЕ ОТМЕЧЕН", kk: "ТІРКЕЛГЕН" }
    AlreadySince { en: "since", ru: "с", kk: "бастап" }
    AtStation { en: "at", ru: "на", kk: "орны" }
    NoSecondCheckIn { en: "No second check-in was recorded.", ru: "Повторная отметка не записана.", kk: "Қайта тіркеу жазылмады." }
    UnknownCode { en: "UNKNOWN CODE", ru: "НЕИЗВЕСТНЫЙ КОД", kk: "БЕЛГІСІЗ КОД" }
    UnknownCodeHelp { en: "No registrant has this code. Search by name instead.", ru: "Участника с таким кодом нет. Найдите по имени.", kk: "Мұндай коды бар қатысушы жоқ. Аты бойынша іздеңіз." }
    NotAdmitted { en: "NOT ADMITTED", ru: "НЕ ДОПУСКАЕТСЯ", kk: "КІРГІЗІЛМЕЙДІ" }
    NotAdmittedHelp { en: "The registration was cancelled in the registration system: not checked in. Send them to the organisers' desk.", ru: "Регистрация отменена в системе регистрации: не отмечен. Направьте к организаторам.", kk: "Тіркеу жүйесінде тіркеу тоқтатылған: белгіленбеді. Ұйымдастырушыларға жіберіңіз." }
    Annulled { en: "CHECK-IN UNDONE", ru: "ОТМЕТКА ОТМЕНЕНА", kk: "ТІРКЕУ БОЛДЫРЫЛМАДЫ" }
    SaveFailed { en: "NOT SAVED", ru: "НЕ СОХРАНЕНО", kk: "САҚТАЛМАДЫ" }
    Minor { en: "minor", ru: "несовершеннолетний", kk: "кәмелетке толмаған" }
    ResponsibleAdult { en: "responsible adult", ru: "ответственный взрослый", kk: "жауапты ересек" }
    NoPhotos { en: "NO PHOTOS", ru: "БЕЗ ФОТО", kk: "ФОТОҒА ТҮСІРМЕУ" }
    HasNotes { en: "has notes: open details (F3)", ru: "есть заметки: откройте карточку (F3)", kk: "ескертуі бар: толығырақ (F3)" }
    UndoTitle { en: "Undo check-in?", ru: "Отменить отметку?", kk: "Тіркеуді болдырмау?" }
    UndoConfirm { en: "Enter: undo    Esc or typing: keep", ru: "Enter: отменить    Esc или ввод: оставить", kk: "Enter: болдырмау    Esc немесе теру: қалдыру" }
    UndoNotDone { en: "Nothing was undone.", ru: "Ничего не отменено.", kk: "Ештеңе болдырылмады." }
    NothingToUndo { en: "Nothing to undo: this person is not checked in today.", ru: "Нечего отменять: человек сегодня не отмечен.", kk: "Болдырмайтын ештеңе жоқ: бүгін тіркелмеген." }
    HelpTitle { en: "Keys", ru: "Клавиши", kk: "Пернелер" }
    HelpType { en: "type          search (any script, any layout)", ru: "набор         поиск (любой алфавит и раскладка)", kk: "теру          іздеу (кез келген әліпби, пернетақта)" }
    HelpEnter { en: "Enter         check in the highlighted person / scanned code", ru: "Enter         отметить выделенного / отсканированный код", kk: "Enter         белгіленгенді / сканерленген кодты тіркеу" }
    HelpMove { en: "↑ ↓ PgUp PgDn choose a row (or click it)", ru: "↑ ↓ PgUp PgDn выбрать строку (или щёлкнуть)", kk: "↑ ↓ PgUp PgDn жолды таңдау (немесе басу)" }
    HelpUndo { en: "Ctrl+Z / F8   undo a check-in, or the last check-out (asks)", ru: "Ctrl+Z / F8   отменить отметку или последний выход (спросит)", kk: "Ctrl+Z / F8   тіркеуді не соңғы шығуды болдырмау (сұрайды)" }
    HelpDetails { en: "F3 / Ctrl+O   details; in details N shows notes", ru: "F3 / Ctrl+O   карточка; в карточке N — заметки", kk: "F3 / Ctrl+O   толығырақ; онда N — ескертулер" }
    HelpLang { en: "F2            language: қазақша / русский / English", ru: "F2            язык: қазақша / русский / English", kk: "F2            тіл: қазақша / русский / English" }
    HelpClear { en: "Esc / Ctrl+U  clear the search box", ru: "Esc / Ctrl+U  очистить строку поиска", kk: "Esc / Ctrl+U  іздеу жолын тазалау" }
    HelpQuit { en: "Ctrl+Q / Ctrl+C  quit (everything is already saved)", ru: "Ctrl+Q / Ctrl+C  выход (всё уже сохранено)", kk: "Ctrl+Q / Ctrl+C  шығу (бәрі сақталған)" }
    HelpClose { en: "Esc or F1 closes this help", ru: "Esc или F1 закрывает подсказку", kk: "Esc немесе F1 — жабу" }
    DetailsTitle { en: "Details", ru: "Карточка участника", kk: "Қатысушы туралы" }
    DetailsNotesHidden { en: "Medical/access notes hidden: press N to show", ru: "Медицинские заметки скрыты: нажмите N", kk: "Медициналық ескертулер жасырын: N басыңыз" }
    DetailsNoNotes { en: "No notes", ru: "Заметок нет", kk: "Ескерту жоқ" }
    DetailsClose { en: "Esc: close", ru: "Esc: закрыть", kk: "Esc: жабу" }
    FieldCode { en: "Code", ru: "Код", kk: "Код" }
    FieldOtherSpelling { en: "Other spelling", ru: "Другое написание", kk: "Басқа жазылуы" }
    FieldOrganisation { en: "Organisation", ru: "Организация", kk: "Ұйым" }
    FieldCountry { en: "Country", ru: "Страна", kk: "Ел" }
    FieldRegion { en: "Region", ru: "Регион", kk: "Өңір" }
    FieldBirthYear { en: "Birth year", ru: "Год рождения", kk: "Туған жылы" }
    FieldPhone { en: "Phone", ru: "Телефон", kk: "Телефон" }
    FieldEmail { en: "E-mail", ru: "E-mail", kk: "Эл. пошта" }
    FieldPhotos { en: "Photos", ru: "Фото", kk: "Фото" }
    FieldSessions { en: "Sessions", ru: "Сессии", kk: "Сессиялар" }
    FieldNotes { en: "Notes", ru: "Заметки", kk: "Ескертулер" }
    FieldResponsible { en: "Responsible adult", ru: "Ответственный", kk: "Жауапты ересек" }
    FieldToday { en: "Today", ru: "Сегодня", kk: "Бүгін" }
    PhotosYes { en: "allowed", ru: "разрешено", kk: "рұқсат" }
    PhotosNo { en: "NOT allowed", ru: "ЗАПРЕЩЕНО", kk: "РҰҚСАТ ЖОҚ" }
    PhotosUnknown { en: "not recorded", ru: "не указано", kk: "көрсетілмеген" }
    StatusStation { en: "station", ru: "стойка", kk: "бекет" }
    StatusDay { en: "day", ru: "день", kk: "күн" }
    StatusArrived { en: "arrived", ru: "пришли", kk: "келді" }
    StatusOf { en: "of", ru: "из", kk: "/" }
    StatusSharedBy { en: "folder of", ru: "папка стойки", kk: "бума иесі" }
    StatusSharedWith { en: "shared with", ru: "вместе с", kk: "бірге:" }
    StatusShared { en: "shared", ru: "общая", kk: "ортақ" }
    /// How complete what a laptop shows is (the dashboard, `report`, the roll-call): {1} the
    /// time, {2} the stations heard, {3} the event's stations.
    ReachHeard { en: "as of {1} — {2} of {3} stations heard within a minute", ru: "на {1} — за последнюю минуту на связи {2} из {3} стоек", kk: "{1} кезіндегі жағдай — соңғы минутта {3} бекеттің {2} байланыста болды" }
    ReachLastHeard { en: "{1} last heard {2}", ru: "{1}: последняя связь в {2}", kk: "{1}: соңғы байланыс {2}" }
    ReachNeverHeard { en: "{1} never heard", ru: "{1}: связи не было", kk: "{1}: байланыс болған жоқ" }
    ReachNotShared { en: "{1} facts here not yet on another station", ru: "ещё не переданы другим стойкам записей: {1}", kk: "басқа бекеттерге әлі берілмеген жазбалар: {1}" }
    ReachClockOff { en: "{1}'s clock is {2} s off", ru: "часы {1} сбиты на {2} с", kk: "{1} сағаты {2} с қате" }
    ReachAlarm { en: "{1} ALARM(S): two laptops write as one station", ru: "ТРЕВОГ: {1} — два ноутбука пишут как одна стойка", kk: "ДАБЫЛ: {1} — екі ноутбук бір бекет ретінде жазады" }
    /// {1} the time, {2} how many other stations the event has.
    ReachNotSyncing { en: "as of {1} — not syncing now: only what this laptop holds (the event has {2} other stations)", ru: "на {1} — синхронизации нет: только данные этого ноутбука (других стоек в мероприятии: {2})", kk: "{1} кезіндегі жағдай — синхрондау жоқ: тек осы ноутбуктағы деректер (іс-шарадағы басқа бекеттер: {2})" }
    StatusStations { en: "stations", ru: "стойки", kk: "бекеттер" }
    StatusNeverHeard { en: "never heard", ru: "нет связи", kk: "байланыс жоқ" }
    StatusMinAgo { en: "min ago", ru: "мин назад", kk: "мин бұрын" }
    StatusNotShared { en: "not shared", ru: "не переданы", kk: "берілмеген" }
    StatusAlarm { en: "ALARM: one station on two laptops", ru: "ТРЕВОГА: одна стойка на двух ноутбуках", kk: "ДАБЫЛ: бір бекет екі ноутбукта" }
    NoProgramme { en: "no programme: counting for", ru: "нет программы: учёт за", kk: "бағдарлама жоқ: есеп" }
    NotProgrammeDay { en: "not a programme day: counting for", ru: "не день программы: учёт за", kk: "бағдарлама күні емес: есеп" }
    Demo { en: "DEMO", ru: "ДЕМО", kk: "ДЕМО" }
    HelpKey { en: "F1 help", ru: "F1 помощь", kk: "F1 көмек" }
    Enlarge { en: "Please enlarge the window to at least 80×24", ru: "Увеличьте окно хотя бы до 80×24", kk: "Терезені кемінде 80×24 етіп үлкейтіңіз" }
    GroupTitle { en: "Delegation", ru: "Делегация", kk: "Делегация" }
    GroupKeys { en: "Space: tick/untick   A: all   Enter: check in the ticked   Esc: cancel", ru: "Пробел: отметить   A: всех   Enter: отметить выбранных   Esc: отмена", kk: "Бос орын: белгілеу   A: барлығы   Enter: белгіленгендерді тіркеу   Esc: болдырмау" }
    GroupNone { en: "This person has no delegation.", ru: "У этого человека нет делегации.", kk: "Бұл адамның делегациясы жоқ." }
    GroupDone { en: "DELEGATION CHECKED IN", ru: "ДЕЛЕГАЦИЯ ОТМЕЧЕНА", kk: "ДЕЛЕГАЦИЯ ТІРКЕЛДІ" }
    GroupAlready { en: "already in", ru: "уже были", kk: "бұрын келген" }
    GroupAbsent { en: "not ticked (absent)", ru: "не отмечены (отсутствуют)", kk: "белгіленбеген (жоқ)" }
    WalkInTitle { en: "Walk-in: register someone not on the list", ru: "Новый участник (нет в списке)", kk: "Тізімде жоқ қатысушыны тіркеу" }
    WalkInKeys { en: "Tab/↑↓: field   ←→: category   Enter: register and check in   Esc: cancel", ru: "Tab/↑↓: поле   ←→: категория   Enter: зарегистрировать и отметить   Esc: отмена", kk: "Tab/↑↓: өріс   ←→: санат   Enter: тіркеу   Esc: болдырмау" }
    WalkInNeedsName { en: "Enter a family or given name.", ru: "Введите фамилию или имя.", kk: "Тегін немесе атын енгізіңіз." }
    WalkInNeedsAdult { en: "A child needs a responsible adult with a phone.", ru: "Для ребёнка нужен ответственный взрослый с телефоном.", kk: "Балаға телефоны бар жауапты ересек керек." }
    WalkInCountry { en: "Country: two letters, e.g. KZ, RU, DE.", ru: "Страна: две буквы, например KZ, RU, DE.", kk: "Ел: екі әріп, мысалы KZ, RU, DE." }
    WalkInDone { en: "WALK-IN REGISTERED AND CHECKED IN", ru: "НОВЫЙ УЧАСТНИК ЗАРЕГИСТРИРОВАН И ОТМЕЧЕН", kk: "ЖАҢА ҚАТЫСУШЫ ТІРКЕЛДІ" }
    FieldFamily { en: "Family name", ru: "Фамилия", kk: "Тегі" }
    FieldGiven { en: "Given name", ru: "Имя", kk: "Аты" }
    FieldPatronymic { en: "Patronymic", ru: "Отчество", kk: "Әкесінің аты" }
    FieldAdultPhone { en: "Adult's phone", ru: "Телефон взрослого", kk: "Ересектің телефоны" }
    HelpGroup { en: "F5 / Ctrl+G   check in the highlighted person's delegation", ru: "F5 / Ctrl+G   отметить делегацию выделенного", kk: "F5 / Ctrl+G   белгіленгеннің делегациясын тіркеу" }
    HelpWalkIn { en: "F6 / Ctrl+N   register a walk-in (not on the list)", ru: "F6 / Ctrl+N   новый участник (нет в списке)", kk: "F6 / Ctrl+N   тізімде жоқ қатысушы" }
    HelpHost { en: "F4 / Ctrl+E   host's screen: a session's roster at its door", ru: "F4 / Ctrl+E   экран ведущего: список сессии у входа", kk: "F4 / Ctrl+E   жүргізуші экраны: сессия тізімі" }
    HelpSignUp { en: "F12 / Ctrl+P  sessions of the highlighted person: sign up, cancel", ru: "F12 / Ctrl+P  сессии выделенного: записать, отменить", kk: "F12 / Ctrl+P  белгіленгеннің сессиялары: жазу, бас тарту" }
    HelpBadge { en: "F11 / Ctrl+B  print the highlighted person's badge (or the walk-in's)", ru: "F11 / Ctrl+B  печать бейджа выделенного (или нового участника)", kk: "F11 / Ctrl+B  белгіленгеннің (не жаңа қатысушының) бейджін басу" }
    BadgeHint { en: "F11 / Ctrl+B prints the badge", ru: "F11 / Ctrl+B — печать бейджа", kk: "F11 / Ctrl+B — бейджді басу" }
    BadgeNobody { en: "Nobody to print a badge for: find the person first.", ru: "Не выбран участник для бейджа: сначала найдите его.", kk: "Бейдж кімге екені белгісіз: алдымен қатысушыны табыңыз." }
    BadgePrinted { en: "BADGE PRINTED", ru: "БЕЙДЖ НАПЕЧАТАН", kk: "БЕЙДЖ БАСЫЛДЫ" }
    BadgeReprinted { en: "BADGE REPRINTED", ru: "БЕЙДЖ НАПЕЧАТАН ПОВТОРНО", kk: "БЕЙДЖ ҚАЙТА БАСЫЛДЫ" }
    BadgePrints { en: "printed", ru: "напечатан", kk: "басылды" }
    BadgeTimes { en: "times, first", ru: "раз(а), впервые", kk: "рет, алғашқысы" }
    BadgeSentTo { en: "sent to printer", ru: "отправлен на принтер", kk: "принтерге жіберілді" }
    HostHelpEnter { en: "Enter         mark present: the highlighted person or a scanned badge", ru: "Enter         отметить: выделенного или отсканированный бейдж", kk: "Enter         белгілеу: белгіленгенді немесе бейджді" }
    HostHelpType { en: "type          search the list, then everyone registered", ru: "набор         поиск по списку, затем по всем участникам", kk: "теру          тізімнен, сосын барлық қатысушылардан іздеу" }
    HostHelpSignUp { en: "F5 / Ctrl+P   sign the highlighted person up", ru: "F5 / Ctrl+P   записать выделенного", kk: "F5 / Ctrl+P   белгіленгенді жазу" }
    HostHelpWaitlist { en: "F6 / Ctrl+L   put them on the waitlist of a full session", ru: "F6 / Ctrl+L   поставить в очередь, если мест нет", kk: "F6 / Ctrl+L   орын жоқ болса, кезекке қою" }
    HostHelpCancel { en: "Del / Ctrl+X  cancel their seat or waitlist place (asks)", ru: "Del / Ctrl+X  отменить запись или очередь (спросит)", kk: "Del / Ctrl+X  жазылудан не кезектен бас тарту (сұрайды)" }
    HostHelpUndo { en: "F8 / Ctrl+Z   undo their mark (asks)", ru: "F8 / Ctrl+Z   отменить отметку (спросит)", kk: "F8 / Ctrl+Z   белгіні болдырмау (сұрайды)" }
    HostHelpSessions { en: "F4 / Ctrl+E   back to today's sessions", ru: "F4 / Ctrl+E   к списку сессий дня", kk: "F4 / Ctrl+E   бүгінгі сессияларға оралу" }
    HostHelpEsc { en: "Esc           close, clear the box, else back to the desk", ru: "Esc           закрыть, очистить строку, иначе к стойке", kk: "Esc           жабу, жолды тазалау, әйтпесе үстелге" }
    HostHelpOpen { en: "Enter         open the highlighted session's roster", ru: "Enter         открыть список выделенной сессии", kk: "Enter         белгіленген сессия тізімін ашу" }
    HostHelpFilter { en: "type          filter by room or title", ru: "набор         фильтр по залу или названию", kk: "теру          зал не атау бойынша сүзу" }
    HostHelpKind { en: "Tab           filter by kind: master class, festival, platform…", ru: "Tab           фильтр по типу: мастер-класс, фестиваль, площадка…", kk: "Tab           түрі бойынша: шеберлік сыныбы, фестиваль, алаң…" }
    HostPickerTitle { en: "Host: choose a session", ru: "Ведущий: выберите сессию", kk: "Жүргізуші: сессияны таңдаңыз" }
    HostPickerHint { en: "type to filter by room or title", ru: "набор — фильтр по залу или названию", kk: "зал не атау бойынша сүзу үшін теріңіз" }
    HostPickerKeys { en: " Enter open  ↑↓ choose  type: filter  Tab kind  F2 language  Esc desk", ru: " Enter открыть  ↑↓ выбор  набор: фильтр  Tab тип  F2 язык  Esc стойка", kk: " Enter ашу  ↑↓ таңдау  теру: сүзгі  Tab түрі  F2 тіл  Esc үстел" }
    HostRosterKeys { en: " Enter in  F5 sign up  F6 waitlist  Del cancel  F8 undo  F4 sessions  Esc desk", ru: " Enter ✓  F5 записать  F6 в очередь  Del отмена  F8 откат  F4 сессии  Esc стойка", kk: " Enter ✓  F5 жазу  F6 кезек  Del бас тарту  F8 болдырмау  F4 тізім  Esc үстел" }
    HostKind { en: "kind", ru: "тип", kk: "түрі" }
    KindAll { en: "all (Tab)", ru: "все (Tab)", kk: "барлығы (Tab)" }
    KindPlenary { en: "plenary", ru: "пленарное", kk: "пленарлық" }
    KindPlatform { en: "platform", ru: "площадка", kk: "алаң" }
    KindFestival { en: "festival", ru: "фестиваль", kk: "фестиваль" }
    KindMasterClass { en: "master cl.", ru: "мастер-кл.", kk: "шебер-сын." }
    KindOther { en: "other", ru: "другое", kk: "басқа" }
    HostNoSessions { en: "No sessions match.", ru: "Нет подходящих сессий.", kk: "Сәйкес сессия жоқ." }
    HostColTime { en: "Time", ru: "Время", kk: "Уақыты" }
    HostColKind { en: "Kind", ru: "Тип", kk: "Түрі" }
    HostColSession { en: "Session", ru: "Сессия", kk: "Сессия" }
    HostColRoom { en: "Room", ru: "Зал", kk: "Зал" }
    HostColSeats { en: "Seats left", ru: "Свободно", kk: "Бос орын" }
    HostColWaiting { en: "Wait", ru: "Очер", kk: "Кезек" }
    HostColHere { en: "Here", ru: "Здесь", kk: "Мұнда" }
    HostColSeat { en: "Seat", ru: "Место", kk: "Орын" }
    HostFull { en: "FULL", ru: "МЕСТ НЕТ", kk: "ОРЫН ЖОҚ" }
    HostLeft { en: "left", ru: "свободно", kk: "бос" }
    HostPresent { en: "present", ru: "пришли", kk: "келді" }
    HostSignedUp { en: "signed up", ru: "записаны", kk: "жазылған" }
    HostCapacity { en: "capacity", ru: "мест всего", kk: "сыйымдылығы" }
    HostNoShows { en: "no-shows", ru: "не пришли", kk: "келмегендер" }
    HostLetInPlainKeys { en: "Enter: let in    Esc: no", ru: "Enter: пропустить    Esc: нет", kk: "Enter: кіргізу    Esc: жоқ" }
    HostCalledTitle { en: "From the waitlist: let in?", ru: "Из очереди: пропустить?", kk: "Кезектен: кіргізу ме?" }
    HostCalledFromWaitlist { en: "First on the waitlist: the free seat is theirs", ru: "Первый в очереди: свободное место — его", kk: "Кезекте бірінші: бос орын соныкі" }
    HostWalkIns { en: "walk-ins", ru: "без записи", kk: "жазылмай келген" }
    HostWaitlist { en: "waitlist", ru: "в очереди", kk: "кезекте" }
    HostNoShowRule { en: "A signed-up person still absent loses the seat after", ru: "Записанный, но не пришедший теряет место через", kk: "Жазылып, келмеген адам орнынан айырылады:" }
    HostMinutes { en: "min from the start", ru: "мин после начала", kk: "мин басталғаннан кейін" }
    HostCall { en: "Call", ru: "Позовите", kk: "Шақырыңыз" }
    HostSeatFree { en: "a seat is free for them", ru: "для них есть место", kk: "оларға орын бар" }
    HostSearchTitle { en: "Find on the list, or scan a badge", ru: "Поиск по списку или скан бейджа", kk: "Тізімнен іздеу немесе бейджді сканерлеу" }
    HostSearchHint { en: "name or code; others registered are listed below the roster", ru: "имя или код; остальные участники — под списком", kk: "аты-жөні не коды; басқа қатысушылар тізімнің астында" }
    HostEmptyRoster { en: "Nobody is signed up yet. Type a name or scan a badge to let someone in.", ru: "Пока никто не записан. Наберите имя или отсканируйте бейдж.", kk: "Әзірге ешкім жазылмаған. Атын теріңіз немесе бейджді сканерлеңіз." }
    SeatSignedUp { en: "signed up", ru: "записан", kk: "жазылған" }
    SeatWalkIn { en: "walk-in", ru: "без записи", kk: "жазылмаған" }
    SeatWaiting { en: "waitlist", ru: "очередь", kk: "кезек" }
    SeatCancelled { en: "cancelled", ru: "отменено", kk: "бас тартты" }
    SeatReleased { en: "seat freed", ru: "место снято", kk: "орын босады" }
    SeatNotListed { en: "not listed", ru: "не записан", kk: "тізімде жоқ" }
    HostMarkedPresent { en: "PRESENT", ru: "ОТМЕЧЕН НА СЕССИИ", kk: "СЕССИЯҒА КЕЛДІ" }
    HostWalkInDone { en: "LET IN (WALK-IN, FREE SEAT)", ru: "ПРОПУЩЕН БЕЗ ЗАПИСИ (СВОБОДНОЕ МЕСТО)", kk: "ЖАЗЫЛМАЙ КІРДІ (БОС ОРЫН)" }
    HostRefusedFull { en: "NOT LET IN: FULL", ru: "НЕ ПРОПУЩЕН: МЕСТ НЕТ", kk: "КІРГІЗІЛМЕДІ: ОРЫН ЖОҚ" }
    HostWaitlistNumber { en: "ON THE WAITLIST, NUMBER", ru: "В ОЧЕРЕДИ, НОМЕР", kk: "КЕЗЕКТЕ, НӨМІРІ" }
    HostMarkUndone { en: "MARK UNDONE", ru: "ОТМЕТКА ОТМЕНЕНА", kk: "БЕЛГІ БОЛДЫРЫЛМАДЫ" }
    HostNothingToUndo { en: "Nothing to undo: this person is not marked present here.", ru: "Нечего отменять: человек здесь не отмечен.", kk: "Болдырмайтын ештеңе жоқ: бұл жерде белгіленбеген." }
    HostNothingToCancel { en: "Nothing to cancel: not signed up and not waiting.", ru: "Нечего отменять: не записан и не в очереди.", kk: "Бас тартатын ештеңе жоқ: жазылмаған, кезекте емес." }
    HostUndoRefused { en: "Not undone: the seat has been given to someone else since.", ru: "Не отменено: место уже отдано другому.", kk: "Болдырылмады: орын басқа адамға берілген." }
    HostWalkInTitle { en: "Not signed up: let in as a walk-in?", ru: "Не записан: пропустить без записи?", kk: "Жазылмаған: жазылмай кіргізу ме?" }
    HostWarnTitle { en: "Check before letting in", ru: "Проверьте перед входом", kk: "Кіргізер алдында тексеріңіз" }
    HostNotSignedUp { en: "Not signed up: takes a free seat", ru: "Не записан: займёт свободное место", kk: "Жазылмаған: бос орынды алады" }
    HostLetInKeys { en: "Enter: let in (the override is recorded)    Esc: no", ru: "Enter: пропустить (решение записывается)    Esc: нет", kk: "Enter: кіргізу (шешім жазылады)    Esc: жоқ" }
    HostWalkInKeys { en: "Enter: let in as a walk-in    Esc: no", ru: "Enter: пропустить без записи    Esc: нет", kk: "Enter: жазылмай кіргізу    Esc: жоқ" }
    HostFullExplained { en: "No seats left: taken", ru: "Свободных мест нет: занято", kk: "Бос орын жоқ: толды" }
    HostFullKeys { en: "Enter: add to the waitlist    Esc: no", ru: "Enter: в очередь    Esc: нет", kk: "Enter: кезекке қою    Esc: жоқ" }
    HostPromptTyping { en: "Typing or the next scan means no: nothing is recorded for them", ru: "Набор или следующий скан — это «нет»: ничего не записывается", kk: "Теру не келесі скан — «жоқ» деген сөз: ештеңе жазылмайды" }
    HostReleasedTitle { en: "Signed up, came late: let in?", ru: "Записан, опоздал: пропустить?", kk: "Жазылған, кешікті: кіргізу ме?" }
    HostReleasedAt { en: "Signed up; seat released at", ru: "Записан; место снято в", kk: "Жазылған; орны босатылды, уақыты" }
    HostReleasedNoShow { en: "no-show", ru: "не пришёл вовремя", kk: "уақытында келмеді" }
    HostReleasedLetIn { en: "Let in if a seat is free", ru: "Пропустите, если есть место", kk: "Бос орын болса, кіргізіңіз" }
    HostNotLetIn { en: "NOT LET IN", ru: "НЕ ПРОПУЩЕН", kk: "КІРГІЗІЛМЕДІ" }
    HostUndoTitle { en: "Undo the mark?", ru: "Отменить отметку?", kk: "Белгіні болдырмау?" }
    HostCancelTitle { en: "Cancel the seat?", ru: "Отменить запись?", kk: "Жазылудан бас тарту?" }
    HostCancelKeys { en: "Enter: cancel the seat / waitlist place    Esc: keep", ru: "Enter: отменить запись / очередь    Esc: оставить", kk: "Enter: орыннан / кезектен бас тарту    Esc: қалдыру" }
    WaitlistAnywayKeys { en: "Enter: join the waitlist anyway (the override is recorded)    Esc: no", ru: "Enter: всё равно в очередь (решение записывается)    Esc: нет", kk: "Enter: бәрібір кезекке (шешім жазылады)    Esc: жоқ" }
    SignUpAnywayKeys { en: "Enter: sign up anyway (the override is recorded)    Esc: no", ru: "Enter: всё равно записать (решение записывается)    Esc: нет", kk: "Enter: бәрібір жазу (шешім жазылады)    Esc: жоқ" }
    SignUpTitle { en: "Sessions", ru: "Сессии", kk: "Сессиялар" }
    SignUpKeys { en: "Enter: sign up   W: waitlist   X/Del: cancel   Esc: close", ru: "Enter: записать   W: в очередь   X/Del: отменить   Esc: закрыть", kk: "Enter: жазу   W: кезекке   X/Del: бас тарту   Esc: жабу" }
    SignUpNobody { en: "Find a person first, then F12 lists their sessions.", ru: "Сначала найдите человека, затем F12 — его сессии.", kk: "Алдымен адамды табыңыз, сосын F12 — сессиялары." }
    SignUpDone { en: "SIGNED UP", ru: "ЗАПИСАН", kk: "ЖАЗЫЛДЫ" }
    WaitlistDone { en: "On the waitlist.", ru: "Поставлен в очередь.", kk: "Кезекке қойылды." }
    SeatAskedOwner { en: "Asked the owner station for a seat… it shows here when it answers.", ru: "Место запрошено у станции-владельца… ответ появится здесь.", kk: "Орын иесі станциядан сұралды… жауабы осында шығады." }
    SeatAskedOffline { en: "Asked offline — waitlisted: the owner station decides when it is back.", ru: "Запрос без связи — в очереди: станция-владелец решит, когда вернётся.", kk: "Байланыссыз сұралды — кезекте: иесі станция оралғанда шешеді." }
    HostAskedOwner { en: "ASKED THE OWNER", ru: "ЗАПРОШЕНО У ВЛАДЕЛЬЦА", kk: "ИЕСІНЕН СҰРАЛДЫ" }
    HostAskedOffline { en: "ASKED OFFLINE — WAITLISTED", ru: "ЗАПРОС БЕЗ СВЯЗИ — В ОЧЕРЕДИ", kk: "БАЙЛАНЫССЫЗ СҰРАЛДЫ — КЕЗЕКТЕ" }
    HostSeatsOwnedBy { en: "seats are decided by", ru: "места распределяет", kk: "орындарды бөлетін станция" }
    CancelDone { en: "SEAT CANCELLED", ru: "ЗАПИСЬ ОТМЕНЕНА", kk: "ЖАЗЫЛУ БОЛДЫРЫЛМАДЫ" }
    SeatAlreadySignedUp { en: "Already holds a seat in this session.", ru: "Уже записан на эту сессию.", kk: "Бұл сессияға жазылып қойған." }
    SeatAlreadyWaiting { en: "Already on this session's waitlist.", ru: "Уже в очереди на эту сессию.", kk: "Бұл сессияның кезегінде тұр." }
    SeatFreeSignUp { en: "A seat is free: sign up instead.", ru: "Есть свободное место: запишите.", kk: "Бос орын бар: жазып қойыңыз." }
    SeatFull { en: "Full.", ru: "Мест нет.", kk: "Орын жоқ." }
    WarnTooEarly { en: "Too early: the session starts at", ru: "Слишком рано: начало в", kk: "Тым ерте: басталуы" }
    WarnEnded { en: "The session has ended:", ru: "Сессия закончилась:", kk: "Сессия аяқталды:" }
    WarnAge { en: "Age", ru: "Возраст", kk: "Жасы" }
    WarnAudienceIs { en: "the session is for ages", ru: "сессия для возраста", kk: "сессия жасы" }
    WarnCategory { en: "Not this session's audience", ru: "Не для этой аудитории", kk: "Бұл сессияның аудиториясы емес" }
    WarnOverlap { en: "Overlaps a session they are signed up for", ru: "Пересекается с сессией, на которую записан", kk: "Жазылған сессиясымен уақыты сәйкес" }
    WarnWaitlistFirst { en: "Free seats belong to people on the waitlist", ru: "Свободные места — для очереди", kk: "Бос орындар кезектегілерге тиесілі" }
    CatChild { en: "child", ru: "ребёнок", kk: "бала" }
    CatChaperone { en: "chaperone", ru: "сопровожд.", kk: "ілесуші" }
    CatOmbudsman { en: "ombudsman", ru: "омбудсмен", kk: "омбудсмен" }
    CatInternationalOrg { en: "intl. org", ru: "межд. орг.", kk: "халықар. ұйым" }
    CatStateBody { en: "state body", ru: "госорган", kk: "мемл. орган" }
    CatNgo { en: "NGO", ru: "НКО", kk: "ҮЕҰ" }
    CatCreative { en: "creative", ru: "творч.", kk: "шығарм." }
    CatPress { en: "press", ru: "пресса", kk: "баспасөз" }
    CatVolunteer { en: "volunteer", ru: "волонтёр", kk: "ерікті" }
    CatOrganiser { en: "organiser", ru: "организатор", kk: "ұйымдастырушы" }
    CatOther { en: "other", ru: "другое", kk: "басқа" }

    // ---- organisers and safeguarding: on site, check-out, roll-call, dashboard ----
    StatusOnSite { en: "on site", ru: "на месте", kk: "орнында" }
    HelpOnSite { en: "F7 / Ctrl+T   on site now: roll-call and check-out", ru: "F7 / Ctrl+T   кто на месте: перекличка и выход", kk: "F7 / Ctrl+T   орнындағылар: түгендеу және шығу" }
    HelpDashboard { en: "F9 / Ctrl+D   organisers' dashboard (counts only)", ru: "F9 / Ctrl+D   панель организаторов (только числа)", kk: "F9 / Ctrl+D   ұйымдастырушылар тақтасы (тек сандар)" }
    HelpOnSiteType { en: "type / scan   find who is on site; Enter checks them out", ru: "набор / скан  найти, кто на месте; Enter — отметить выход", kk: "теру / скан   орнындағыны табу; Enter — шығуын тіркеу" }
    HelpOnSiteRow { en: "F10 / Ctrl+X  check out the highlighted row", ru: "F10 / Ctrl+X  отметить выход выделенного", kk: "F10 / Ctrl+X  белгіленгеннің шығуын тіркеу" }
    HelpRollCall { en: "Ctrl+P        write the roll-call (HTML page and CSV) next to the data", ru: "Ctrl+P        записать перекличку (HTML и CSV) рядом с данными", kk: "Ctrl+P        түгендеуді жазу (HTML және CSV) деректер қасына" }
    HelpUndoOut { en: "Ctrl+Z / F8   undo the last check-out made here (asks first)", ru: "Ctrl+Z / F8   отменить последний выход здесь (с вопросом)", kk: "Ctrl+Z / F8   соңғы шығуды болдырмау (сұрайды)" }
    HelpBack { en: "Esc           back to the desk", ru: "Esc           назад к стойке", kk: "Esc           тіркеу орнына оралу" }
    HelpDashPages { en: "Tab / ← →     overview, or arrivals by category, region and country", ru: "Tab / ← →     обзор или прибывшие по категориям, регионам, странам", kk: "Tab / ← →     шолу немесе санат, өңір, ел бойынша келгендер" }
    HelpDashNames { en: "R             show or hide the latest arrivals' names (never notes)", ru: "R             показать или скрыть имена последних (заметки — никогда)", kk: "R             соңғы келгендердің аттарын көрсету/жасыру (ескертусіз)" }
    DashFrom { en: "from", ru: "с", kk: "бастап" }
    HelpCheckOut { en: "F10 / Ctrl+X  check out the highlighted person", ru: "F10 / Ctrl+X  отметить выход выделенного", kk: "F10 / Ctrl+X  белгіленгеннің шығуын тіркеу" }
    OnSiteTitle { en: "On site now", ru: "Сейчас на месте", kk: "Қазір орнында" }
    OnSiteHint { en: "Type to filter by name, code or delegation, or scan a badge", ru: "Набор фильтрует по имени, коду, делегации; можно сканировать бейдж", kk: "Аты, коды не делегациясы бойынша сүзу немесе бейджді сканерлеу" }
    OnSiteKeys { en: "Enter/F10: check out  Ctrl+Z: undo  Ctrl+P: roll-call  Esc: desk", ru: "Enter/F10: выход  Ctrl+Z: отмена  Ctrl+P: перекличка  Esc: стойка", kk: "Enter/F10: шығу  Ctrl+Z: болдырмау  Ctrl+P: түгендеу  Esc: үстел" }
    OnSiteEmpty { en: "Nobody is on site.", ru: "На месте никого нет.", kk: "Орнында ешкім жоқ." }
    OnSiteNoMatch { en: "Nobody on site matches.", ru: "Среди присутствующих таких нет.", kk: "Орнындағылар арасында табылмады." }
    RollTitle { en: "Roll-call: on site now", ru: "Перекличка: сейчас на месте", kk: "Түгендеу: қазір орнында" }
    RollNoDelegation { en: "Without a delegation", ru: "Без делегации", kk: "Делегациясыз" }
    RollChaperones { en: "Chaperones", ru: "Сопровождающие", kk: "Ілесушілер" }
    RollAway { en: "not on site", ru: "не на месте", kk: "орнында жоқ" }
    RollSince { en: "In since", ru: "Пришёл в", kk: "Келген уақыты" }
    RollContact { en: "Contact", ru: "Контакт", kk: "Байланыс" }
    RollWritten { en: "ROLL-CALL WRITTEN", ru: "ПЕРЕКЛИЧКА ЗАПИСАНА", kk: "ТҮГЕНДЕУ ПАРАҒЫ ЖАЗЫЛДЫ" }
    CheckOutTitle { en: "Check out a minor: who is collecting?", ru: "Выход ребёнка: кто забирает?", kk: "Баланың шығуы: кім алып кетеді?" }
    CheckOutCheckId { en: "Check the adult's ID, then pick them:", ru: "Проверьте документ взрослого и выберите его:", kk: "Ересектің құжатын тексеріп, таңдаңыз:" }
    CheckOutNoneAuthorised { en: "No authorised adult is registered for this child.", ru: "Для ребёнка не указан ни один уполномоченный взрослый.", kk: "Бұл балаға уәкілетті ересек тіркелмеген." }
    CheckOutSomeoneElse { en: "Someone else (organiser override, with a reason)", ru: "Другой человек (решение организатора, с причиной)", kk: "Басқа адам (ұйымдастырушы шешімі, себебімен)" }
    CheckOutKeys { en: "↑↓: choose   Enter: release to them (or scan their badge)   Esc: cancel", ru: "↑↓: выбрать   Enter: отдать ему (или скан его бейджа)   Esc: отмена", kk: "↑↓: таңдау   Enter: соған беру (немесе бейджін сканерлеу)   Esc: болдырмау" }
    CheckOutChooseFirst { en: "Choose who is collecting (↑↓) after checking their ID. Nobody was released.", ru: "Выберите забирающего (↑↓), проверив документ. Никто не отпущен.", kk: "Құжатын тексеріп, алып кететінді таңдаңыз (↑↓). Ешкім жіберілмеді." }
    CheckOutNotTheirAdult { en: "That badge is not one of this child's authorised adults. Nobody was released.", ru: "Этот бейдж не принадлежит доверенному взрослому ребёнка. Никто не отпущен.", kk: "Бұл бейдж баланың сенімді ересегінікі емес. Ешкім жіберілмеді." }
    CheckOutTypeFirst { en: "Type a name or scan a badge, then Enter (F10 / Ctrl+X: the highlighted person)", ru: "Наберите имя или отсканируйте бейдж, затем Enter (F10 / Ctrl+X — выделенный)", kk: "Атын теріңіз немесе бейджді сканерлеңіз, сосын Enter (F10 / Ctrl+X — белгіленген)" }
    CheckOutBadge { en: "badge", ru: "бейдж", kk: "бейдж" }
    CollectorOnSite { en: "on site", ru: "на месте", kk: "орнында" }
    CollectorNotIn { en: "not checked in today", ru: "сегодня не отмечен", kk: "бүгін тіркелмеген" }
    RelChaperone { en: "chaperone", ru: "сопровождающий", kk: "ілесуші" }
    RelMother { en: "mother", ru: "мать", kk: "анасы" }
    RelFather { en: "father", ru: "отец", kk: "әкесі" }
    RelGuardian { en: "guardian", ru: "опекун", kk: "қамқоршы" }
    RelGrandmother { en: "grandmother", ru: "бабушка", kk: "әжесі" }
    RelGrandfather { en: "grandfather", ru: "дедушка", kk: "атасы" }
    RelParent { en: "parent", ru: "родитель", kk: "ата-анасы" }
    CheckOutOverrideKeys { en: "Tab: field   Enter: release with override   Esc: cancel", ru: "Tab: поле   Enter: отдать по решению организатора   Esc: отмена", kk: "Tab: өріс   Enter: шешіммен беру   Esc: болдырмау" }
    CheckOutCollector { en: "Collector's name", ru: "Кто забирает", kk: "Алып кететін адам" }
    CheckOutReason { en: "Organiser's reason", ru: "Причина (организатор)", kk: "Себебі (ұйымдастырушы)" }
    CheckOutNeedsName { en: "Type the collector's name as on their ID.", ru: "Введите имя забирающего, как в документе.", kk: "Алып кететін адамның атын құжаттағыдай жазыңыз." }
    CheckedOut { en: "CHECKED OUT", ru: "ВЫХОД ОТМЕЧЕН", kk: "ШЫҒУ ТІРКЕЛДІ" }
    CollectedBy { en: "collected by", ru: "забрал(а)", kk: "алып кетті" }
    OverrideRecorded { en: "organiser override recorded", ru: "решение организатора записано", kk: "ұйымдастырушы шешімі жазылды" }
    CheckOutRefused { en: "CHECK-OUT REFUSED", ru: "ВЫХОД ЗАПРЕЩЁН", kk: "ШЫҒУҒА РҰҚСАТ ЖОҚ" }
    RefusedNotAuthorised { en: "is not an authorised adult for this child. Only an organiser may override, with a reason.", ru: "не является уполномоченным взрослым. Отменить запрет может только организатор, указав причину.", kk: "бұл балаға уәкілетті ересек емес. Тек ұйымдастырушы себебін жазып рұқсат бере алады." }
    RefusedNeedsCollector { en: "A minor leaves only with an authorised adult: pick who is collecting.", ru: "Ребёнок уходит только с уполномоченным взрослым: выберите, кто забирает.", kk: "Бала тек уәкілетті ересекпен кетеді: кім алып кететінін таңдаңыз." }
    NotOnSite { en: "NOT ON SITE", ru: "НЕ НА МЕСТЕ", kk: "ОРНЫНДА ЖОҚ" }
    NotOnSiteHelp { en: "Not checked in today (or already left): nothing to check out.", ru: "Сегодня не отмечен (или уже ушёл): выход не нужен.", kk: "Бүгін тіркелмеген (немесе кетіп қалған): шығу қажет емес." }
    NothingSelected { en: "Highlight a person first.", ru: "Сначала выделите человека.", kk: "Алдымен адамды белгілеңіз." }
    DashTitle { en: "Organisers' dashboard", ru: "Панель организаторов", kk: "Ұйымдастырушылар тақтасы" }
    DashArrived { en: "Arrived", ru: "Пришли", kk: "Келді" }
    DashOnSite { en: "On site", ru: "На месте", kk: "Орнында" }
    DashLeft { en: "Left", ru: "Ушли", kk: "Кетті" }
    DashChildren { en: "Children", ru: "Дети", kk: "Балалар" }
    DashAdults { en: "Adults", ru: "Взрослые", kk: "Ересектер" }
    DashByCategory { en: "By category", ru: "По категориям", kk: "Санаттар бойынша" }
    DashByRegion { en: "By region (Kazakhstan)", ru: "По регионам (Казахстан)", kk: "Өңірлер бойынша (Қазақстан)" }
    DashByCountry { en: "By country", ru: "По странам", kk: "Елдер бойынша" }
    DashArrivals { en: "Arrivals per 10 minutes", ru: "Приходы за 10 минут", kk: "10 минуттағы келгендер" }
    DashSessions { en: "Sessions: running and next", ru: "Сессии: идут и следующие", kk: "Сессиялар: қазір және келесі" }
    DashNoSessions { en: "No session is running or next today.", ru: "Сегодня сессий больше нет.", kk: "Бүгін басқа сессия жоқ." }
    DashDesks { en: "Desks", ru: "Стойки", kk: "Үстелдер" }
    /// A person let in by two stations apart: {1} code (and session), {2} {3} time and station
    /// that count, {4} {5} the second admission.
    DashTwice { en: "admitted twice: {1} — {2} {3}, again {4} {5}", ru: "впущен дважды: {1} — {2} {3}, снова {4} {5}", kk: "екі рет кірді: {1} — {2} {3}, қайта {4} {5}" }
    DashNow { en: "now", ru: "идёт", kk: "қазір" }
    DashNext { en: "next", ru: "далее", kk: "келесі" }
    DashIns { en: "in", ru: "вход", kk: "кіру" }
    DashOuts { en: "out", ru: "выход", kk: "шығу" }
    DashKeys { en: "Tab: overview / who came   R: show names   Esc: desk", ru: "Tab: обзор / кто пришёл   R: показать имена   Esc: стойка", kk: "Tab: шолу / кім келді   R: аттарды көрсету   Esc: үстел" }
    DashKeysNamesShown { en: "Tab: overview / who came   R: hide names   Esc: desk", ru: "Tab: обзор / кто пришёл   R: скрыть имена   Esc: стойка", kk: "Tab: шолу / кім келді   R: аттарды жасыру   Esc: үстел" }
    DashNamesHidden { en: "(names hidden)", ru: "(имена скрыты)", kk: "(аттар жасырын)" }
    DashLatest { en: "Latest arrivals", ru: "Последние пришедшие", kk: "Соңғы келгендер" }
    DashNobodyYet { en: "Nobody has arrived yet.", ru: "Пока никто не пришёл.", kk: "Әзірге ешкім келген жоқ." }
    UndoCheckOutTitle { en: "Undo check-out?", ru: "Отменить выход?", kk: "Шығуды болдырмау?" }
    CheckOutUndone { en: "CHECK-OUT UNDONE", ru: "ВЫХОД ОТМЕНЁН", kk: "ШЫҒУ БОЛДЫРЫЛМАДЫ" }
    CheckOutUndoneHelp { en: "On site again; the check-out stays in the log as undone.", ru: "Снова на месте; выход остаётся в журнале как отменённый.", kk: "Қайта орнында; шығу журналда болдырылмаған ретінде қалады." }
    LastAdultTitle { en: "Last adult of these children", ru: "Последний взрослый этих детей", kk: "Бұл балалардың соңғы ересегі" }
    LastAdultHelp { en: "Checking out this chaperone leaves these children on site with no adult of theirs:", ru: "Если отметить выход этого сопровождающего, эти дети останутся на месте без своих взрослых:", kk: "Бұл ілесіп жүрушінің шығуын белгілесеңіз, мына балалар өз ересегінсіз қалады:" }
    LastAdultConfirm { en: "An organiser decides: scan their badge or type the organisers' passphrase, then Enter (recorded). Esc: stays on site", ru: "Решает организатор: отсканируйте его бейдж или введите пароль организаторов, затем Enter (запишется). Esc: остаётся", kk: "Ұйымдастырушы шешеді: оның бейджін сканерлеңіз немесе ұйымдастырушылар құпиясөзін жазыңыз, сосын Enter (жазылады). Esc: қалады" }
    OrganiserField { en: "Organiser (badge or passphrase)", ru: "Организатор (бейдж или пароль)", kk: "Ұйымдастырушы (бейдж не құпиясөз)" }
    OrganiserNeeded { en: "An organiser must decide: scan their badge or type the passphrase.", ru: "Решение за организатором: отсканируйте его бейдж или введите пароль.", kk: "Ұйымдастырушы шешуі керек: бейджін сканерлеңіз немесе құпиясөзді жазыңыз." }
    CheckOutOrganiserNeeded { en: "An organiser must decide: scan their badge or type the passphrase.", ru: "Решение за организатором: отсканируйте его бейдж или введите пароль.", kk: "Ұйымдастырушы шешуі керек: бейджін сканерлеңіз немесе құпиясөзді жазыңыз." }
    CheckOutNeedsReason { en: "Type the reason for the override.", ru: "Укажите причину решения.", kk: "Шешімнің себебін жазыңыз." }
    RoleVolunteer { en: "volunteer", ru: "волонтёр", kk: "волонтер" }
    RoleHost { en: "host", ru: "ведущий", kk: "жүргізуші" }
    LastAdultKept { en: "Not checked out: the chaperone stays on site.", ru: "Выход не отмечен: сопровождающий остаётся.", kk: "Шығу белгіленбеді: ілесіп жүруші қалады." }
    NoAdultOnSite { en: "no adult of theirs on site", ru: "нет своих взрослых на месте", kk: "орында өз ересегі жоқ" }
    WithNoAdult { en: "with no adult on site", ru: "без взрослых на месте", kk: "орында ересегі жоқ" }
    RegionOther { en: "other", ru: "другое", kk: "басқа" }
    RegionNone { en: "not given", ru: "не указан", kk: "көрсетілмеген" }
}

impl T {
    /// A responsible adult's relation in `lang` when it is one the station knows (as imported:
    /// "mother", "мать", "анасы" …); anything else as it was written.
    pub fn relation(written: &str, lang: Lang) -> String {
        let known = [
            T::RelChaperone,
            T::RelMother,
            T::RelFather,
            T::RelGuardian,
            T::RelGrandmother,
            T::RelGrandfather,
            T::RelParent,
        ];
        let key = written.trim().to_lowercase();
        known
            .into_iter()
            .find(|t| Lang::ALL.iter().any(|&l| t.get(l) == key))
            .map_or_else(|| written.to_owned(), |t| t.get(lang).to_owned())
    }

    pub fn category(c: crate::domain::Category) -> T {
        use crate::domain::Category as C;
        match c {
            C::Child => T::CatChild,
            C::Chaperone => T::CatChaperone,
            C::Ombudsman => T::CatOmbudsman,
            C::InternationalOrg => T::CatInternationalOrg,
            C::StateBody => T::CatStateBody,
            C::Ngo => T::CatNgo,
            C::Creative => T::CatCreative,
            C::Press => T::CatPress,
            C::Volunteer => T::CatVolunteer,
            C::Organiser => T::CatOrganiser,
            C::Other => T::CatOther,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let forms: Vec<String> =
            [1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111].iter().map(|&n| count(Lang::Ru, n, &PARTICIPANT)).collect();
        assert_eq!(
            forms,
            [
                "1 участник",
                "2 участника",
                "5 участников",
                "11 участников",
                "12 участников",
                "14 участников",
                "21 участник",
                "22 участника",
                "25 участников",
                "101 участник",
                "111 участников"
            ]
        );
    }

    #[test]
    fn english_and_kazakh_plurals() {
        assert_eq!(count(Lang::En, 1, &PARTICIPANT), "1 participant");
        assert_eq!(count(Lang::En, 0, &PARTICIPANT), "0 participants");
        assert_eq!(count(Lang::En, 2, &PERSON), "2 people");
        assert_eq!(count(Lang::Kk, 1, &PARTICIPANT), "1 қатысушы");
        assert_eq!(count(Lang::Kk, 5, &PARTICIPANT), "5 қатысушы");
    }

    #[test]
    fn every_text_exists_in_every_language() {
        for t in T::ALL {
            for lang in Lang::ALL {
                assert!(!t.get(lang).is_empty(), "{t:?} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn a_template_takes_its_arguments_where_the_language_puts_them() {
        assert_eq!(fill(T::ReachLastHeard.get(Lang::En), &["door-1", "14:12"]), "door-1 last heard 14:12");
        let kk = fill(T::ReachHeard.get(Lang::Kk), &["14:32", "27", "29"]);
        assert_eq!(kk, "14:32 кезіндегі жағдай — соңғы минутта 29 бекеттің 27 байланыста болды");
        for t in T::ALL {
            for lang in Lang::ALL {
                let text = t.get(lang);
                let placeholders = |l: Lang| (1..=9).filter(|i| t.get(l).contains(&format!("{{{i}}}"))).count();
                assert_eq!(placeholders(lang), placeholders(Lang::En), "{t:?} in {lang:?}: {text}");
            }
        }
    }

    #[test]
    fn locale_tags() {
        assert_eq!(Lang::from_tag("ru_RU.UTF-8"), Lang::Ru);
        assert_eq!(Lang::from_tag("kk_KZ"), Lang::Kk);
        assert_eq!(Lang::from_tag("C.UTF-8"), Lang::En);
    }
}
