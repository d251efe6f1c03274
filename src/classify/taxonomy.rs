//! The concept taxonomy: the concepts a passage can be tagged with, and their cue words.
//!
//! It is read from TOML (`dictionaries/concepts.toml`, embedded in the binary, or a user's file
//! given with `--taxonomy FILE`; format in DESIGN.md, "Concept taxonomy"): one `[[concept]]`
//! table per concept with `id`, `th`, `en`, `definition`, `cues`, and optionally `weak_cues` and
//! `negative_cues`. A cue is a string, or a table `{ text = "...", weight = 1.5 }` whose weight
//! replaces the scorer's default weight for that cue.
//!
//! Loading validates the file and reports the first problem with its file and line: TOML syntax,
//! unknown keys, duplicate concept ids, ids that are not snake_case, an empty `cues` list, empty
//! cue strings, the same cue twice in one concept, and weights that are not finite and positive
//! (or given on a negative cue, where they mean nothing). An empty `weak_cues` or `negative_cues`
//! list is allowed: it is the same as leaving the key out.
//!
//! Invariants of a loaded [`Taxonomy`]: at least one concept; ids unique and snake_case; every
//! concept has at least one cue; every cue has non-blank text.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::error::{ClassifyError, Result};
use crate::normalize::normalize;

/// The text of the embedded taxonomy, `dictionaries/concepts.toml`.
pub const EMBEDDED_TOML: &str = include_str!("../../dictionaries/concepts.toml");

/// The path the embedded taxonomy is reported under in messages.
pub const EMBEDDED_ORIGIN: &str = "dictionaries/concepts.toml";

static EMBEDDED: LazyLock<Taxonomy> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    // The embedded file is tested to load (tests::embedded_taxonomy_loads).
    let taxonomy = Taxonomy::from_toml_str(EMBEDDED_TOML, EMBEDDED_ORIGIN).expect("the embedded taxonomy is valid");
    taxonomy
});

/// A set of concepts, in file order, with unique snake_case ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Taxonomy {
    concepts: Vec<Concept>,
}

/// One concept of the taxonomy and the cues that signal it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concept {
    /// The id used across the project (`trust`, `bottom_up`): snake_case.
    pub id: String,
    /// The Thai name.
    pub th: String,
    /// The English name.
    pub en: String,
    /// What the concept covers and what it does not.
    pub definition: String,
    /// Cues that are evidence on their own. Never empty.
    pub cues: Vec<Cue>,
    /// Cues that count only together with other evidence for the same concept.
    pub weak_cues: Vec<Cue>,
    /// Phrases whose span cancels any cue match of this concept that it overlaps (false
    /// friends such as อภิปรายไม่ไว้วางใจ, a no-confidence debate, for `trust`).
    pub negative_cues: Vec<Cue>,
}

/// A cue word or phrase, with an optional weight that overrides the scorer's default.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cue {
    /// The cue as written in the taxonomy (not blank).
    pub text: String,
    /// Its weight, when the taxonomy gives one (finite and positive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f32>,
}

