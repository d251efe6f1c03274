//! `ruammue report` and `ruammue kwic`, run as a user runs them: the real binary, temporary
//! folders, and the outputs read back (CSV through the csv crate, the codebook through the REFI-QDA
//! schema with xmllint, the page through headless Chromium).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde::Deserialize;
use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

fn ruammue() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ruammue"));
    cmd.env_remove("RUST_LOG");
    cmd
}

fn run(args: &[&str]) -> Output {
    ruammue().args(args).output().unwrap_or_else(|e| panic!("cannot run ruammue: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot make a temporary folder: {e}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Runs `ruammue report CORPUS --out OUT`, expecting exit code `code`.
fn report(corpus: &Path, out: &Path, code: i32) -> Output {
    let output = run(&["report", &corpus.display().to_string(), "--out", &out.display().to_string()]);
    assert_eq!(output.status.code(), Some(code), "stderr: {}", text(&output.stderr));
    output
}

fn summary(out: &Path) -> Value {
    serde_json::from_str(&read(&out.join("summary.json"))).unwrap_or_else(|e| panic!("summary.json: {e}"))
}

/// A program on the PATH (or at one of `fallbacks`), if there is one.
fn find_program(names: &[&str], fallbacks: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let on_path = std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n)));
    on_path.chain(fallbacks.iter().map(PathBuf::from)).find(|p| p.is_file())
}

/// Runs a program, killing it after `limit`; `None` when it timed out. Its output goes through
/// temporary files, so that a large output cannot fill a pipe that nobody reads yet.
fn run_with_limit(program: &Path, args: &[String], limit: Duration) -> Option<Output> {
    let (mut stdout, mut stderr) = (temp_file(), temp_file());
    let clone = |f: &std::fs::File| f.try_clone().unwrap_or_else(|e| panic!("cannot share a temporary file: {e}"));
    let mut child = Process::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(clone(&stdout))
        .stderr(clone(&stderr))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Some(Output { status, stdout: read_back(&mut stdout), stderr: read_back(&mut stderr) })
            }
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
}

#[test]
fn report_html_renders_heat_map_and_trend_in_headless_chromium() {
    let out = temp_dir();
    report(&bundled_corpus(), out.path(), 0);
    for file in ["report.html", "passages.csv", "summary.json", "codebook.qdc"] {
        assert!(out.path().join(file).is_file(), "{file} missing");
    }
    let html = read(&out.path().join("report.html"));
    for outside in ["<script", "<link", "<img", " src=", "href=\"http", "url(", "@import"] {
        assert!(!html.contains(outside), "report.html refers outside itself: {outside}");
    }
    assert!(html.contains("ม.ค.") || html.contains("พ.ศ."), "Buddhist Era labels");
    let Some(chromium) = find_program(&["chromium", "chromium-browser"], &["/usr/bin/chromium"]) else {
        eprintln!("SKIPPED: headless rendering of report.html: chromium not found (apt-get install chromium)");
        return;
    };
    let page = format!("file://{}", out.path().join("report.html").display());
    let profile = out.path().join("chromium-profile");
    let common = vec![
        "--headless".to_string(),
        "--no-sandbox".to_string(),
        "--disable-gpu".to_string(),
        format!("--user-data-dir={}", profile.display()),
        "--window-size=1400,2400".to_string(),
    ];
    let mut dump = common.clone();
    dump.extend(["--dump-dom".to_string(), page.clone()]);
    let rendered =
        run_with_limit(&chromium, &dump, Duration::from_secs(90)).unwrap_or_else(|| panic!("chromium timed out"));
    let dom = text(&rendered.stdout);
    let heatmap = svg_element(&dom, "heatmap");
    assert!(heatmap.matches("<rect class=\"cell\"").count() > 0, "heat map has no cells");
    let trend = svg_element(&dom, "trend");
    let points: usize = trend
        .split("points=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or("").split_whitespace().count())
        .sum();
    assert!(points > 0, "trend chart has no points");
    assert!(svg_element(&dom, "org-profile").contains("class=\"bar\""), "no organisation profile");
    let shot = out.path().join("report.png");
    let mut screenshot = common;
    screenshot.extend([format!("--screenshot={}", shot.display()), page]);
    run_with_limit(&chromium, &screenshot, Duration::from_secs(90)).unwrap_or_else(|| panic!("chromium timed out"));
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 50_000, "screenshot is {size} bytes: nothing drawn?");
}

