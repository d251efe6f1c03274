//! [`Normalizer`]: the repairs that only a dictionary can confirm.
//!
//! Pipeline position: after [`normalize`] (which it runs first), before passage splitting and
//! segmentation. The dictionary comes in through [`WordModel`], which the segmenter implements, so
//! this module never depends on `segment`.
//!
//! First, a line break directly before a combining mark or following vowel is removed: no line
//! starts with one, and pdftotext breaks the line at a displaced tone mark ([`join_split_clusters`]).
//! Then three repairs, in this order, each a loop over the text with one decision function:
//! 1. (optional, [`Normalizer::join_lines`]) a line break between two Thai letters stays if the
//!    line before is clearly shorter than a full line — it ends a paragraph
//!    ([`line_ends_paragraph`]); otherwise it goes away (a word or a phrase wrapped across lines:
//!    Thai wraps carry no space) unless the model says the two sides read worse together —
//!    [`Normalizer::line_break_is_space`];
//! 2. a combining mark on the wrong letter (PDF extraction and bad typing put tone marks and
//!    vowels one letter late: ขา้ว, ทัง้, ปรบั) moves back onto the previous consonant when the
//!    model prefers the result — sites found by [`find_site`], decided by
//!    [`Normalizer::accept_mark_move`]; the windows look through single spaces (left out of the
//!    costed text), since a PDF space inside the word would otherwise hide it (หน่ วยงาน); a space
//!    right after marks that moved back goes too (pdftotext writes ทัง้ ยัง for ทั้งยัง). A mark
//!    in a valid-looking place (ปรบั) moves only in PDF text or in text that shows damage (a space
//!    before a mark, [`shows_space_damage`], or a mark in an impossible place, as in ขา้ว): in
//!    clean typed text nearly every such move hits a name the dictionary does not know
//!    (ชาญวีรกูล → ชาญวีรูกล);
//! 3. a space between two Thai letters goes away when the joined text is much cheaper than its two
//!    halves (เป็ น → เป็น) — [`Normalizer::space_is_spurious`]; real phrase spaces stay.
//!
//! Every decision compares model costs of short windows (at most [`WINDOW_CHARS`] characters each
//! side of the site, never cutting a cluster), so the work is linear in the text. The margins are
//! in the model's cost units; the defaults are the `*_MARGIN` constants and can be changed with
//! [`Normalizer::margins`].
//!
//! Invariant: no repair adds, drops or reorders a Thai consonant, a digit or a Latin letter; the
//! output is in [`normalize`]d form.

use super::canonical::normalize;
use super::chars::{
    continues_cluster, is_consonant, is_following_vowel, is_leading_vowel, is_mark, is_thai_letter, mark_rank,
    marks_conflict, NIKHAHIT, SARA_AM,
};

/// What text repair needs to know about words; the segmenter implements it (normalize must not
/// depend on segment).
///
/// ```
/// use ruammue::normalize::WordModel;
/// use std::collections::HashSet;
///
/// /// Fewest unknown characters first, then fewest words.
/// struct Words(HashSet<&'static str>);
///
/// impl WordModel for Words {
///     fn cost(&self, text: &str) -> f64 {
///         let chars: Vec<char> = text.chars().collect();
///         let mut best = vec![0.0; chars.len() + 1];
///         for end in 1..=chars.len() {
///             best[end] = best[end - 1] + 10.0;
///             for start in 0..end {
///                 let word: String = chars[start..end].iter().collect();
///                 if self.0.contains(word.as_str()) {
///                     best[end] = f64::min(best[end], best[start] + 1.0);
///                 }
///             }
///         }
///         best[chars.len()]
///     }
///     fn contains(&self, word: &str) -> bool {
///         self.0.contains(word)
///     }
/// }
///
/// let model = Words(["ข้าว", "ปลา"].into_iter().collect());
/// assert!(model.cost("ข้าวปลา") < model.cost("ขา้วปลา"));
/// ```
pub trait WordModel: Sync {
    /// Cost of the best segmentation of `text` (a run of Thai without spaces): lower = more
    /// word-like. Unknown material costs much more than dictionary words.
    fn cost(&self, text: &str) -> f64;
    /// Whether `word` is a dictionary word.
    fn contains(&self, word: &str) -> bool;
    /// Probability (0 to 1) that a phrase space separates `left` from `right` — the Thai text
    /// before and after a line break — in running text, from corpus statistics: for instance how
    /// often the last word of `left` is followed by a space times how often the first word of
    /// `right` follows one. Optional: `None` (the default) means the model has no such
    /// statistics, and a line break that no word runs across is then removed.
    ///
    /// Measured on pdftotext output of justified Thai news, with that product estimated from
    /// 3,000 other news texts: of 377 breaks at full lines, 72 stood for a space; the 56 breaks
    /// with a probability of at least 0.1 held 45 of them.
    fn space_probability(&self, _left: &str, _right: &str) -> Option<f64> {
        None
    }
}

/// Default [`Margins::mark_move`]: how much cheaper (in model cost) a window must become before a
/// mark that sits in a valid-looking place (ปรบั, ทัง้, เปน็) is moved. Measured with a unigram
/// model (−ln p per word, 20 per unknown character) on pdftotext output of Thai news: genuine
/// repairs gain 10 (ผูน้ำ) to 48 (ยงั่ยืน); moving a mark inside an unknown name gains about 5
/// (มนัญญา → มัน + ญญา).
pub const MARK_MOVE_MARGIN: f64 = 8.0;
/// Default [`Margins::impossible_mark`]: a mark in an impossible place (after ะ า ำ or a leading
/// vowel: ขา้ว) is moved when the move costs no more than this less, i.e. at 0.0 on a tie too.
pub const IMPOSSIBLE_MARK_MARGIN: f64 = 0.0;
/// Default [`Margins::space_join`]: a space between two Thai letters is removed when the joined
/// text costs less than the two halves by more than this.
pub const SPACE_JOIN_MARGIN: f64 = 0.5;
/// Default [`Margins::line_space`]: with [`Normalizer::join_lines`] and a model without
/// [`WordModel::space_probability`], a line break between two Thai letters becomes a space only
/// when the joined text costs more than the two halves by more than this; otherwise the lines are
/// joined with no space.
pub const LINE_SPACE_MARGIN: f64 = 0.5;
/// Default [`Margins::line_space_probability`]: with [`Normalizer::join_lines`] and a model that
/// gives [`WordModel::space_probability`], a line break that no word runs across becomes a space
/// when that probability is at least this.
pub const LINE_SPACE_PROBABILITY: f64 = 0.1;
/// Context, in characters, that a decision looks at on each side of its site (extended so that no
/// Thai cluster is cut).
pub const WINDOW_CHARS: usize = 12;
/// With [`Normalizer::join_lines`], a line narrower than this share of the text's full lines ends a
/// paragraph, and the break after it stays. Measured on pdftotext output of justified Thai news:
/// below 0.85, 56 of 75 breaks stood for a paragraph end or a space; at 0.9 and above, 31 of 190.
pub const FULL_LINE_RATIO: f64 = 0.85;
/// Which line width counts as "full": this percentile of the widths of the non-blank lines.
pub const FULL_LINE_PERCENTILE: f64 = 0.9;
/// Texts whose full lines are wider than this many characters are not wrapped (one paragraph a
/// line): with [`Normalizer::join_lines`], their line breaks all stay.
pub const MAX_WRAPPED_WIDTH: usize = 200;