impl Taxonomy {
    /// The embedded taxonomy, `dictionaries/concepts.toml`, parsed once on first use.
    ///
    /// ```
    /// let taxonomy = ruammue::classify::Taxonomy::embedded();
    /// assert!(taxonomy.get("trust").is_some());
    /// ```
    pub fn embedded() -> &'static Taxonomy {
        &EMBEDDED
    }

    /// Reads and validates a taxonomy file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Taxonomy> {
        let path = path.as_ref();
        let text = super::error::read_text(path)?;
        Self::from_toml_str(&text, path)
    }

    /// Parses and validates taxonomy TOML; `origin` names the file in error messages.
    ///
    /// ```
    /// use ruammue::classify::Taxonomy;
    /// let toml = "[[concept]]\nid = \"trust\"\nth = \"ความไว้วางใจ\"\nen = \"Trust\"\ndefinition = \"…\"\ncues = [\"ไว้วางใจ\"]\n";
    /// assert_eq!(Taxonomy::from_toml_str(toml, "mine.toml").map(|t| t.concepts().len()).ok(), Some(1));
    /// let bad = toml.replace("cues", "cuez");
    /// let err = Taxonomy::from_toml_str(&bad, "mine.toml").err().map(|e| e.to_string()).unwrap_or_default();
    /// assert!(err.starts_with("mine.toml:6: "), "{err}");
    /// ```
    pub fn from_toml_str(text: &str, origin: impl AsRef<Path>) -> Result<Taxonomy> {
        let source = Source { text, origin: origin.as_ref() };
        let raw: RawFile =
            toml::from_str(text).map_err(|e| source.error(e.span().map_or(0, |s| s.start), e.message()))?;
        build(raw, &source)
    }

    /// The concepts, in file order.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// The concept ids, in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.concepts.iter().map(|c| c.id.as_str())
    }

    /// The concept with this id.
    pub fn get(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    /// The position of the concept with this id in [`concepts`](Self::concepts).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.concepts.iter().position(|c| c.id == id)
    }

    /// The concept a user names on the command line: its id, in any case and with `-` or a space
    /// for `_` (`Bottom-Up`), its Thai name (`ความไว้วางใจ`) or its English name (`Trust`). An
    /// unknown name is an error listing the known ids.
    ///
    /// ```
    /// let taxonomy = ruammue::classify::Taxonomy::embedded();
    /// for name in ["trust", "Trust", "ความไว้วางใจ", "bottom-up"] {
    ///     assert!(taxonomy.resolve(name).is_ok(), "{name}");
    /// }
    /// assert!(taxonomy.resolve("trusty").is_err());
    /// ```
    pub fn resolve(&self, name: &str) -> Result<&Concept> {
        let name = name.trim();
        let as_id = name.to_lowercase().replace(['-', ' '], "_");
        self.get(name)
            .or_else(|| self.get(&as_id))
            .or_else(|| self.concepts.iter().find(|c| c.th.trim() == name || c.en.trim().eq_ignore_ascii_case(name)))
            .ok_or_else(|| self.unknown(name))
    }

    fn unknown(&self, id: &str) -> ClassifyError {
        ClassifyError::UnknownConcept { id: id.to_owned(), known: self.ids().map(str::to_owned).collect() }
    }

    /// The concept with this id, or [`ClassifyError::UnknownConcept`] listing the known ids (labelled
    /// data; the command line accepts names too, see [`resolve`](Self::resolve)).
    ///
    /// ```
    /// let taxonomy = ruammue::classify::Taxonomy::embedded();
    /// let message = taxonomy.check_id("trsut").err().map(|e| e.to_string()).unwrap_or_default();
    /// assert!(message.starts_with("unknown concept `trsut` (known: trust, legitimacy"), "{message}");
    /// ```
    pub fn check_id(&self, id: &str) -> Result<&Concept> {
        self.get(id).ok_or_else(|| self.unknown(id))
    }
}

impl Concept {
    /// All cues of the concept with their kind: strong cues, then weak cues, then negative cues.
    pub fn all_cues(&self) -> impl Iterator<Item = (CueKind, &Cue)> + '_ {
        let strong = self.cues.iter().map(|c| (CueKind::Strong, c));
        let weak = self.weak_cues.iter().map(|c| (CueKind::Weak, c));
        let negative = self.negative_cues.iter().map(|c| (CueKind::Negative, c));
        strong.chain(weak).chain(negative)
    }
}

/// Which list of a concept a cue comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// `cues`: evidence on its own.
    Strong,
    /// `weak_cues`: evidence only together with other evidence.
    Weak,
    /// `negative_cues`: cancels the concept's cue matches it overlaps.
    Negative,
}

/// The text being loaded and its name, for error messages with a line number.
struct Source<'a> {
    text: &'a str,
    origin: &'a Path,
}

impl Source<'_> {
    fn error(&self, offset: usize, reason: impl Into<String>) -> ClassifyError {
        ClassifyError::Taxonomy {
            path: PathBuf::from(self.origin),
            line: line_of(self.text, offset),
            reason: reason.into(),
        }
    }
}

