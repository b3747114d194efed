//! Shared helpers for the search tests: people made of common names, deterministically.
#![allow(dead_code)]

use checkin::domain::Person;

pub const KZ_SURNAMES: &[&str] = &[
    "Ахметов",
    "Омаров",
    "Оспанов",
    "Сүлейменов",
    "Искаков",
    "Абдрахманов",
    "Қалиев",
    "Садықов",
    "Ибраев",
    "Смағұлов",
    "Нұрғалиев",
    "Жақыпов",
    "Байжанов",
    "Мұқанов",
    "Қасымов",
    "Тоқаев",
    "Сейітқалиев",
    "Жұмабаев",
    "Бекмұхамбетов",
    "Досжанов",
    "Ерғалиев",
    "Әбдіқадыров",
    "Құсайынов",
    "Сарсенбаев",
    "Есенов",
    "Мақашов",
    "Төлегенов",
    "Мұхаметжанов",
    "Бейсенов",
    "Әміржанов",
    "Сатпаев",
];
pub const RU_SURNAMES: &[&str] = &[
    "Иванов",
    "Кузнецов",
    "Попов",
    "Смирнов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
];
pub const OTHER_SURNAMES: &[&str] =
    &["Ким", "Ли", "Цой", "Пак", "Шмидт", "Мюллер", "Бондаренко", "Шевченко", "Абдуллаев", "Юсупов", "Ибрагимов"];
pub const KZ_MALE: &[&str] = &[
    "Азамат",
    "Серік",
    "Марат",
    "Нұрлан",
    "Ерлан",
    "Қанат",
    "Асхат",
    "Болат",
    "Дәурен",
    "Ержан",
    "Бауыржан",
    "Айдос",
    "Дархан",
    "Ерболат",
    "Мұрат",
    "Талғат",
    "Асқар",
    "Бақыт",
    "Нұрсұлтан",
    "Ернар",
    "Алмас",
    "Арман",
    "Дастан",
    "Данияр",
    "Ерасыл",
    "Әлихан",
    "Бекзат",
    "Диас",
    "Олжас",
    "Темірлан",
    "Мағжан",
    "Мирас",
    "Жандос",
    "Айбек",
    "Ғалым",
    "Самат",
    "Руслан",
    "Мұхтар",
    "Еркебұлан",
    "Жасұлан",
];
pub const KZ_FEMALE: &[&str] = &[
    "Аружан",
    "Мәдина",
    "Динара",
    "Айгерім",
    "Айгүл",
    "Гүлнар",
    "Гүлмира",
    "Жанар",
    "Жұлдыз",
    "Әсел",
    "Салтанат",
    "Сәуле",
    "Айжан",
    "Ақерке",
    "Назерке",
    "Дана",
    "Аяжан",
    "Томирис",
    "Айым",
    "Меруерт",
    "Мөлдір",
    "Гаухар",
    "Баян",
    "Ботагөз",
    "Шынар",
    "Айнұр",
    "Жібек",
    "Іңкәр",
    "Арайлым",
    "Камила",
    "Алия",
    "Ләззат",
    "Раушан",
    "Айдана",
    "Ұлжан",
    "Балжан",
    "Перизат",
    "Қарлығаш",
    "Айсұлу",
    "Зарина",
];
pub const RU_MALE: &[&str] = &[
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Владимир",
    "Евгений",
    "Иван",
    "Михаил",
    "Николай",
    "Виктор",
    "Юрий",
    "Игорь",
    "Олег",
    "Павел",
    "Максим",
    "Денис",
    "Артём",
    "Роман",
    "Константин",
];
pub const RU_FEMALE: &[&str] = &[
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Анна",
    "Мария",
    "Екатерина",
    "Юлия",
    "Людмила",
    "Галина",
    "Марина",
    "Оксана",
    "Валентина",
    "Анастасия",
    "Виктория",
    "Надежда",
    "Лариса",
    "Дарья",
];
pub const LATIN_PEOPLE: &[(&str, &str)] = &[
    ("Müller", "Jürgen"),
    ("Wójcik", "Łukasz"),
    ("Yılmaz", "Çağla"),
    ("Öztürk", "İsmail"),
    ("Lindström", "Åsa"),
    ("Smith", "John"),
    ("García", "José"),
    ("Nguyen", "Anh"),
    ("Dubois", "Chloé"),
    ("Rossi", "Giulia"),
    ("王", "芳"),
    ("李", "娜"),
    ("Kowalski", "Piotr"),
    ("Novák", "Jan"),
    ("Schmidt", "Anna"),
];

/// Feminine form of a Kazakh/Russian surname in -ов/-ев/-ин.
pub fn feminine(s: &str) -> String {
    if s.ends_with("ов") || s.ends_with("ев") || s.ends_with("ин") || s.ends_with("ын") {
        format!("{s}а")
    } else {
        s.to_string()
    }
}

pub fn person(code: &str, family: &str, given: &str) -> Person {
    Person { code: code.into(), family: family.into(), given: given.into(), ..Default::default() }
}

/// A small xorshift generator: tests stay deterministic without any dependency.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

/// `count` people with common names, codes `D-000001`…; skips people `reject` says no to.
pub fn distractors(count: usize, seed: u64, reject: impl Fn(&Person) -> bool) -> Vec<Person> {
    let mut rng = Rng(seed | 1);
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < count && i < count * 20 {
        i += 1;
        let p = random_person(&mut rng, &format!("D-{i:06}"));
        if !reject(&p) {
            out.push(p);
        }
    }
    out
}

pub fn random_person(rng: &mut Rng, code: &str) -> Person {
    let kind = rng.next() % 10;
    let (family, given) = match kind {
        0..=5 => {
            let s = *rng.pick(KZ_SURNAMES);
            if rng.next().is_multiple_of(2) {
                (s.to_string(), rng.pick(KZ_MALE).to_string())
            } else {
                (feminine(s), rng.pick(KZ_FEMALE).to_string())
            }
        }
        6..=7 => {
            let s = *rng.pick(RU_SURNAMES);
            if rng.next().is_multiple_of(2) {
                (s.to_string(), rng.pick(RU_MALE).to_string())
            } else {
                (feminine(s), rng.pick(RU_FEMALE).to_string())
            }
        }
        8 => {
            let s = *rng.pick(OTHER_SURNAMES);
            let list = if rng.next().is_multiple_of(2) { RU_MALE } else { KZ_FEMALE };
            (s.to_string(), rng.pick(list).to_string())
        }
        _ => {
            let (f, g) = *rng.pick(LATIN_PEOPLE);
            (f.to_string(), g.to_string())
        }
    };
    Person { code: code.into(), family, given, ..Default::default() }
}