/// How much of a line [`Normalizer::keep_breaks_before`]'s function sees.
pub const BLOCK_PREFIX_CHARS: usize = 200;
/// How far after a mark [`Normalizer::fix_marks_in_run`] looks for a better move before it moves
/// the mark.
const LOOKAHEAD_CHARS: usize = 6;
/// Most combining marks one letter carries in real text; scans over marks stop there, so that
/// an endless run of marks costs linear time.
const MAX_MARKS: usize = 4;
/// Longest dictionary word, in characters, looked up to confirm that a moved mark now sits in a
/// word.
const COVER_CHARS: usize = 12;

/// The decision margins of [`Normalizer`], in the [`WordModel`]'s cost units.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct Margins {
    /// See [`MARK_MOVE_MARGIN`].
    pub mark_move: f64,
    /// See [`IMPOSSIBLE_MARK_MARGIN`].
    pub impossible_mark: f64,
    /// See [`SPACE_JOIN_MARGIN`].
    pub space_join: f64,
    /// See [`LINE_SPACE_MARGIN`].
    pub line_space: f64,
    /// See [`LINE_SPACE_PROBABILITY`].
    pub line_space_probability: f64,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            mark_move: MARK_MOVE_MARGIN,
            impossible_mark: IMPOSSIBLE_MARK_MARGIN,
            space_join: SPACE_JOIN_MARGIN,
            line_space: LINE_SPACE_MARGIN,
            line_space_probability: LINE_SPACE_PROBABILITY,
        }
    }
}

/// Full repair: [`normalize`], then repairs that the dictionary must confirm.
///
/// ```
/// use ruammue::normalize::{Normalizer, Origin, WordModel};
///
/// /// A toy model: the cost is 10 per character outside the listed words, 1 per word.
/// struct Toy;
/// impl WordModel for Toy {
///     fn cost(&self, text: &str) -> f64 {
///         let mut rest = text;
///         let mut cost = 0.0;
///         while let Some(c) = rest.chars().next() {
///             match ["ข้าว", "หน้าที่", "เป็น", "ของ"].iter().find(|w| rest.starts_with(*w)) {
///                 Some(w) => { cost += 1.0; rest = &rest[w.len()..]; }
///                 None => { cost += 10.0; rest = &rest[c.len_utf8()..]; }
///             }
///         }
///         cost
///     }
///     fn contains(&self, word: &str) -> bool {
///         ["ข้าว", "หน้าที่", "เป็น", "ของ"].contains(&word)
///     }
/// }
///
/// let normalizer = Normalizer::new(&Toy);
/// assert_eq!(normalizer.repair("หนา้ที่ของ"), "หน้าที่ของ"); // tone mark after sara aa
/// assert_eq!(normalizer.repair("ของ ข้าว"), "ของ ข้าว"); // a phrase space stays
/// // Typed text with no sign of damage: a space in a word and a mark that a name could have stay.
/// assert_eq!(normalizer.repair("เป็ นข้าว"), "เป็ นข้าว");
/// assert_eq!(normalizer.repair("เปน็ของข้าว"), "เปน็ของข้าว");
/// let pdf = normalizer.origin(Origin::Pdf);
/// assert_eq!(pdf.repair("เป็ นข้าว"), "เป็นข้าว"); // PDF space inside a word
/// assert_eq!(pdf.repair("เปน็ของข้าว"), "เป็นของข้าว"); // maitaikhu one letter late
/// assert_eq!(normalizer.join_lines(true).repair("ข้า\nว"), "ข้าว"); // word wrapped across lines
/// ```
#[derive(Clone, Copy)]
pub struct Normalizer<'m> {
    model: &'m dyn WordModel,
    join_lines: bool,
    opens_block: Option<fn(&str) -> bool>,
    margins: Margins,
    origin: Origin,
}

/// Where a text comes from, which decides the repairs that change its spacing and lines.
///
/// Typed Thai puts real spaces where a compound would also read (กรรมการ ชุมชน), before
/// abbreviations (งบประมาณ พ.ศ. 2567, นายก อบต.) and between a first name and a surname; only
/// extraction damage puts spaces inside words. Measured (2026-11-25, `benches/typed_spaces.py`):
/// on 150 typed news files of `../shared/data/thaigov/news` (518,075 characters) removing such
/// spaces everywhere joined away 0.222 real spaces per 1,000 characters (0.006 as it is now); on
/// the PDF fixtures of `tests/data/pdf/tune` (layout mode) it takes spurious spaces from 9.62 to
/// 3.97 per 1,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Not known (typed text, or PDF text pasted into a file): a space between two Thai letters
    /// that a word spans is removed only when the text (each paragraph on its own, unless lines
    /// are joined) shows extraction damage: a space or line break just before a combining mark or
    /// a following vowel, or just after a leading vowel, which no typed word has
    /// ([`shows_space_damage`]). Lines are kept unless
    /// [`join_lines`](Normalizer::join_lines) is asked for. The default.
    Unknown,
    /// Extracted from a PDF: spaces inside words are always removed, and a line break before a
    /// combining mark (which no line starts with) always goes.
    Pdf,
}

impl std::fmt::Debug for Normalizer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer")
            .field("join_lines", &self.join_lines)
            .field("opens_block", &self.opens_block.is_some())
            .field("margins", &self.margins)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// Where a misplaced mark sits, which sets how sure the model must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SiteKind {
    /// On a following or leading vowel: no Thai word has it there.
    Impossible,
    /// On a consonant, where it could belong: only the dictionary can tell.
    Suspicious,
}

/// A mark that may be on the wrong letter, and the consonants it may belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Site {
    kind: SiteKind,
    /// Consonants the mark may belong to.
    targets: [Option<usize>; 2],
    /// The mark.
    from: usize,
    /// End of the marks stacked on the same letter from `from` on (`from + 1` if none).
    stack_end: usize,
}

/// Reusable buffers, so that a repair allocates once rather than per decision.
#[derive(Default)]
struct Scratch {
    text: String,
    window: Vec<char>,
    left: String,
    right: String,
}

