//! `ruammue index` and `ruammue search`, run as a user runs them: the real binary, a small copy
//! of the bundled corpus (five council minutes and one Act) in a temporary folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The query typed without spaces, and where its passage is.
const QUERY: &str = "ขอให้เปิดเผยราคากลางค่าจ้างเหมาเก็บขยะ";
const QUERY_FILE: &str = "minutes/municipal/nong-bua-thong-2024-08-15.txt";
const QUERY_LINE: u64 = 53;

fn ruammue(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ruammue"));
    cmd.current_dir(dir).env_remove("RUST_LOG");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    ruammue(dir).args(args).output().unwrap_or_else(|e| panic!("cannot run ruammue: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn assert_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// A temporary folder with `corpus/` holding the five constructed council minutes and the
/// Official Information Act.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let minutes = source.join("minutes/municipal");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&minutes)
        .unwrap_or_else(|e| panic!("{}: {e}", minutes.display()))
        .map(|entry| entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    files.push(source.join("laws/official-information-act-2540.txt"));
    for file in files {
        let relative = file.strip_prefix(&source).unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("corpus").join(relative);
        std::fs::create_dir_all(target.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(&file, &target).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    dir
}

/// Indexes `corpus/` of `dir` into `idx/` and checks the exit code.
#[track_caller]
fn index(dir: &Path, code: i32) -> Output {
    let out = run(dir, &["index", "corpus", "--index", "idx"]);
    assert_code(&out, code);
    out
}

/// The JSON hits of a search.
#[track_caller]
fn search(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search", "--index", "idx", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1), "{}", text(&out.stderr));
    text(&out.stdout).lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

fn field<'v>(hit: &'v Value, key: &str) -> &'v Value {
    hit.get(key).unwrap_or_else(|| panic!("no `{key}` in {hit}"))
}

#[test]
fn an_unspaced_thai_query_finds_its_passage_with_citation_and_exact_highlights() {
    let dir = corpus();
    let out = index(dir.path(), 0);
    assert!(text(&out.stdout).contains("6 files indexed (6 new, 0 changed)"), "{}", text(&out.stdout));
    let hits = search(dir.path(), &[QUERY]);
    let top = hits.first().unwrap_or_else(|| panic!("no hit"));
    assert!(field(top, "path").as_str().is_some_and(|p| p.ends_with(QUERY_FILE)), "{top}");
    assert_eq!(
        (field(top, "first_line").as_u64(), field(top, "last_line").as_u64()),
        (Some(QUERY_LINE), Some(QUERY_LINE))
    );
    assert_eq!(field(top, "kind"), "minutes");
    assert_eq!(field(top, "date"), "2024-08-15");
    let snippet = field(top, "snippet");
    let snippet_text = field(snippet, "text").as_str().unwrap_or("");
    let highlighted: Vec<&str> = field(snippet, "highlights")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|span| snippet_text.get(span.get(0)?.as_u64()? as usize..span.get(1)?.as_u64()? as usize))
        .collect();
    for word in ["เปิดเผย", "ราคากลาง", "ขยะ"] {
        assert!(highlighted.iter().any(|h| h.contains(word)), "{word} not in {highlighted:?}");
    }
    assert!(highlighted.iter().all(|h| QUERY.contains(h)), "highlights are query words: {highlighted:?}");

    // Text output: the citation line; no colour when piped.
    let out = run(dir.path(), &["search", "--index", "idx", QUERY, "--limit", "1"]);
    assert_code(&out, 0);
    let shown = text(&out.stdout);
    assert!(shown.contains(&format!("{QUERY_FILE}:{QUERY_LINE}-{QUERY_LINE}")), "{shown}");
    assert!(!shown.contains('\x1b'), "{shown}");

    // Arabic digits find Thai ones.
    let hits = search(dir.path(), &["มาตรา 14", "--limit", "1"]);
    assert!(hits.first().is_some_and(|h| field(h, "heading") == "มาตรา ๑๔"), "{hits:?}");

    // Nothing found: exit 1.
    let out = run(dir.path(), &["search", "--index", "idx", "quantumchromodynamics"]);
    assert_code(&out, 1);
}

#[test]
fn filters_by_kind_and_by_iso_or_thai_buddhist_era_dates() {
    let dir = corpus();
    index(dir.path(), 0);
    let laws = search(dir.path(), &["ข้อมูลข่าวสาร การประชุม", "--kind", "law", "--limit", "20"]);
    assert!(!laws.is_empty());
    assert!(laws.iter().all(|h| field(h, "kind") == "law"), "{laws:?}");
    let minutes = search(dir.path(), &["การประชุม", "--kind", "minutes", "--limit", "50"]);
    assert!(!minutes.is_empty() && minutes.iter().all(|h| field(h, "kind") == "minutes"));

    let recent = search(dir.path(), &["การประชุม", "--since", "2024-01-01", "--limit", "100"]);
    assert!(!recent.is_empty());
    assert!(recent.iter().all(|h| field(h, "date").as_str().is_some_and(|d| d >= "2024-01-01")), "{recent:?}");
    let thai = search(dir.path(), &["การประชุม", "--since", "1 มกราคม 2567", "--limit", "100"]);
    assert_eq!(thai, recent, "a Thai Buddhist-Era date filters like its ISO date");
    let old = search(dir.path(), &["การประชุม", "--until", "2023-12-31", "--limit", "100"]);
    assert!(!old.is_empty() && old.iter().all(|h| field(h, "date").as_str().is_some_and(|d| d <= "2023-12-31")));

    let org = search(dir.path(), &["การประชุม", "--org", "หนองบัวทอง", "--limit", "100"]);
    assert!(!org.is_empty());
    assert!(org.iter().all(|h| field(h, "path").as_str().is_some_and(|p| p.contains("nong-bua-thong"))), "{org:?}");

    // A filter narrows the passages that match the words; it never lets in one without them.
    for hits in [&laws, &minutes, &recent, &old, &org] {
        assert!(hits.iter().all(|h| field(h, "score").as_f64().is_some_and(|s| s > 0.0)), "{hits:?}");
    }
    let unfiltered = search(dir.path(), &["เงินสะสม", "--limit", "100"]);
    let filtered = search(dir.path(), &["เงินสะสม", "--kind", "minutes", "--limit", "100"]);
    assert!(!filtered.is_empty() && filtered.len() <= unfiltered.len(), "{} > {}", filtered.len(), unfiltered.len());

    let out = run(dir.path(), &["search", "--index", "idx", "x", "--since", "yesterday"]);
    assert_code(&out, 2);
}

#[test]
fn filters_that_leave_nothing_are_named_and_since_after_until_is_refused() {
    let dir = corpus();
    index(dir.path(), 0);
    let all = search(dir.path(), &["เงินสะสม", "--limit", "1000"]).len();
    let out = run(dir.path(), &["search", "--index", "idx", "เงินสะสม", "--kind", "news"]);
    assert_code(&out, 1);
    let expected = format!("no passage matches `เงินสะสม` with --kind news; without the filters {all} passages match");
    assert!(text(&out.stderr).contains(&expected), "{}", text(&out.stderr));
    let out =
        run(dir.path(), &["search", "--index", "idx", "เงินสะสม", "--since", "2024-01-01", "--until", "2020-01-01"]);
    assert_code(&out, 2);
    assert!(text(&out.stderr).contains("--since 2024-01-01 is later than --until 2020-01-01"), "{}", text(&out.stderr));
    let out = run(dir.path(), &["search", "--index", "idx", "quantumchromodynamics"]);
    assert_code(&out, 1);
    assert!(text(&out.stderr).contains("no passage matches `quantumchromodynamics`\n"), "{}", text(&out.stderr));
}

#[test]
fn bad_files_are_reported_by_name_and_the_rest_is_indexed() {
    let dir = corpus();
    let corpus = dir.path().join("corpus");
    std::fs::write(corpus.join("minutes/scan.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 255, 254].repeat(50))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(corpus.join("minutes/broken.md"), "---\ntitle: ไม่มีเส้นปิด\nkind: minutes\nนี่ไม่ใช่ key value\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = index(dir.path(), 1);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("scan.txt") && stderr.contains("broken.md"), "{stderr}");
    assert!(text(&out.stdout).contains("2 skipped"), "{}", text(&out.stdout));
    let hits = search(dir.path(), &[QUERY, "--limit", "1"]);
    assert!(hits.first().is_some_and(|h| field(h, "path").as_str().is_some_and(|p| p.ends_with(QUERY_FILE))));
}

#[test]
fn files_in_formats_not_read_are_counted_on_one_line_and_do_not_change_the_exit_code() {
    let dir = corpus();
    for name in ["minutes/old.doc", "minutes/older.doc", "notes.odt", "README.md"] {
        std::fs::write(dir.path().join("corpus").join(name), "x").unwrap_or_else(|e| panic!("{e}"));
    }
    let out = index(dir.path(), 0);
    let stderr = text(&out.stderr);
    let wanted = "ruammue: 3 files not read: only .txt, .md, .pdf and .docx are (.doc 2, .odt 1; save Word .doc and .odt files as .docx)";
    assert!(stderr.lines().any(|line| line == wanted), "{stderr}");
    let json = run(dir.path(), &["index", "corpus", "--index", "idx", "--format", "json"]);
    let json: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["not_read"].as_array().map(Vec::len), Some(3), "{json}");
}

/// The corpus folder, indexed, and the hits of [`QUERY`] (some).
fn indexed_corpus() -> (tempfile::TempDir, Vec<Value>) {
    let dir = corpus();
    index(dir.path(), 0);
    let hits = search(dir.path(), &[QUERY]);
    assert!(!hits.is_empty());
    (dir, hits)
}

/// A temporary folder whose `corpus/` holds one file, `name`, with `text`, indexed into `idx/`.
fn indexed_file(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.path().join("corpus")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("corpus").join(name), text).unwrap_or_else(|e| panic!("{e}"));
    index(dir.path(), 0);
    dir
}

#[test]
fn updates_are_incremental_and_a_failed_or_killed_run_leaves_the_previous_index() {
    let (dir, before) = indexed_corpus();

    let out = index(dir.path(), 0);
    assert!(
        text(&out.stdout).contains("0 files indexed (0 new, 0 changed), 6 unchanged, 0 removed"),
        "{}",
        text(&out.stdout)
    );

    // Change every file, then stop the run (an error) and kill it (abort) part-way.
    let corpus = dir.path().join("corpus");
    let changed = corpus.join(QUERY_FILE);
    let original = std::fs::read_to_string(&changed).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&changed, original.replace("เปิดเผยราคากลาง", "เปิดเผยต้นทุน")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(corpus.join("minutes/new.txt"), "ขอให้เปิดเผยราคากลางค่าจ้างเหมาเก็บขยะ ค่าจ้างเหมาเก็บขยะ ขยะ ราคากลาง")
        .unwrap_or_else(|e| panic!("{e}"));
    for stop in ["--fail-after", "--abort-after"] {
        let out = run(dir.path(), &["index", "corpus", "--index", "idx", stop, "3"]);
        assert!(!out.status.success(), "{stop}: {}", text(&out.stderr));
        assert_eq!(search(dir.path(), &[QUERY]), before, "after {stop}, the previous index answers the same");
    }

    // A complete run picks up the changes; a deleted file is removed.
    let out = index(dir.path(), 0);
    assert!(text(&out.stdout).contains("2 files indexed (1 new, 1 changed), 5 unchanged"), "{}", text(&out.stdout));
    let after = search(dir.path(), &[QUERY, "--limit", "1"]);
    assert!(after.first().is_some_and(|h| field(h, "path").as_str().is_some_and(|p| p.ends_with("minutes/new.txt"))));
    std::fs::remove_file(corpus.join("minutes/new.txt")).unwrap_or_else(|e| panic!("{e}"));
    let out = index(dir.path(), 0);
    assert!(text(&out.stdout).contains("1 removed"), "{}", text(&out.stdout));
    let gone = search(dir.path(), &[QUERY, "--limit", "50"]);
    assert!(gone.iter().all(|h| field(h, "path").as_str().is_some_and(|p| !p.ends_with("new.txt"))));
}

#[test]
fn a_second_run_on_a_busy_index_is_refused_and_a_killed_runs_folder_is_cleaned_up() {
    let (dir, before) = indexed_corpus();
    // What a run holds while it builds or updates `idx`.
    let lock = std::fs::File::create(dir.path().join(".idx.lock")).unwrap_or_else(|e| panic!("{e}"));
    lock.try_lock().unwrap_or_else(|e| panic!("{e}"));
    for args in [&["index", "corpus", "--index", "idx"][..], &["index", "corpus", "--index", "idx", "--rebuild"]] {
        let out = run(dir.path(), args);
        assert_code(&out, 2);
        assert!(
            text(&out.stderr).contains("another `ruammue index` is building or updating idx"),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(search(dir.path(), &[QUERY]), before, "the index is untouched and searchable");
    }
    drop(lock);
    // A killed run's temporary folder goes at the next run, an update included.
    let leftover = dir.path().join(".idx.building-4294967295");
    std::fs::create_dir(&leftover).unwrap_or_else(|e| panic!("{e}"));
    index(dir.path(), 0);
    assert!(!leftover.exists());
}

/// Sets (or, with `None`, removes) the corpus rules version the manifest of `idx/` records.
fn set_corpus_rules(dir: &Path, version: Option<u64>) {
    let manifest = dir.join("idx/ruammue-index.json");
    let json = std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("{e}"));
    let mut value: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let object = value.as_object_mut().unwrap_or_else(|| panic!("{json}"));
    match version {
        Some(version) => object.insert("corpus_rules".to_string(), Value::from(version)),
        None => object.remove("corpus_rules"),
    };
    std::fs::write(&manifest, value.to_string()).unwrap_or_else(|e| panic!("{e}"));
}

/// The corpus rules version the manifest of `idx/` records.
fn corpus_rules(dir: &Path) -> Option<u64> {
    let json = std::fs::read_to_string(dir.join("idx/ruammue-index.json")).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str::<Value>(&json).unwrap_or_else(|e| panic!("{e}"))["corpus_rules"].as_u64()
}

/// The citations of the hits of `query` (at most 50), sorted: what a search finds, whatever the
/// scores (which move a little when passages are deleted and added again).
#[track_caller]
fn citations(dir: &Path, query: &str) -> Vec<(String, u64, u64)> {
    let hits = search(dir, &[query, "--limit", "50"]);
    let mut cited: Vec<(String, u64, u64)> = hits
        .iter()
        .map(|h| {
            let path = field(h, "path").as_str().unwrap_or_default().to_string();
            (path, field(h, "passage").as_u64().unwrap_or(0), field(h, "first_line").as_u64().unwrap_or(0))
        })
        .collect();
    cited.sort();
    cited
}

/// `index --format json` on `idx/`, expecting exit code `code`: the summary and standard error.
#[track_caller]
fn index_json(dir: &Path, code: i32) -> (Value, String) {
    let out = run(dir, &["index", "corpus", "--index", "idx", "--format", "json"]);
    assert_code(&out, code);
    (serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}")), text(&out.stderr))
}

#[test]
fn an_index_of_other_corpus_rules_is_read_again_in_full_on_update_and_still_searched() {
    let (dir, _) = indexed_corpus();
    let before = citations(dir.path(), QUERY);
    let (json, _) = index_json(dir.path(), 0);
    let passages = json["passages"].as_u64();
    let current = corpus_rules(dir.path());
    assert!(current.is_some_and(|v| v > 0), "the manifest records the rules");
    for old in [Some(0), None] {
        set_corpus_rules(dir.path(), old);
        assert_eq!(citations(dir.path(), QUERY), before, "a search goes on ({old:?})");
        let (json, stderr) = index_json(dir.path(), 0);
        assert_eq!(
            (json["added"].as_u64(), json["updated"].as_u64(), json["unchanged"].as_u64()),
            (Some(0), Some(6), Some(0))
        );
        assert_eq!(json["passages"].as_u64(), passages, "the passages were replaced, not doubled");
        let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("read again")).collect();
        assert_eq!(notes.len(), 1, "one line: {stderr}");
        assert!(notes.iter().all(|l| l.starts_with("ruammue: idx: built before passage rules")), "{stderr}");
        assert_eq!(corpus_rules(dir.path()), current);
        assert_eq!(citations(dir.path(), QUERY), before);
        let out = index(dir.path(), 0);
        assert!(text(&out.stdout).contains("0 changed), 6 unchanged"), "{}", text(&out.stdout));
        assert!(!text(&out.stderr).contains("read again"), "{}", text(&out.stderr));
    }
    set_corpus_rules(dir.path(), Some(999_999));
    let (json, stderr) = index_json(dir.path(), 0);
    assert!(stderr.contains("built with passage rules v999999"), "{stderr}");
    assert_eq!((json["updated"].as_u64(), json["corpus_rules_reread"].as_u64()), (Some(6), Some(999_999)));

    // A file that cannot be read again keeps its old passages, so the index keeps its old version
    // and the next run reads everything again.
    set_corpus_rules(dir.path(), Some(0));
    let file = dir.path().join("corpus").join(QUERY_FILE);
    let original = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&file, b"\0\x01\x02binary\0\0\0").unwrap_or_else(|e| panic!("{e}"));
    let out = index(dir.path(), 1);
    assert!(text(&out.stdout).contains("5 changed"), "{}", text(&out.stdout));
    assert_eq!(corpus_rules(dir.path()), Some(0));
    std::fs::write(&file, original).unwrap_or_else(|e| panic!("{e}"));
    let out = index(dir.path(), 0);
    assert!(text(&out.stdout).contains("6 changed"), "{}", text(&out.stdout));
    assert_eq!(corpus_rules(dir.path()), current);
}

