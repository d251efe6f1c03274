//! `summary.json`: the report's counts per document, organisation, period and concept, the
//! files that were skipped and those not read for their format, and `warnings` (files read
//! despite a problem, documents dated in the future or before 1900, each an object with the same
//! keys: [`warnings`]), as one JSON object.
//!
//! Pipeline position: written by [`super::generate`] from the finished [`Aggregates`].
//! Invariants: every `concepts` object maps concept ids to passage counts and lists every
//! concept (zeros included), so sums over `per_document` equal the corpus totals and the counts
//! of `passages.csv`.

use serde_json::{json, Map, Value};

use super::aggregate::{format_date, Aggregates, Counts, FIRST_LIKELY_YEAR};
use super::html::{heatmap_documents, periods, PageOptions};
use super::{ReportError, Result};

/// The summary as pretty-printed JSON; `warnings` as [`warnings`] gives them.
pub fn summary_json(all: &Aggregates, options: &PageOptions<'_>) -> Result<String> {
    let (granularity, periods) = periods(&all.months, options.period);
    let concepts = options.concepts;
    let warnings = warnings(all, options.today);
    let value = json!({
        "corpus": options.corpus,
        "generator": format!("ruammue {}", env!("CARGO_PKG_VERSION")),
        "documents": all.total.documents,
        "passages": all.total.passages,
        "tagged_passages": all.total.tagged,
        "concepts": concepts.iter().enumerate().map(|(i, c)| json!({
            "id": c.id,
            "th": c.th,
            "en": c.en,
            "passages": all.total.concepts.get(i).copied().unwrap_or(0),
            "share": all.total.share(i),
        })).collect::<Vec<_>>(),
        "per_document": all.documents.iter().map(|d| {
            let mut row = json!({
                "document": d.info.id,
                "path": d.info.path.display().to_string(),
                "title": d.info.title,
                "org": d.info.org,
                "kind": d.info.kind.as_str(),
                "date": d.info.date.map(super::aggregate::format_date),
                "date_source": d.info.date_source,
            });
            extend(&mut row, counts(&d.counts, &all.concept_ids));
            row
        }).collect::<Vec<_>>(),
        "per_organisation": all.orgs.iter().map(|(org, c)| {
            let mut row = json!({ "org": org });
            extend(&mut row, counts(c, &all.concept_ids));
            row
        }).collect::<Vec<_>>(),
        "per_period": {
            "granularity": granularity,
            "periods": periods.iter().map(|(p, c)| {
                let mut row = json!({ "period": p.key(), "label_th": p.label_th(), "label_en": p.label_en() });
                extend(&mut row, counts(c, &all.concept_ids));
                row
            }).collect::<Vec<_>>(),
            "undated": counts(&all.undated, &all.concept_ids),
        },
        "heatmap": {
            "documents_shown": heatmap_documents(&all.documents, options.heatmap_rows).len(),
            "documents": all.documents.len(),
        },
        "skipped": all.skipped,
        "warnings": warnings,
        "not_read": all.not_read.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).map_err(ReportError::Json)
}

/// What a warning of `summary.json` is about: a `front_matter` value left out (a `date` that is
/// not a date), or an `odd_date` (a document dated after the day of the report or before
/// [`FIRST_LIKELY_YEAR`], probably a typo).
const FRONT_MATTER: &str = "front_matter";
/// See [`FRONT_MATTER`].
const ODD_DATE: &str = "odd_date";

/// The `warnings` of `summary.json`, one object each, the same keys for every kind:
/// `{kind, path, doc_id, message, warning}` — `path` the file (as the report names it elsewhere),
/// `doc_id` the document id (its path under the corpus root, as in `per_document` and
/// `passages.csv`), `message` what is wrong; `warning` repeats `message` for readers of reports
/// written before the other keys (which then had `path` and `warning` only, and the document id
/// in `path` for odd dates). Files read despite a problem first, in corpus order, then documents
/// with odd dates.
pub fn warnings(all: &Aggregates, today: crate::corpus::Date) -> Vec<Value> {
    let object = |kind: &str, path: &std::path::Path, doc_id: &str, message: String| json!({ "kind": kind, "path": path.display().to_string(), "doc_id": doc_id, "message": message, "warning": message });
    let files = all.warnings.iter().map(|w| object(FRONT_MATTER, &w.path, &w.doc_id, w.warning.clone()));
    let odd_dates = all.odd_dates(today).into_iter().map(|odd| {
        let message =
            format!("dated {}, in the future or before {FIRST_LIKELY_YEAR}: probably a typo", format_date(odd.date));
        object(ODD_DATE, &odd.path, &odd.document, message)
    });
    files.chain(odd_dates).collect()
}

/// `{documents, passages, tagged_passages, concepts: {id: n}}`.
fn counts(counts: &Counts, ids: &[String]) -> Value {
    let concepts: Map<String, Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), json!(counts.concepts.get(i).copied().unwrap_or(0))))
        .collect();
    json!({
        "documents": counts.documents,
        "passages": counts.passages,
        "tagged_passages": counts.tagged,
        "concepts": concepts,
    })
}