impl<'m> Normalizer<'m> {
    /// A normalizer that asks `model` about words; lines are kept as they are.
    pub fn new(model: &'m dyn WordModel) -> Self {
        Normalizer { model, join_lines: false, opens_block: None, margins: Margins::default(), origin: Origin::Unknown }
    }

    /// Where the text comes from (default [`Origin::Unknown`]).
    pub fn origin(self, origin: Origin) -> Self {
        Normalizer { origin, ..self }
    }

    /// Whether [`repair`](Self::repair) also joins lines (off by default): a line break between
    /// two Thai letters is removed, or becomes a space when the model says it stood for one. Blank
    /// lines, breaks after a line clearly shorter than the text's full lines (a paragraph's last
    /// line, see [`FULL_LINE_RATIO`]), all breaks of a text that is not wrapped, and breaks next
    /// to anything but a Thai letter stay.
    pub fn join_lines(self, yes: bool) -> Self {
        Normalizer { join_lines: yes, ..self }
    }

    /// When lines are joined, a line for which `opens_block` is true keeps the break before it:
    /// the caller knows which lines start something (an agenda item, a resolution, a speaker
    /// turn) that must stay at the start of a line. The function sees the line's first
    /// [`BLOCK_PREFIX_CHARS`] characters.
    ///
    /// ```
    /// # use ruammue::normalize::{Normalizer, WordModel};
    /// # struct Letters;
    /// # impl WordModel for Letters {
    /// #     fn cost(&self, text: &str) -> f64 { text.chars().count() as f64 }
    /// #     fn contains(&self, _: &str) -> bool { false }
    /// # }
    /// let text = "ขอมติท่านใดเห็นชอบโปรดยกมือกันครับ\nมติที่ประชุมเห็นชอบ";
    /// let joined = Normalizer::new(&Letters).join_lines(true);
    /// assert!(!joined.repair(text).contains('\n'));
    /// let kept = joined.keep_breaks_before(|line| line.starts_with("มติที่ประชุม"));
    /// assert!(kept.repair(text).contains("\nมติที่ประชุม"));
    /// ```
    pub fn keep_breaks_before(self, opens_block: fn(&str) -> bool) -> Self {
        Normalizer { opens_block: Some(opens_block), ..self }
    }

    /// Replaces the decision margins (defaults: the `*_MARGIN` constants).
    pub fn margins(self, margins: Margins) -> Self {
        Normalizer { margins, ..self }
    }