/// (path, passage) of each hit, in order.
fn cited(hits: &[Value]) -> Vec<(String, u64)> {
    hits.iter()
        .map(|h| (field(h, "path").as_str().unwrap_or_default().to_string(), field(h, "passage").as_u64().unwrap_or(0)))
        .collect()
}

/// The `total` every hit carries (all the same).
#[track_caller]
fn total(hits: &[Value]) -> u64 {
    let totals: Vec<u64> = hits.iter().filter_map(|h| field(h, "total").as_u64()).collect();
    assert!(totals.len() == hits.len() && totals.windows(2).all(|w| w[0] == w[1]), "{totals:?}");
    totals.first().copied().unwrap_or(0)
}

#[test]
fn pages_of_hits_follow_each_other_and_the_total_counts_what_the_filters_let_through() {
    let dir = corpus();
    index(dir.path(), 0);
    // Two words: phrases and word pairs re-rank the best candidates, and pages must agree.
    let query = "ประชาชน การ";
    let all = search(dir.path(), &[query, "--limit", "1000"]);
    assert!(all.len() > 60, "more than the re-ranked candidates: {}", all.len());
    assert_eq!(total(&all), all.len() as u64);
    let mut paged = Vec::new();
    for offset in (0..all.len() + 7).step_by(7) {
        let page = search(dir.path(), &[query, "--limit", "7", "--offset", &offset.to_string()]);
        let ranks: Vec<u64> = page.iter().filter_map(|h| field(h, "rank").as_u64()).collect();
        assert!(ranks.iter().zip(offset as u64 + 1..).all(|(rank, n)| *rank == n), "{offset}: {ranks:?}");
        if !page.is_empty() {
            assert_eq!(total(&page), all.len() as u64);
        }
        paged.extend(page);
    }
    assert_eq!(cited(&paged), cited(&all), "pages neither repeat nor skip a passage");

    // Filters: the total is what they let through.
    for filters in
        [&["--kind", "minutes"][..], &["--kind", "law"], &["--since", "2024-06-01"], &["--concept", "transparency"]]
    {
        let mut args = vec![query, "--limit", "1000"];
        args.extend_from_slice(filters);
        let filtered = search(dir.path(), &args);
        assert!(!filtered.is_empty() && filtered.len() < all.len(), "{filters:?}: {}", filtered.len());
        assert_eq!(total(&filtered), filtered.len() as u64, "{filters:?}");
        let mut args = vec![query, "--limit", "2", "--offset", "1"];
        args.extend_from_slice(filters);
        let page = search(dir.path(), &args);
        assert_eq!(total(&page), filtered.len() as u64, "{filters:?}");
        assert_eq!(cited(&page), cited(filtered.get(1..3).unwrap_or_default()), "{filters:?}");
    }

    // Text: where the page stands; past the last hit, a message and exit 1.
    let out = run(dir.path(), &["search", "--index", "idx", query, "--limit", "10", "--offset", "10"]);
    assert_code(&out, 0);
    let shown = text(&out.stdout);
    assert!(shown.starts_with(&format!("hits 11–20 of {}\n", all.len())), "{shown}");
    assert!(shown.contains("\n11. ") && shown.contains("\n20. ") && !shown.contains("\n21. "), "{shown}");
    let out = run(dir.path(), &["search", "--index", "idx", query, "--offset", "100000"]);
    assert_code(&out, 1);
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains(&format!("{} passages match", all.len())), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--offset 100000 is past the last"), "{}", text(&out.stderr));
}