fn temp_file() -> std::fs::File {
    tempfile::tempfile().unwrap_or_else(|e| panic!("cannot make a temporary file: {e}"))
}

fn read_back(file: &mut std::fs::File) -> Vec<u8> {
    use std::io::{Read, Seek};
    let mut bytes = Vec::new();
    let read = file.rewind().and_then(|()| file.read_to_end(&mut bytes));
    read.unwrap_or_else(|e| panic!("cannot read a temporary file: {e}"));
    bytes
}

/// The `<svg id="ID" …>…</svg>` element of a rendered page.
fn svg_element<'d>(dom: &'d str, id: &str) -> &'d str {
    let start = dom.find(&format!("<svg id=\"{id}\"")).unwrap_or_else(|| panic!("no svg#{id} in the rendered page"));
    let rest = &dom[start..];
    &rest[..rest.find("</svg>").unwrap_or(rest.len())]
}

/// A row of passages.csv, as a user's program reads it.
#[derive(Debug, Deserialize)]
struct Row {
    document: String,
    title: String,
    org: String,
    kind: String,
    date: String,
    passage: u32,
    first_line: u32,
    last_line: u32,
    concepts: String,
    scores: String,
    evidence: String,
}

#[test]
fn passages_csv_round_trips_and_agrees_with_summary_json() {
    let out = temp_dir();
    report(&bundled_corpus(), out.path(), 0);
    let mut reader = csv::Reader::from_path(out.path().join("passages.csv")).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<Row> = reader.deserialize().map(|r| r.unwrap_or_else(|e| panic!("bad row: {e}"))).collect();
    assert!(rows.len() > 1000, "{} rows", rows.len());
    let mut per_document: BTreeMap<String, (u64, u64, BTreeMap<String, u64>)> = BTreeMap::new();
    let mut per_concept: BTreeMap<String, u64> = BTreeMap::new();
    for row in &rows {
        assert!(!row.title.is_empty() && !row.kind.is_empty() && row.passage > 0, "{row:?}");
        assert!(row.first_line <= row.last_line, "{row:?}");
        assert!(row.date.is_empty() || row.date.len() == 10, "{row:?}");
        let concepts: Vec<&str> = row.concepts.split(';').filter(|c| !c.is_empty()).collect();
        let scores: Vec<f64> =
            row.scores.split(';').filter(|s| !s.is_empty()).map(|s| s.parse().unwrap_or(-1.0)).collect();
        assert_eq!(concepts.len(), scores.len(), "{row:?}");
        assert!(scores.iter().all(|s| (0.5..=1.0).contains(s)), "{row:?}");
        for concept in &concepts {
            assert!(row.evidence.contains(&format!("{concept}: ")), "every concept has evidence: {row:?}");
        }
        let entry = per_document.entry(row.document.clone()).or_default();
        entry.0 += 1;
        entry.1 += u64::from(!concepts.is_empty());
        for concept in concepts {
            *entry.2.entry(concept.to_string()).or_default() += 1;
            *per_concept.entry(concept.to_string()).or_default() += 1;
        }
        assert!(!row.org.contains('\n'), "{row:?}");
    }
    let json = summary(out.path());
    assert_eq!(json["passages"].as_u64(), Some(rows.len() as u64));
    for concept in json["concepts"].as_array().unwrap_or(&vec![]) {
        let id = concept["id"].as_str().unwrap_or_default();
        assert_eq!(concept["passages"].as_u64(), Some(per_concept.get(id).copied().unwrap_or(0)), "concept {id}");
    }
    let documents = json["per_document"].as_array().cloned().unwrap_or_default();
    assert_eq!(documents.len(), per_document.len());
    for document in documents {
        let id = document["document"].as_str().unwrap_or_default();
        let (passages, tagged, concepts) = &per_document[id];
        assert_eq!(document["passages"].as_u64(), Some(*passages), "{id}");
        assert_eq!(document["tagged_passages"].as_u64(), Some(*tagged), "{id}");
        for (concept, n) in document["concepts"].as_object().cloned().unwrap_or_default() {
            assert_eq!(n.as_u64(), Some(concepts.get(&concept).copied().unwrap_or(0)), "{id} {concept}");
        }
    }
    let periods = json["per_period"]["periods"].as_array().cloned().unwrap_or_default();
    let dated: u64 = periods.iter().filter_map(|p| p["passages"].as_u64()).sum();
    let undated = json["per_period"]["undated"]["passages"].as_u64().unwrap_or(0);
    assert_eq!(dated + undated, rows.len() as u64, "every passage is in one period or undated");
}

