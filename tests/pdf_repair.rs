//! Real PDF damage, repaired: the committed round-trip fixtures of `tests/data/pdf/tune` (Thai
//! originals rendered by LibreOffice and read back by `pdftotext`, see its README) go through the
//! same repair as `ruammue normalize --join-lines`, and are scored like
//! `../shared/tools/pdf_roundtrip.py score`: characters out of place, and spaces added or lost per
//! 1,000 characters, after aligning the output with the original. Only the tuning set is used
//! here; `heldout/` is for measuring by hand and is never a test's input.

use std::collections::HashSet;
use std::path::Path;

use ruammue::corpus::passage::opens_passage;
use ruammue::normalize::Normalizer;
use ruammue::segment::ThaiSegmenter;

/// The scores of one set, summed over its files.
#[derive(Debug, Default)]
struct Scores {
    chars: usize,
    out_of_place: usize,
    spurious: usize,
    lost: usize,
}

impl Scores {
    fn order_error(&self) -> f64 {
        self.out_of_place as f64 / self.chars.max(1) as f64
    }

    fn per_1k(&self, n: usize) -> f64 {
        1000.0 * n as f64 / self.chars.max(1) as f64
    }
}

/// The non-space characters of `text`, and the indices of those followed by white space.
fn letters_and_spaces(text: &str) -> (Vec<char>, HashSet<usize>) {
    let (mut letters, mut spaces) = (Vec::new(), HashSet::new());
    for c in text.chars() {
        if c.is_whitespace() {
            if let Some(last) = letters.len().checked_sub(1) {
                spaces.insert(last);
            }
        } else {
            letters.push(c);
        }
    }
    if let Some(last) = letters.len().checked_sub(1) {
        spaces.remove(&last);
    }
    (letters, spaces)
}

/// A longest common subsequence of `a` and `b`, as pairs `(index in a, index in b)`.
fn alignment(a: &[char], b: &[char]) -> Vec<(usize, usize)> {
    let width = b.len() + 1;
    let mut table = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

fn score_file(original: &str, output: &str, scores: &mut Scores) {
    let (a, a_spaces) = letters_and_spaces(original);
    let (b, b_spaces) = letters_and_spaces(output);
    let pairs = alignment(&a, &b);
    let to_original: std::collections::HashMap<usize, usize> = pairs.iter().map(|&(i, j)| (j, i)).collect();
    let mapped: HashSet<usize> = b_spaces.iter().filter_map(|j| to_original.get(j).copied()).collect();
    scores.chars += a.len();
    scores.out_of_place += a.len() - pairs.len();
    scores.spurious += mapped.difference(&a_spaces).count();
    scores.lost += a_spaces.difference(&mapped).count();
}

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Scores the extractions in `tune/<work>`, raw and repaired.
fn score_set(work: &str) -> TestResult<(Scores, Scores)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pdf/tune");
    let segmenter = ThaiSegmenter::new();
    let normalizer = Normalizer::new(&segmenter).join_lines(true).keep_breaks_before(opens_passage);
    let mut names: Vec<_> = std::fs::read_dir(root.join("orig"))?.flatten().map(|e| e.path()).collect();
    names.sort();
    assert!(names.len() >= 20, "tune/orig has {} files", names.len());
    let (mut raw, mut repaired) = (Scores::default(), Scores::default());
    for path in names {
        let stem = path.file_stem().and_then(|s| s.to_str()).ok_or("file name")?;
        let original = std::fs::read_to_string(&path)?;
        let extracted = std::fs::read_to_string(root.join(work).join(format!("{stem}.extracted.txt")))?;
        score_file(&original, &extracted, &mut raw);
        score_file(&original, &normalizer.repair(&extracted), &mut repaired);
    }
    Ok((raw, repaired))
}

fn report(name: &str, scores: &Scores) {
    eprintln!(
        "{name}: order {:.4}, spurious {:.2}/1k, lost {:.2}/1k ({} chars)",
        scores.order_error(),
        scores.per_1k(scores.spurious),
        scores.per_1k(scores.lost),
        scores.chars
    );
}

/// `pdftotext -raw`, the way `ruammue index` reads PDFs: text in content-stream order, so only
/// marks, spaces and line wraps are damaged. The repair must leave the order alone and bring
/// both kinds of space error under the bound of 3 per 1,000 characters.
#[test]
fn raw_extraction_is_repaired_within_the_bounds() -> TestResult {
    let (raw, repaired) = score_set("work-raw")?;
    report("work-raw, raw", &raw);
    report("work-raw, repaired", &repaired);
    assert!(raw.per_1k(raw.spurious) > 5.0, "the fixtures should be damaged: {raw:?}");
    assert!(repaired.order_error() <= 0.001, "{repaired:?}");
    assert!(repaired.per_1k(repaired.spurious) <= 1.0, "{repaired:?}");
    assert!(repaired.per_1k(repaired.lost) <= 3.0, "{repaired:?}");
    Ok(())
}

/// `pdftotext` in its default layout mode also moves marks past the next letter and reads
/// blocks around wide justification gaps out of order. The repair puts marks back (order error
/// at least a third lower) and removes most spurious spaces, without losing many real ones.
#[test]
fn layout_extraction_is_repaired() -> TestResult {
    let (raw, repaired) = score_set("work")?;
    report("work, raw", &raw);
    report("work, repaired", &repaired);
    assert!(repaired.order_error() <= raw.order_error() * 2.0 / 3.0, "{raw:?} -> {repaired:?}");
    assert!(repaired.per_1k(repaired.spurious) <= 5.0, "{repaired:?}");
    assert!(repaired.per_1k(repaired.lost) <= 3.0, "{repaired:?}");
    Ok(())
}
