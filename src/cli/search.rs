//! `ruammue search` (passages with citations and snippets) and `ruammue eval search` (retrieval
//! metrics on a docs/queries set).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use ruammue::classify::Taxonomy;
use ruammue::corpus::page::page_citation;
use ruammue::corpus::{parse_date, Date, Kind};
use ruammue::eval::search::{evaluate, read_jsonl, EvalDoc, EvalQuery, RetrievalScores, SearchEvalConfig};
use ruammue::index::query::QueryOptions;
use ruammue::index::tokenizer::{SubWords, TokenizerOptions};
use ruammue::index::{Analyzer, Hit, PassageIndex, SearchPage, SearchRequest};
use serde_json::json;

use super::{Format, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to search for: Thai or English words (spaces optional), "quoted phrases" must match
    /// exactly. Several arguments are joined with spaces.
    #[arg(required = true, value_name = "QUERY")]
    query: Vec<String>,
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = ".ruammue/index")]
    index: PathBuf,
    /// Only documents of this kind (policy, minutes, law, essay, news, other).
    #[arg(long, value_name = "K")]
    kind: Option<Kind>,
    /// Only documents of this organisation: its whole name, or words of it (also inside a longer
    /// word of the name: เทศบาล and ตำบล find เทศบาลตำบลห้วยน้ำเย็น).
    #[arg(long, value_name = "O")]
    org: Option<String>,
    /// Only documents dated on or after DATE (2024-01-15, or a Thai date: 15 มกราคม 2567).
    #[arg(long, value_name = "DATE", value_parser = date)]
    since: Option<Date>,
    /// Only documents dated on or before DATE.
    #[arg(long, value_name = "DATE", value_parser = date)]
    until: Option<Date>,
    /// Only passages tagged with this concept: an id (`trust`), or a Thai or English name.
    #[arg(long, value_name = "CONCEPT")]
    concept: Option<String>,
    /// At most N results.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = super::at_least_one)]
    limit: usize,
    /// Leave out the best N results first: `--offset 10` shows results 11–20 (with `--limit 10`).
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,
    /// text: numbered results with citation and snippet (highlights in colour on a terminal);
    /// json: one JSON object a line (JSON Lines), highlights as [start, end] byte offsets into
    /// the snippet text.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Run every query of a queries.jsonl file against the index and print latency percentiles.
    #[arg(long, value_name = "FILE", hide = true)]
    latency_queries: Option<PathBuf>,
}

/// The concept id `--concept` names: an id that tags passages of the index (indexed with another
/// taxonomy), or a concept of the embedded taxonomy by id or name ([`Taxonomy::resolve`]); an
/// index without concept tags is reported as such.
fn concept_id(index: &PassageIndex, dir: &Path, concept: &str) -> anyhow::Result<String> {
    if let Some(manifest) = index.manifest().filter(|manifest| manifest.concepts.is_empty()) {
        let corpus = if manifest.corpus.is_empty() { "CORPUS_DIR" } else { manifest.corpus.as_str() };
        bail!(
            "the index has no concept tags (it was built with --no-concepts): rebuild it with `ruammue index {corpus} --rebuild --index {}`",
            dir.display()
        );
    }
    if index.concept_ids()?.iter().any(|id| id == concept) {
        return Ok(concept.to_owned());
    }
    Ok(Taxonomy::embedded().resolve(concept)?.id.clone())
}

fn date(text: &str) -> Result<Date, String> {
    parse_date(text).map_err(|err| err.to_string())
}

/// The filters of a search as typed (`--kind minutes --since 2024-01-01`), empty for none.
fn filter_flags(args: &Args) -> String {
    let mut flags = Vec::new();
    flags.extend(args.kind.map(|kind| format!("--kind {kind}")));
    flags.extend(args.org.as_ref().map(|org| format!("--org {org}")));
    flags.extend(iso(args.since).map(|date| format!("--since {date}")));
    flags.extend(iso(args.until).map(|date| format!("--until {date}")));
    flags.extend(args.concept.as_ref().map(|concept| format!("--concept {concept}")));
    flags.join(" ")
}

