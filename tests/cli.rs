//! The command line, run as a user runs it: the real binary, files in a temporary folder.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

fn ruammue() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ruammue"));
    cmd.env_remove("RUST_LOG");
    cmd
}

fn run_on(args: &[&str], file: &Path) -> Output {
    let mut cmd = ruammue();
    cmd.args(args).arg(file);
    cmd.output().unwrap_or_else(|e| panic!("cannot run ruammue: {e}"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn segment_prints_cuts_line_by_line() {
    let out = ruammue()
        .args(["segment", "--sep", "/"])
        .write_stdin("รัฐบาลต้องสร้างความไว้วางใจ\nกับภาคประชาสังคม\n")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "รัฐบาล/ต้อง/สร้าง/ความ/ไว้วางใจ\nกับ/ภาคประชาสังคม\n");
}

#[test]
fn segment_json_offsets_point_into_the_normalized_text() {
    let out = ruammue()
        .args(["segment", "--format", "json"])
        .write_stdin("สิ ่งแวดล้อม ok")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", stderr(&out));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let text = record["text"].as_str().unwrap_or_default();
    let tokens = record["tokens"].as_array().cloned().unwrap_or_default();
    assert!(!tokens.is_empty());
    for token in tokens {
        let (start, end) = (token["start"].as_u64().unwrap_or(0) as usize, token["end"].as_u64().unwrap_or(0) as usize);
        assert_eq!(text.get(start..end), token["text"].as_str());
    }
}

#[test]
fn a_binary_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("image.png");
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
    bytes.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = run_on(&["segment"], &path);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(message.contains("image.png"), "{message}");
    assert!(message.lines().count() == 1, "one line of reason: {message}");
}

#[test]
fn a_bad_file_among_good_ones_is_skipped_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = dir.path().join("good.txt");
    let binary = dir.path().join("binary.bin");
    std::fs::write(&good, "ความโปร่งใส\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&binary, b"\x00\x01\x02 data").unwrap_or_else(|e| panic!("{e}"));
    for command in ["segment", "normalize"] {
        let out = ruammue().arg(command).arg(&binary).arg(&good).output().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        assert_eq!(stdout(&out).replace('|', ""), "ความโปร่งใส\n", "{command}");
        assert!(stderr(&out).contains("binary.bin") && stderr(&out).contains("skipped"), "{}", stderr(&out));
    }
}

#[test]
fn a_tis620_file_is_decoded_and_the_encoding_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("legacy.txt");
    let (bytes, _, _) = encoding_rs::WINDOWS_874.encode("การมีส่วนร่วมของประชาชน\n");
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = run_on(&["segment"], &path);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).replace('|', ""), "การมีส่วนร่วมของประชาชน\n");
    assert!(stderr(&out).contains("windows-874") || stderr(&out).contains("TIS-620"), "{}", stderr(&out));
}

#[test]
fn an_empty_file_is_reported_and_the_exit_code_says_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("empty.txt");
    std::fs::write(&path, b"").unwrap_or_else(|e| panic!("{e}"));
    for command in ["segment", "normalize"] {
        let out = run_on(&[command], &path);
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert!(stderr(&out).contains("empty.txt: empty input"), "{command}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_50_mb_single_line_file_is_segmented_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("huge.txt");
    let unit = "การประชุมสภาองค์การบริหารส่วนตำบลเพื่อพิจารณาร่างข้อบัญญัติงบประมาณ";
    let text = unit.repeat(50 * 1024 * 1024 / unit.len() + 1);
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let out = run_on(&["segment", "--raw"], &path);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    assert!(printed.len() > text.len(), "separators were added");
    assert_eq!(printed.replace('|', ""), text, "no character lost or added");
}

#[test]
fn a_malformed_user_dictionary_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dict = dir.path().join("mine.txt");
    std::fs::write(&dict, "ประชาคม\nสานเสวนา\tmany\n").unwrap_or_else(|e| panic!("{e}"));
    let out = ruammue()
        .args(["segment", "--dict"])
        .arg(&dict)
        .write_stdin("ทดสอบ")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mine.txt:2:"), "{}", stderr(&out));
}

