//! `codebook.qdc`: the concept taxonomy as a REFI-QDA codebook (namespace
//! `urn:QDA-XML:codebook:1.0`), which NVivo, ATLAS.ti, MAXQDA and QualCoder import.
//!
//! Pipeline position: written by [`super::generate`] from the [`Taxonomy`]. Each concept is one
//! codable `<Code>` named `th (en)`, with the concept's colour and a description (id, definition,
//! cues). Invariants: a concept's GUID depends only on its id, so codes keep their identity
//! across exports and tools can merge them; all text is XML-escaped.

use std::fmt::Write;

use super::html::escape;
use super::svg::concept_colour;
use crate::classify::{Concept, Taxonomy};

/// The REFI-QDA codebook namespace.
pub const NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// The codebook of `taxonomy` as a `.qdc` document.
///
/// ```
/// use ruammue::classify::Taxonomy;
/// let qdc = ruammue::report::codebook::codebook(Taxonomy::embedded());
/// assert!(qdc.contains(r#"<CodeBook xmlns="urn:QDA-XML:codebook:1.0""#));
/// assert_eq!(qdc.matches("<Code ").count(), Taxonomy::embedded().concepts().len());
/// ```
pub fn codebook(taxonomy: &Taxonomy) -> String {
    let mut xml = String::new();
    let _ = writeln!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"{NAMESPACE}\" origin=\"ruammue {}\">\n<Codes>",
        env!("CARGO_PKG_VERSION"),
    );
    for (i, concept) in taxonomy.concepts().iter().enumerate() {
        code(&mut xml, i, concept);
    }
    xml.push_str("</Codes>\n</CodeBook>\n");
    xml
}

fn code(xml: &mut String, index: usize, concept: &Concept) {
    let cues: Vec<&str> = concept.cues.iter().map(|c| c.text.as_str()).collect();
    let description = format!("id: {}\n{}\nCues: {}", concept.id, concept.definition, cues.join(", "));
    let _ = writeln!(
        xml,
        "<Code guid=\"{guid}\" name=\"{name}\" isCodable=\"true\" color=\"{colour}\">\n<Description>{description}</Description>\n</Code>",
        guid = guid(&concept.id),
        name = escape(&format!("{} ({})", concept.th, concept.en)),
        colour = concept_colour(index),
        description = escape(&description),
    );
}

/// A stable GUID for a concept id: two 64-bit FNV-1a hashes of the id, laid out as a version 8
/// (custom) UUID, `xxxxxxxx-xxxx-8xxx-Nxxx-xxxxxxxxxxxx` in upper case.
///
/// ```
/// use ruammue::report::codebook::guid;
/// assert_eq!(guid("trust"), guid("trust"));
/// assert_ne!(guid("trust"), guid("legitimacy"));
/// assert_eq!(guid("trust").len(), 36);
/// ```
pub fn guid(id: &str) -> String {
    let high = fnv1a(0xcbf2_9ce4_8422_2325, format!("ruammue-concept:{id}").as_bytes());
    let low = fnv1a(high ^ 0x9e37_79b9_7f4a_7c15, id.as_bytes());
    let high = (high & !0xF000) | 0x8000;
    let low = (low & !(0xC << 60)) | (0x8 << 60);
    format!(
        "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
        high >> 32,
        (high >> 16) & 0xFFFF,
        high & 0xFFFF,
        low >> 48,
        low & 0xFFFF_FFFF_FFFF,
    )
}

fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(seed, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    #[test]
    fn guids_have_the_uuid_shape_and_are_distinct() {
        let taxonomy = Taxonomy::embedded();
        let guids: std::collections::HashSet<String> = taxonomy.ids().map(guid).collect();
        assert_eq!(guids.len(), taxonomy.concepts().len());
        for g in &guids {
            let parts: Vec<usize> = g.split('-').map(str::len).collect();
            assert_eq!(parts, [8, 4, 4, 4, 12], "{g}");
            assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{g}");
            assert_eq!(g.as_bytes()[14], b'8', "version 8: {g}");
        }
    }

    #[test]
    fn codebook_names_every_concept_in_both_languages() {
        let qdc = codebook(Taxonomy::embedded());
        assert!(qdc.contains("name=\"ความไว้วางใจ (Trust)\""), "{qdc}");
        assert!(qdc.contains("id: transparency"));
        assert!(qdc.contains("color=\"#1F77B4\""));
        assert!(qdc.trim_end().ends_with("</CodeBook>"));
    }
}