/// Says that nothing matched, and whether the filters are why (one more search, counting only).
fn report_nothing_found(index: &PassageIndex, args: &Args, query: &str) -> anyhow::Result<()> {
    let flags = filter_flags(args);
    if flags.is_empty() {
        eprintln!("ruammue: no passage matches `{query}`");
        return Ok(());
    }
    match index.count(query)? {
        0 => eprintln!("ruammue: no passage matches `{query}`, with or without {flags}"),
        1 => eprintln!("ruammue: no passage matches `{query}` with {flags}; without the filters 1 passage matches"),
        n => eprintln!("ruammue: no passage matches `{query}` with {flags}; without the filters {n} passages match"),
    }
    Ok(())
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    if let (Some(since), Some(until)) = (args.since, args.until) {
        if since > until {
            bail!(
                "--since {} is later than --until {}: no date is in between",
                iso(Some(since)).unwrap_or_default(),
                iso(Some(until)).unwrap_or_default()
            );
        }
    }
    let index = PassageIndex::open(&args.index)?;
    let concept = args.concept.as_deref().map(|concept| concept_id(&index, &args.index, concept)).transpose()?;
    let request = SearchRequest {
        query: args.query.join(" "),
        kind: args.kind,
        org: args.org.clone(),
        since: args.since,
        until: args.until,
        concept,
        limit: args.limit,
        offset: args.offset,
    };
    if let Some(path) = &args.latency_queries {
        return latency(&index, &request, path);
    }
    let SearchPage { hits, total } = index.search_page(&request)?;
    let stdout = std::io::stdout();
    let colour = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.format == Format::Text && !hits.is_empty() {
        writeln!(out, "{}\n", page_line(args.offset, hits.len(), total))?;
    }
    for (rank, hit) in (args.offset + 1..).zip(&hits) {
        match args.format {
            Format::Json => writeln!(out, "{}", hit_json(rank, hit, total))?,
            Format::Text => write_hit(&mut out, rank, hit, colour)?,
        }
    }
    out.flush()?;
    if hits.is_empty() && total > 0 {
        let passages = if total == 1 { "passage matches" } else { "passages match" };
        let flags = filter_flags(args);
        let with = if flags.is_empty() { String::new() } else { format!(" with {flags}") };
        eprintln!("ruammue: {total} {passages} `{}`{with}: --offset {} is past the last", request.query, args.offset);
        return Ok(Outcome::Partial);
    }
    if hits.is_empty() {
        report_nothing_found(&index, args, &request.query)?;
        return Ok(Outcome::Partial);
    }
    let partial = hits.iter().filter(|hit| hit.partial).count();
    if partial > 0 {
        eprintln!(
            "ruammue: {partial} of {} passages do not hold the query as typed, only a piece of a word of it or a title matched (marked `partial`); double quotes require the whole word",
            hits.len()
        );
    }
    Ok(Outcome::Success)
}

fn iso(date: Option<Date>) -> Option<String> {
    date.map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
}

/// `hits 11–20 of 234`: where a page of `shown` hits after the best `offset` stands among
/// `total`.
fn page_line(offset: usize, shown: usize, total: usize) -> String {
    match shown {
        1 => format!("hit {} of {total}", offset + 1),
        _ => format!("hits {}–{} of {total}", offset + 1, offset + shown),
    }
}

