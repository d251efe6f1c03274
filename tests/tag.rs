//! `ruammue tag`, `ruammue train` and `ruammue eval tag`, run as a user runs them: the real
//! binary, files in a temporary folder.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

fn ruammue() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ruammue"));
    cmd.env_remove("RUST_LOG");
    cmd
}

fn run(args: &[&str], stdin: &str) -> Output {
    ruammue().args(args).write_stdin(stdin.to_owned()).output().unwrap_or_else(|e| panic!("cannot run ruammue: {e}"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn labeled(file: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled").join(file).display().to_string()
}

const ESSAY: &str = "รัฐบาลต้องสร้างความไว้วางใจระหว่างหน่วยงานรัฐกับประชาชน โดยส่งเสริมการมีส่วนร่วมของประชาชนในการจัดทำแผน\n\nฝ่ายค้านเตรียมยื่นญัตติอภิปรายไม่ไว้วางใจนายกรัฐมนตรีในสัปดาห์หน้า\n\nหน่วยงานต้องเปิดเผยข้อมูลอย่างโปร่งใสและตรวจสอบได้\n";

#[test]
fn every_json_tag_has_evidence_found_at_its_offsets() {
    let out = run(&["tag", "--format", "json"], ESSAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(records.len(), 3, "{}", stdout(&out));
    assert_eq!(records[1]["lines"], serde_json::json!([3, 3]));
    assert_eq!(records[1]["tags"], serde_json::json!([]), "a no-confidence debate is not trust");
    let mut tags = 0;
    for record in &records {
        let text = record["text"].as_str().unwrap_or_default();
        for tag in record["tags"].as_array().cloned().unwrap_or_default() {
            tags += 1;
            let evidence = tag["evidence"].as_array().cloned().unwrap_or_default();
            assert!(!evidence.is_empty(), "{tag}");
            for e in evidence {
                let (start, end) = (e["start"].as_u64().unwrap_or(0) as usize, e["end"].as_u64().unwrap_or(0) as usize);
                assert_eq!(text.get(start..end), e["text"].as_str(), "{e}");
                assert!(matches!(e["source"].as_str(), Some("lexicon" | "model")), "{e}");
                assert!(matches!(e["polarity"].as_str(), Some("positive" | "negative")), "{e}");
            }
        }
    }
    assert!(tags >= 2, "{}", stdout(&out));
    assert!(stdout(&out).contains("\"concept\":\"trust\""));
}

/// A corpus document is cut as the index cuts it: its front matter is not a passage, and line
/// numbers are the file's. Broken front matter is an error naming the file and line.
#[test]
fn front_matter_is_read_not_tagged() {
    let document = format!("---\ntitle: ความไว้วางใจ ความโปร่งใส\nkind: essay\n---\n{ESSAY}");
    let out = run(&["tag", "--format", "json"], &document);
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(records.len(), 3, "{}", stdout(&out));
    assert_eq!(records[0]["lines"], serde_json::json!([5, 5]));
    assert!(records.iter().all(|r| !r["text"].as_str().unwrap_or_default().contains("title")), "{}", stdout(&out));
    let broken = run(&["tag"], "---\ntitle ไม่มีทวิภาค\n---\nข้อความ\n");
    assert!(!broken.status.success());
    assert!(stderr(&broken).contains("-:2: front matter"), "{}", stderr(&broken));
}

#[test]
fn jsonl_input_is_one_passage_a_line_and_csv_has_a_row_per_tag() {
    let input = "{\"text\":\"รัฐบาลต้องสร้างความไว้วางใจระหว่างหน่วยงานรัฐกับประชาชน\",\"labels\":[]}\n{\"text\":\"ฝนตกหนักในภาคเหนือ\"}\n";
    let out = run(&["tag", "--jsonl", "--format", "csv"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("passage,first_line,last_line,concept,score,evidence,file,id,page_start,page_end"));
    let rows: Vec<&str> = lines.collect();
    assert!(rows.iter().any(|r| r.starts_with("1,1,1,trust,")), "{text}");
    assert!(!rows.iter().any(|r| r.starts_with("2,")), "{text}");
}

#[test]
fn text_output_shows_concepts_scores_and_evidence() {
    let out = run(&["tag"], ESSAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("- passage 1 (line 1)"), "{text}");
    assert!(text.contains("trust") && text.contains("ความไว้วางใจ ["), "{text}");
    assert!(text.contains("(no concept)"), "{text}");
    // Model evidence that is a word pair names its two words, which make up its text.
    let pairs: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|line| Some((line.trim().split_once(" [")?.0, line.split_once(", words ")?.1.strip_suffix(']')?)))
        .collect();
    assert!(!pairs.is_empty(), "{text}");
    for (span, words) in pairs {
        assert_eq!(words.replace('|', ""), span, "{text}");
    }
}

fn json_records(args: &[&str], stdin: &str) -> Vec<serde_json::Value> {
    let out = run(args, stdin);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn near_misses_are_untagged_concepts_that_scored_at_least_0_3_or_have_a_cue() {
    let plain = json_records(&["tag", "--format", "json"], ESSAY);
    let with_near = json_records(&["tag", "--format", "json", "--near-misses"], ESSAY);
    assert_eq!(plain.len(), with_near.len());
    let mut listed = 0;
    for (plain, record) in plain.iter().zip(&with_near) {
        assert_eq!(plain["tags"], record["tags"], "the flag changes no tag");
        assert!(plain.get("near_misses").is_none());
        let tagged: Vec<&serde_json::Value> =
            record["tags"].as_array().into_iter().flatten().map(|t| &t["concept"]).collect();
        for near in record["near_misses"].as_array().unwrap_or_else(|| panic!("{record}")) {
            let score = near["score"].as_f64().unwrap_or(0.0);
            let has_cue = near["evidence"].as_array().into_iter().flatten().any(|e| e["source"] == "lexicon");
            assert!(score < 0.5 && (score >= 0.3 || has_cue), "{record}");
            assert!(near["lexicon"].is_number() && near["evidence"].is_array(), "{record}");
            assert!(near["model"].as_f64() < near["threshold"].as_f64(), "missed the threshold: {record}");
            assert!(!tagged.contains(&&near["concept"]), "{record}");
            listed += 1;
        }
    }
    assert!(listed > 0, "{with_near:?}");
    let only_participation =
        json_records(&["tag", "--format", "json", "--near-misses", "--concept", "participation"], ESSAY);
    let concepts: Vec<&serde_json::Value> = only_participation
        .iter()
        .flat_map(|r| r["near_misses"].as_array().into_iter().flatten())
        .map(|n| &n["concept"])
        .collect();
    assert!(concepts.iter().all(|c| *c == "participation"), "{only_participation:?}");
}

#[test]
fn a_word_file_is_tagged_like_the_same_text_file() {
    let ingest = |path: &str| format!("{}/tests/data/ingest/{path}", env!("CARGO_MANIFEST_DIR"));
    let passages = |path: &str| -> Vec<(serde_json::Value, serde_json::Value, Vec<serde_json::Value>)> {
        json_records(&["tag", "--format", "json", &ingest(path)], "")
            .into_iter()
            .map(|r| {
                let tags = r["tags"].as_array().cloned().unwrap_or_default();
                (r["passage"].clone(), r["text"].clone(), tags.iter().map(|t| t["concept"].clone()).collect())
            })
            .collect()
    };
    let docx = passages("docx/minutes/nong-bua-thong.docx");
    assert!(docx.len() > 10, "{} passages", docx.len());
    assert!(docx.iter().any(|(_, _, tags)| !tags.is_empty()), "some passage is tagged");
    assert_eq!(docx, passages("txt/minutes/nong-bua-thong.txt"));
}

#[test]
fn an_unknown_concept_is_an_error_listing_the_known_ids() {
    let out = run(&["tag", "--concept", "trsut"], ESSAY);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown concept `trsut` (known: trust, legitimacy"), "{}", stderr(&out));
}

#[test]
fn lexicon_only_and_concept_filter() {
    let out = run(&["tag", "--lexicon-only", "--concept", "participation", "--format", "json"], ESSAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("\"concept\":\"participation\"") && !text.contains("\"concept\":\"trust\""), "{text}");
    assert!(!text.contains("\"model\":"), "{text}");
}

#[test]
fn a_model_for_another_taxonomy_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let taxonomy = dir.path().join("mine.toml");
    let toml = "[[concept]]\nid = \"trust\"\nth = \"ก\"\nen = \"Trust\"\ndefinition = \"d\"\ncues = [\"ไว้วางใจ\"]\n";
    std::fs::write(&taxonomy, toml).unwrap_or_else(|e| panic!("{e}"));
    let taxonomy = taxonomy.display().to_string();
    let out = run(&["tag", "--taxonomy", &taxonomy], ESSAY);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("model trained with another taxonomy: train one for it"), "{}", stderr(&out));
    let out = run(&["tag", "--taxonomy", &taxonomy, "--lexicon-only", "--format", "json"], ESSAY);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn train_refuses_held_out_files() {
    let out = run(&["train", "--labeled", &labeled("held-out.jsonl"), "--out", "/dev/null"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("refusing to train on a held-out or test file"), "{}", stderr(&out));
}

/// Writes the first `n` lines of a file of `corpus/labeled/` to `to`.
fn write_first_lines(file: &str, n: usize, to: &std::path::Path) {
    let text = std::fs::read_to_string(labeled(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let lines: Vec<&str> = text.lines().take(n).collect();
    std::fs::write(to, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn train_writes_a_model_that_tag_loads() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write_first_lines("train.jsonl", 80, &dir.path().join("train.jsonl"));
    write_first_lines("written.jsonl", 20, &dir.path().join("written.jsonl"));
    let model = dir.path().join("models/new/model.json").display().to_string();
    let folder = dir.path().display().to_string();
    let out = run(&["train", "--labeled", &folder, "--out", &model, "--format", "json"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("training on 100 passages"), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report["passages"].as_u64(), report["project_written"].as_u64()), (Some(100), Some(20)), "{report}");
    let out = run(&["tag", "--model", &model, "--format", "json"], ESSAY);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn train_refuses_data_without_a_labelled_concept_and_leaves_the_model_alone() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("empty.jsonl");
    std::fs::write(&data, "{\"id\":\"a\",\"text\":\"ประชาชนร่วมกันปลูกต้นไม้\",\"labels\":[]}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let model = dir.path().join("model.json");
    std::fs::write(&model, "previous").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["train", "--labeled", &data.display().to_string(), "--out", &model.display().to_string()], "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no passage is labelled with a concept"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&model).unwrap_or_default(), "previous");
}

#[test]
fn train_prints_a_dash_for_the_figures_of_a_concept_no_passage_is_labelled_with() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write_first_lines("train.jsonl", 12, &dir.path().join("train.jsonl"));
    let out = run(&["train", "--labeled", &dir.path().display().to_string(), "--dry-run"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<Vec<String>> = stdout(&out)
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("cross-validated"))
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect();
    let (unlabelled, labelled): (Vec<&Vec<String>>, Vec<&Vec<String>>) = rows.iter().partition(|r| r[1] == "0");
    assert!(!unlabelled.is_empty() && !labelled.is_empty(), "{rows:?}");
    assert!(unlabelled.iter().all(|r| r[3..] == ["—", "—", "—"]), "{rows:?}");
    assert!(labelled.iter().all(|r| r[3..].iter().all(|f| f.parse::<f64>().is_ok())), "{rows:?}");
}

#[test]
fn train_refuses_an_unwritable_model_path_before_training() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write_first_lines("train.jsonl", 40, &dir.path().join("train.jsonl"));
    let folder = dir.path().display().to_string();
    let under_a_file = dir.path().join("train.jsonl/model.json").display().to_string();
    let out = run(&["train", "--labeled", &folder, "--out", &under_a_file], "");
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(message.contains("cannot create") && message.contains("train.jsonl"), "{message}");
    assert!(!message.contains("training on"), "refused before training: {message}");
    assert_eq!(message.matches("os error").count(), 1, "the cause once: {message}");
}

#[test]
fn train_refuses_a_real_passage_in_written_jsonl() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write_first_lines("train.jsonl", 10, &dir.path().join("train.jsonl"));
    write_first_lines("train.jsonl", 1, &dir.path().join("written.jsonl"));
    let folder = dir.path().display().to_string();
    let out = run(&["train", "--labeled", &folder, "--dry-run"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("written.jsonl:1: a passage the project wrote needs a `source`"), "{}", stderr(&out));
}

#[test]
fn eval_tag_prints_the_tagger_and_the_lexicon_in_one_json_line() {
    let out = run(&["eval", "tag", "--gold", &labeled("held-out.jsonl"), "--format", "json"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let last = stdout(&out).lines().last().unwrap_or_default().to_owned();
    let record: serde_json::Value = serde_json::from_str(&last).unwrap_or_else(|e| panic!("{e}: {last}"));
    for key in ["micro_f1", "macro_f1", "lexicon_macro_f1", "lexicon_micro_f1", "false_tag_rate"] {
        assert!(record[key].is_number(), "{key} in {record}");
    }
    let gold = std::fs::read_to_string(labeled("held-out.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let trust = gold.lines().filter(|line| line.contains("\"trust\"")).count();
    assert!(trust > 0);
    assert_eq!(record["per_concept"]["trust"]["support"], trust);
    assert!(record["per_concept"]["leadership"]["f1"].is_number());
    // The bootstrap intervals hold the point estimates they belong to.
    let figure = |key: &str| record[key].as_f64().unwrap_or_else(|| panic!("{key} in {record}"));
    let gain = figure("macro_f1") - figure("lexicon_macro_f1");
    assert!((figure("macro_f1_gain") - gain).abs() < 1e-12, "{record}");
    for (interval, point) in [
        ("macro_f1_interval", figure("macro_f1")),
        ("lexicon_macro_f1_interval", figure("lexicon_macro_f1")),
        ("macro_f1_gain_interval", gain),
    ] {
        let bound = |i: usize| record[interval][i].as_f64().unwrap_or_else(|| panic!("{interval} in {record}"));
        assert!(bound(0) <= point && point <= bound(1) && bound(0) < bound(1), "{interval} {point} in {record}");
    }
}

/// The project-written test passages are in the users' own registers (council minutes, essays,
/// local plans), which the real training text lacks.
#[test]
fn on_the_users_registers_the_model_beats_the_cue_words_by_ten_points() {
    let gold = labeled("written-held-out.jsonl");
    let out = run(&["eval", "tag", "--gold", &gold, "--format", "json", "--bootstrap", "0"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let figure = |key: &str| record[key].as_f64().unwrap_or_else(|| panic!("{key} in {record}"));
    assert!(figure("macro_f1") >= figure("lexicon_macro_f1") + 0.10, "{record}");
}

#[test]
fn eval_tag_news_negatives_false_tag_rate_is_at_most_five_percent() {
    let out = run(&["eval", "tag", "--gold", &labeled("news-negatives.jsonl"), "--format", "json"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let rate = record["false_tag_rate"].as_f64().unwrap_or(1.0);
    assert!(rate <= 0.05, "false-tag rate {rate}");
}

#[test]
fn pdf_damage_costs_at_most_two_points_of_macro_f1() {
    let out = run(&["eval", "tag", "--gold", &labeled("held-out.jsonl"), "--damage", "1", "--format", "json"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(record["clean_macro_f1"].is_number(), "{record}");
    let loss = record["damage_loss"].as_f64().unwrap_or(1.0);
    assert!(loss <= 0.02, "PDF damage costs {loss} macro-F1 after normalize (acceptance: at most 0.02)");
}

/// Runs `eval tag` on a gold file `gold.jsonl` holding `gold`, checks that it is refused (exit
/// 2), and returns the message.
fn eval_tag_refusal(gold: &str) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("gold.jsonl");
    std::fs::write(&path, gold).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["eval", "tag", "--gold", &path.display().to_string()], "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    stderr(&out)
}

#[test]
fn eval_tag_rejects_unknown_gold_labels() {
    let message =
        eval_tag_refusal("{\"text\":\"ก\",\"labels\":[\"trust\"]}\n{\"text\":\"ข\",\"labels\":[\"trsut\"]}\n");
    assert!(message.contains("gold.jsonl:2: unknown concept `trsut`"), "{message}");
}

#[test]
fn eval_tag_rejects_a_gold_line_without_labels_and_an_empty_gold_file() {
    let message =
        eval_tag_refusal("{\"text\":\"ก\",\"labels\":[]}\n{\"text\":\"ความโปร่งใส\",\"label\":[\"transparency\"]}\n");
    assert!(message.contains("gold.jsonl:2: no `labels` key"), "{message}");
    let message = eval_tag_refusal("\n");
    assert!(message.contains("no labelled passages"), "{message}");
}

#[test]
fn near_misses_with_csv_is_refused_not_dropped() {
    let out = run(&["tag", "--near-misses", "--format", "csv"], ESSAY);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--near-misses is shown in text and JSON output"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn an_input_with_no_passage_is_reported() {
    for input in ["   \n\n  \n", "---\ntitle: ชื่อ\n---\n"] {
        let out = run(&["tag"], input);
        assert_eq!(out.status.code(), Some(1), "{input:?}");
        assert!(stderr(&out).contains("no passage to tag"), "{input:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn tag_cites_and_tags_the_passages_of_a_file_exactly_as_the_report_does() {
    // The bundled minutes, and one without front matter: its folder makes it minutes, where a
    // speaker turn starts a passage; its line that opens with a stray tone mark stays a line.
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let corpus = work.path().join("minutes");
    std::fs::create_dir(&corpus).unwrap_or_else(|e| panic!("{e}"));
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/minutes/municipal");
    for entry in std::fs::read_dir(&bundled).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap_or_default())).unwrap_or_else(|e| panic!("{e}"));
    }
    let bare = "ระเบียบวาระที่ ๑ เรื่องแจ้งเพื่อทราบ\nนายสมชาย ใจดี (ประธานสภา): ขอให้ทุกคนมีส่วนร่วม\n่\nนางสาวสมหญิง รักดี (สมาชิกสภา): เห็นด้วยกับการรับฟังความคิดเห็นของประชาชน\n";
    std::fs::write(corpus.join("bare.txt"), bare).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = ruammue()
        .args(["report", &corpus.display().to_string(), "--out", &dir.path().display().to_string()])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut rows = csv::Reader::from_path(dir.path().join("passages.csv")).unwrap_or_else(|e| panic!("{e}"));
    let headers = rows.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name}"));
    let (document, passage, first, last, concepts) =
        (column("document"), column("passage"), column("first_line"), column("last_line"), column("concepts"));
    let mut from_report: Vec<(String, String)> = Vec::new();
    for row in rows.records() {
        let row = row.unwrap_or_else(|e| panic!("{e}"));
        let cite = format!("{} {} {}-{}", &row[document], &row[passage], &row[first], &row[last]);
        let mut tags: Vec<&str> = row[concepts].split(';').filter(|c| !c.is_empty()).collect();
        tags.sort_unstable();
        from_report.push((cite, tags.join(";")));
    }
    let files: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|entry| entry.map(|e| e.path().display().to_string()).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let out = ruammue().args(["tag", "--format", "json"]).args(&files).output().unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut from_tag: Vec<(String, String)> = Vec::new();
    for line in stdout(&out).lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let name = record["file"].as_str().and_then(|f| f.rsplit('/').next()).unwrap_or_default();
        let cite = format!("{name} {} {}-{}", record["passage"], record["lines"][0], record["lines"][1]);
        let mut tags: Vec<&str> =
            record["tags"].as_array().into_iter().flatten().filter_map(|t| t["concept"].as_str()).collect();
        tags.sort_unstable();
        from_tag.push((cite, tags.join(";")));
    }
    from_report.sort();
    from_tag.sort();
    assert!(from_tag.len() > 50, "{}", from_tag.len());
    assert_eq!(from_tag, from_report);
}

/// `text` in TIS-620 (windows-874), the legacy Thai encoding: Thai letters are single bytes
/// U+0E01–U+0E5B → 0xA1–0xFB, ASCII stays.
fn tis620(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            0x0E01..=0x0E5B => u8::try_from(c as u32 - 0x0E01 + 0xA1).unwrap_or(b'?'),
            ascii => u8::try_from(ascii).unwrap_or(b'?'),
        })
        .collect()
}

#[test]
fn a_taxonomy_and_a_gold_file_in_tis_620_are_read_like_documents() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let taxonomy = dir.path().join("mine.toml");
    let toml =
        "[[concept]]\nid = \"trust\"\nth = \"ความไว้วางใจ\"\nen = \"Trust\"\ndefinition = \"d\"\ncues = [\"ไว้วางใจ\"]\n";
    std::fs::write(&taxonomy, tis620(toml)).unwrap_or_else(|e| panic!("{e}"));
    let gold = dir.path().join("gold.jsonl");
    let line = "{\"id\":\"g1\",\"text\":\"ชาวบ้านไว้วางใจเทศบาล\",\"labels\":[\"trust\"]}\n";
    std::fs::write(&gold, tis620(line)).unwrap_or_else(|e| panic!("{e}"));
    let (taxonomy, gold) = (taxonomy.display().to_string(), gold.display().to_string());
    let args = ["eval", "tag", "--gold", &gold, "--taxonomy", &taxonomy, "--lexicon-only", "--format", "json"];
    let out = run(&args, "");
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report["macro_f1"].as_f64(), Some(1.0), "{report}");
}

#[test]
fn eval_tag_text_marks_undefined_figures_and_compares_only_two_taggers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(&gold, "{\"id\":\"a\",\"text\":\"ชาวบ้านไว้วางใจเทศบาล\",\"labels\":[\"trust\"]}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let gold = gold.display().to_string();
    let out = run(&["eval", "tag", "--gold", &gold, "--lexicon-only"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let legitimacy = text.lines().find(|l| l.starts_with("legitimacy")).unwrap_or_default();
    assert_eq!(legitimacy.split_whitespace().collect::<Vec<_>>(), ["legitimacy", "0", "—", "—", "—"], "{text}");
    assert!(!text.contains("gain over the lexicon") && !text.contains("lexicon alone"), "{text}");
    let out = run(&["eval", "tag", "--gold", &gold], "");
    assert!(stdout(&out).contains("gain over the lexicon"), "{}", stdout(&out));
    let header = stdout(&out).lines().nth(2).unwrap_or_default().to_owned();
    let trust = stdout(&out).lines().find(|l| l.starts_with("trust")).unwrap_or_default().to_owned();
    let end_of = |line: &str, word: &str| line.find(word).map(|at| at + word.len());
    assert_eq!(end_of(&header, "support"), end_of(&trust, " 1 ").map(|at| at - 1), "{header}\n{trust}");
    let negatives = run(&["eval", "tag", "--gold", &labeled("news-negatives.jsonl")], "");
    let macro_line = stdout(&negatives).lines().find(|l| l.starts_with("macro f1")).unwrap_or_default().to_owned();
    assert_eq!(macro_line.split_whitespace().collect::<Vec<_>>(), ["macro", "f1", "—", "—"], "{}", stdout(&negatives));
}

#[test]
fn tag_jsonl_carries_each_passage_id_and_explains_a_line_that_is_not_json() {
    let line = "{\"id\":\"g1\",\"text\":\"ชาวบ้านไม่ไว้วางใจเทศบาล\",\"labels\":[]}\n";
    let records = json_records(&["tag", "--jsonl", "--format", "json"], line);
    assert_eq!(records.first().map(|r| r["id"].clone()), Some(serde_json::json!("g1")));
    let out = run(&["tag", "--jsonl", "--format", "csv", "-"], line);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(
        csv.starts_with("passage,first_line,last_line,concept,score,evidence,file,id,page_start,page_end\n"),
        "{csv}"
    );
    assert!(csv.lines().skip(1).all(|row| row.ends_with(",-,g1,,")), "{csv}");
    // An id that a spreadsheet would read as a formula starts with a quote; the score does not.
    let out = run(&["tag", "--jsonl", "--format", "csv", "-"], &line.replace("g1", "=1+1"));
    let csv = stdout(&out);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty() && rows.iter().all(|row| row.ends_with(",-,'=1+1,,")), "{csv}");
    assert!(rows.iter().all(|row| row.split(',').nth(4).is_some_and(|s| s.parse::<f64>().is_ok())), "{csv}");
    let out = run(&["tag", "--jsonl"], "# หัวข้อเรียงความ\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-:1: not a JSON object"), "{}", stderr(&out));
}

#[test]
fn a_text_tag_without_a_cue_word_says_it_rests_on_the_model_words_only() {
    let input = format!("{ESSAY}\nชาวบ้านไม่ไว้วางใจเทศบาล เพราะไม่มีส่วนร่วมในการตัดสินใจ\n");
    let out = run(&["tag"], &input);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut tags: Vec<(bool, bool)> = Vec::new(); // (marked, has a cue)
    for line in text.lines() {
        if line.starts_with("  ") && !line.starts_with("      ") && line.contains(", lexicon ") {
            tags.push((line.contains("model words only"), false));
        } else if line.contains("lexicon cue") || line.contains("lexicon weak cue") {
            if let Some(last) = tags.last_mut() {
                last.1 = true;
            }
        }
    }
    assert!(tags.iter().any(|&(marked, _)| marked) && tags.iter().any(|&(marked, _)| !marked), "{text}");
    assert!(tags.iter().all(|&(marked, cue)| marked != cue), "{text}");
}

#[test]
fn a_tag_shows_the_threshold_its_model_score_reached() {
    for record in json_records(&["tag", "--format", "json"], ESSAY) {
        for tag in record["tags"].as_array().into_iter().flatten() {
            let (model, threshold) = (tag["model"].as_f64(), tag["threshold"].as_f64());
            assert!(threshold.is_some() && model >= threshold, "{tag}");
        }
    }
    let text = stdout(&run(&["tag"], ESSAY));
    assert!(text.lines().any(|l| l.contains("trust") && l.contains("≥") && l.contains(", lexicon ")), "{text}");
}

#[test]
fn concept_filter_shows_only_the_passages_given_the_concept_by_id_or_name() {
    let ids = |args: &[&str]| -> Vec<u64> {
        json_records(args, ESSAY).iter().filter_map(|r| r["passage"].as_u64()).collect::<Vec<_>>()
    };
    let all = json_records(&["tag", "--format", "json"], ESSAY);
    let with_transparency: Vec<u64> = all
        .iter()
        .filter(|r| r["tags"].as_array().into_iter().flatten().any(|t| t["concept"] == "transparency"))
        .filter_map(|r| r["passage"].as_u64())
        .collect();
    assert!(!with_transparency.is_empty() && with_transparency.len() < all.len(), "{all:?}");
    assert_eq!(ids(&["tag", "--format", "json", "--concept", "transparency"]), with_transparency);
    assert_eq!(ids(&["tag", "--format", "json", "--concept", "Transparency"]), with_transparency);
    let near = stdout(&run(&["tag", "--concept", "legitimacy", "--near-misses"], ESSAY));
    assert!(!near.contains("(no concept)"), "other concepts are not shown, so none is claimed: {near}");
    let out = run(&["tag", "--concept", "ความชอบธรรม"], ESSAY);
    assert_eq!(out.status.code(), Some(1), "no passage is given legitimacy: {}", stdout(&out));
    assert!(stdout(&out).is_empty() && stderr(&out).contains("no passage was given legitimacy"), "{}", stderr(&out));
}

#[test]
fn a_bad_jsonl_line_is_reported_and_skipped_and_the_rest_is_tagged() {
    let input = "{\"id\":\"a\",\"text\":\"หน่วยงานต้องเปิดเผยข้อมูลอย่างโปร่งใส\"}\n{\"id\":\"b\"}\nnot json\n\
                 {\"id\":\"c\",\"text\":\"สร้างความไว้วางใจระหว่างรัฐกับประชาชน\"}\n";
    let out = run(&["tag", "--jsonl", "--format", "json"], input);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|r| r["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(ids, ["a", "c"]);
    let message = stderr(&out);
    assert!(message.contains("-:2: missing field `text`") && message.contains("-:3: not a JSON object"), "{message}");
}

#[test]
fn a_folder_is_tagged_file_by_file_like_index_reads_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("a.txt"), ESSAY).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("b.md"), "หน่วยงานต้องเปิดเผยข้อมูลอย่างโปร่งใส\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("old.doc"), "x").unwrap_or_else(|e| panic!("{e}"));
    let out = ruammue()
        .args(["tag", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run ruammue: {e}"));
    assert_eq!(out.status.code(), Some(1), "old.doc was passed over: {}", stderr(&out));
    assert!(stderr(&out).contains("1 file not read"), "{}", stderr(&out));
    let files: Vec<String> = stdout(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|r| r["file"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(files.iter().filter(|f| f.ends_with("a.txt")).count(), 3, "{files:?}");
    assert_eq!(files.iter().filter(|f| f.ends_with("b.md")).count(), 1, "{files:?}");
}