#[test]
fn a_document_without_front_matter_is_dated_by_its_headline_before_its_file_name() {
    let corpus = temp_dir();
    // As in the thaigov files: the file name carries another date than the headline.
    let headline = "สรุปข่าวการประชุมคณะรัฐมนตรี 12 ตุลาคม 2564\n\nคณะรัฐมนตรีส่งเสริมการมีส่วนร่วมของประชาชน\n";
    write(&corpus.path().join("2022-11-05-9.txt"), headline.as_bytes());
    write(&corpus.path().join("2020-09-17-1.txt"), "ส่งเสริมการมีส่วนร่วมของประชาชน\n".as_bytes());
    let out = corpus.path().join("out");
    report(corpus.path(), &out, 0);
    let documents = summary(&out)["per_document"].as_array().cloned().unwrap_or_default();
    let dated: Vec<(String, String, String)> = documents
        .iter()
        .map(|d| {
            let field = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            (field("document"), field("date"), field("date_source"))
        })
        .collect();
    assert!(dated.contains(&("2022-11-05-9.txt".into(), "2021-10-12".into(), "text".into())), "{dated:?}");
    assert!(dated.contains(&("2020-09-17-1.txt".into(), "2020-09-17".into(), "file_name".into())), "{dated:?}");
    assert!(read(&out.join("report.html")).contains("first date in their opening lines"));
}

