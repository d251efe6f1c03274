//! Canonical Thai text: the repairs between decoding and segmentation.
//!
//! Pipeline position: bytes ─decode─> text ─**normalize**─> clean text ─> passages ─> segment. Two
//! levels:
//! - [`normalize`]: character-level repairs that need no dictionary (NFC without ever
//!   decomposing sara am, Thai mark order, doubled sara e, zero-width characters, spaces that PDF
//!   extraction put inside clusters, line endings). Idempotent, fast, one pass.
//! - [`Normalizer::repair`]: `normalize`, then repairs that a dictionary must confirm — marks on
//!   the wrong letter (ขา้ว → ข้าว, ปรบั → ปรับ), spaces inside words (เป็ น → เป็น) and, when asked,
//!   words and phrases wrapped across lines. The dictionary comes in through the [`WordModel`]
//!   trait, which the segmenter implements; this module depends on nothing above it.
//!
//! Invariants of both: no Thai consonant, digit (ASCII or Thai) or Latin letter is added, dropped
//! or reordered; Thai digits stay Thai; real phrase spaces stay.

mod canonical;
mod chars;
mod repair;
#[cfg(test)]
mod testing;

pub use canonical::normalize;
pub use chars::kept_count;
pub use repair::{
    shows_space_damage, Margins, Normalizer, Origin, WordModel, FULL_LINE_PERCENTILE, FULL_LINE_RATIO,
    IMPOSSIBLE_MARK_MARGIN, LINE_SPACE_MARGIN, LINE_SPACE_PROBABILITY, MARK_MOVE_MARGIN, MAX_WRAPPED_WIDTH,
    SPACE_JOIN_MARGIN, WINDOW_CHARS,
};
