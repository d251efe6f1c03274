//! `ruammue kwic`: keyword in context over a corpus folder or an index, as text, JSON Lines or
//! CSV. Matching and widths are described in `ruammue::report::kwic`.

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;

use ruammue::corpus::page::page_citation;
use ruammue::report::kwic::{kwic_corpus, kwic_index, sort_lines, Keyword, KwicLine, SortOrder};
use ruammue::report::spreadsheet::text_cell;

use super::tag::TableFormat;
use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The word or phrase to show in context (normalized like the documents).
    term: String,
    /// The corpus folder (default corpus/), unless --index is given.
    #[arg(value_name = "CORPUS_DIR", conflicts_with = "index")]
    corpus: Option<PathBuf>,
    /// Read passages from this index instead of a corpus folder.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Context on each side, in characters (grapheme clusters: a consonant with its marks counts once).
    #[arg(long, value_name = "N", default_value_t = 30)]
    width: usize,
    /// Order of the lines: by the words left or right of the match, or by document.
    #[arg(long, value_enum, default_value_t = Sort::Doc)]
    sort: Sort,
    /// With --index: look in at most this many passages (the best matches).
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = super::at_least_one)]
    limit: usize,
    /// Also show the term inside longer words (การเมือง in พรรคการเมือง), each line naming the
    /// word; without it, such occurrences are only counted on standard error.
    #[arg(long)]
    inside_words: bool,
    #[arg(long, value_enum, default_value_t)]
    format: TableFormat,
}

/// `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Sort {
    /// By the words left of the match, nearest first.
    Left,
    /// By the words right of the match, nearest first.
    Right,
    /// By document, passage and position.
    Doc,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let keyword = Keyword::new(&args.term)?;
    let (mut lines, skipped) = match &args.index {
        Some(index) => (kwic_index(index, &keyword, args.width, args.limit)?, Vec::new()),
        None => kwic_corpus(args.corpus.as_deref().unwrap_or("corpus".as_ref()), &keyword, args.width)?,
    };
    for skip in &skipped {
        eprintln!("ruammue: {}: {} (skipped)", skip.path.display(), skip.reason);
    }
    let order = match args.sort {
        Sort::Left => SortOrder::Left,
        Sort::Right => SortOrder::Right,
        Sort::Doc => SortOrder::Doc,
    };
    let inside = take_inside_words(&mut lines, args.inside_words);
    sort_lines(&mut lines, order);
    let mut out = std::io::stdout().lock();
    match args.format {
        TableFormat::Text => write_text(&mut out, &lines, args.width)?,
        TableFormat::Json => {
            for line in &lines {
                writeln!(out, "{}", serde_json::to_string(line)?)?;
            }
        }
        TableFormat::Csv => write_csv(&mut out, &lines)?,
    }
    if !inside.is_empty() {
        eprintln!(
            "ruammue: {} more occurrences of {} inside longer words ({}); --inside-words shows them",
            inside.len(),
            keyword.term(),
            most_common(&inside, 3).join(", ")
        );
    }
    if lines.is_empty() {
        eprintln!("ruammue: no occurrence of {} on word boundaries", keyword.term());
    }
    Ok(if !skipped.is_empty() || lines.is_empty() { Outcome::Partial } else { Outcome::Success })
}

/// Unless `keep`, removes the lines whose match lies inside a longer word and returns the words
/// they lie in.
fn take_inside_words(lines: &mut Vec<KwicLine>, keep: bool) -> Vec<String> {
    if keep {
        return Vec::new();
    }
    let mut inside = Vec::new();
    lines.retain_mut(|line| match line.within.take() {
        Some(word) => {
            inside.push(word);
            false
        }
        None => true,
    });
    inside
}

/// The `n` most frequent words, most frequent first (ties in word order).
fn most_common(words: &[String], n: usize) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for word in words {
        *counts.entry(word).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.into_iter().take(n).map(|(word, count)| format!("{word} {count}")).collect()
}

fn write_text(out: &mut impl Write, lines: &[KwicLine], width: usize) -> anyhow::Result<()> {
    for line in lines {
        // Written out rather than as a `{:pad$}` width, which std caps at u16::MAX.
        let pad = " ".repeat(width.saturating_sub(unicode_width(&line.left)));
        let within = line.within.as_deref().map(|word| format!("; inside {word}")).unwrap_or_default();
        let pages = line
            .page_start
            .map(|first| format!(", {}", page_citation(first, line.page_end.unwrap_or(first))))
            .unwrap_or_default();
        writeln!(
            out,
            "{pad}{} [{}] {}    {}:{}{pages} (passage {}{within})",
            line.left, line.matched, line.right, line.path, line.line, line.passage
        )?;
    }
    Ok(())
}

/// Columns a context takes: its grapheme clusters (how the width is counted).
fn unicode_width(text: &str) -> usize {
    unicode_segmentation::UnicodeSegmentation::graphemes(text, true).count()
}

/// One row an occurrence; text cells through [`text_cell`], so spreadsheets do not read a
/// context that starts with `-` or `=` as a formula.
fn write_csv(out: &mut impl Write, lines: &[KwicLine]) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "document",
        "title",
        "path",
        "passage",
        "line",
        "left",
        "match",
        "right",
        "within",
        "page_start",
        "page_end",
    ])?;
    let page = |page: Option<u32>| page.map(|n| n.to_string()).unwrap_or_default();
    for l in lines {
        let cells = [
            text_cell(&l.document),
            text_cell(&l.title),
            text_cell(&l.path),
            Cow::Owned(l.passage.to_string()),
            Cow::Owned(l.line.to_string()),
            text_cell(&l.left),
            text_cell(&l.matched),
            text_cell(&l.right),
            text_cell(l.within.as_deref().unwrap_or("")),
            Cow::Owned(page(l.page_start)),
            Cow::Owned(page(l.page_end)),
        ];
        writer.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}