#[cfg(unix)]
#[test]
fn a_corpus_of_symbolic_links_is_read_and_an_empty_one_is_reported() {
    let outside = temp_dir();
    write(&outside.path().join("minutes.txt"), "ส่งเสริมการมีส่วนร่วมของประชาชน\n".as_bytes());
    let corpus = temp_dir();
    std::os::unix::fs::symlink(outside.path().join("minutes.txt"), corpus.path().join("linked.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = corpus.path().join("out");
    report(corpus.path(), &out, 0);
    assert_eq!(summary(&out)["documents"], 1, "the linked file is read");
    let empty = temp_dir();
    let output = report(empty.path(), &empty.path().join("out"), 1);
    assert!(text(&output.stderr).contains("no documents"), "{}", text(&output.stderr));
}

#[test]
fn codebook_validates_against_the_refi_qda_schema() {
    let out = temp_dir();
    report(&bundled_corpus(), out.path(), 0);
    let qdc = out.path().join("codebook.qdc");
    let codebook = read(&qdc);
    assert!(codebook.contains("xmlns=\"urn:QDA-XML:codebook:1.0\""));
    assert_eq!(codebook.matches("<Code ").count(), 14, "one code per concept");
    let Some(xmllint) = find_program(&["xmllint"], &[]) else {
        eprintln!("SKIPPED: codebook.qdc schema validation: xmllint not found (apt-get install libxml2-utils)");
        return;
    };
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/refi-qda/Codebook.xsd");
    let validate = |file: &Path| {
        let args = ["--noout".to_string(), "--schema".into(), schema.display().to_string(), file.display().to_string()];
        run_with_limit(&xmllint, &args, Duration::from_secs(60)).unwrap_or_else(|| panic!("xmllint timed out"))
    };
    let checked = validate(&qdc);
    assert!(checked.status.success(), "codebook.qdc does not validate: {}", text(&checked.stderr));
    // The schema does reject a codebook that breaks it (a code without its required guid).
    let broken = out.path().join("broken.qdc");
    write(&broken, codebook.replacen(" guid=\"", " id=\"", 1).as_bytes());
    assert!(!validate(&broken).status.success(), "the schema check accepts anything");
}

const GOOD: &str = "---\ntitle: ประชุมสภาเทศบาล\nkind: minutes\norg: เทศบาลตำบลทดสอบ\ndate: 2024-01-15\n---\nระเบียบวาระที่ ๑\nที่ประชุมเห็นควรส่งเสริมการมีส่วนร่วมของประชาชนในการจัดทำแผนพัฒนา\n";

/// A csv file's records, as a spreadsheet's importer splits them (quotes removed, cells as written).
fn csv_records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_reader(bytes);
    reader.records().map(|r| r.unwrap_or_else(|e| panic!("bad row: {e}"))).collect()
}

#[test]
fn csv_text_cells_that_a_spreadsheet_would_read_as_formulas_start_with_a_quote() {
    let corpus = temp_dir();
    let minutes = GOOD
        .replace("title: ประชุมสภาเทศบาล", "title: =HYPERLINK(\"http://x\")")
        .replace("org: เทศบาลตำบลทดสอบ", "org: @เทศบาลตำบลทดสอบ")
        .replace("ที่ประชุมเห็นควร", "\n- ที่ประชุมเห็นควร");
    write(&corpus.path().join("-good.txt"), minutes.as_bytes());
    let out = corpus.path().join("out");
    report(corpus.path(), &out, 0);
    let rows = csv_records(&std::fs::read(out.join("passages.csv")).unwrap_or_else(|e| panic!("{e}")));
    let row = rows.iter().find(|r| r.get(8).is_some_and(|c| !c.is_empty())).unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(row.get(0), Some("'-good.txt"), "{row:?}");
    assert_eq!((row.get(1), row.get(2)), (Some("'=HYPERLINK(\"http://x\")"), Some("'@เทศบาลตำบลทดสอบ")), "{row:?}");
    assert!(row.get(9).is_some_and(|s| s.parse::<f64>().is_ok()), "scores stay numbers: {row:?}");
    assert!(row.get(5).is_some_and(|n| n.parse::<u32>().is_ok()), "{row:?}");

    // kwic: a context that starts a minutes line with `- `.
    let path = corpus.path().join("-good.txt").display().to_string();
    let kwic = run(&["kwic", "ที่ประชุม", &path, "--format", "csv", "--width", "3"]);
    assert_eq!(kwic.status.code(), Some(0), "{}", text(&kwic.stderr));
    let rows = csv_records(&kwic.stdout);
    let row = rows.first().unwrap_or_else(|| panic!("no kwic row: {}", text(&kwic.stdout)));
    assert_eq!(row.get(5), Some("'- "), "{row:?}");
    assert!(
        row.get(3).is_some_and(|n| n.parse::<u32>().is_ok()) && row.get(4).is_some_and(|n| n.parse::<u32>().is_ok())
    );
}

#[test]
fn broken_files_are_skipped_listed_and_reported_in_the_exit_code() {
    let corpus = temp_dir();
    write(&corpus.path().join("minutes/good.txt"), GOOD.as_bytes());
    write(&corpus.path().join("minutes/binary.txt"), b"\x00\x01\x02PK\x03\x04 not text \x00\x00");
    write(&corpus.path().join("minutes/front.txt"), "---\ntitle: ไม่มีปิด\nข้อความ\n---\nเนื้อหา\n".as_bytes());
    let out = temp_dir();
    let output = report(corpus.path(), out.path(), 1);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("binary.txt") && stderr.contains("binary data"), "{stderr}");
    assert!(stderr.contains("front.txt") && stderr.contains("front matter"), "{stderr}");
    let json = summary(out.path());
    assert_eq!(json["documents"], 1);
    let skipped = json["skipped"].as_array().cloned().unwrap_or_default();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped.iter().all(|s| !s["reason"].as_str().unwrap_or_default().is_empty()), "{skipped:?}");
    let html = read(&out.path().join("report.html"));
    assert!(html.contains("binary.txt") && html.contains("front.txt"), "skipped files listed in the page");
    assert!(html.contains("line 3: front matter: expected"), "with their reasons");
    assert!(read(&out.path().join("passages.csv")).contains("การมีส่วนร่วม"), "the good file is reported");
}

