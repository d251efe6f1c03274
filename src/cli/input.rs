//! Reading the command's inputs: files named on the command line, or standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Outcome;
use ruammue::corpus::decode::{decode, Encoding};
use ruammue::corpus::walk::Format;
use ruammue::corpus::{Extracted, PageBreaks};
use ruammue::index::extracted;

/// One decoded input.
pub struct Input {
    /// Where it came from (`-` for standard input).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: Encoding,
    /// Where a PDF's pages start in `text` (none for other inputs).
    pub pages: Option<PageBreaks>,
}

/// Reads and decodes standard input (named `-`).
fn read_stdin() -> anyhow::Result<Input> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
    decode_input(Path::new("-"), &bytes)
}

/// Reads one file: a `.pdf` or `.docx` file by extracting its text as the index does (a PDF's
/// text repaired, its pages kept), any other file by decoding its bytes.
fn read_file(path: &Path) -> anyhow::Result<Input> {
    if let Some(format @ (Format::Pdf | Format::Docx)) = Format::from_path(path) {
        let Extracted { text, pages } = extracted(path, format)?;
        return Ok(Input { path: path.to_path_buf(), text, encoding: Encoding::Utf8, pages });
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    decode_input(path, &bytes)
}

/// Reads every file in `paths` ([`read_file`]; `-` is standard input), or standard input when
/// there is none, leaving
/// out empty inputs and, when another input can be read, the files that cannot: each is
/// reported on standard error, and the returned outcome is then [`Outcome::Partial`]. When no
/// input can be read, the first error (naming the file) is returned.
pub fn read_non_empty(paths: &[PathBuf]) -> anyhow::Result<(Vec<Input>, Outcome)> {
    let read: Vec<anyhow::Result<Input>> = if paths.is_empty() {
        vec![read_stdin()]
    } else {
        paths.iter().map(|path| if path.as_os_str() == "-" { read_stdin() } else { read_file(path) }).collect()
    };
    let all_failed = read.iter().all(Result::is_err);
    let mut outcome = Outcome::Success;
    let mut inputs = Vec::new();
    for result in read {
        match result {
            Ok(input) => inputs.push(input),
            Err(err) if all_failed => return Err(err),
            Err(err) => {
                eprintln!("ruammue: {} (skipped)", super::error_message(&err));
                outcome = Outcome::Partial;
            }
        }
    }
    inputs.retain(|input| {
        let empty = input.text.is_empty();
        if empty {
            eprintln!("ruammue: {}: empty input", input.path.display());
            outcome = Outcome::Partial;
        }
        !empty
    });
    Ok((inputs, outcome))
}

fn decode_input(path: &Path, bytes: &[u8]) -> anyhow::Result<Input> {
    let decoded =
        decode(bytes).map_err(|e| ruammue::Error::Decode { path: path.to_path_buf(), reason: e.to_string() })?;
    if decoded.encoding != Encoding::Utf8 && decoded.encoding != Encoding::Utf8Bom {
        eprintln!("ruammue: {}: decoded as {}", path.display(), decoded.encoding.name());
    }
    Ok(Input { path: path.to_path_buf(), text: decoded.text, encoding: decoded.encoding, pages: None })
}