/// A hit as one JSON line; `rank` counts from the best hit of all pages, `total` is how many
/// passages match on every page; `page_start` and `page_end` only for a PDF passage.
fn hit_json(rank: usize, hit: &Hit, total: usize) -> serde_json::Value {
    let highlights: Vec<[usize; 2]> = hit.snippet.highlights.iter().map(|r| [r.start, r.end]).collect();
    let mut record = json!({
        "rank": rank,
        "total": total,
        "doc_id": hit.doc_id,
        "title": hit.title,
        "kind": hit.kind,
        "org": hit.org,
        "date": iso(hit.date),
        "passage": hit.passage,
        "path": hit.path,
        "first_line": hit.first_line,
        "last_line": hit.last_line,
        "heading": hit.heading,
        "source": hit.source,
        "license": hit.license,
        "score": hit.score,
        "concepts": hit.concepts,
        "partial": hit.partial,
        "missing": hit.missing,
        "snippet": { "text": hit.snippet.text, "highlights": highlights },
    });
    if let (Some(first), Some(fields)) = (hit.page_start, record.as_object_mut()) {
        fields.insert("page_start".to_owned(), first.into());
        fields.insert("page_end".to_owned(), hit.page_end.unwrap_or(first).into());
    }
    record
}

/// `, p. 4` or `, pp. 4–5` after a PDF passage's file and lines; empty for other formats.
fn pages_suffix(hit: &Hit) -> String {
    hit.page_start.map(|first| format!(", {}", page_citation(first, hit.page_end.unwrap_or(first)))).unwrap_or_default()
}

fn write_hit(out: &mut impl Write, rank: usize, hit: &Hit, colour: bool) -> std::io::Result<()> {
    let (bold, mark, reset) = if colour { ("\x1b[1m", "\x1b[1;31m", "\x1b[0m") } else { ("", "", "") };
    let mut about = vec![hit.kind.to_string()];
    about.extend(iso(hit.date));
    about.extend(hit.org.clone());
    writeln!(out, "{rank}. {bold}{}{reset} ({})", hit.title, about.join(", "))?;
    let partial = if hit.partial {
        "  partial: the query as typed is not in this passage".to_string()
    } else if !hit.missing.is_empty() {
        format!("  missing: {}", hit.missing.join(", "))
    } else {
        String::new()
    };
    writeln!(
        out,
        "   {}:{}-{}{}  passage {}  score {:.2}{partial}",
        hit.path,
        hit.first_line,
        hit.last_line,
        pages_suffix(hit),
        hit.passage,
        hit.score
    )?;
    if let Some(heading) = &hit.heading {
        writeln!(out, "   under: {heading}")?;
    }
    let text = &hit.snippet.text;
    let mut line = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for range in &hit.snippet.highlights {
        let (Some(before), Some(marked)) = (text.get(at..range.start), text.get(range.clone())) else { continue };
        line.push_str(before);
        if colour {
            line.push_str(mark);
            line.push_str(marked);
            line.push_str(reset);
        } else {
            line.push_str(marked);
        }
        at = range.end;
    }
    line.push_str(text.get(at..).unwrap_or(""));
    writeln!(out, "   {line}")?;
    if !hit.concepts.is_empty() {
        writeln!(out, "   concepts: {}", hit.concepts.join(", "))?;
    }
    writeln!(out)
}

/// Runs every query of `path` with the request's filters and prints latency percentiles.
fn latency(index: &PassageIndex, request: &SearchRequest, path: &Path) -> anyhow::Result<Outcome> {
    let queries: Vec<EvalQuery> = read_jsonl(path)?;
    let mut times = Vec::with_capacity(queries.len());
    let mut found = 0usize;
    for query in &queries {
        let request = SearchRequest { query: query.query.clone(), ..request.clone() };
        let started = Instant::now();
        let hits = index.search(&request).unwrap_or_default();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        found += usize::from(!hits.is_empty());
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        let at = ((times.len() as f64 - 1.0) * p).round() as usize;
        times.get(at).copied().unwrap_or(0.0)
    };
    let record = json!({
        "queries": times.len(),
        "with_hits": found,
        "passages": index.num_passages(),
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": times.last().copied().unwrap_or(0.0),
        "mean_ms": times.iter().sum::<f64>() / times.len().max(1) as f64,
    });
    println!("{record}");
    Ok(Outcome::Success)
}