#[test]
fn an_index_of_another_tokenizer_version_is_refused_with_a_rebuild_hint() {
    let dir = corpus();
    index(dir.path(), 0);
    let manifest = dir.path().join("idx/ruammue-index.json");
    let json = std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("{e}"));
    let mut value: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    value["tokenizer_version"] = Value::from(0);
    std::fs::write(&manifest, value.to_string()).unwrap_or_else(|e| panic!("{e}"));

    for args in [&["search", "--index", "idx", QUERY][..], &["index", "corpus", "--index", "idx"][..]] {
        let out = run(dir.path(), args);
        assert_code(&out, 2);
        let stderr = text(&out.stderr);
        let corpus = std::fs::canonicalize(dir.path().join("corpus")).unwrap_or_else(|e| panic!("{e}"));
        let rebuild = format!("ruammue index {} --rebuild --index idx", corpus.display());
        assert!(stderr.contains("tokenizer thai v0") && stderr.contains(&rebuild), "{stderr}");
    }
    let out = run(dir.path(), &["index", "corpus", "--index", "idx", "--rebuild"]);
    assert_code(&out, 0);
    assert!(!search(dir.path(), &[QUERY]).is_empty());
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.starts_with(".idx") && name != ".idx.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let out = run(dir.path(), &["search", "--index", "nowhere", QUERY]);
    assert_code(&out, 2);
    assert!(text(&out.stderr).contains("ruammue index"), "{}", text(&out.stderr));
}