    /// [`normalize`], then the dictionary-confirmed repairs: a line break that splits a cluster
    /// removed (PDF text, or when lines are joined: no line starts with a combining mark), lines
    /// joined (if asked), marks moved back onto the letter they belong to, spaces inside words
    /// removed (see [`Origin`]). The output is [`normalize`]d.
    pub fn repair(&self, text: &str) -> String {
        if self.origin == Origin::Pdf || self.join_lines {
            return self.repair_block(text);
        }
        // Typed text, lines kept: each paragraph shows its own damage, or keeps its spaces.
        let mut out = String::with_capacity(text.len());
        let mut block_start = 0;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let end = at + line.len();
            if line.trim().is_empty() {
                out.push_str(&self.repair_block(text.get(block_start..at).unwrap_or_default()));
                out.push_str(&normalize(line));
                block_start = end;
            }
            at = end;
        }
        out.push_str(&self.repair_block(text.get(block_start..).unwrap_or_default()));
        out
    }

    /// [`repair`](Self::repair) of one stretch of text, which shows damage or not as a whole.
    fn repair_block(&self, text: &str) -> String {
        let pdf = self.origin == Origin::Pdf;
        let remove_spaces = pdf || shows_space_damage(text);
        let clean = normalize(text);
        if !clean.contains(is_thai_letter) {
            return clean;
        }
        let mut chars: Vec<char> = clean.chars().collect();
        let mut scratch = Scratch::default();
        let mut changed = false;
        if pdf || self.join_lines {
            changed |= join_split_clusters(&mut chars);
        }
        if self.join_lines {
            changed |= self.join_broken_lines(&mut chars, &mut scratch);
        }
        // A mark in a valid-looking place moves only in text that shows damage: in clean typed
        // text such moves nearly always hit names the dictionary does not know (ชาญวีรกูล).
        let damaged = remove_spaces || shows_mark_damage(&chars);
        changed |= self.move_misplaced_marks(&mut chars, &mut scratch, damaged);
        if remove_spaces {
            changed |= self.remove_spaces_inside_words(&mut chars, &mut scratch);
        }
        if changed {
            normalize(&chars.into_iter().collect::<String>())
        } else {
            clean
        }
    }

    /// Repair 1: line breaks between Thai letters. A break after a line clearly shorter than the
    /// text's full lines ends a paragraph and stays ([`line_ends_paragraph`]); any other goes away,
    /// or becomes a space if the model says so ([`Normalizer::line_break_is_space`]).
    fn join_broken_lines(&self, chars: &mut Vec<char>, scratch: &mut Scratch) -> bool {
        let paragraph_ends = paragraph_ends(chars);
        let block_starts = self.breaks_before_blocks(chars);
        rewrite_separators(chars, '\n', |i, left, right| {
            if paragraph_ends.binary_search(&i).is_ok() || block_starts.binary_search(&i).is_ok() {
                Some('\n')
            } else {
                self.line_break_is_space(left, right, scratch).then_some(' ')
            }
        })
    }

    /// The positions of the line breaks before lines that open a block (see
    /// [`keep_breaks_before`](Self::keep_breaks_before)), in increasing order.
    fn breaks_before_blocks(&self, chars: &[char]) -> Vec<usize> {
        let Some(opens_block) = self.opens_block else { return Vec::new() };
        let mut line = String::new();
        let breaks = chars.iter().enumerate().filter(|&(_, &c)| c == '\n').map(|(i, _)| i);
        breaks
            .filter(|&i| {
                line.clear();
                line.extend(chars.iter().skip(i + 1).take(BLOCK_PREFIX_CHARS).take_while(|&&c| c != '\n'));
                opens_block(&line)
            })
            .collect()
    }

    /// Repair 3: spaces between Thai letters.
    fn remove_spaces_inside_words(&self, chars: &mut Vec<char>, scratch: &mut Scratch) -> bool {
        rewrite_separators(chars, ' ', |_, left, right| (!self.space_is_spurious(left, right, scratch)).then_some(' '))
    }

    /// Repair 2: marks on the wrong letter, one Thai run at a time; marks in a valid-looking place
    /// ([`SiteKind::Suspicious`]) only when the text is `damaged`.
    fn move_misplaced_marks(&self, chars: &mut Vec<char>, scratch: &mut Scratch, damaged: bool) -> bool {
        let mut changed = false;
        let mut spurious_spaces = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            let run_len = thai_run_len(chars.get(start..).unwrap_or_default());
            if run_len == 0 {
                start += 1;
                continue;
            }
            if let Some(run) = chars.get_mut(start..start + run_len) {
                let first = spurious_spaces.len();
                changed |= self.fix_marks_in_run(run, scratch, &mut spurious_spaces, damaged);
                for i in spurious_spaces.iter_mut().skip(first) {
                    *i += start;
                }
            }
            start += run_len;
        }
        if !spurious_spaces.is_empty() {
            let mut next = spurious_spaces.iter().peekable();
            let mut i = 0;
            chars.retain(|_| {
                let drop = next.next_if_eq(&&i).is_some();
                i += 1;
                !drop
            });
        }
        changed
    }

    /// Visits every mark of one run of Thai letters, left to right, and moves it (alone, or with
    /// the marks stacked after it) when a candidate position is confirmed.
    ///
    /// When marks move back from just before a space, that space goes too: pdftotext writes a
    /// displaced mark and then a space (ทัง้ ยังสามารถ for ทั้งยังสามารถ, จัดขึน⏎้ ระหว่าง for
    /// จัดขึ้นระหว่าง). Its index in `run` is pushed to `spurious_spaces`, in increasing order.
    fn fix_marks_in_run(
        &self,
        run: &mut [char],
        scratch: &mut Scratch,
        spurious_spaces: &mut Vec<usize>,
        damaged: bool,
    ) -> bool {
        let mut changed = false;
        // Cost of the last original window, reused while the run is unchanged.
        let mut baseline: Option<(usize, usize, f64)> = None;
        for p in 0..run.len() {
            let Some(site) = find_site(run, p).filter(|site| damaged || site.kind == SiteKind::Impossible) else {
                continue;
            };
            let Some((gain, mv)) = self.best_move(run, &site, scratch, &mut baseline) else {
                continue;
            };
            let explained = || {
                let (ws, we) = window_around(run, mv.from.min(mv.target), mv.to.max(mv.target));
                let mut moved = run.get(ws..we).unwrap_or_default().to_vec();
                let Some((target, source)) = mv.shifted(ws).apply(&mut moved) else {
                    return false;
                };
                self.explains(&moved, target, source)
            };
            if self.accept_mark_move(site.kind, gain, explained)
                && !self.later_move_is_better(run, p, gain, scratch, &mut baseline)
            {
                if mv.target < mv.from && run.get(mv.to) == Some(&' ') {
                    spurious_spaces.push(mv.to);
                }
                mv.apply(run);
                changed = true;
                baseline = None;
            }
        }
        changed
    }

    /// The candidate move of `site` that the model likes best, with its gain: the cost of the
    /// original window minus the cost of the window with the move made.
    fn best_move(
        &self,
        run: &[char],
        site: &Site,
        scratch: &mut Scratch,
        baseline: &mut Option<(usize, usize, f64)>,
    ) -> Option<(f64, Move)> {
        let mut best: Option<(f64, Move)> = None;
        for mv in site.moves(run) {
            let (ws, we) = window_around(run, mv.from.min(mv.target), mv.to.max(mv.target));
            let original = match *baseline {
                Some((s, e, cost)) if (s, e) == (ws, we) => cost,
                _ => {
                    let cost = self.cost_of(run.get(ws..we).unwrap_or_default(), scratch);
                    *baseline = Some((ws, we, cost));
                    cost
                }
            };
            scratch.window.clear();
            scratch.window.extend_from_slice(run.get(ws..we).unwrap_or_default());
            if mv.shifted(ws).apply(&mut scratch.window).is_none() {
                continue;
            }
            let gain = original - self.cost_of_window(scratch);
            if best.is_none_or(|(g, _)| gain > g) {
                best = Some((gain, mv));
            }
        }
        best
    }

    /// Whether a mark in the next [`LOOKAHEAD_CHARS`] characters after `p` has a move onto the
    /// letter that the mark at `p` sits on, gaining at least `gain`: then the damage is there (it
    /// moves marks rightwards, so the later mark wins a tie), and the mark at `p` stays. In หรือมีถ่นิ (for หรือมีถิ่น) moving ่ from ถ back onto มี
    /// gains a little; moving ิ back onto ถ gains much more.
    fn later_move_is_better(
        &self,
        run: &[char],
        p: usize,
        gain: f64,
        scratch: &mut Scratch,
        baseline: &mut Option<(usize, usize, f64)>,
    ) -> bool {
        let Some(home) = base_before(run, p) else {
            return false;
        };
        (p + 1..(p + 1 + LOOKAHEAD_CHARS).min(run.len())).any(|q| {
            find_site(run, q)
                .and_then(|site| self.best_move(run, &site, scratch, baseline))
                .is_some_and(|(later, mv)| mv.target == home && later >= gain)
        })
    }

    /// Whether, after a move, dictionary words of `s` cover the consonant that received the
    /// marks, the character they left, and the cluster right after that one (unless a space or
    /// the window's end comes first). Spaces are left out, as in the costs.
    fn explains(&self, s: &[char], target: usize, source: usize) -> bool {
        let next = (source + 1..s.len()).find(|&j| cluster_starts(s, j)).filter(|&j| s.get(j) != Some(&' '));
        let squeezed: Vec<char> = s.iter().copied().filter(|&c| c != ' ').collect();
        let at = |i: usize| i - s.iter().take(i).filter(|&&c| c == ' ').count();
        let mut buf = String::new();
        self.word_covers(&squeezed, at(target), &mut buf)
            && self.word_covers(&squeezed, at(source), &mut buf)
            && next.is_none_or(|j| self.word_covers(&squeezed, at(j), &mut buf))
    }

    /// Decision: move a mark? `gain` is the cost of the original window minus the cost of the
    /// window with the mark moved. A mark in an impossible place moves when the move costs no
    /// more than [`Margins::impossible_mark`] less. A mark in a valid-looking place moves only when
    /// the model is clearly happier ([`Margins::mark_move`]) and `explained()`: in the repaired
    /// text, dictionary words cover the consonant that received the mark, the one it left and the
    /// cluster after that (see [`Normalizer::explains`]). Without that check, moving a mark inside
    /// an unknown name such as มนัญญา is "cheaper" as soon as it makes a short word: มัน + ญญา.
    fn accept_mark_move(&self, kind: SiteKind, gain: f64, explained: impl FnOnce() -> bool) -> bool {
        match kind {
            SiteKind::Impossible => gain >= self.margins.impossible_mark,
            SiteKind::Suspicious => gain >= self.margins.mark_move && explained(),
        }
    }

    /// Decision: is the space between `left` and `right` (the Thai text on each side, at most
    /// [`WINDOW_CHARS`] each) extraction damage inside a word? Yes when the joined text is cheaper
    /// than the two halves by more than [`Margins::space_join`] (a word spans the space).
    fn space_is_spurious(&self, left: &[char], right: &[char], scratch: &mut Scratch) -> bool {
        let (apart, joined) = self.costs_apart_and_joined(left, right, scratch);
        joined < apart - self.margins.space_join
    }

    /// Decision: did the line break between `left` and `right` stand for a space? Not when a word
    /// runs across it (the joined text is cheaper by [`Margins::space_join`]). Otherwise, when the
    /// model gives [`WordModel::space_probability`], when that is at least
    /// [`Margins::line_space_probability`]; else only when the joined text costs more than the two
    /// halves by more than [`Margins::line_space`] — Thai wraps carry no space.
    fn line_break_is_space(&self, left: &[char], right: &[char], scratch: &mut Scratch) -> bool {
        let (apart, joined) = self.costs_apart_and_joined(left, right, scratch);
        if joined < apart - self.margins.space_join {
            return false;
        }
        scratch.left.clear();
        scratch.left.extend(left);
        scratch.right.clear();
        scratch.right.extend(right);
        match self.model.space_probability(&scratch.left, &scratch.right) {
            Some(p) => p >= self.margins.line_space_probability,
            None => joined > apart + self.margins.line_space,
        }
    }

    /// `cost(left) + cost(right)` and `cost(left + right)`.
    fn costs_apart_and_joined(&self, left: &[char], right: &[char], scratch: &mut Scratch) -> (f64, f64) {
        let apart = self.cost_of(left, scratch) + self.cost_of(right, scratch);
        scratch.window.clear();
        scratch.window.extend_from_slice(left);
        scratch.window.extend_from_slice(right);
        (apart, self.cost_of_window(scratch))
    }

    /// The model's cost of `chars`, spaces left out (a mark window may span a PDF space).
    fn cost_of(&self, chars: &[char], scratch: &mut Scratch) -> f64 {
        scratch.text.clear();
        scratch.text.extend(chars.iter().filter(|&&c| c != ' '));
        self.model.cost(&scratch.text)
    }

    fn cost_of_window(&self, scratch: &mut Scratch) -> f64 {
        scratch.text.clear();
        scratch.text.extend(scratch.window.iter().filter(|&&c| c != ' '));
        self.model.cost(&scratch.text)
    }

    /// Whether a dictionary word of `s` (whole clusters, at most [`COVER_CHARS`]) contains `pos`.
    fn word_covers(&self, s: &[char], pos: usize, buf: &mut String) -> bool {
        for start in (pos.saturating_sub(COVER_CHARS)..=pos).filter(|&i| cluster_starts(s, i)) {
            let last = (start + COVER_CHARS).min(s.len());
            for end in (pos + 1..=last).filter(|&j| cluster_ends(s, j)) {
                buf.clear();
                buf.extend(s.get(start..end).unwrap_or_default());
                if self.model.contains(buf) {
                    return true;
                }
            }
        }
        false
    }
}

