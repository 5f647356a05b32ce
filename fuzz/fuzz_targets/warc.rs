//! Fuzzes the WARC reader and the HTTP response parser: no input may panic,
//! loop forever or allocate beyond the record limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for rec in jirga_ingest::warc::WarcReader::new(data, "fuzz.warc", 1 << 16) {
        if let Ok(rec) = rec {
            let _ = jirga_ingest::warc::parse_http(&rec.block);
        }
    }
    let _ = jirga_ingest::warc::parse_http(data);
});