/// Five queries, typed without spaces, each for one passage of a different part of the ingestion
/// fixture (a query whose words are in two passages could rank either first).
const INGEST_QUERIES: [&str; 5] =
    ["ขอให้เปิดเผยราคากลาง", "เวทีประชาคมหมู่บ้าน", "ต้องได้รับอนุญาตก่อน", "ไฟกิ่งถนนหน้าวัด", "เงินสะสมที่นำไปใช้ได้"];

/// Text without white space and without the snippet's ellipses, to compare across formats.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '…').collect()
}

/// Indexes one form (`txt`, `pdf`, `docx`) of the ingestion fixture and returns the top hit of
/// each of the five queries.
fn top_hits_of_form(form: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest").join(form).join("minutes");
    let target = dir.path().join("corpus/minutes");
    std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display())) {
        let file = entry.unwrap_or_else(|e| panic!("{e}")).path();
        std::fs::copy(&file, target.join(file.file_name().unwrap_or_default())).unwrap_or_else(|e| panic!("{e}"));
    }
    index(dir.path(), 0);
    INGEST_QUERIES
        .iter()
        .map(|query| {
            let hits = search(dir.path(), &[query, "--limit", "1"]);
            let hit = hits.into_iter().next().unwrap_or_else(|| panic!("{form}: nothing found for {query}"));
            assert_eq!(field(&hit, "kind"), "minutes", "{form}: {hit}");
            hit
        })
        .collect()
}

#[test]
fn pdf_and_word_files_are_found_by_the_same_queries_at_the_same_passages() {
    let txt_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest/txt/minutes/nong-bua-thong.txt");
    let txt_lines: Vec<String> =
        std::fs::read_to_string(&txt_file).unwrap_or_else(|e| panic!("{e}")).lines().map(str::to_string).collect();
    let txt_hits = top_hits_of_form("txt");
    // The text of each passage the .txt corpus answers with, from the file itself.
    let txt_passages: Vec<String> = txt_hits
        .iter()
        .map(|hit| {
            let line = |key| field(hit, key).as_u64().unwrap_or_else(|| panic!("{hit}")) as usize;
            compact(&txt_lines[line("first_line") - 1..line("last_line")].concat())
        })
        .collect();

    let docx_hits = top_hits_of_form("docx");
    for (txt, docx) in txt_hits.iter().zip(&docx_hits) {
        for key in ["passage", "first_line", "last_line"] {
            assert_eq!(field(txt, key), field(docx, key), "docx hit {docx}\ntxt hit {txt}");
        }
    }

    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("SKIPPED (pdf part): pdftotext is not installed (apt-get install poppler-utils)");
        return;
    }
    // PDF passages are cut differently (a PDF has no blank lines), so the same passage is the one
    // whose snippet, the matched words and their context, lies in the .txt answer's passage.
    for ((query, passage), pdf) in INGEST_QUERIES.iter().zip(&txt_passages).zip(top_hits_of_form("pdf")) {
        let snippet = compact(field(field(&pdf, "snippet"), "text").as_str().unwrap_or_default());
        assert!(snippet.chars().count() > 20, "{query}: {pdf}");
        assert!(passage.contains(&snippet), "{query}: the pdf hit\n{snippet}\nis not in the txt passage\n{passage}");
    }
}

