//! `summary.json`: the report's counts per document, organisation, period and concept, the
//! files that were skipped and those not read for their format, and the files read despite a
//! problem (`warnings`: a front-matter date left out), as one JSON object.
//!
//! Pipeline position: written by [`super::generate`] from the finished [`Aggregates`].
//! Invariants: every `concepts` object maps concept ids to passage counts and lists every
//! concept (zeros included), so sums over `per_document` equal the corpus totals and the counts
//! of `passages.csv`.

use serde_json::{json, Map, Value};

use super::aggregate::{Aggregates, Counts};
use super::html::periods;
use super::svg::ConceptLabel;
use super::{ReportError, Result};

/// The summary as pretty-printed JSON.
pub fn summary_json(all: &Aggregates, corpus: &str, concepts: &[ConceptLabel], heatmap_rows: usize) -> Result<String> {
    let (granularity, periods) = periods(&all.months);
    let value = json!({
        "corpus": corpus,
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
        "heatmap": { "documents_shown": heatmap_rows, "documents": all.documents.len() },
        "skipped": all.skipped,
        "warnings": all.warnings,
        "not_read": all.not_read.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).map_err(ReportError::Json)
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

    #[test]
    fn summary_lists_every_concept_and_the_skipped_files() {
        let mut all = Aggregates::new(vec!["a".into(), "b".into()], 1);
        all.skip(SkippedFile { path: "x.txt".into(), reason: "binary".into() });
        all.not_read.push("old.doc".into());
        all.warnings.push(FileWarning { path: "y.txt".into(), warning: "line 2: front matter: date `2024`".into() });
        let concepts: Vec<ConceptLabel> =
            ["a", "b"].iter().map(|id| ConceptLabel { id: id.to_string(), th: "ก".into(), en: "A".into() }).collect();
        let json: Value = serde_json::from_str(&summary_json(&all, "c", &concepts, 0).unwrap()).unwrap();
        assert_eq!(json["concepts"].as_array().unwrap().len(), 2);
        assert_eq!(json["per_period"]["undated"]["concepts"]["b"], 0);
        assert_eq!(json["skipped"][0]["reason"], "binary");
        assert_eq!(json["not_read"], serde_json::json!(["old.doc"]));
        assert_eq!(json["warnings"][0]["path"], "y.txt");
        assert_eq!(json["documents"], 0);
    }
}
