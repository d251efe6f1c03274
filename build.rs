//! Compiles the embedded dictionary's word trie at build time (the same code the library runs for
//! user dictionaries: `src/segment/word_list.rs`), so that no command spends time building it at
//! start-up. Writes `embedded_trie.bin` and `embedded_trie.rs` (word count, fingerprint) to OUT_DIR.

use std::path::Path;

#[allow(dead_code)] // The library uses the rest of the module.
#[path = "src/segment/word_list.rs"]
mod word_list;

const LISTS: [&str; 3] = ["dictionaries/words_th.txt", "dictionaries/governance_th.txt", "dictionaries/tnc_freq.txt"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=src/segment/word_list.rs");
    let mut texts = Vec::with_capacity(LISTS.len());
    for list in LISTS {
        println!("cargo::rerun-if-changed={list}");
        texts.push(std::fs::read_to_string(list).map_err(|e| format!("{list}: {e}"))?);
    }
    let lists = word_list::WordLists::embedded(&texts[0], &texts[1], &texts[2]);
    let trie = lists.compile()?;
    let out = std::env::var("OUT_DIR")?;
    let out = Path::new(&out);
    std::fs::write(out.join("embedded_trie.bin"), &trie.bytes)?;
    let constants = format!(
        "/// Number of words in the embedded trie.\nconst EMBEDDED_WORDS: usize = {};\n\
         /// Fingerprint of the embedded trie's words and costs.\nconst EMBEDDED_FINGERPRINT: u64 = {:#018x};\n",
        trie.words, trie.fingerprint
    );
    std::fs::write(out.join("embedded_trie.rs"), constants)?;
    Ok(())
}