/// The tokenizers `eval search` can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TokenizerChoice {
    /// ruammue's dictionary segmenter with sub-words (what `ruammue index` uses).
    Thai,
    /// tantivy's default tokenizer.
    Default,
    /// Character bigrams.
    Bigram,
}

impl TokenizerChoice {
    fn analyzer(self) -> Analyzer {
        match self {
            TokenizerChoice::Thai => Analyzer::Thai,
            TokenizerChoice::Default => Analyzer::TantivyDefault,
            TokenizerChoice::Bigram => Analyzer::Bigram,
        }
    }

    fn name(self) -> &'static str {
        match self {
            TokenizerChoice::Thai => "thai",
            TokenizerChoice::Default => "default",
            TokenizerChoice::Bigram => "bigram",
        }
    }
}

/// Sub-word choices for experiments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SubWordChoice {
    None,
    Words,
    All,
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Documents: JSON Lines of {"id", "text"}.
    #[arg(long, value_name = "DOCS.jsonl")]
    docs: PathBuf,
    /// Queries: JSON Lines of {"id", "query", "relevant": [doc ids]}.
    #[arg(long, value_name = "Q.jsonl")]
    queries: PathBuf,
    /// Tokenizers to measure, in one run, each with the same query code; comma-separated. The
    /// first is the one reported at the top level of the JSON output.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "thai")]
    tokenizer: Vec<TokenizerChoice>,
    /// text: a table; json: one object with mrr_at_10, recall_at_1, recall_at_10, ndcg_at_10 (of
    /// the first tokenizer) and `by_tokenizer` with the figures of each.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Split every document into passages as corpus documents are (default: each document of
    /// docs.jsonl is one passage, as the file's README describes it).
    #[arg(long, hide = true)]
    split_passages: bool,
    #[arg(long, hide = true)]
    phrase_boost: Option<f32>,
    #[arg(long, hide = true)]
    alternate_boost: Option<f32>,
    #[arg(long, hide = true)]
    title_boost: Option<f32>,
    #[arg(long, hide = true)]
    keep_question_words: bool,
    #[arg(long, hide = true)]
    no_pairs_across_parts: bool,
    #[arg(long, hide = true)]
    phrase_slop: Option<u32>,
    #[arg(long, hide = true)]
    sub_field_boost: Option<f32>,
    #[arg(long, hide = true)]
    pair_boost: Option<f32>,
    #[arg(long, hide = true)]
    coordination_boost: Option<f32>,

    #[arg(long, value_enum, hide = true)]
    sub_words: Option<SubWordChoice>,
    #[arg(long, hide = true)]
    min_sub_word_chars: Option<usize>,
    #[arg(long, hide = true)]
    no_fold_digits: bool,
    #[arg(long, hide = true)]
    all_alternates: bool,
    /// Write every query's rank of its first relevant document (JSON Lines) to FILE.
    #[arg(long, value_name = "FILE", hide = true)]
    dump_ranks: Option<PathBuf>,
}

impl EvalArgs {
    fn config(&self, choice: TokenizerChoice) -> SearchEvalConfig {
        let mut query = QueryOptions::default();
        query.phrase_boost = self.phrase_boost.unwrap_or(query.phrase_boost);
        query.alternate_boost = self.alternate_boost.unwrap_or(query.alternate_boost);
        query.title_boost = self.title_boost.unwrap_or(query.title_boost);
        query.phrase_slop = self.phrase_slop.unwrap_or(query.phrase_slop);
        query.sub_field_boost = self.sub_field_boost.unwrap_or(query.sub_field_boost);
        query.pair_boost = self.pair_boost.unwrap_or(query.pair_boost);
        query.coordination_boost = self.coordination_boost.unwrap_or(query.coordination_boost);
        query.drop_question_words &= !self.keep_question_words;
        query.pairs_across_parts &= !self.no_pairs_across_parts;
        let mut tokenizer = TokenizerOptions::default();
        if let Some(choice) = self.sub_words {
            tokenizer.sub_words = match choice {
                SubWordChoice::None => SubWords::None,
                SubWordChoice::Words => SubWords::OfWords,
                SubWordChoice::All => SubWords::OfWordsAndUnknown,
            };
        }
        tokenizer.min_sub_word_chars = self.min_sub_word_chars.unwrap_or(tokenizer.min_sub_word_chars);
        tokenizer.fold_digits &= !self.no_fold_digits;
        tokenizer.split_alternates &= !self.all_alternates;
        SearchEvalConfig { analyzer: choice.analyzer(), tokenizer, query, whole_documents: !self.split_passages }
    }
}