/// Adds the keys of `more` (an object) to `row` (an object).
fn extend(row: &mut Value, more: Value) {
    if let (Some(row), Value::Object(more)) = (row.as_object_mut(), more) {
        row.extend(more);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use crate::index::{FileWarning, SkippedFile};
    use crate::report::svg::ConceptLabel;
    use time::macros::date;

    #[test]
    fn summary_lists_every_concept_and_the_skipped_files() {
        let mut all = Aggregates::new(vec!["a".into(), "b".into()], 1);
        all.skip(SkippedFile { path: "x.txt".into(), reason: "binary".into() });
        all.not_read.push("old.doc".into());
        all.warnings.push(FileWarning {
            path: "c/y.txt".into(),
            doc_id: "y.txt".into(),
            warning: "line 2: front matter: date `2024`".into(),
        });
        let concepts: Vec<ConceptLabel> =
            ["a", "b"].iter().map(|id| ConceptLabel { id: id.to_string(), th: "ก".into(), en: "A".into() }).collect();
        let options = PageOptions {
            corpus: "c",
            concepts: &concepts,
            heatmap_rows: 0,
            profiles: 1,
            period: None,
            today: date!(2026 - 01 - 01),
        };
        let json: Value = serde_json::from_str(&summary_json(&all, &options).unwrap()).unwrap();
        assert_eq!(json["concepts"].as_array().unwrap().len(), 2);
        assert_eq!(json["per_period"]["undated"]["concepts"]["b"], 0);
        assert_eq!(json["skipped"][0]["reason"], "binary");
        assert_eq!(json["not_read"], serde_json::json!(["old.doc"]));
        assert_eq!(json["warnings"][0]["path"], "c/y.txt");
        assert_eq!(json["documents"], 0);
    }

    #[test]
    fn every_warning_names_its_kind_file_document_and_message() {
        let mut all = Aggregates::new(vec!["a".into()], 1);
        all.warnings.push(FileWarning {
            path: "corpus/minutes/y.txt".into(),
            doc_id: "minutes/y.txt".into(),
            warning: "line 2: front matter: date `2024` is not a date".into(),
        });
        let info = |id: &str, date| crate::report::aggregate::DocumentInfo {
            id: id.into(),
            path: format!("corpus/{id}").into(),
            title: id.into(),
            org: None,
            kind: crate::corpus::Kind::Minutes,
            date: Some(date),
            date_source: None,
        };
        let counts = Counts::new(1);
        for (id, date) in [("minutes/typo.txt", date!(2099 - 01 - 01)), ("minutes/ok.txt", date!(2024 - 01 - 01))] {
            all.add(crate::report::aggregate::DocumentResult {
                info: info(id, date),
                counts: counts.clone(),
                top: Vec::new(),
            });
        }
        let warnings = warnings(&all, date!(2026 - 01 - 01));
        let expected = serde_json::json!([
            {
                "kind": "front_matter",
                "path": "corpus/minutes/y.txt",
                "doc_id": "minutes/y.txt",
                "message": "line 2: front matter: date `2024` is not a date",
                "warning": "line 2: front matter: date `2024` is not a date",
            },
            {
                "kind": "odd_date",
                "path": "corpus/minutes/typo.txt",
                "doc_id": "minutes/typo.txt",
                "message": "dated 2099-01-01, in the future or before 1900: probably a typo",
                "warning": "dated 2099-01-01, in the future or before 1900: probably a typo",
            },
        ]);
        assert_eq!(Value::Array(warnings), expected);
    }
}
