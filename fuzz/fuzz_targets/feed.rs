//! Fuzzes the RSS/Atom reader and the extraction of its items into documents.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cfg = jirga_ingest::ReaderConfig::default();
    for rec in jirga_ingest::feed_records(data, "fuzz.rss")
        .into_iter()
        .flatten()
    {
        let _ = rec.extract(&cfg);
    }
});