fn dump_ranks(docs: &[EvalDoc], queries: &[EvalQuery], config: &SearchEvalConfig, path: &Path) -> anyhow::Result<()> {
    let index = ruammue::eval::search::memory_index(docs, config)?;
    let rankings = ruammue::eval::search::rank(&index, queries)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for (query, ranking) in queries.iter().zip(rankings) {
        let rank = ranking.iter().position(|id| query.relevant.contains(id)).map(|i| i + 1);
        let words: Vec<String> = index.query_builder().words(&query.query).into_iter().map(|w| w.primary).collect();
        writeln!(
            out,
            "{}",
            json!({"id": query.id, "query": query.query, "words": words, "rank": rank, "top": ranking.iter().take(3).collect::<Vec<_>>(), "relevant": query.relevant})
        )?;
    }
    Ok(())
}

pub fn eval(args: &EvalArgs) -> anyhow::Result<Outcome> {
    let docs: Vec<EvalDoc> = read_jsonl(&args.docs).with_context(|| format!("reading {}", args.docs.display()))?;
    let queries: Vec<EvalQuery> =
        read_jsonl(&args.queries).with_context(|| format!("reading {}", args.queries.display()))?;
    let mut results: Vec<(TokenizerChoice, RetrievalScores, f64)> = Vec::new();
    for &choice in &args.tokenizer {
        if results.iter().any(|(done, _, _)| *done == choice) {
            continue;
        }
        let started = Instant::now();
        if let Some(path) = &args.dump_ranks {
            dump_ranks(&docs, &queries, &args.config(choice), path)?;
        }
        let scores = evaluate(&docs, &queries, &args.config(choice))?;
        results.push((choice, scores, started.elapsed().as_secs_f64()));
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let Some((first, scores, _)) = results.first() else { return Ok(Outcome::Failure) };
            let by_tokenizer: serde_json::Map<String, serde_json::Value> = results
                .iter()
                .map(|(choice, s, seconds)| {
                    (
                        choice.name().to_string(),
                        json!({
                            "mrr_at_10": s.mrr_at_10, "recall_at_1": s.recall_at_1,
                            "recall_at_10": s.recall_at_10, "ndcg_at_10": s.ndcg_at_10, "seconds": seconds,
                        }),
                    )
                })
                .collect();
            let record = json!({
                "docs": docs.len(),
                "queries": scores.queries,
                "tokenizer": first.name(),
                "mrr_at_10": scores.mrr_at_10,
                "recall_at_1": scores.recall_at_1,
                "recall_at_10": scores.recall_at_10,
                "ndcg_at_10": scores.ndcg_at_10,
                "by_tokenizer": by_tokenizer,
            });
            writeln!(out, "{record}")?;
        }
        Format::Text => {
            writeln!(out, "{} documents, {} queries", docs.len(), queries.len())?;
            writeln!(out, "tokenizer  MRR@10  Recall@1  Recall@10  nDCG@10  seconds")?;
            for (choice, s, seconds) in &results {
                writeln!(
                    out,
                    "{:<9}  {:.4}  {:>8.4}  {:>9.4}  {:.4}  {seconds:>7.1}",
                    choice.name(),
                    s.mrr_at_10,
                    s.recall_at_1,
                    s.recall_at_10,
                    s.ndcg_at_10
                )?;
            }
        }
    }
    Ok(Outcome::Success)
}
