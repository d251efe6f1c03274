//! Reading the command's inputs: files named on the command line, or standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Outcome;
use ruammue::corpus::decode::{decode, Encoding};

/// One decoded input.
pub struct Input {
    /// Where it came from (`-` for standard input).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: Encoding,
}

/// Reads and decodes every file in `paths`, or standard input when there is none. A file that
/// cannot be read or decoded is an error naming it.
pub fn read_all(paths: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    if paths.is_empty() {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
        return Ok(vec![decode_input(Path::new("-"), &bytes)?]);
    }
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            decode_input(path, &bytes)
        })
        .collect()
}

/// Like [`read_all`], leaving out empty inputs: each is reported on standard error, and the
/// returned outcome is then [`Outcome::Partial`].
pub fn read_non_empty(paths: &[PathBuf]) -> anyhow::Result<(Vec<Input>, Outcome)> {
    let mut outcome = Outcome::Success;
    let inputs = read_all(paths)?
        .into_iter()
        .filter(|input| {
            let empty = input.text.is_empty();
            if empty {
                eprintln!("ruammue: {}: empty input", input.path.display());
                outcome = Outcome::Partial;
            }
            !empty
        })
        .collect();
    Ok((inputs, outcome))
}

fn decode_input(path: &Path, bytes: &[u8]) -> anyhow::Result<Input> {
    let decoded =
        decode(bytes).map_err(|e| ruammue::Error::Decode { path: path.to_path_buf(), reason: e.to_string() })?;
    if decoded.encoding != Encoding::Utf8 && decoded.encoding != Encoding::Utf8Bom {
        eprintln!("ruammue: {}: decoded as {}", path.display(), decoded.encoding.name());
    }
    Ok(Input { path: path.to_path_buf(), text: decoded.text, encoding: decoded.encoding })
}