/// Whether `text` shows the space damage of PDF extraction: a space or line break just before a
/// combining mark or a following vowel (สิ ่ง, จ ัดก าร), or just after a leading vowel (เ ป็น).
/// No typed Thai word is written so.
///
/// ```
/// use ruammue::normalize::shows_space_damage;
/// assert!(shows_space_damage("จ ัดการประชุม"));
/// assert!(!shows_space_damage("นายก อบต. ได้ไป ประชุม"));
/// ```
pub fn shows_space_damage(text: &str) -> bool {
    let mut previous = '\n';
    text.chars().any(|c| {
        let damaged = (matches!(c, ' ' | '\n') && is_leading_vowel(previous))
            || (continues_cluster(c) && matches!(previous, ' ' | '\n'));
        previous = c;
        damaged
    })
}

/// Whether `chars` has a mark in an impossible place (after ะ า ำ or a leading vowel: ขา้ว), which
/// no correctly typed word has: evidence that the marks of the text were displaced.
fn shows_mark_damage(chars: &[char]) -> bool {
    (0..chars.len()).any(|p| find_site(chars, p).is_some_and(|site| site.kind == SiteKind::Impossible))
}

/// Removes a line break that splits a cluster: one directly before a combining mark or a
/// following vowel, after a Thai letter. pdftotext starts a new line at a displaced tone mark
/// (จัดขึน⏎้ ระหว่าง for จัดขึ้นระหว่าง); no line can start with one. Returns whether anything changed.
fn join_split_clusters(chars: &mut Vec<char>) -> bool {
    let original = std::mem::take(chars);
    let mut prev: Option<char> = None;
    for (k, &c) in original.iter().enumerate() {
        let split =
            c == '\n' && prev.is_some_and(is_thai_letter) && original.get(k + 1).is_some_and(|&n| continues_cluster(n));
        if !split {
            chars.push(c);
        }
        prev = Some(c);
    }
    chars.len() != original.len()
}

/// Indices of the line breaks in `chars` that end a paragraph ([`line_ends_paragraph`]), in
/// increasing order. The full width is the [`FULL_LINE_PERCENTILE`] of the widths of the
/// non-blank lines, a line's width being its count of characters other than Thai combining marks.
fn paragraph_ends(chars: &[char]) -> Vec<usize> {
    let mut widths = Vec::new();
    let mut width = 0;
    for &c in chars {
        if c == '\n' {
            widths.push(width);
            width = 0;
        } else if !is_mark(c) {
            width += 1;
        }
    }
    let mut sorted: Vec<usize> = widths.iter().copied().filter(|&w| w > 0).collect();
    sorted.sort_unstable();
    let rank = (sorted.len().saturating_sub(1) as f64 * FULL_LINE_PERCENTILE) as usize;
    let full = sorted.get(rank).copied().unwrap_or(0);
    let breaks = chars.iter().enumerate().filter(|&(_, &c)| c == '\n').map(|(i, _)| i);
    breaks.zip(widths).filter(|&(_, w)| line_ends_paragraph(w, full)).map(|(i, _)| i).collect()
}

/// Decision: does a line of `width` characters end a paragraph, in a text whose full lines are
/// `full` wide? Yes when it is shorter than [`FULL_LINE_RATIO`] of a full line (the last line of a
/// justified or wrapped paragraph stops early), or when the text is not wrapped at all (full
/// lines wider than [`MAX_WRAPPED_WIDTH`]: one paragraph a line).
fn line_ends_paragraph(width: usize, full: usize) -> bool {
    (width as f64) < FULL_LINE_RATIO * full as f64 || full > MAX_WRAPPED_WIDTH
}

