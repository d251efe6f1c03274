//! `ruammue index`: build or update the search index of a corpus folder.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use ruammue::index::{build_index, BuildOptions, BuildReport, ConceptTagging, Progress};
use serde_json::json;

use super::tag::TaggerArgs;
use super::{Format, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus folder: .txt and .md files at any depth, with optional front matter.
    #[arg(value_name = "CORPUS_DIR", default_value = "corpus")]
    corpus: PathBuf,
    /// The index folder (created if needed).
    #[arg(long, value_name = "DIR", default_value = ".ruammue/index")]
    index: PathBuf,
    /// Build a new index instead of updating the existing one (needed after a tokenizer or
    /// dictionary change). The old index stays searchable until the new one is complete.
    #[arg(long)]
    rebuild: bool,
    #[command(flatten)]
    tagger: TaggerArgs,
    /// Do not tag passages with concepts (`search --concept` then finds nothing).
    #[arg(long, conflicts_with_all = ["taxonomy", "model", "lexicon_only"])]
    no_concepts: bool,
    /// Indexing threads (default: one per core, at most 4).
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// text: a summary line; json: the summary as one JSON object.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Testing: stop (without committing) after N files, as a failed run would.
    #[arg(long, value_name = "N", hide = true)]
    fail_after: Option<usize>,
    /// Testing: abort the process after N files, as a killed run would.
    #[arg(long, value_name = "N", hide = true)]
    abort_after: Option<usize>,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let bar = super::byte_progress_bar("indexing");
    let files_done = AtomicUsize::new(0);
    let progress = |event: &Progress<'_>| {
        match event {
            Progress::Started { bytes, .. } => {
                if let Some(bar) = &bar {
                    bar.set_length(*bytes);
                }
            }
            Progress::File { bytes, done, .. } => {
                files_done.store(*done, Ordering::Relaxed);
                if let Some(bar) = &bar {
                    bar.inc(*bytes);
                    bar.set_message(format!("{done} files"));
                }
                if args.abort_after.is_some_and(|n| *done >= n) {
                    std::process::abort();
                }
                if args.fail_after.is_some_and(|n| *done >= n) {
                    return ControlFlow::Break(());
                }
            }
            Progress::Finishing => {
                if let Some(bar) = &bar {
                    bar.set_message("committing");
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    };
    let tagger = if args.no_concepts { None } else { Some(args.tagger.tagger(&args.tagger.taxonomy()?)?) };
    let fingerprint = tagger.as_ref().map(|tagger| format!("{:016x}", tagger.fingerprint()));
    let tag = |text: &str| {
        tagger.as_ref().map(|t| t.tag(text).into_iter().map(|tag| tag.concept).collect()).unwrap_or_default()
    };
    let options = BuildOptions {
        rebuild: args.rebuild,
        tagger: fingerprint.as_deref().map(|fingerprint| ConceptTagging { tag: &tag, fingerprint }),
        progress: Some(&progress),
        threads: args.threads,
        ..BuildOptions::default()
    };
    let result = build_index(&args.corpus, &args.index, &options);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = result?;
    if let Some(found) = report.corpus_rules_reread {
        eprintln!("ruammue: {}: {}", args.index.display(), reread_note(found));
    }
    super::report_warnings(&report.warnings);
    super::report_skipped(&report.skipped);
    super::report_not_read(&report.not_read);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Text => writeln!(out, "{}", summary(&report, &args.index))?,
        Format::Json => writeln!(
            out,
            "{}",
            json!({
                "index": args.index.display().to_string(),
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "removed": report.removed,
                "skipped": report.skipped,
                "not_read": report.not_read,
                "warnings": report.warnings,
                "passages_added": report.passages_added,
                "bytes_indexed": report.bytes_indexed,
                "documents": report.documents,
                "passages": report.passages,
                "created": report.created,
                "corpus_rules_reread": report.corpus_rules_reread,
                "seconds": report.elapsed.as_secs_f64(),
            })
        )?,
    }
    if report.documents == 0 {
        eprintln!("ruammue: {}: no documents (.txt .md .pdf .docx) found", args.corpus.display());
        return Ok(Outcome::Partial);
    }
    Ok(if report.skipped.is_empty() { Outcome::Success } else { Outcome::Partial })
}

/// The one line that says every document was read again because the index recorded the corpus
/// rules `found` (0: none).
fn reread_note(found: u32) -> String {
    let recorded = match found {
        0 => "before passage rules were versioned".to_string(),
        version => format!("with passage rules v{version}"),
    };
    format!(
        "built {recorded}; every document was read again with this ruammue's (v{})",
        ruammue::corpus::CORPUS_RULES_VERSION
    )
}

fn summary(report: &BuildReport, index: &std::path::Path) -> String {
    let seconds = report.elapsed.as_secs_f64();
    let megabytes = report.bytes_indexed as f64 / 1e6;
    format!(
        "{}: {} files indexed ({} new, {} changed), {} unchanged, {} removed, {} skipped; {} passages added, {} in {} documents; {:.1} MB in {:.1} s",
        index.display(),
        report.added + report.updated,
        report.added,
        report.updated,
        report.unchanged,
        report.removed,
        report.skipped.len(),
        report.passages_added,
        report.passages,
        report.documents,
        megabytes,
        seconds,
    )
}
