//! `ruammue segment`: cut text into words.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use ruammue::segment::{Dictionary, ThaiSegmenter};
use serde::Serialize;

use super::{input, Format, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to segment (standard input when none).
    files: Vec<PathBuf>,
    /// Separator printed between tokens in text output.
    #[arg(long, default_value = "|")]
    sep: String,
    /// Extra dictionary file (`word` or `word<TAB>count` a line); repeatable. A word listed
    /// without a count is kept whole wherever it occurs; with a count, the count decides.
    #[arg(long = "dict", value_name = "FILE")]
    dicts: Vec<PathBuf>,
    /// Segment the text as it is, without normalizing it first.
    #[arg(long)]
    raw: bool,
    /// Output format: text (tokens separated by --sep, one line a line) or json (tokens with
    /// byte offsets into the normalized text).
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Serialize)]
struct Segmented<'a> {
    path: String,
    encoding: &'static str,
    text: &'a str,
    tokens: Vec<ruammue::segment::Token<'a>>,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let segmenter = segmenter(&args.dicts)?;
    let (inputs, outcome) = input::read_non_empty(&args.files)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for input in inputs {
        let text = if args.raw { input.text } else { ruammue::normalize::normalize(&input.text) };
        match args.format {
            Format::Text => write_text(&segmenter, &text, &args.sep, &mut out)?,
            Format::Json => {
                let tokens = segmenter.segment(&text);
                let record = Segmented {
                    path: input.path.display().to_string(),
                    encoding: input.encoding.name(),
                    text: &text,
                    tokens,
                };
                serde_json::to_writer(&mut out, &record)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(outcome)
}

/// The embedded dictionary, plus the user's files when given.
pub fn segmenter(dicts: &[PathBuf]) -> anyhow::Result<ThaiSegmenter> {
    if dicts.is_empty() {
        return Ok(ThaiSegmenter::new());
    }
    let dictionary = Dictionary::with_user_files(dicts).context("loading the dictionaries")?;
    Ok(ThaiSegmenter::with_dictionary(Arc::new(dictionary)))
}

fn write_text(segmenter: &ThaiSegmenter, text: &str, sep: &str, out: &mut impl Write) -> std::io::Result<()> {
    let mut tokens = Vec::new();
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        tokens.clear();
        segmenter.segment_into(body, &mut tokens);
        for (i, token) in tokens.iter().enumerate() {
            if i > 0 {
                out.write_all(sep.as_bytes())?;
            }
            out.write_all(token.text.as_bytes())?;
        }
        out.write_all(newline.as_bytes())?;
    }
    Ok(())
}