/// Length of the run of Thai letters at the start of `chars`, single spaces between Thai letters
/// included: a mark decision looks through spaces, which may be PDF damage.
fn thai_run_len(chars: &[char]) -> usize {
    let mut len = 0;
    for (i, &c) in chars.iter().enumerate() {
        let inside = is_thai_letter(c) || (c == ' ' && i > 0 && chars.get(i + 1).is_some_and(|&n| is_thai_letter(n)));
        if !inside {
            break;
        }
        len = i + 1;
    }
    len
}

/// Rewrites every `sep` that stands between two Thai letters with what `decide(i, left, right)`
/// returns (`None` removes it); `i` is the separator's index in `chars`, `left` and `right` are the
/// Thai text on each side (at most [`WINDOW_CHARS`], whole clusters), `left` already rewritten.
/// Returns whether anything changed.
fn rewrite_separators(
    chars: &mut Vec<char>,
    sep: char,
    mut decide: impl FnMut(usize, &[char], &[char]) -> Option<char>,
) -> bool {
    let mut out = Vec::with_capacity(chars.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let between_thai = c == sep
            && out.last().is_some_and(|&l| is_thai_letter(l))
            && chars.get(i + 1).is_some_and(|&r| is_thai_letter(r));
        if between_thai {
            let right = head_window(chars.get(i + 1..).unwrap_or_default());
            let replacement = decide(i, tail_window(&out), right);
            changed |= replacement != Some(c);
            out.extend(replacement);
        } else {
            out.push(c);
        }
    }
    *chars = out;
    changed
}

/// The Thai text at the end of `chars`: at most about [`WINDOW_CHARS`], starting on a cluster.
fn tail_window(chars: &[char]) -> &[char] {
    let len = chars.len();
    let run = chars.iter().rev().take(WINDOW_CHARS + 8).take_while(|&&c| is_thai_letter(c)).count();
    let run_start = len - run;
    let mut start = len.saturating_sub(WINDOW_CHARS).max(run_start);
    while start > run_start && !cluster_starts(chars, start) {
        start -= 1;
    }
    chars.get(start..).unwrap_or_default()
}

/// The Thai text at the start of `chars`: at most about [`WINDOW_CHARS`], ending on a cluster.
fn head_window(chars: &[char]) -> &[char] {
    let run = chars.iter().take(WINDOW_CHARS + 8).take_while(|&&c| is_thai_letter(c)).count();
    let mut end = WINDOW_CHARS.min(run);
    while end < run && !cluster_ends(chars, end) {
        end += 1;
    }
    chars.get(..end).unwrap_or_default()
}

/// Whether a cluster starts at `i`: no mark or following vowel there, no leading vowel before.
fn cluster_starts(s: &[char], i: usize) -> bool {
    s.get(i).is_some_and(|&c| !continues_cluster(c)) && !(i > 0 && s.get(i - 1).is_some_and(|&c| is_leading_vowel(c)))
}

/// Whether a cluster ends just before `j`.
fn cluster_ends(s: &[char], j: usize) -> bool {
    j == s.len() || (j > 0 && cluster_starts(s, j))
}

/// The window of `run` that a mark decision looks at: [`WINDOW_CHARS`] around `lo..=hi`, widened to
/// whole clusters.
fn window_around(run: &[char], lo: usize, hi: usize) -> (usize, usize) {
    let mut start = lo.saturating_sub(WINDOW_CHARS);
    let floor = start.saturating_sub(MAX_MARKS + 1);
    while start > floor && !cluster_starts(run, start) {
        start -= 1;
    }
    let mut end = (hi + 1 + WINDOW_CHARS).min(run.len());
    let ceiling = (end + MAX_MARKS + 1).min(run.len());
    while end < ceiling && !cluster_ends(run, end) {
        end += 1;
    }
    (start, end)
}

/// Finds whether the mark at `p` may be on the wrong letter, and where it could belong:
/// - after a following vowel (ขา้ว, นำ้): on the consonant before the vowel, or the one before;
/// - after a leading vowel (ตแี้, นีไ้, เ่ก): on the consonant before the vowel or the one after;
/// - on a consonant (ปรบั, ทัง้, เปน็, ทอ้ง, ผูน้ำ, ยงั่): on the consonant before.
///
/// Nikhahit is never moved (it is part of sara am or a Pali spelling).
fn find_site(run: &[char], p: usize) -> Option<Site> {
    let mark = *run.get(p)?;
    if !is_mark(mark) || mark == NIKHAHIT {
        return None;
    }
    let base = base_before(run, p)?;
    let base_char = *run.get(base)?;
    let consonant = |i: &usize| run.get(*i).is_some_and(|&c| is_consonant(c));
    let (kind, targets) = if is_consonant(base_char) {
        (SiteKind::Suspicious, [previous_consonant(run, base), None])
    } else if is_following_vowel(base_char) {
        let first = base_before(run, base).filter(consonant);
        let second = first.and_then(|t| previous_consonant(run, t));
        (SiteKind::Impossible, [first, second])
    } else if is_leading_vowel(base_char) {
        let before = before_cluster(run, base).filter(consonant);
        let after = (p + 1..(p + 1 + MAX_MARKS).min(run.len())).find(|&i| run.get(i).is_some_and(|&c| !is_mark(c)));
        (SiteKind::Impossible, [before, after.filter(consonant)])
    } else {
        return None;
    };
    let stack_end = (p + 1..=(p + 1 + MAX_MARKS).min(run.len()))
        .find(|&i| !run.get(i).is_some_and(|&c| is_mark(c) && c != NIKHAHIT))
        .unwrap_or(p + 1);
    // Only the first mark of a stack may take the rest along.
    let stack_end = if base + 1 == p { stack_end } else { p + 1 };
    let site = Site { kind, targets, from: p, stack_end };
    let has_moves = site.moves(run).next().is_some();
    has_moves.then_some(site)
}

impl Site {
    /// The candidate moves: the mark alone, or with the marks stacked after it, to each target
    /// that can take them.
    fn moves<'a>(&'a self, run: &'a [char]) -> impl Iterator<Item = Move> + 'a {
        let single = self.from + 1;
        let spans = [Some(single), (self.stack_end > single).then_some(self.stack_end)];
        self.targets.into_iter().flatten().flat_map(move |target| {
            spans.into_iter().flatten().filter_map(move |to| {
                let marks = run.get(self.from..to).unwrap_or_default();
                marks.iter().all(|&m| accepts_mark(run, target, m)).then_some(Move { from: self.from, to, target })
            })
        })
    }
}

/// Moving the marks `from..to` onto the consonant at `target`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Move {
    from: usize,
    to: usize,
    target: usize,
}

impl Move {
    /// The same move in a window that starts at `start` (≤ every index of the move).
    fn shifted(self, start: usize) -> Move {
        Move { from: self.from - start, to: self.to - start, target: self.target - start }
    }