#[test]
fn a_scanned_pdf_in_a_corpus_is_reported_as_needing_ocr() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest");
    std::fs::create_dir_all(dir.path().join("corpus/minutes")).unwrap_or_else(|e| panic!("{e}"));
    for (from, to) in
        [("scan/minutes/nong-bua-thong-scan.pdf", "scan.pdf"), ("txt/minutes/nong-bua-thong.txt", "a.txt")]
    {
        std::fs::copy(source.join(from), dir.path().join("corpus/minutes").join(to)).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = index(dir.path(), 1);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("scan.pdf") && stderr.contains("OCR"), "{stderr}");
    assert!(text(&out.stdout).contains("1 skipped"), "{}", text(&out.stdout));
}

#[test]
fn passages_are_tagged_with_concepts_and_search_filters_by_them() {
    let dir = corpus();
    index(dir.path(), 0);
    let concepts_of = |hit: &Value| -> Vec<String> {
        field(hit, "concepts").as_array().into_iter().flatten().filter_map(|c| c.as_str().map(str::to_string)).collect()
    };
    // The filter is under test, not the tagger: filter by the concept most of the hits carry.
    let all = search(dir.path(), &["ประชาชน", "--limit", "50"]);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for concept in all.iter().flat_map(concepts_of) {
        *counts.entry(concept).or_default() += 1;
    }
    let concept = counts.iter().max_by_key(|&(_, n)| *n).map(|(c, _)| c.clone()).unwrap_or_default();
    assert!(!concept.is_empty(), "no hit carries a concept: {all:?}");
    let tagged = search(dir.path(), &["ประชาชน", "--concept", &concept, "--limit", "50"]);
    assert!(!tagged.is_empty() && tagged.len() < all.len(), "{concept}: {} of {}", tagged.len(), all.len());
    assert!(tagged.iter().all(|hit| concepts_of(hit).contains(&concept)), "{tagged:?}");
    // The filter only removes passages: the tagged ones among the first 50 hits come in the same
    // order with the same scores.
    let key = |hit: &Value| {
        (field(hit, "doc_id").to_string(), field(hit, "passage").to_string(), field(hit, "score").to_string())
    };
    let expected: Vec<_> = all.iter().filter(|hit| concepts_of(hit).contains(&concept)).map(key).collect();
    let found: Vec<_> = tagged.iter().map(key).take(expected.len()).collect();
    assert_eq!(found, expected);
    // A concept may be named as `tag --concept` names it: in upper case, or by its English name.
    let by_name = search(dir.path(), &["ประชาชน", "--concept", &concept.to_uppercase(), "--limit", "50"]);
    assert_eq!(by_name.iter().map(key).collect::<Vec<_>>(), tagged.iter().map(key).collect::<Vec<_>>());

    let out = run(dir.path(), &["search", "--index", "idx", "ประชาคม", "--concept", "trsut"]);
    assert_code(&out, 2);
    assert!(text(&out.stderr).contains("unknown concept `trsut`"), "{}", text(&out.stderr));

    let out = run(dir.path(), &["index", "corpus", "--index", "idx", "--lexicon-only"]);
    assert_code(&out, 2);
    assert!(text(&out.stderr).contains("--rebuild"), "{}", text(&out.stderr));
    assert_code(&run(dir.path(), &["index", "corpus", "--index", "plain", "--no-concepts"]), 0);
    let out = run(dir.path(), &["search", "--index", "plain", "ประชาคม", "--concept", "bottom_up"]);
    assert_code(&out, 2);
    assert!(text(&out.stderr).contains("no concept tags"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("corpus --rebuild --index plain`"), "{}", text(&out.stderr));
}

#[test]
fn a_quoted_phrase_is_found_inside_a_longer_word_of_the_domain_list() {
    let lines = [
        "สนับสนุนการมีส่วนร่วมของประชาชนในการตัดสินใจ",
        "ส่งเสริมการมีส่วนร่วมของเยาวชนในชุมชน",
        "ส่งเสริมการมีส่วนร่วมจากทุกภาคส่วน",
        "สนับสนุนการมีส่วนร่วมของประชาชนในการวางแผน",
        "ประชาชนร่วมกันปลูกต้นไม้ริมถนน",
    ];
    let dir = indexed_file("a.txt", &(lines.join("\n\n") + "\n"));
    let passages = |hits: &[Value]| {
        let mut found: Vec<u64> = hits.iter().filter_map(|h| field(h, "passage").as_u64()).collect();
        found.sort_unstable();
        found
    };
    assert_eq!(passages(&search(dir.path(), &["\"การมีส่วนร่วม\""])), [1, 2, 3, 4]);
    assert_eq!(passages(&search(dir.path(), &["\"มีส่วนร่วม\""])), [1, 2, 3, 4]);
    assert_eq!(passages(&search(dir.path(), &["\"การมีส่วนร่วมของประชาชน\""])), [1, 4]);
    assert!(search(dir.path(), &["\"ร่วมปลูก\""]).is_empty(), "not a word of any passage");
}

#[test]
fn a_quoted_phrase_is_found_as_sub_words_in_a_row_inside_a_compound() {
    // อภิปรายไม่ไว้วางใจ is one word of the dictionary; ไม่ไว้วางใจ is two (ไม่|ไว้วางใจ).
    let lines = ["ฝ่ายค้านเตรียมการอภิปรายไม่ไว้วางใจรัฐมนตรีในสัปดาห์หน้า", "ประชาชนยังไม่ไว้วางใจหน่วยงานรัฐ"];
    let dir = indexed_file("a.txt", &(lines.join("\n\n") + "\n"));
    let mut found: Vec<u64> =
        search(dir.path(), &["\"ไม่ไว้วางใจ\""]).iter().filter_map(|h| field(h, "passage").as_u64()).collect();
    found.sort_unstable();
    assert_eq!(found, [1, 2]);
    assert!(search(dir.path(), &["\"ไว้วางใจไม่\""]).is_empty(), "the sub-words in another order");
}

#[test]
fn an_unquoted_term_inside_a_longer_word_ranks_with_the_passages_that_have_its_words() {
    // การมีส่วนร่วม alone is cut การ|มี|ส่วน|ร่วม; inside the domain phrase it is one word.
    let lines = [
        "การก่อสร้างถนนมีความล่าช้าในส่วนของงานระบายน้ำ",
        "สนับสนุนการมีส่วนร่วมของประชาชนในการตัดสินใจ",
        "การประชุมมีผู้ร่วมงานส่วนใหญ่มาจากกรมทางหลวง",
        "ส่งเสริมการมีส่วนร่วมจากทุกภาคส่วน",
        "การจัดซื้อมีปัญหาในส่วนงานพัสดุและร่วมกันแก้ไข",
    ];
    let dir = indexed_file("a.txt", &(lines.join("\n\n") + "\n"));
    let hits = search(dir.path(), &["การมีส่วนร่วม"]);
    let mut top: Vec<u64> = hits.iter().take(2).filter_map(|h| field(h, "passage").as_u64()).collect();
    top.sort_unstable();
    assert_eq!(top, [2, 4], "{hits:#?}");
}

/// Each hit's passage number and whether it is marked partial.
fn partial_marks(hits: &[Value]) -> Vec<(u64, bool)> {
    let mark = |h: &Value| (field(h, "passage").as_u64().unwrap_or(0), field(h, "partial").as_bool().unwrap_or(false));
    hits.iter().map(mark).collect()
}

#[test]
fn a_hit_holding_only_part_of_the_query_word_is_marked_partial_and_quotes_leave_it_out() {
    let lines = ["ที่ประชุมบรรลุฉันทามติร่วมกันเรื่องแผนงาน", "สภามีมติเห็นชอบแผนงาน", "ประชาชนร่วมกันปลูกต้นไม้"];
    let dir = indexed_file("a.txt", &(lines.join("\n\n") + "\n"));
    let hits = search(dir.path(), &["ฉันทามติ"]);
    let marks = partial_marks(&hits);
    assert_eq!(marks, [(1, false), (2, true)], "{hits:#?}");
    let out = run(dir.path(), &["search", "--index", "idx", "ฉันทามติ"]);
    assert_code(&out, 0);
    assert!(text(&out.stdout).contains("partial: the query as typed is not in this passage"), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("1 of 2 passages do not hold the query as typed"), "{}", text(&out.stderr));
    let quoted = search(dir.path(), &["\"ฉันทามติ\""]);
    assert_eq!(quoted.iter().map(|h| field(h, "passage").as_u64()).collect::<Vec<_>>(), [Some(1)]);

    // A term the analyzer cuts into words (การ|เจรจา): a passage with only การ is partial, and the
    // snippet marks the term whole, not การ in กรรมการ.
    let lines = ["คณะกรรมการสนับสนุนการเจรจาระหว่างรัฐกับชุมชน", "การประชุมสภาตำบลเรื่องถนน"];
    let dir = indexed_file("b.txt", &(lines.join("\n\n") + "\n"));
    let hits = search(dir.path(), &["การเจรจา"]);
    let marks = partial_marks(&hits);
    assert_eq!(marks, [(1, false), (2, true)], "{hits:#?}");
    let snippet = field(&hits[0], "snippet");
    let text = snippet["text"].as_str().unwrap_or_default();
    let marked: Vec<&str> = snippet["highlights"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| text.get(r[0].as_u64()? as usize..r[1].as_u64()? as usize))
        .collect();
    assert_eq!(marked, ["การเจรจา"], "{snippet}");
}

#[test]
fn the_org_filter_finds_a_word_inside_a_longer_word_of_the_name() {
    let dir = corpus();
    index(dir.path(), 0);
    let orgs = |org: &str| {
        let hits = search(dir.path(), &["ประชุม", "--org", org, "--limit", "500"]);
        let mut names: Vec<String> = hits.iter().filter_map(|h| field(h, "org").as_str().map(str::to_string)).collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    // เทศบาลตำบล is one word of the dictionary: เทศบาล and ตำบล are its sub-words.
    let municipal = orgs("เทศบาล");
    assert_eq!(municipal.len(), 4, "{municipal:?}");
    assert!(municipal.iter().any(|o| o.starts_with("เทศบาลตำบลห้วยน้ำเย็น")), "{municipal:?}");
    let tambon = orgs("ตำบล");
    assert!(tambon.iter().any(|o| o.starts_with("เทศบาลตำบล")), "{tambon:?}");
    assert!(tambon.iter().all(|o| o.contains("ตำบล")), "{tambon:?}");
    assert_eq!(orgs("เทศบาลเมือง").len(), 1, "words in a row still work");
}

#[test]
fn an_index_of_one_folder_is_not_emptied_by_indexing_another_into_it() {
    let (dir, before) = indexed_corpus();
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(other.join("a.txt"), "การประชุมสภาองค์การบริหารส่วนตำบล\n").unwrap_or_else(|e| panic!("{e}"));
    let out = run(dir.path(), &["index", "other", "--index", "idx"]);
    assert_code(&out, 2);
    let message = text(&out.stderr);
    assert!(message.contains("was built from") && message.contains("--rebuild"), "{message}");
    assert_eq!(search(dir.path(), &[QUERY]), before, "the index is as it was");
    let out = run(dir.path(), &["index", "other", "--index", "idx", "--rebuild"]);
    assert_code(&out, 0);
    assert!(search(dir.path(), &[QUERY]).is_empty());
}

#[test]
fn a_document_without_front_matter_is_dated_by_its_headline() {
    let text = "สรุปข่าวการประชุมคณะรัฐมนตรี 12 ตุลาคม 2564\n\nคณะรัฐมนตรีส่งเสริมธรรมาภิบาลในหน่วยงานรัฐ\n";
    let dir = indexed_file("2022-11-05-9.txt", text);
    let hits = search(dir.path(), &["ธรรมาภิบาล", "--since", "1 ตุลาคม 2564", "--until", "2021-10-31"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(field(&hits[0], "date"), "2021-10-12");
    assert!(search(dir.path(), &["ธรรมาภิบาล", "--since", "2022-01-01"]).is_empty());
}

#[test]
fn a_document_dated_only_by_its_file_name_is_filtered_by_that_date_as_the_report_dates_it() {
    let dir = indexed_file("2022-11-05-9.txt", "คณะรัฐมนตรีส่งเสริมธรรมาภิบาลในหน่วยงานรัฐ\n");
    let hits = search(dir.path(), &["ธรรมาภิบาล", "--since", "2022-11-01", "--until", "2022-11-30"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(field(&hits[0], "date"), "2022-11-05");
    assert!(search(dir.path(), &["ธรรมาภิบาล", "--until", "2022-10-31"]).is_empty());
}

#[test]
fn a_query_word_inside_a_compound_is_highlighted_and_its_pieces_are_not_marked_in_other_words() {
    let dir = indexed_file("a.txt", "จัดเวทีประชาคมหมู่บ้านเมื่อเดือนมีนาคม ผู้นำชุมชนมีความคมชัดในการอธิบาย\n");
    let hits = search(dir.path(), &["ประชาคม"]);
    assert_eq!(hits.len(), 1);
    let snippet = field(&hits[0], "snippet");
    let shown = snippet["text"].as_str().unwrap_or_default().as_bytes();
    let highlighted: Vec<String> = snippet["highlights"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .filter_map(|r| {
            let (start, end) = (r[0].as_u64()? as usize, r[1].as_u64()? as usize);
            Some(String::from_utf8_lossy(shown.get(start..end)?).into_owned())
        })
        .collect();
    assert_eq!(highlighted, ["ประชาคม"], "not คม in มีนาคม or คมชัด");
}

#[test]
fn citations_name_the_file_from_any_folder_and_carry_the_source() {
    let dir = corpus();
    index(dir.path(), 0);
    let here = search(dir.path(), &["ประชาคม", "--limit", "3"]);
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&elsewhere, &["search", "ประชาคม", "--index", "../idx", "--limit", "3", "--format", "json"]);
    assert_code(&out, 0);
    let there: Vec<Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap_or(Value::Null)).collect();
    assert_eq!(here.len(), there.len());
    for (a, b) in here.iter().zip(&there) {
        let (near, far) = (field(a, "path").as_str().unwrap_or(""), field(b, "path").as_str().unwrap_or(""));
        assert!(near.starts_with("corpus/"), "as it was named to index: {near}");
        assert!(dir.path().join(near).is_file(), "{near} from the folder index ran in");
        assert!(Path::new(far).is_absolute() && Path::new(far).is_file(), "{far} from another folder");
        assert!(far.ends_with(near), "{far} names {near}");
        let file = std::fs::read_to_string(far).unwrap_or_default();
        let source = file.lines().find_map(|l| l.strip_prefix("source: ")).map(str::trim);
        assert_eq!(field(a, "source").as_str(), source, "the front matter's source, for citing");
        let license = file.lines().find_map(|l| l.strip_prefix("license: ")).map(str::trim);
        assert_eq!(field(a, "license").as_str(), license);
    }
}

#[test]
fn hits_name_the_typed_words_they_miss() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = "ความโปร่งใสของการเมืองไทย\n\nการเมืองท้องถิ่นเข้มแข็ง\n\nความโปร่งใสในการจัดซื้อจัดจ้าง\n";
    std::fs::create_dir_all(dir.path().join("corpus")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("corpus/a.txt"), text).unwrap_or_else(|e| panic!("{e}"));
    index(dir.path(), 0);
    let hits = search(dir.path(), &["ความโปร่งใส การเมือง"]);
    let missing = |hit: &Value| -> (u64, Vec<String>) {
        let words = field(hit, "missing").as_array().cloned().unwrap_or_default();
        (
            field(hit, "passage").as_u64().unwrap_or(0),
            words.iter().map(|w| w.as_str().unwrap_or("").to_string()).collect(),
        )
    };
    let mut found: Vec<(u64, Vec<String>)> = hits.iter().map(missing).collect();
    assert_eq!(found.first(), Some(&(1, vec![])), "the passage with both words first: {found:?}");
    found.sort();
    assert_eq!(found, [(1, vec![]), (2, vec!["ความโปร่งใส".to_string()]), (3, vec!["การเมือง".to_string()])]);
    assert!(hits.iter().all(|h| field(h, "partial") == &Value::Bool(false)));
}

/// Whether `pdftotext` runs here (CI installs poppler-utils); says so when it does not.
fn pdftotext_available() -> bool {
    let available = Command::new("pdftotext").arg("-v").output().is_ok();
    if !available {
        eprintln!("SKIPPED: pdftotext is not installed (apt-get install poppler-utils)");
    }
    available
}

/// The pages of the ingestion fixture's PDF as `pdftotext -raw` reads them, without white space.
fn raw_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(pdf).arg("-").output();
    let raw = text(&out.unwrap_or_else(|e| panic!("{e}")).stdout);
    raw.split('\u{c}').map(compact).filter(|page| !page.is_empty()).collect()
}

#[test]
fn pdf_passages_cite_their_pages_in_search_tag_kwic_and_report_and_text_files_do_not() {
    if !pdftotext_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ingest = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ingest");
    let minutes = dir.path().join("corpus/minutes");
    std::fs::create_dir_all(&minutes).unwrap_or_else(|e| panic!("{e}"));
    for form in ["pdf/minutes/nong-bua-thong.pdf", "txt/minutes/nong-bua-thong.txt"] {
        let from = ingest.join(form);
        std::fs::copy(&from, minutes.join(from.file_name().unwrap_or_default())).unwrap_or_else(|e| panic!("{e}"));
    }
    let pdf = minutes.join("nong-bua-thong.pdf");
    let pages = raw_pages(&pdf);
    assert_eq!(pages.len(), 4);

    // tag: every passage of the PDF starts on the page whose text holds its opening and ends on
    // the page that holds its end; all four pages are cited, the first passage runs over 1–2.
    let out = run(dir.path(), &["tag", "--format", "json", "corpus/minutes/nong-bua-thong.pdf"]);
    assert_code(&out, 0);
    let records: Vec<Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let page = |record: &Value, key: &str| field(record, key).as_u64().unwrap_or_else(|| panic!("{key}: {record}"));
    let mut cited = Vec::new();
    for record in &records {
        let (first, last) = (page(record, "page_start"), page(record, "page_end"));
        let passage: Vec<char> = compact(field(record, "text").as_str().unwrap_or_default()).chars().collect();
        let opening: String = passage.iter().take(8).collect();
        let ending: String = passage.iter().skip(passage.len().saturating_sub(8)).collect();
        assert!(pages[first as usize - 1].contains(&opening), "{opening} is not on page {first}: {record}");
        assert!(pages[last as usize - 1].contains(&ending), "{ending} is not on page {last}: {record}");
        cited.push((first, last));
    }
    assert_eq!(cited.first(), Some(&(1, 2)), "the attendance list runs over the first page break");
    assert!(cited.windows(2).all(|w| w[0].1 <= w[1].0), "{cited:?}");
    assert_eq!(cited.last().map(|c| c.1), Some(4));
    let out = run(dir.path(), &["tag", "corpus/minutes/nong-bua-thong.pdf"]);
    assert!(text(&out.stdout).contains("nong-bua-thong.pdf passage 1 (lines 1-24, pp. 1–2)"), "{}", text(&out.stdout));
    let out = run(dir.path(), &["tag", "--format", "json", "corpus/minutes/nong-bua-thong.txt"]);
    assert!(!text(&out.stdout).contains("page_"), "a text file has no pages");

    // search: the same passage is found in both files; only the PDF's hit names its page.
    index(dir.path(), 0);
    let hits = search(dir.path(), &["ต้องได้รับอนุญาตก่อน", "--limit", "2"]);
    let of = |suffix: &str| {
        hits.iter().find(|h| field(h, "doc_id").as_str().is_some_and(|id| id.ends_with(suffix))).cloned()
    };
    let (pdf_hit, txt_hit) = (of(".pdf").unwrap_or_default(), of(".txt").unwrap_or_default());
    assert_eq!((page(&pdf_hit, "page_start"), page(&pdf_hit, "page_end")), (3, 3), "{pdf_hit}");
    assert!(txt_hit.get("page_start").is_none() && txt_hit.get("page_end").is_none(), "{txt_hit}");
    let out = run(dir.path(), &["search", "--index", "idx", "ต้องได้รับอนุญาตก่อน", "--limit", "2"]);
    let shown = text(&out.stdout);
    let cite = |suffix: &str| shown.lines().find(|l| l.contains(suffix)).unwrap_or_default().to_string();
    assert!(cite(".pdf:").contains(", p. 3  passage"), "{shown}");
    assert!(!cite(".txt:").contains("p. "), "{shown}");

    // kwic, over the corpus and over the index: a match's page, the same both ways.
    let kwic = |args: &[&str]| -> Vec<(String, u64, Option<u64>)> {
        let mut all = vec!["kwic", "ถนน", "--format", "json"];
        all.extend_from_slice(args);
        let out = run(dir.path(), &all);
        assert_code(&out, 0);
        let mut lines: Vec<(String, u64, Option<u64>)> = text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}")))
            .map(|l| (field(&l, "document").to_string(), page(&l, "line"), l.get("page_start").and_then(Value::as_u64)))
            .collect();
        lines.sort();
        lines
    };
    let from_corpus = kwic(&["corpus"]);
    assert!(from_corpus.iter().all(|(doc, _, page)| doc.contains(".pdf") == page.is_some()), "{from_corpus:?}");
    assert!(
        from_corpus.iter().any(|(_, _, page)| *page == Some(2))
            && from_corpus.contains(&("\"minutes/nong-bua-thong.pdf\"".to_string(), 35, Some(3)))
    );
    assert_eq!(kwic(&["--index", "idx"]), from_corpus);

    // report: passages.csv and the page's passages.
    let out = run(dir.path(), &["report", "corpus", "--out", "report"]);
    assert_code(&out, 0);
    let mut reader = csv::Reader::from_path(dir.path().join("report/passages.csv")).unwrap_or_else(|e| panic!("{e}"));
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}"));
    let (document, start, end) = (column("document"), column("page_start"), column("page_end"));
    let mut rows = 0;
    for row in reader.records() {
        let row = row.unwrap_or_else(|e| panic!("{e}"));
        let is_pdf = row.get(document).unwrap_or_default().ends_with(".pdf");
        assert_eq!(!row.get(start).unwrap_or_default().is_empty(), is_pdf, "{row:?}");
        assert_eq!(!row.get(end).unwrap_or_default().is_empty(), is_pdf, "{row:?}");
        rows += usize::from(is_pdf);
    }
    assert_eq!(rows, records.len(), "the report cuts the PDF as tag does");
    let html = std::fs::read_to_string(dir.path().join("report/report.html")).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("nong-bua-thong.pdf:") && html.contains("</code>, p. "), "no page in the report's citations");
}