/// The 1-based line of a byte offset (an offset past the end counts as the last line).
fn line_of(text: &str, offset: usize) -> usize {
    text.bytes().take(offset).filter(|&b| b == b'\n').count() + 1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    concept: Vec<Spanned<RawConcept>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: Spanned<String>,
    th: String,
    en: String,
    definition: String,
    cues: Spanned<Vec<Spanned<RawCue>>>,
    #[serde(default)]
    weak_cues: Vec<Spanned<RawCue>>,
    #[serde(default)]
    negative_cues: Vec<Spanned<RawCue>>,
}

/// A cue as written: a string, or a table `{ text = "...", weight = 1.5 }`.
struct RawCue {
    text: String,
    weight: Option<f32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCueTable {
    text: String,
    #[serde(default)]
    weight: Option<f32>,
}

impl<'de> Deserialize<'de> for RawCue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(RawCueVisitor)
    }
}

struct RawCueVisitor;

impl<'de> Visitor<'de> for RawCueVisitor {
    type Value = RawCue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a cue: a string, or a table { text = \"...\", weight = 1.5 }")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<RawCue, E> {
        Ok(RawCue { text: v.to_owned(), weight: None })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<RawCue, A::Error> {
        let table = RawCueTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(RawCue { text: table.text, weight: table.weight })
    }
}

/// Validates the raw file and builds the taxonomy.
fn build(raw: RawFile, source: &Source) -> Result<Taxonomy> {
    if raw.concept.is_empty() {
        return Err(source.error(0, "no [[concept]] table: a taxonomy needs at least one concept"));
    }
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut concepts = Vec::with_capacity(raw.concept.len());
    for spanned in raw.concept {
        let concept = build_concept(spanned.into_inner(), source, &mut first_line)?;
        concepts.push(concept);
    }
    Ok(Taxonomy { concepts })
}

fn build_concept(raw: RawConcept, source: &Source, first_line: &mut HashMap<String, usize>) -> Result<Concept> {
    let id_offset = raw.id.span().start;
    let id = raw.id.into_inner();
    if !is_snake_case(&id) {
        return Err(source
            .error(id_offset, format!("concept id `{id}` is not snake_case (lower-case a-z, digits and single `_`)")));
    }
    let line = line_of(source.text, id_offset);
    if let Some(first) = first_line.insert(id.clone(), line) {
        return Err(source.error(id_offset, format!("duplicate concept id `{id}` (first defined on line {first})")));
    }
    let cues_offset = raw.cues.span().start;
    let cue_list = raw.cues.into_inner();
    if cue_list.is_empty() {
        return Err(
            source.error(cues_offset, format!("concept `{id}` has an empty `cues` list: it could never be tagged"))
        );
    }
    let mut seen = HashSet::new();
    let cues = build_cues(cue_list, CueKind::Strong, &id, source, &mut seen)?;
    let weak_cues = build_cues(raw.weak_cues, CueKind::Weak, &id, source, &mut seen)?;
    let negative_cues = build_cues(raw.negative_cues, CueKind::Negative, &id, source, &mut seen)?;
    Ok(Concept { id, th: raw.th, en: raw.en, definition: raw.definition, cues, weak_cues, negative_cues })
}

fn build_cues(
    raw: Vec<Spanned<RawCue>>,
    kind: CueKind,
    id: &str,
    source: &Source,
    seen: &mut HashSet<String>,
) -> Result<Vec<Cue>> {
    raw.into_iter().map(|spanned| build_cue(spanned, kind, id, source, seen)).collect()
}

fn build_cue(
    spanned: Spanned<RawCue>,
    kind: CueKind,
    id: &str,
    source: &Source,
    seen: &mut HashSet<String>,
) -> Result<Cue> {
    let offset = spanned.span().start;
    let raw = spanned.into_inner();
    let key = cue_key(&raw.text);
    if key.is_empty() {
        return Err(source.error(offset, format!("concept `{id}` has an empty cue")));
    }
    if !seen.insert(key) {
        return Err(source.error(offset, format!("concept `{id}` lists the cue `{}` twice", raw.text)));
    }
    if let Some(weight) = raw.weight {
        if kind == CueKind::Negative {
            return Err(source.error(
                offset,
                format!("negative cue `{}` of `{id}` has a weight; negative cues take none", raw.text),
            ));
        }
        if !(weight.is_finite() && weight > 0.0) {
            return Err(source.error(
                offset,
                format!("cue `{}` of `{id}` has weight {weight}; it must be a positive number", raw.text),
            ));
        }
    }
    Ok(Cue { text: raw.text, weight: raw.weight })
}

/// The form cues are compared in: normalized, white space collapsed to one space and trimmed,
/// ASCII letters in lower case. The lexicon scorer matches this form.
pub(crate) fn cue_key(text: &str) -> String {
    let normalized = normalize(text);
    let mut key = String::with_capacity(normalized.len());
    for word in normalized.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key.make_ascii_lowercase();
    key
}

/// `trust`, `bottom_up`, `power_balance2`: lower-case ASCII letters and digits in words joined
/// by single underscores, starting with a letter.
fn is_snake_case(id: &str) -> bool {
    let starts_with_letter = id.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    starts_with_letter
        && id
            .split('_')
            .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESIGN_IDS: [&str; 14] = [
        "trust",
        "legitimacy",
        "interdependence",
        "bottom_up",
        "participation",
        "stakeholder_inclusion",
        "consensus",
        "deliberation",
        "negotiation",
        "shared_commitment",
        "leadership",
        "joint_capacity",
        "power_balance",
        "transparency",
    ];

    const GOOD: &str = r#"
[[concept]]
id = "trust"
th = "ความไว้วางใจ"
en = "Trust"
definition = "Good faith."
cues = ["ไว้วางใจ", { text = "mutual trust", weight = 1.5 }]
weak_cues = ["เชื่อมั่น"]
negative_cues = ["อภิปรายไม่ไว้วางใจ"]

[[concept]]
id = "bottom_up"
th = "ล่างสู่บน"
en = "Bottom-up"
definition = "From below."
cues = ["ล่างสู่บน"]
"#;

    /// Loads `text`, expecting an error on `line` whose message contains `needle`.
    #[track_caller]
    fn assert_error(text: &str, line: usize, needle: &str) {
        match Taxonomy::from_toml_str(text, "test.toml") {
            Ok(_) => {
                panic!("expected an error on line {line} containing {needle:?}, got a taxonomy")
            }
            Err(ClassifyError::Taxonomy { path, line: got, reason }) => {
                assert_eq!(path, PathBuf::from("test.toml"));
                assert_eq!(got, line, "wrong line for {reason:?}");
                assert!(reason.contains(needle), "reason {reason:?} does not contain {needle:?}");
            }
            Err(other) => panic!("expected a taxonomy error, got {other}"),
        }
    }

    #[test]
    fn embedded_taxonomy_loads() {
        let loaded = Taxonomy::from_toml_str(EMBEDDED_TOML, EMBEDDED_ORIGIN);
        assert!(loaded.is_ok(), "{:?}", loaded.err());
        let ids: Vec<&str> = Taxonomy::embedded().ids().collect();
        assert_eq!(ids, DESIGN_IDS);
    }

    #[test]
    fn good_file_loads_with_string_and_table_cues() {
        let taxonomy = Taxonomy::from_toml_str(GOOD, "test.toml").unwrap_or_else(|e| panic!("{e}"));
        let trust = taxonomy.check_id("trust").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(trust.cues[0], Cue { text: "ไว้วางใจ".into(), weight: None });
        assert_eq!(trust.cues[1], Cue { text: "mutual trust".into(), weight: Some(1.5) });
        assert_eq!(trust.negative_cues.len(), 1);
        let bottom_up = taxonomy.get("bottom_up").unwrap_or_else(|| panic!("bottom_up missing"));
        assert!(bottom_up.weak_cues.is_empty() && bottom_up.negative_cues.is_empty());
        assert_eq!(taxonomy.position("bottom_up"), Some(1));
    }

    #[test]
    fn unknown_concept_lists_the_known_ids() {
        let taxonomy = Taxonomy::from_toml_str(GOOD, "test.toml").unwrap_or_else(|e| panic!("{e}"));
        match taxonomy.check_id("trsut") {
            Err(ClassifyError::UnknownConcept { id, known }) => {
                assert_eq!(id, "trsut");
                assert_eq!(known, ["trust", "bottom_up"]);
            }
            other => panic!("expected UnknownConcept, got {other:?}"),
        }
    }

    #[test]
    fn unknown_key_in_a_concept() {
        assert_error(&GOOD.replace("weak_cues", "weak_cuez"), 8, "unknown field `weak_cuez`");
    }

    #[test]
    fn unknown_key_in_a_cue_table() {
        assert_error(&GOOD.replace("weight = 1.5", "wieght = 1.5"), 7, "unknown field `wieght`");
    }

    #[test]
    fn unknown_top_level_table() {
        assert_error(
            &GOOD.replace("[[concept]]\nid = \"bottom_up\"", "[[concepts]]\nid = \"bottom_up\""),
            11,
            "unknown field `concepts`",
        );
    }

    #[test]
    fn toml_syntax_error() {
        assert_error(&GOOD.replace("en = \"Bottom-up\"", "en = \"Bottom-up"), 14, "");
    }

    #[test]
    fn missing_required_key() {
        assert_error(&GOOD.replace("definition = \"From below.\"\n", ""), 11, "missing field `definition`");
    }

    #[test]
    fn duplicate_id() {
        assert_error(
            &GOOD.replace("id = \"bottom_up\"", "id = \"trust\""),
            12,
            "duplicate concept id `trust` (first defined on line 3)",
        );
    }

    #[test]
    fn id_not_snake_case() {
        for bad in ["Bottom_up", "bottom-up", "bottom__up", "_bottom", "bottom_", "2up", ""] {
            assert_error(&GOOD.replace("id = \"bottom_up\"", &format!("id = \"{bad}\"")), 12, "not snake_case");
        }
    }

    #[test]
    fn empty_cue_list() {
        assert_error(&GOOD.replace("cues = [\"ล่างสู่บน\"]", "cues = []"), 16, "empty `cues` list");
    }

    #[test]
    fn empty_cue_string() {
        assert_error(&GOOD.replace("weak_cues = [\"เชื่อมั่น\"]", "weak_cues = [\"เชื่อมั่น\", \"  \"]"), 8, "empty cue");
        assert_error(&GOOD.replace("\"ไว้วางใจ\", {", "\"\", {"), 7, "empty cue");
    }

    #[test]
    fn duplicate_cue_in_one_concept() {
        assert_error(&GOOD.replace("weak_cues = [\"เชื่อมั่น\"]", "weak_cues = [\"ไว้วางใจ\"]"), 8, "twice");
    }

    #[test]
    fn bad_weights() {
        assert_error(&GOOD.replace("weight = 1.5", "weight = -1.0"), 7, "positive number");
        assert_error(&GOOD.replace("weight = 1.5", "weight = nan"), 7, "positive number");
        let weighted_negative = GOOD.replace("[\"อภิปรายไม่ไว้วางใจ\"]", "[{ text = \"อภิปรายไม่ไว้วางใจ\", weight = 2.0 }]");
        assert_error(&weighted_negative, 9, "negative cues take none");
    }

    #[test]
    fn no_concepts() {
        assert_error("# nothing here\n", 1, "no [[concept]] table");
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let result = Taxonomy::from_path("/nonexistent/concepts.toml");
        assert!(matches!(result, Err(ClassifyError::Io { .. })), "{result:?}");
    }

    #[test]
    fn cue_keys_are_canonical() {
        assert_eq!(cue_key("  Mutual \u{a0} Trust "), "mutual trust");
        assert_eq!(cue_key("ร่วมคิด  ร่วมทำ"), "ร่วมคิด ร่วมทำ");
    }
}