#[test]
fn a_user_dictionary_keeps_its_words_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dict = dir.path().join("names.txt");
    std::fs::write(&dict, "# names of the project's test persons\nสมศรี\n").unwrap_or_else(|e| panic!("{e}"));
    let plain = ruammue().args(["segment"]).write_stdin("คุณสมศรีมาประชุม").output().unwrap_or_else(|e| panic!("{e}"));
    let with = ruammue()
        .args(["segment", "--dict"])
        .arg(&dict)
        .write_stdin("คุณสมศรีมาประชุม")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!stdout(&plain).contains("|สมศรี|"), "{}", stdout(&plain));
    assert!(stdout(&with).contains("|สมศรี|"), "{}", stdout(&with));
}

#[test]
fn report_without_out_is_a_usage_error() {
    let out = ruammue().args(["report", "corpus"]).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--out"), "{}", stderr(&out));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // `ruammue segment big | head -c 10`: the reader goes away; ruammue must not print an error.
    let text = "ประชาคม ".repeat(200_000);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ruammue"))
        .arg("segment")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(text.as_bytes());
    });
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let _ = writer.join();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn eval_segment_refuses_an_empty_gold_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let gold = dir.path().join("gold.txt");
    std::fs::write(&gold, "").unwrap_or_else(|e| panic!("{e}"));
    let out = ruammue().args(["eval", "segment", "--gold"]).arg(&gold).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no gold lines to score"), "{}", stderr(&out));
}

#[test]
fn a_count_of_zero_is_a_usage_error() {
    for args in [
        &["search", "ประชาชน", "--limit", "0"][..],
        &["kwic", "ประชาชน", "--index", "idx", "--limit", "0"],
        &["report", "--out", "r", "--top", "0"],
        &["report", "--out", "r", "--heatmap-rows", "0"],
    ] {
        let out = ruammue().args(args).output().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("must be at least 1"), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn the_spaces_of_typed_text_stay_and_pdf_damage_is_repaired() {
    let typed = "งบประมาณ พ.ศ. 2567 ของนายก อบต.\nกรรมการ ชุมชน ประชุม กัน\n";
    let normalize = |args: &[&str], text: &str| {
        let out = ruammue().arg("normalize").args(args).write_stdin(text).output().unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert_eq!(normalize(&[], typed), typed);
    // Spaces before marks are PDF damage; so is then the space inside ประชา ชน.
    assert_eq!(normalize(&[], "สิ ่งแวดล้อมของประชา ชน\n"), "สิ่งแวดล้อมของประชาชน\n");
    assert_eq!(normalize(&["--join-lines"], "ของประชา ชน\n"), "ของประชาชน\n", "--join-lines: text from a PDF");
    let out = ruammue().args(["tag", "--format", "json"]).write_stdin(typed).output().unwrap_or_else(|e| panic!("{e}"));
    assert!(stdout(&out).contains("นายก อบต."), "tag keeps the text: {}", stdout(&out));
}

#[test]
fn every_command_that_reads_files_exits_alike_on_unreadable_input() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"a\0b\0c").unwrap_or_else(|e| panic!("{e}"));
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "ประชาชนมีส่วนร่วม\n").unwrap_or_else(|e| panic!("{e}"));
    for command in ["normalize", "segment", "tag"] {
        let code = |files: &[&Path]| ruammue().arg(command).args(files).output().map(|o| o.status.code());
        assert_eq!(code(&[&binary]).ok().flatten(), Some(2), "{command}: the only file is unreadable");
        assert_eq!(code(&[&binary, &good]).ok().flatten(), Some(1), "{command}: one of two is skipped");
    }
}