#[test]
fn an_index_without_pages_schema_3_is_refused_with_a_rebuild_hint() {
    let dir = corpus();
    index(dir.path(), 0);
    let manifest = dir.path().join("idx/ruammue-index.json");
    let json = std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("{e}"));
    let mut value: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    value["schema_version"] = Value::from(3);
    std::fs::write(&manifest, value.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = run(dir.path(), &["search", "--index", "idx", QUERY]);
    assert_code(&out, 2);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("schema 3") && stderr.contains("schema 4") && stderr.contains("--rebuild"), "{stderr}");
}

#[test]
fn passages_with_every_typed_part_come_first_at_any_depth() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let filler = "การประชุมครั้งนี้มีผู้เข้าร่วมจำนวนมากและได้หารือเรื่องต่างๆ อย่างกว้างขวาง ".repeat(12);
    let mut text = String::new();
    for _ in 0..60 {
        text.push_str("สภา สภา สภา\n\nงบประมาณ งบประมาณ งบประมาณ\n\n");
    }
    for i in 0..3 {
        text.push_str(&format!("{filler}สภาเห็นชอบงบประมาณ {i} {filler}\n\n"));
    }
    std::fs::create_dir_all(dir.path().join("corpus")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("corpus/a.txt"), text).unwrap_or_else(|e| panic!("{e}"));
    index(dir.path(), 0);
    let hits = search(dir.path(), &["สภา งบประมาณ", "--limit", "200"]);
    let both: Vec<u64> = hits
        .iter()
        .filter(|h| field(h, "missing").as_array().is_some_and(Vec::is_empty))
        .map(|h| field(h, "rank").as_u64().unwrap_or(0))
        .collect();
    assert_eq!(both, [1, 2, 3], "{} hits", hits.len());
    let paged: Vec<Value> = (0..10)
        .flat_map(|page| search(dir.path(), &["สภา งบประมาณ", "--limit", "20", "--offset", &(page * 20).to_string()]))
        .collect();
    assert_eq!(cited(&paged), cited(&hits), "pages of 20 give the same order as one list of 200");
}
