//! `summary.json`: the report's counts per document, organisation, period and concept, the
//! files that were skipped and those not read for their format, and `warnings` (files read
//! despite a problem, documents dated in the future or before 1900), as one JSON object.
//!
//! Pipeline position: written by [`super::generate`] from the finished [`Aggregates`].
//! Invariants: every `concepts` object maps concept ids to passage counts and lists every
//! concept (zeros included), so sums over `per_document` equal the corpus totals and the counts
//! of `passages.csv`.

use serde_json::{json, Map, Value};

use super::aggregate::{format_date, Aggregates, Counts, FIRST_LIKELY_YEAR};
use super::html::{heatmap_documents, periods, PageOptions};
use super::{ReportError, Result};

/// The summary as pretty-printed JSON. `warnings` lists the files read despite a problem (a
/// front-matter date left out) and the documents dated in the future or before 1900, each as
/// `{path, warning}`.
pub fn summary_json(all: &Aggregates, options: &PageOptions<'_>) -> Result<String> {
    let (granularity, periods) = periods(&all.months, options.period);
    let concepts = options.concepts;
    let mut warnings: Vec<Value> = all.warnings.iter().map(|w| json!(w)).collect();
    warnings.extend(all.odd_dates(options.today).iter().map(|odd| {
        json!({
            "path": odd.document,
            "warning": format!("dated {}, in the future or before {FIRST_LIKELY_YEAR}: probably a typo", format_date(odd.date)),
        })
    }));
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
        all.warnings.push(FileWarning { path: "y.txt".into(), warning: "line 2: front matter: date `2024`".into() });
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
        assert_eq!(json["warnings"][0]["path"], "y.txt");
        assert_eq!(json["documents"], 0);
    }
}
