//! `ruammue normalize`: print repaired text.

use std::io::Write;
use std::path::PathBuf;

use ruammue::normalize::Origin;

use super::{input, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to repair (standard input when none).
    files: Vec<PathBuf>,
    /// Also join lines broken inside a phrase (text extracted from PDF): a line break between
    /// Thai letters becomes nothing or a space, as the words on both sides say. Lines that open a
    /// passage (agenda items, resolutions, speaker turns, law sections) stay on their own line.
    /// Spaces inside words are then removed wherever a word spans them; without this option only
    /// in text that shows PDF damage (a space before a vowel or tone mark), so that the spaces of
    /// typed text (นายก อบต., งบประมาณ พ.ศ. 2567) stay.
    #[arg(long)]
    join_lines: bool,
}

pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let segmenter = ruammue::segment::ThaiSegmenter::new();
    let normalizer = ruammue::normalize::Normalizer::new(&segmenter)
        .join_lines(args.join_lines)
        .keep_breaks_before(ruammue::corpus::passage::opens_passage)
        .origin(if args.join_lines { Origin::Pdf } else { Origin::Unknown });
    let (inputs, outcome) = input::read_non_empty(&args.files)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for input in inputs {
        out.write_all(normalizer.repair(&input.text).as_bytes())?;
    }
    out.flush()?;
    Ok(outcome)
}