#[test]
fn files_in_formats_not_read_are_counted_on_stderr_and_listed_in_the_summary() {
    let corpus = temp_dir();
    write(&corpus.path().join("a.txt"), GOOD.as_bytes());
    for name in ["c.text", "d.doc", "e.rtf", "README.md", "~$d.doc", ".hidden.doc", "labeled/x.doc"] {
        write(&corpus.path().join(name), b"x");
    }
    let out = corpus.path().join("out");
    let output = report(corpus.path(), &out, 0);
    let stderr = text(&output.stderr);
    let line = "ruammue: 3 files not read: only .txt, .md, .pdf and .docx are (.doc 1, .rtf 1, .text 1; save Word .doc and .rtf files as .docx)";
    assert_eq!(stderr.lines().filter(|l| l.contains("not read")).collect::<Vec<_>>(), [line], "{stderr}");
    assert!(text(&output.stdout).contains("1 documents") && text(&output.stdout).contains("0 skipped"));
    let not_read: Vec<String> = summary(&out)["not_read"]
        .as_array()
        .unwrap_or_else(|| panic!("no not_read in summary.json"))
        .iter()
        .map(|p| {
            Path::new(p.as_str().unwrap_or_default()).file_name().unwrap_or_default().to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(not_read, ["c.text", "d.doc", "e.rtf"]);
    assert!(read(&out.join("report.html")).contains("3 files not read"), "said on the page");
}

#[test]
fn passages_csv_opens_with_a_byte_order_mark_for_excel_but_tag_csv_on_stdout_does_not() {
    let corpus = temp_dir();
    write(&corpus.path().join("minutes/good.txt"), GOOD.as_bytes());
    let out = corpus.path().join("out");
    report(corpus.path(), &out, 0);
    let bytes = std::fs::read(out.join("passages.csv")).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with("\u{feff}document,title,".as_bytes()), "{:?}", &bytes[..bytes.len().min(20)]);
    let mut reader = csv::Reader::from_path(out.join("passages.csv")).unwrap_or_else(|e| panic!("{e}"));
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    assert_eq!(headers.get(0), Some("document"), "the csv crate skips the mark");
    let tagged = run(&["tag", &corpus.path().join("minutes/good.txt").display().to_string(), "--format", "csv"]);
    assert!(tagged.status.code().is_some_and(|c| c <= 1), "{}", text(&tagged.stderr));
    assert!(!tagged.stdout.is_empty() && !tagged.stdout.starts_with("\u{feff}".as_bytes()), "no mark on stdout");
}

/// A council meeting's minutes with this front-matter date.
fn minutes_dated(date: &str) -> String {
    GOOD.replace("date: 2024-01-15", &format!("date: {date}"))
}

#[test]
fn one_mistyped_year_does_not_turn_months_into_years_and_is_named_as_a_probable_typo() {
    let corpus = temp_dir();
    for (i, date) in
        ["2023-03-01", "2023-06-01", "2023-09-01", "2023-12-01", "2024-03-01", "2024-06-01", "2024-09-01", "2024-12-01"]
            .iter()
            .enumerate()
    {
        write(&corpus.path().join(format!("minutes/m{i}.txt")), minutes_dated(date).as_bytes());
    }
    write(&corpus.path().join("minutes/typo.txt"), minutes_dated("2099-01-01").as_bytes());
    let out = corpus.path().join("out");
    let output = report(corpus.path(), &out, 0);
    let stderr = text(&output.stderr);
    assert!(
        stderr
            .contains("1 document dated in the future or before 1900, probably a typo: minutes/typo.txt (2099-01-01)"),
        "{stderr}"
    );
    let json = summary(&out);
    assert_eq!(json["per_period"]["granularity"], "month");
    let periods = json["per_period"]["periods"].as_array().cloned().unwrap_or_default();
    assert_eq!(periods.len(), 23, "22 months and the typo's own");
    assert_eq!(periods.last().map(|p| p["period"].clone()), Some("2099-01".into()));
    assert_eq!(json["documents"], 9, "the document still counts");
    let warnings = json["warnings"].as_array().cloned().unwrap_or_default();
    let [typo] = warnings.as_slice() else { panic!("{warnings:?}") };
    assert_eq!(
        (typo["kind"].as_str(), typo["doc_id"].as_str()),
        (Some("odd_date"), Some("minutes/typo.txt")),
        "{typo}"
    );
    let path = typo["path"].as_str().unwrap_or_default();
    assert!(Path::new(path).is_file() && path.ends_with("minutes/typo.txt"), "the file, not the document id: {typo}");
    assert!(typo["message"].as_str().is_some_and(|m| m.contains("2099-01-01")) && typo["warning"] == typo["message"]);
    let html = read(&out.join("report.html"));
    assert!(html.contains("probably a typo: minutes/typo.txt (2099-01-01)"), "said on the page");
    let by_year = corpus.path().join("by-year");
    let forced = run(&[
        "report",
        &corpus.path().display().to_string(),
        "--out",
        &by_year.display().to_string(),
        "--period",
        "year",
    ]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert_eq!(summary(&by_year)["per_period"]["granularity"], "year");
}

#[test]
fn a_bad_front_matter_date_is_a_warning_and_the_document_is_counted() {
    let corpus = temp_dir();
    write(&corpus.path().join("minutes/good.txt"), GOOD.as_bytes());
    write(&corpus.path().join("minutes/2024-03-05-typo.txt"), minutes_dated("2024-13-45").as_bytes());
    write(&corpus.path().join("minutes/year.txt"), minutes_dated("2024").as_bytes());
    write(&corpus.path().join("minutes/unclosed.txt"), "---\ntitle: ไม่มีปิด\nข้อความ\n---\nเนื้อหา\n".as_bytes());
    let out = corpus.path().join("out");
    let output = report(corpus.path(), &out, 1);
    let stderr = text(&output.stderr);
    let warning = stderr.lines().find(|l| l.contains("2024-03-05-typo.txt")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        warning.contains("line 5: front matter: date `2024-13-45`: there is no month 13")
            && warning.ends_with("(warning)"),
        "{warning}"
    );
    assert!(stderr.lines().any(|l| l.contains("year.txt") && l.contains("`2024` is not a date")), "{stderr}");
    assert!(
        stderr.contains("unclosed.txt") && stderr.contains("(skipped)"),
        "other front-matter errors still skip: {stderr}"
    );
    let json = summary(&out);
    assert_eq!(json["documents"], 3);
    assert_eq!(json["skipped"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["warnings"].as_array().map(Vec::len), Some(2), "{}", json["warnings"]);
    for warning in json["warnings"].as_array().into_iter().flatten() {
        assert_eq!(warning["kind"], "front_matter", "{warning}");
        let (path, doc_id) =
            (warning["path"].as_str().unwrap_or_default(), warning["doc_id"].as_str().unwrap_or_default());
        assert!(doc_id.starts_with("minutes/") && path.ends_with(doc_id) && Path::new(path).is_file(), "{warning}");
        assert!(warning["message"].as_str().is_some_and(|m| m.contains("front matter: date")), "{warning}");
        assert_eq!(warning["warning"], warning["message"], "kept for readers of older reports");
    }
    let typo = json["per_document"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["document"] == "minutes/2024-03-05-typo.txt").cloned());
    let typo = typo.unwrap_or_else(|| panic!("the document is reported"));
    assert_eq!((typo["date"].as_str(), typo["date_source"].as_str()), (Some("2024-03-05"), Some("file_name")));
    let index = corpus.path().join("idx");
    let indexed =
        run(&["index", &corpus.path().join("minutes").display().to_string(), "--index", &index.display().to_string()]);
    assert_eq!(indexed.status.code(), Some(1), "the unclosed file is skipped");
    assert!(text(&indexed.stderr).contains("`2024-13-45`"), "{}", text(&indexed.stderr));
    assert!(text(&indexed.stdout).contains("3 files indexed"), "{}", text(&indexed.stdout));
}

#[test]
fn out_that_is_a_file_is_a_one_line_error() {
    let dir = temp_dir();
    let file = dir.path().join("taken");
    write(&file, b"x");
    let output = run(&["report", &bundled_corpus().display().to_string(), "--out", &file.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is a file, not a folder") && !stderr.contains("panicked"), "{stderr}");
    let missing = run(&["report", &dir.path().join("nothing").display().to_string(), "--out", "x"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no corpus"), "{}", text(&missing.stderr));
}

fn kwic_json(args: &[&str]) -> Vec<Value> {
    let output = run(&[&["kwic"], args, &["--format", "json"]].concat());
    assert!(output.status.code().is_some_and(|c| c <= 1), "stderr: {}", text(&output.stderr));
    text(&output.stdout).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

const TERM: &str = "การมีส่วนร่วม";

#[test]
fn kwic_lines_match_the_term_within_the_width_and_cite_the_right_line() {
    let corpus = bundled_corpus().display().to_string();
    let lines = kwic_json(&[TERM, &corpus, "--width", "12"]);
    assert!(lines.len() > 10, "{} lines", lines.len());
    for line in &lines {
        assert_eq!(line["match"], TERM);
        for side in ["left", "right"] {
            let context = line[side].as_str().unwrap_or_default();
            assert!(context.graphemes(true).count() <= 12, "{side} too wide: {context}");
        }
        let path = PathBuf::from(line["path"].as_str().unwrap_or_default());
        let number = line["line"].as_u64().unwrap_or(0) as usize;
        let cited = read(&path).lines().nth(number.saturating_sub(1)).map(ruammue::normalize::normalize);
        assert!(cited.is_some_and(|l| l.contains(TERM)), "{}:{number} does not contain the term", path.display());
    }
}

#[test]
fn kwic_counts_occurrences_inside_longer_words_and_lists_them_on_request() {
    let corpus = bundled_corpus().display().to_string();
    let term = "การเมือง";
    let whole = run(&["kwic", term, &corpus, "--format", "json"]);
    let whole_lines = text(&whole.stdout).lines().count();
    let stderr = text(&whole.stderr);
    let counted: usize = stderr
        .split_once("ruammue: ")
        .and_then(|(_, rest)| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of occurrences inside words: {stderr}"));
    assert!(stderr.contains("inside longer words (พรรคการเมือง"), "{stderr}");
    let all = kwic_json(&[term, &corpus, "--inside-words"]);
    let inside: Vec<&Value> = all.iter().filter(|l| !l["within"].is_null()).collect();
    assert_eq!((all.len(), inside.len()), (whole_lines + counted, counted));
    let segmenter = ruammue::segment::ThaiSegmenter::new();
    for line in inside {
        let within = line["within"].as_str().unwrap_or_default();
        assert!(within.len() > term.len() && within.contains(term), "{line}");
        assert_eq!(segmenter.segment(within).len(), 1, "one word, not a match across two: {line}");
    }
    let source: usize = text_files(&bundled_corpus()).iter().map(|p| body(&read(p)).matches(term).count()).sum();
    assert!(all.len() <= source, "no occurrence is listed twice: {} of {source}", all.len());
}

/// The `.txt` files under `folder`, at any depth.
fn text_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())).flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(text_files(&path));
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    files
}

/// A file's text after its front matter.
fn body(file: &str) -> &str {
    file.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")).map_or(file, |(_, body)| body)
}

#[test]
fn kwic_sorts_by_left_or_right_neighbours_or_document() {
    let corpus = bundled_corpus().display().to_string();
    let words = |line: &Value, key: &str| -> Vec<String> {
        line[key].as_array().unwrap_or(&vec![]).iter().map(|w| w.as_str().unwrap_or_default().to_string()).collect()
    };
    let right = kwic_json(&[TERM, &corpus, "--sort", "right"]);
    assert!(right.windows(2).all(|w| words(&w[0], "right_words") <= words(&w[1], "right_words")));
    let left = kwic_json(&[TERM, &corpus, "--sort", "left"]);
    assert!(left.windows(2).all(|w| words(&w[0], "left_words") <= words(&w[1], "left_words")));
    assert_ne!(
        right.iter().map(|l| l["line"].clone()).collect::<Vec<_>>(),
        left.iter().map(|l| l["line"].clone()).collect::<Vec<_>>(),
        "the two orders differ on this corpus"
    );
    let by_doc = kwic_json(&[TERM, &corpus, "--sort", "doc"]);
    let key =
        |l: &Value| (l["document"].as_str().unwrap_or_default().to_string(), l["passage"].as_u64(), l["line"].as_u64());
    assert!(by_doc.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
    assert_eq!(by_doc.len(), right.len());
}

#[test]
fn kwic_does_not_match_inside_a_longer_word() {
    let corpus = temp_dir();
    write(&corpus.path().join("a.txt"), "ทุกฝ่ายร่วมมือกันพัฒนาชุมชน\n".as_bytes());
    let dir = corpus.path().display().to_string();
    assert!(read(&corpus.path().join("a.txt")).contains("ร่วม"), "the letters are there");
    let output = run(&["kwic", "ร่วม", &dir]);
    assert_eq!(output.status.code(), Some(1), "nothing found: {}", text(&output.stdout));
    assert!(text(&output.stdout).is_empty());
    assert!(text(&output.stderr).contains("no occurrence of ร่วม"), "{}", text(&output.stderr));
    let whole = kwic_json(&["ร่วมมือ", &dir]);
    assert_eq!(whole.len(), 1, "the whole word is found");
    assert_eq!(whole[0]["line"], 1);
}

#[test]
fn kwic_text_output_takes_any_width() {
    let corpus = temp_dir();
    write(&corpus.path().join("a.txt"), "ส่งเสริมการมีส่วนร่วมของประชาชน\n".as_bytes());
    let dir = corpus.path().display().to_string();
    let output = run(&["kwic", TERM, &dir, "--width", "70000"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", text(&output.stderr));
    let line = text(&output.stdout);
    let pad = 70_000 - "ส่งเสริม".graphemes(true).count();
    assert!(line.starts_with(&format!("{}ส่งเสริม", " ".repeat(pad))), "padded to the width");
    assert!(line.trim_start().starts_with("ส่งเสริม [การมีส่วนร่วม] ของประชาชน"), "{}", line.trim_start());
}

#[test]
fn kwic_names_a_skipped_file_once() {
    let corpus = temp_dir();
    write(&corpus.path().join("a.txt"), "ส่งเสริมการมีส่วนร่วมของประชาชน\n".as_bytes());
    write(&corpus.path().join("b.txt"), b"\x00\x01binary");
    let output = run(&["kwic", TERM, &corpus.path().display().to_string()]);
    assert_eq!(output.status.code(), Some(1), "a file was skipped");
    assert_eq!(text(&output.stdout).lines().count(), 1);
    let stderr = text(&output.stderr);
    assert_eq!(stderr.matches("b.txt").count(), 1, "{stderr}");
    assert!(stderr.contains("binary"), "{stderr}");
}

#[test]
fn kwic_over_an_index_finds_the_same_lines_as_over_the_corpus() {
    let corpus = temp_dir();
    write(&corpus.path().join("minutes/good.txt"), GOOD.as_bytes());
    let index = corpus.path().join("index");
    let dir = corpus.path().join("minutes").display().to_string();
    let built = run(&["index", &dir, "--index", &index.display().to_string()]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let from_index = kwic_json(&[TERM, "--index", &index.display().to_string()]);
    let from_corpus = kwic_json(&[TERM, &dir]);
    assert_eq!(from_index.len(), 1);
    let cite = |l: &Value| (l["line"].clone(), l["left"].clone(), l["right"].clone());
    assert_eq!(cite(&from_index[0]), cite(&from_corpus[0]));
    assert_eq!(from_index[0]["line"], 8);
}