    /// Moves the marks into the mark run of the target consonant, in canonical order. Returns
    /// the new indices of the target consonant and of the character the marks left.
    fn apply(self, s: &mut [char]) -> Option<(usize, usize)> {
        let Move { from, to, target } = self;
        let n = to.checked_sub(from).filter(|&n| n > 0)?;
        let source = base_before(s, from)?;
        let end =
            (target + 1..=(target + 1 + MAX_MARKS).min(s.len())).find(|&j| !s.get(j).is_some_and(|&c| is_mark(c)))?;
        if target < from {
            s.get_mut(end..to)?.rotate_right(n);
            s.get_mut(target + 1..end + n)?.sort_by_key(|&c| mark_rank(c));
            Some((target, source + n))
        } else {
            s.get_mut(from..end)?.rotate_left(n);
            let target = target - n;
            s.get_mut(target + 1..end)?.sort_by_key(|&c| mark_rank(c));
            Some((target, source))
        }
    }
}

/// The nearest character before `i` that is not a combining mark.
fn base_before(run: &[char], i: usize) -> Option<usize> {
    (i.saturating_sub(MAX_MARKS + 1)..i).rev().find(|&j| run.get(j).is_some_and(|&c| !is_mark(c)))
}

/// The base of the cluster before the one based at `base`, looking past one space (pdftotext's
/// ซ่ งึ for ซึ่ง).
fn before_cluster(run: &[char], base: usize) -> Option<usize> {
    let j = base_before(run, base)?;
    if run.get(j) == Some(&' ') {
        base_before(run, j)
    } else {
        Some(j)
    }
}

/// The consonant of the cluster before the one based at `base`, looking past one space and one
/// following vowel other than sara am (ขาว้ → ข).
fn previous_consonant(run: &[char], base: usize) -> Option<usize> {
    let mut j = before_cluster(run, base)?;
    if run.get(j).is_some_and(|&c| is_following_vowel(c) && c != SARA_AM) {
        j = base_before(run, j)?;
    }
    run.get(j).is_some_and(|&c| is_consonant(c)).then_some(j)
}

