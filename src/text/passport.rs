//! Latin as Kazakhstani passports write a Cyrillic name: the spelling the sample generator gives
//! registrants and badges print under a Cyrillic name that has no stored Latin spelling.

fn is_cyr_vowel(c: char) -> bool {
    matches!(c, 'а' | 'ә' | 'е' | 'ё' | 'и' | 'о' | 'ө' | 'у' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'ю' | 'я')
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Latin as Kazakhstani passports write a Cyrillic name: Смағұлова → Smagulova, Ерлан → Yerlan,
/// Васильев → Vasilyev, Хасенов → Khassenov (`kazakh`: an s between vowels is doubled).
pub fn passport_latin(s: &str, kazakh: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let l = lower(c);
        let prev = i.checked_sub(1).map(|j| lower(chars[j]));
        let next = chars.get(i + 1).copied().map(lower);
        let word_start = prev.is_none_or(|p| !p.is_alphabetic());
        let after_vowel = prev.is_some_and(|p| is_cyr_vowel(p) || p == 'ь' || p == 'ъ');
        let piece = match l {
            'а' | 'ә' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ғ' => "g",
            'д' => "d",
            'е' if word_start || after_vowel => "ye",
            'е' | 'э' => "e",
            'ё' if word_start || after_vowel => "yo",
            'ё' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'й' | 'ы' => "y",
            'к' | 'қ' => "k",
            'л' => "l",
            'м' => "m",
            'н' | 'ң' => "n",
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' if kazakh && prev.is_some_and(is_cyr_vowel) && next.is_some_and(is_cyr_vowel) => "ss",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' | 'ү' => "u",
            'ф' => "f",
            'х' => "kh",
            'һ' => "h",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ю' => "yu",
            'я' => "ya",
            _ => {
                out.push(c);
                continue;
            }
        };
        if c != l {
            let mut it = piece.chars();
            if let Some(first) = it.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(it.as_str());
            }
        } else {
            out.push_str(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_and_russian_names() {
        assert_eq!(passport_latin("Смагулова", true), "Smagulova");
        assert_eq!(passport_latin("Смағұлова", true), "Smagulova");
        assert_eq!(passport_latin("Есенов", true), "Yessenov");
        assert_eq!(passport_latin("Касымов", true), "Kassymov");
        assert_eq!(passport_latin("Ерасыл", true), "Yerassyl");
        assert_eq!(passport_latin("Сатпаев", true), "Satpayev");
        assert_eq!(passport_latin("Васильев", false), "Vasilyev");
        assert_eq!(passport_latin("Фёдорова", false), "Fedorova");
        assert_eq!(passport_latin("Евгений", false), "Yevgeniy");
        assert_eq!(passport_latin("Жукова-Щербакова", false), "Zhukova-Shcherbakova");
    }
}
