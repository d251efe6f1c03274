//! A seeded generator of the damage PDF text extraction does to Thai, to measure how well the
//! tagger (after `normalize`) copes with it: `ruammue eval tag --damage SEED`.
//!
//! The damage, each applied independently at random with the rates of [`DamageConfig`]:
//! - a **space before a combining mark** or a following vowel (า, ำ): จ ัดก าร;
//! - a **space after a mark** inside a word: สิ่ งแวดล้อม;
//! - a **tone mark moved past the next character** when that is a consonant or า/ำ:
//!   ข้าว → ขา้ว, เป็น → เปน็, น้ำ → นำ้;
//! - a **line wrap inside a word**: a `\n` between two Thai letters (never before a mark)
//!   about every [`DamageConfig::wrap_every`] characters, as a PDF line of a justified column ends
//!   mid-word (lines of nearly equal width: 90–100% of it, then the next point between two Thai
//!   letters).
//!
//! The same seed gives the same damage. Only Thai text is touched.

use crate::classify::model::SplitMix64;

/// Rates of each kind of damage (probabilities per eligible position) and the wrap width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DamageConfig {
    /// Chance of a space before each combining mark or following vowel.
    pub space_before_mark: f64,
    /// Chance of a space after a mark that is followed by a Thai letter.
    pub space_after_mark: f64,
    /// Chance that a tone mark (or mai taikhu) swaps with the consonant or า/ำ after it.
    pub move_tone: f64,
    /// Width of a line, in characters (0: no wraps); each wrap comes after 90–100% of this many
    /// characters, at the next point between two Thai letters.
    pub wrap_every: usize,
}

impl Default for DamageConfig {
    fn default() -> Self {
        DamageConfig { space_before_mark: 0.1, space_after_mark: 0.05, move_tone: 0.1, wrap_every: 60 }
    }
}

/// Damages `text` with the default rates.
///
/// ```
/// let text = "การจัดการสิ่งแวดล้อมของชุมชนต้องอาศัยความร่วมมือจากทุกฝ่ายในพื้นที่อย่างต่อเนื่อง";
/// let damaged = ruammue::eval::damage::damage(text, 7);
/// assert_ne!(damaged, text);
/// assert_eq!(damaged, ruammue::eval::damage::damage(text, 7));
/// let kept: String = damaged.chars().filter(|c| !c.is_whitespace()).collect();
/// assert_eq!(kept.chars().count(), text.chars().count());
/// ```
pub fn damage(text: &str, seed: u64) -> String {
    damage_with(text, seed, &DamageConfig::default())
}

/// Damages `text` with the given rates.
pub fn damage_with(text: &str, seed: u64, config: &DamageConfig) -> String {
    let mut rng = SplitMix64::new(seed);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut next_wrap = wrap_distance(&mut rng, config);
    let mut since_wrap = 0usize;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        if is_tone(c) && next.is_some_and(|n| is_consonant(n) || n == 'า' || n == 'ำ') && rng.unit() < config.move_tone
        {
            out.extend(next);
            out.push(c);
            i += 2;
            since_wrap += 2;
            continue;
        }
        if (is_combining(c) || c == 'า' || c == 'ำ') && i > 0 && rng.unit() < config.space_before_mark {
            out.push(' ');
        }
        out.push(c);
        since_wrap += 1;
        if is_combining(c) && next.is_some_and(is_thai_letter) && rng.unit() < config.space_after_mark {
            out.push(' ');
        }
        let wrap_here =
            is_thai_letter(c) && next.is_some_and(|n| is_thai_letter(n) && !is_combining(n) && !is_follower(n));
        if next_wrap > 0 && since_wrap >= next_wrap && wrap_here {
            out.push('\n');
            since_wrap = 0;
            next_wrap = wrap_distance(&mut rng, config);
        }
        i += 1;
    }
    out
}

fn wrap_distance(rng: &mut SplitMix64, config: &DamageConfig) -> usize {
    if config.wrap_every == 0 {
        return 0;
    }
    let low = config.wrap_every * 9 / 10;
    low + rng.below(config.wrap_every - low + 1)
}

/// Thai consonants ก..ฮ.
fn is_consonant(c: char) -> bool {
    ('\u{0e01}'..='\u{0e2e}').contains(&c)
}

/// Marks written above or below the consonant: ั ิ ี ึ ื ุ ู ฺ and ็ ่ ้ ๊ ๋ ์ ํ ๎.
fn is_combining(c: char) -> bool {
    c == '\u{0e31}' || ('\u{0e34}'..='\u{0e3a}').contains(&c) || ('\u{0e47}'..='\u{0e4e}').contains(&c)
}

/// Vowels written after the consonant that may not start a line: า ำ ะ ๅ.
fn is_follower(c: char) -> bool {
    matches!(c, 'ะ' | 'า' | 'ำ' | 'ๅ')
}

/// Tone marks and mai taikhu.
fn is_tone(c: char) -> bool {
    ('\u{0e47}'..='\u{0e4b}').contains(&c)
}

fn is_thai_letter(c: char) -> bool {
    ('\u{0e01}'..='\u{0e4e}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "เป็นที่ยอมรับของประชาชนและหน่วยงานที่เกี่ยวข้องทั้งหมดว่าการพัฒนาเมืองต้องมีส่วนร่วม ABC 123";

    fn only(config: DamageConfig) -> String {
        damage_with(TEXT, 3, &config)
    }

    const NONE: DamageConfig =
        DamageConfig { space_before_mark: 0.0, space_after_mark: 0.0, move_tone: 0.0, wrap_every: 0 };

    #[test]
    fn no_rates_no_damage() {
        assert_eq!(only(NONE), TEXT);
    }

    #[test]
    fn spaces_only_add_spaces_before_marks() {
        let damaged = only(DamageConfig { space_before_mark: 1.0, ..NONE });
        assert!(damaged.contains("เป ็น"), "{damaged}");
        assert_eq!(damaged.replace(' ', ""), TEXT.replace(' ', ""));
    }

    #[test]
    fn tones_move_past_the_next_consonant() {
        let damaged = only(DamageConfig { move_tone: 1.0, ..NONE });
        assert!(damaged.starts_with("เปน็"), "{damaged}");
        let mut a: Vec<char> = damaged.chars().collect();
        let mut b: Vec<char> = TEXT.chars().collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
    }

    #[test]
    fn wraps_fall_between_thai_letters_and_never_before_a_mark() {
        let long = TEXT.repeat(5);
        let damaged = damage_with(&long, 9, &DamageConfig { wrap_every: 20, ..NONE });
        assert!(damaged.matches('\n').count() >= 10, "{damaged}");
        for line in damaged.lines().skip(1) {
            let first = line.chars().next().unwrap_or('ก');
            assert!(!is_combining(first) && !is_follower(first), "{line}");
        }
        assert_eq!(damaged.replace('\n', ""), long);
    }
}