/// Whether the consonant at `t` can take `mark`: none of its marks conflicts with it.
fn accepts_mark(run: &[char], t: usize, mark: char) -> bool {
    run.get(t + 1..)
        .unwrap_or_default()
        .iter()
        .take(MAX_MARKS)
        .take_while(|&&c| is_mark(c))
        .all(|&c| !marks_conflict(c, mark))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::testing::{assert_same_text, golden_cases, significant, TestModel, WORDS};
    use proptest::prelude::*;

    /// Repair of text known to come from a PDF, as the golden files are.
    fn repair(text: &str) -> String {
        Normalizer::new(&TestModel::standard()).origin(Origin::Pdf).repair(text)
    }

    fn repair_lines(text: &str) -> String {
        Normalizer::new(&TestModel::standard()).origin(Origin::Pdf).join_lines(true).repair(text)
    }

    #[test]
    fn spaces_inside_words_are_removed_only_from_text_that_shows_damage() {
        let model = TestModel::standard();
        let typed = Normalizer::new(&model);
        assert_eq!(typed.repair("เป็ น"), "เป็ น", "a typed space stays");
        assert_eq!(typed.repair("เป็ น ขา ้ว"), "เป็น ข้าว", "a space before a tone mark is damage");
        assert_eq!(typed.repair("เ ป็ น"), "เป็น", "so is a space after a leading vowel");
        assert_eq!(typed.repair("ขา\n้ว\nของ"), "ขา\n้ว\nของ", "lines stay unless joined");
        assert_eq!(typed.repair("เป็ น ขา ้ว\n\nเป็ น\n"), "เป็น ข้าว\n\nเป็ น\n", "damage is a paragraph's own");
        assert_eq!(typed.origin(Origin::Pdf).repair("ขา\n้ว\nของ"), "ข้าว\nของ");
        assert!(!shows_space_damage("ข้าว ของ\nเป็น"));
        assert!(shows_space_damage("ข้าว\n้ของ"));
    }

    #[test]
    fn golden() {
        let cases = golden_cases(include_str!("../../tests/data/normalize/repair.tsv"));
        assert!(cases.len() >= 20, "repair.tsv has only {} cases", cases.len());
        for case in &cases {
            assert_same_text(&case.what, &case.expected, &repair(&case.damaged));
        }
    }

    #[test]
    fn golden_join_lines() {
        let cases = golden_cases(include_str!("../../tests/data/normalize/join_lines.tsv"));
        assert!(cases.len() >= 8, "join_lines.tsv has only {} cases", cases.len());
        for case in &cases {
            assert_same_text(&case.what, &case.expected, &repair_lines(&case.damaged));
        }
    }

    #[test]
    fn lines_are_kept_without_join_lines() {
        assert_eq!(repair("ข้อ\nความ"), "ข้อ\nความ");
    }

    #[test]
    fn a_model_that_objects_to_joining_gets_a_space() {
        /// Joining anything costs more than keeping it apart.
        struct Apart;
        impl WordModel for Apart {
            fn cost(&self, text: &str) -> f64 {
                let n = text.chars().count() as f64;
                n * n
            }
            fn contains(&self, _: &str) -> bool {
                false
            }
        }
        let n = Normalizer::new(&Apart).join_lines(true);
        assert_eq!(n.repair("ข้อ\nความ"), "ข้อ ความ");
        assert_eq!(n.repair("ข้อ\n\nความ"), "ข้อ\n\nความ");
    }

    #[test]
    fn space_probability_decides_breaks_between_words() {
        /// The test model, plus: a space is likely before ประชาชน and unlikely elsewhere.
        struct WithSpaces(TestModel);
        impl WordModel for WithSpaces {
            fn cost(&self, text: &str) -> f64 {
                self.0.cost(text)
            }
            fn contains(&self, word: &str) -> bool {
                self.0.contains(word)
            }
            fn space_probability(&self, _: &str, right: &str) -> Option<f64> {
                Some(if right.starts_with("ประชาชน") { 0.9 } else { 0.01 })
            }
        }
        let model = WithSpaces(TestModel::standard());
        let n = Normalizer::new(&model).join_lines(true);
        assert_eq!(n.repair("ข้าว\nประชาชน\nน้ำ"), "ข้าว ประชาชนน้ำ");
        assert_eq!(n.repair("ข้า\nว\nประชาชน"), "ข้าว ประชาชน", "a word across a break");
    }

    #[test]
    fn short_lines_end_paragraphs() {
        let full = "ประชาชนชุมชนเทศบาลสภา";
        let text = format!("{full}\n{full}\nข้าว\n{full}\n{full}");
        let expected = format!("{full}{full}ข้าว\n{full}{full}");
        assert_eq!(repair_lines(&text), expected);
        let unwrapped = format!("{}\n{}", full.repeat(12), full.repeat(12));
        assert_eq!(repair_lines(&unwrapped), unwrapped, "lines wider than any wrap");
        assert!(line_ends_paragraph(10, 80));
        assert!(!line_ends_paragraph(70, 80));
        assert!(line_ends_paragraph(300, 300));
    }

    #[test]
    fn the_later_of_two_competing_moves_wins() {
        // With these two fragments as words, moving ่ from ถ back onto มี looks as good as the
        // real repair, moving ิ from น back onto ถ.
        let words = WORDS.split_whitespace().chain(["มี่", "ถนิ"]);
        let model = TestModel::new(words);
        assert_eq!(Normalizer::new(&model).origin(Origin::Pdf).repair("มีถ่นิ"), "มีถิ่น");
    }

    #[test]
    fn marks_in_valid_looking_places_move_only_in_text_that_shows_damage() {
        let model = TestModel::standard();
        let typed = Normalizer::new(&model);
        assert_eq!(typed.repair("ปรบัปรุง"), "ปรบัปรุง", "typed text: a name could be spelt so");
        assert_eq!(typed.origin(Origin::Pdf).repair("ปรบัปรุง"), "ปรับปรุง");
        assert_eq!(typed.repair("ปรบัปรุง ขา้ว"), "ปรับปรุง ข้าว", "a mark after า is damage");
        assert_eq!(typed.repair("ปรบัปรุง ขา ้ว"), "ปรับปรุง ข้าว", "so is a space before a mark");
        assert_eq!(typed.repair("ขา้ว\n\nปรบัปรุง\n"), "ข้าว\n\nปรบัปรุง\n", "damage is a paragraph's own");
    }

    #[test]
    fn margins_are_used() {
        let model = TestModel::standard();
        let strict = Margins { space_join: 100.0, ..Margins::default() };
        let pdf = Normalizer::new(&model).origin(Origin::Pdf);
        assert_eq!(pdf.margins(strict).repair("เป็ น"), "เป็ น");
        assert_eq!(pdf.repair("เป็ น"), "เป็น");
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn sites() {
        let site = |kind, targets, from, stack_end| Some(Site { kind, targets, from, stack_end });
        let (impossible, suspicious) = (SiteKind::Impossible, SiteKind::Suspicious);
        assert_eq!(find_site(&chars("ขา้ว"), 2), site(impossible, [Some(0), None], 2, 3));
        assert_eq!(find_site(&chars("ปรบั"), 3), site(suspicious, [Some(1), None], 3, 4));
        assert_eq!(find_site(&chars("ยงั่"), 2), site(suspicious, [Some(0), None], 2, 4));
        assert_eq!(find_site(&chars("ตแี้"), 2), site(impossible, [Some(0), None], 2, 4));
        assert_eq!(find_site(&chars("เป็น"), 2), None, "maitaikhu after a leading vowel");
        assert_eq!(find_site(&chars("ที่นี่"), 5), None, "นี่'s tone: ที่ already has one");
        assert_eq!(find_site(&chars("ที่นี่"), 4), None, "นี่'s vowel: ที่ already has one");
    }

    #[test]
    fn moves_keep_canonical_order() {
        let cases = [
            ("มัน่", Move { from: 3, to: 4, target: 0 }, "มั่น", (0, 3)),
            ("ยงั่", Move { from: 2, to: 4, target: 0 }, "ยั่ง", (0, 3)),
            ("ผูน้ำ", Move { from: 3, to: 4, target: 0 }, "ผู้นำ", (0, 3)),
            ("ตแี้", Move { from: 2, to: 4, target: 0 }, "ตี้แ", (0, 3)),
            ("เ่ก", Move { from: 1, to: 2, target: 2 }, "เก่", (1, 0)),
        ];
        for (before, mv, after, indices) in cases {
            let mut s = chars(before);
            assert_eq!(mv.apply(&mut s), Some(indices), "{before}");
            assert_eq!(s.iter().collect::<String>(), after);
        }
    }

    #[test]
    fn windows_never_cut_a_cluster() {
        let s: Vec<char> = "การบริหารส่วนท้องถิ่นที่มีส่วนร่วม".chars().collect();
        for i in 0..=s.len() {
            let (a, b) = s.split_at(i);
            let tail = tail_window(a);
            let head = head_window(b);
            assert!(tail.first().is_none_or(|&c| !continues_cluster(c)), "{i}");
            assert!(head.last().is_none_or(|&c| !is_leading_vowel(c)), "{i}");
            let (ws, we) = window_around(&s, i.min(s.len() - 1), i.min(s.len() - 1));
            assert!(cluster_starts(&s, ws) && cluster_ends(&s, we), "{i}");
        }
    }

    #[test]
    fn long_runs_of_marks_stay_linear() {
        let marks: String = "กข".chars().chain("ิีึื".chars().cycle().take(200_000)).collect();
        let text = format!("{marks} ข้าว\n{marks}");
        let out = Normalizer::new(&TestModel::standard()).join_lines(true).repair(&text);
        assert_eq!(significant(&out), significant(&text));
    }

    #[test]
    fn normalizer_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Normalizer<'static>>();
        check::<Margins>();
    }

    fn thai_heavy() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = "กขคงจนบปมรลวสหอทเแโใไะาำัิีุู็่้๊์ํ๑0aZ \n\n\u{00A0}\u{200B}".chars().collect();
        proptest::collection::vec(proptest::sample::select(alphabet), 0..40).prop_map(|v| v.into_iter().collect())
    }

    /// Real words with random damage, so that the model's answers matter.
    fn damaged_words() -> impl Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "ข้าว",
            "หน้าที่",
            "ปรับปรุง",
            "เป็น",
            "ท้องถิ่น",
            "ผู้นำ",
            "ทั้งนี้",
            "มั่นคง",
            "การ",
            "บริหาร",
            " ",
            "\n",
            "่",
            "้",
            "ั",
            "า",
            "ำ",
            "เ",
            "ก",
            "ab",
            "๑๔",
        ]);
        proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn repair_keeps_consonants_digits_latin(s in thai_heavy(), lines in any::<bool>()) {
            let model = TestModel::standard();
            let out = Normalizer::new(&model).join_lines(lines).repair(&s);
            prop_assert_eq!(significant(&out), significant(&s));
            prop_assert_eq!(normalize(&out), out);
        }

        #[test]
        fn repair_of_damaged_words(s in damaged_words(), lines in any::<bool>()) {
            let model = TestModel::standard();
            let out = Normalizer::new(&model).join_lines(lines).repair(&s);
            prop_assert_eq!(significant(&out), significant(&s));
            prop_assert_eq!(normalize(&out), out);
        }

        #[test]
        fn repair_never_panics(s in any::<String>()) {
            let model = TestModel::standard();
            let _ = Normalizer::new(&model).join_lines(true).repair(&s);
        }
    }
}
