//! Reader tests over small inputs built here.

use super::*;
use std::io::Write;
use std::path::Path;

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jirga-ingest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const ARTICLE: &str = "<p>Pakistan and India agreed on Monday to resume talks on their disputed border, officials in both capitals said after a long day of meetings in the capital.</p>\
<p>The talks will be held in Geneva next month, the foreign ministry said in a statement, adding that both sides had shown goodwill and flexibility.</p>\
<p>Observers welcomed the announcement, saying it was the first sign of a thaw in relations after two years of frozen contacts between the neighbours.</p>";

fn page(title: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title></head><body>\
<nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{ARTICLE}</article>\
<footer>All rights reserved.</footer></body></html>"
    )
}

fn warc_response(out: &mut Vec<u8>, uri: &str, http: &[u8]) {
    warc::write_record(
        out,
        &[
            ("WARC-Type", "response"),
            ("WARC-Target-URI", uri),
            ("WARC-Date", "2018-11-10T00:00:00Z"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        http,
    )
    .unwrap();
}

fn build_warc() -> Vec<u8> {
    let mut w = Vec::new();
    warc::write_record(&mut w, &[("WARC-Type", "warcinfo")], b"software: test\r\n").unwrap();
    let ok = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{}",
        page("Talks resume")
    );
    warc::write_record(
        &mut w,
        &[
            ("WARC-Type", "request"),
            ("WARC-Target-URI", "https://news.example/2018/11/09/talks"),
        ],
        b"GET / HTTP/1.1\r\n\r\n",
    )
    .unwrap();
    warc_response(
        &mut w,
        "https://news.example/2018/11/09/talks",
        ok.as_bytes(),
    );
    warc_response(
        &mut w,
        "https://news.example/old",
        b"HTTP/1.1 301 Moved\r\nLocation: /new\r\n\r\n",
    );
    warc_response(
        &mut w,
        "https://news.example/logo.png",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
    );
    // Windows-1252, undeclared.
    let mut latin = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
    latin.extend(
        page("Caf\u{e9} talks")
            .replace('\u{e9}', "\u{1}")
            .as_bytes(),
    );
    let latin: Vec<u8> = latin
        .into_iter()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect();
    warc_response(&mut w, "https://news.example/cafe", &latin);
    w
}

fn collect(paths: &[PathBuf], cfg: &ReaderConfig) -> (Vec<Extraction>, Vec<IngestError>) {
    let mut docs = Vec::new();
    let mut errs = Vec::new();
    for r in read_records(paths, cfg) {
        match r.and_then(|r| r.extract(cfg)) {
            Ok(d) => docs.push(d),
            Err(e) => errs.push(e),
        }
    }
    (docs, errs)
}

#[test]
fn warc_gz_responses_become_documents() {
    let d = tmpdir("warc");
    let p = d.join("crawl.warc.gz");
    std::fs::write(&p, gz(&build_warc())).unwrap();
    let (docs, errs) = collect(&[p], &ReaderConfig::default());
    assert_eq!(docs.len(), 2, "{errs:?}");
    let a = &docs[0].doc;
    assert!(a.text.contains("Pakistan and India agreed"));
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://news.example/2018/11/09/talks")
    );
    assert_eq!(
        a.meta.date.as_deref(),
        Some("2018-11-09"),
        "date from the URL"
    );
    assert_eq!(a.meta.outlet.as_deref(), Some("news.example"));
    assert_eq!(a.meta.language.as_deref(), Some("en"));
    let o = a.meta.origin.as_ref().unwrap();
    assert_eq!((o.record, o.format.as_deref()), (Some(3), Some("warc")));
    assert!(a.meta.id.starts_with('u'));
    let b = &docs[1].doc;
    assert_eq!(b.meta.title.as_deref(), Some("Café talks"));
    assert_eq!(
        b.meta.date.as_deref(),
        Some("2018-11-10"),
        "WARC-Date as last resort"
    );
    let reasons: Vec<_> = errs.iter().map(|e| e.reason()).collect();
    assert_eq!(reasons, ["http status not 200", "not html"]);
    assert!(errs.iter().all(|e| e.is_skip()));
}

#[test]
fn truncated_gzip_is_one_error_after_good_records() {
    let d = tmpdir("trunc");
    let p = d.join("cut.warc.gz");
    // Two gzip members, as crawlers write them; the second is cut short.
    let mut z = gz(&build_warc());
    let second = gz(&build_warc());
    z.extend_from_slice(&second[..second.len() - 10]);
    std::fs::write(&p, &z).unwrap();
    let (docs, errs) = collect(&[p.clone(), p], &ReaderConfig::default());
    assert!(
        docs.len() >= 4,
        "records before the cut are kept: {}",
        docs.len()
    );
    let fails: Vec<_> = errs.iter().filter(|e| !e.is_skip()).collect();
    assert_eq!(fails.len(), 2, "one failure per file: {fails:?}");
    assert!(fails[0].to_string().contains("cut.warc.gz"));
}

#[test]
fn html_files_plain_and_gzipped_and_folders() {
    let d = tmpdir("html");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("a.html"), page("First page")).unwrap();
    std::fs::write(d.join("sub/b.htm.gz"), gz(page("Second page").as_bytes())).unwrap();
    std::fs::write(d.join("sub/notes.md"), "ignored").unwrap();
    let (docs, errs) = collect(&[d], &ReaderConfig::default());
    assert!(errs.is_empty(), "{errs:?}");
    let titles: Vec<_> = docs
        .iter()
        .map(|d| d.doc.meta.title.clone().unwrap())
        .collect();
    assert_eq!(titles, ["First page", "Second page"]);
    assert_eq!(
        docs[0].doc.meta.origin.as_ref().unwrap().format.as_deref(),
        Some("html")
    );
}

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Lantern Wire</title>
<link>https://lantern.example/</link><description>x</description>
<item><title>Ministers meet</title><link>https://lantern.example/a</link>
<pubDate>Fri, 09 Nov 2018 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The ministers of Russia and China met in Moscow on Friday.&lt;/p&gt;</description></item>
<item><title>Second</title><link>https://lantern.example/b</link><description>Talks ended without a statement.</description></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id><updated>2018-11-09T00:00:00Z</updated>
<entry><title>Envoy visits Kabul</title><id>urn:1</id><link href="https://atom.example/1"/>
<published>2018-11-08T09:00:00Z</published><updated>2018-11-09T09:00:00Z</updated>
<author><name>Desk</name></author>
<content type="html">&lt;p&gt;The envoy met officials in Kabul on Thursday.&lt;/p&gt;</content></entry></feed>"#;

#[test]
fn rss_and_atom_items() {
    let d = tmpdir("feeds");
    std::fs::write(d.join("wire.rss"), RSS).unwrap();
    std::fs::write(d.join("wire.xml"), ATOM).unwrap();
    std::fs::write(d.join("broken.atom"), "<feed><entry><title>x</titl").unwrap();
    let (docs, errs) = collect(
        &[
            d.join("wire.rss"),
            d.join("wire.xml"),
            d.join("broken.atom"),
        ],
        &ReaderConfig::default(),
    );
    assert_eq!(docs.len(), 3);
    let a = &docs[0].doc;
    assert_eq!(
        a.text,
        "The ministers of Russia and China met in Moscow on Friday."
    );
    assert_eq!(a.meta.title.as_deref(), Some("Ministers meet"));
    assert_eq!(a.meta.date.as_deref(), Some("2018-11-09"));
    assert_eq!(a.meta.outlet.as_deref(), Some("Lantern Wire"));
    assert_eq!(a.meta.origin.as_ref().unwrap().record, Some(1));
    let c = &docs[2].doc;
    assert_eq!(
        c.meta.origin.as_ref().unwrap().format.as_deref(),
        Some("atom")
    );
    assert_eq!(c.meta.date.as_deref(), Some("2018-11-08"));
    assert_eq!(c.meta.author.as_deref(), Some("Desk"));
    assert_eq!(errs.len(), 1);
    assert!(matches!(errs[0], IngestError::Feed { .. }));
    assert!(errs[0].to_string().contains("broken.atom"));
}

#[test]
fn jsonl_with_custom_fields_and_bad_lines() {
    let d = tmpdir("jsonl");
    let p = d.join("docs.jsonl");
    std::fs::write(
        &p,
        "{\"key\":\"r1\",\"body\":\"Russia armed them, officials said.\",\"when\":\"1987-03-02\"}\n\
\n\
not json\n\
{\"key\":\"r3\"}\n\
{\"key\":7,\"body\":\"Talks were held in Geneva on Monday, the ministry said.\"}\n",
    )
    .unwrap();
    let cfg = ReaderConfig {
        jsonl_fields: JsonlFields {
            id: "key".into(),
            text: "body".into(),
            date: "when".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let (docs, errs) = collect(&[p], &cfg);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].doc.meta.id, "r1");
    assert_eq!(docs[0].doc.meta.date.as_deref(), Some("1987-03-02"));
    assert_eq!(docs[1].doc.meta.id, "7");
    assert_eq!(docs[1].doc.meta.origin.as_ref().unwrap().record, Some(5));
    let msgs: Vec<_> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(errs.len(), 2, "{msgs:?}");
    assert!(msgs[0].contains("record 3 of"), "{}", msgs[0]);
    assert!(msgs[1].contains("no string field `body`"), "{}", msgs[1]);
}

#[test]
fn binary_txt_is_skipped_and_text_cleaned() {
    let d = tmpdir("text");
    std::fs::write(
        d.join("bin.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00binary\x00\x00",
    )
    .unwrap();
    std::fs::write(
        d.join("page.txt"),
        "The Lantern, News You Can Trust.\n\nTalks resume in Geneva\n\nThe two sides agreed to meet again, officials said.\n\nRelated posts\n\nThe Lantern, News You Can Trust.3\n",
    )
    .unwrap();
    let (docs, errs) = collect(std::slice::from_ref(&d), &ReaderConfig::default());
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].reason(), "binary");
    assert_eq!(docs.len(), 1);
    let x = &docs[0];
    assert_eq!(
        x.doc.text,
        "Talks resume in Geneva\n\nThe two sides agreed to meet again, officials said."
    );
    assert_eq!(x.doc.meta.title.as_deref(), Some("Talks resume in Geneva"));
    assert_eq!(x.removed.len(), 3);
    assert!(x.doc.meta.id.starts_with('h'));
}

#[test]
fn format_detection_by_name_and_content() {
    assert_eq!(format_from_name("a/b.WARC.gz"), Some(Format::Warc));
    assert_eq!(format_from_name("x.htm"), Some(Format::Html));
    assert_eq!(format_from_name("x.ndjson"), Some(Format::Jsonl));
    assert_eq!(format_from_name("README"), None);
    assert_eq!(format_from_content(b"WARC/1.0\r\n"), Format::Warc);
    assert_eq!(format_from_content(RSS.as_bytes()), Format::Feed);
    assert_eq!(
        format_from_content(b"  <!DOCTYPE html><html>"),
        Format::Html
    );
    assert_eq!(format_from_content(b"{\"id\":1}"), Format::Jsonl);
    assert_eq!(format_from_content(b"Just words."), Format::Text);
    assert_eq!("atom".parse::<Format>(), Ok(Format::Feed));
    assert!("pdf".parse::<Format>().is_err());
}

#[test]
fn unknown_extension_is_sniffed_and_format_override_applies() {
    let d = tmpdir("sniff");
    let p = d.join("dump.data");
    let mut w = Vec::new();
    warc_response(
        &mut w,
        "https://x.example/p",
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{}",
            page("Sniffed")
        )
        .as_bytes(),
    );
    std::fs::write(&p, &w).unwrap();
    let (docs, _) = collect(std::slice::from_ref(&p), &ReaderConfig::default());
    assert_eq!(docs.len(), 1);
    let cfg = ReaderConfig {
        format: Some(Format::Text),
        strip_furniture: false,
        ..Default::default()
    };
    let (docs, _) = collect(&[p], &cfg);
    assert!(docs[0].doc.text.starts_with("WARC/1.0"));
}

#[test]
fn dedup_recognises_exact_duplicates() {
    let mut d = Dedup::new();
    assert_eq!(d.check("a", "Some text here."), None);
    assert_eq!(d.check("b", "Some  text\nhere."), Some("a".to_string()));
    assert_eq!(d.check("c", "Other text."), None);
}

fn shared_dir() -> Option<PathBuf> {
    let p = std::env::var_os("JIRGA_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    p.is_dir().then_some(p)
}

#[test]
fn seed_article_survives_and_furniture_goes() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared (or JIRGA_SHARED) not found");
        return;
    };
    let Ok(seed) =
        std::fs::read_to_string(shared.join("seed/kabul-times-russia-peace-efforts.txt"))
    else {
        eprintln!("skipped: seed article not found");
        return;
    };
    let (text, removed) = remove_furniture(&seed);
    // Every paragraph of the body (lines of more than 25 words) is kept whole.
    for line in seed
        .lines()
        .filter(|l| l.split_whitespace().count() > 25 && !l.contains("cookies"))
    {
        assert!(text.contains(line.trim()), "lost: {line}");
    }
    assert!(!text.contains("Related posts"));
    assert!(!text.contains("cookies"));
    assert!(!text.contains("Trustable News Agency"));
    assert_eq!(removed.len(), 4, "{removed:?}");
}

#[test]
fn benchmark_f1_stays_above_target() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared (or JIRGA_SHARED) not found");
        return;
    };
    let dir = shared.join("bench/article-extraction");
    if !dir.join("ground-truth.json").is_file() {
        eprintln!("skipped: article-extraction benchmark not found");
        return;
    }
    let pages = eval::load_benchmark(&dir).unwrap();
    assert_eq!(pages.len(), 181);
    let scores: Vec<_> = pages
        .iter()
        .map(|p| p.score(&ReaderConfig::default()))
        .collect();
    let m = eval::metrics(&scores);
    eprintln!(
        "article extraction: P {:.4} R {:.4} F1 {:.4}",
        m.precision, m.recall, m.f1
    );
    assert!(
        m.f1 >= 0.95,
        "article-extraction F1 fell to {:.4} (P {:.4}, R {:.4})",
        m.f1,
        m.precision,
        m.recall
    );
}

/// Every kind of bad input in one run: each is reported with its file (and record
/// where there is one), and everything else is still read.
#[test]
fn bad_inputs_are_reported_and_the_rest_is_read() {
    let d = tmpdir("bad");
    // A truncated gzip stream: the records before the cut are read.
    let z = gz(&build_warc());
    std::fs::write(d.join("a-cut.warc.gz"), &z[..z.len() - 20]).unwrap();
    // A broken header line, then a good record.
    let ok = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{}",
        page("After a broken header")
    );
    let mut w = b"WARC/1.0\r\nWARC-Type response\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n".to_vec();
    warc_response(&mut w, "https://news.example/b", ok.as_bytes());
    std::fs::write(d.join("b-header.warc"), &w).unwrap();
    // A Content-Length that is too short, then a good record.
    let mut w = Vec::new();
    warc_response(&mut w, "https://news.example/c0", ok.as_bytes());
    let s = String::from_utf8(w.clone()).unwrap();
    let n = ok.len();
    let mut w = s
        .replace(
            &format!("Content-Length: {n}"),
            &format!("Content-Length: {}", n - 40),
        )
        .into_bytes();
    warc_response(&mut w, "https://news.example/c", ok.as_bytes());
    std::fs::write(d.join("c-length.warc"), &w).unwrap();
    // Windows-1252 without a declaration, UTF-16 with and without a BOM.
    let cafe: Vec<u8> = page("Caf\u{e9} talks")
        .chars()
        .map(|c| if c == '\u{e9}' { 0xE9 } else { c as u8 })
        .collect();
    std::fs::write(d.join("d-cp1252.html"), cafe).unwrap();
    let mut u16le = vec![0xFF, 0xFE];
    u16le.extend(
        page("Wide talks")
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    std::fs::write(d.join("e-utf16.html"), &u16le).unwrap();
    std::fs::write(d.join("f-utf16-nobom.html"), &u16le[2..]).unwrap();
    // Malformed feed XML, a binary .txt, a good .txt.
    std::fs::write(d.join("g-broken.rss"), "<rss><channel><item><title>x</titl").unwrap();
    std::fs::write(
        d.join("h-bin.txt"),
        b"\x00\x01\x02\x03binary\x00\xff\xfe\x00",
    )
    .unwrap();
    std::fs::write(
        d.join("i-good.txt"),
        "The two sides agreed to meet again, officials said.\n",
    )
    .unwrap();

    let (docs, errs) = collect(std::slice::from_ref(&d), &ReaderConfig::default());
    let msgs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    let has = |file: &str, what: &str| msgs.iter().any(|m| m.contains(file) && m.contains(what));
    assert!(has("a-cut.warc.gz", "of "), "{msgs:?}");
    assert!(has("b-header.warc", "record 1 of"), "{msgs:?}");
    assert!(has("c-length.warc", "Content-Length"), "{msgs:?}");
    assert!(has("g-broken.rss", "bad feed"), "{msgs:?}");
    assert!(has("h-bin.txt", "binary"), "{msgs:?}");
    let from = |file: &str| {
        docs.iter()
            .filter(|x| {
                let p = x.doc.meta.origin.as_ref().and_then(|o| o.path.clone());
                p.is_some_and(|p| p.ends_with(file))
            })
            .count()
    };
    assert!(from("a-cut.warc.gz") >= 1, "records before the cut");
    assert_eq!(from("b-header.warc"), 1);
    assert!(from("c-length.warc") >= 1);
    assert_eq!(from("i-good.txt"), 1);
    let title = |t: &str| docs.iter().any(|x| x.doc.meta.title.as_deref() == Some(t));
    assert!(title("Café talks"), "Windows-1252 decoded");
    let wide = docs
        .iter()
        .filter(|x| x.doc.meta.title.as_deref() == Some("Wide talks"));
    assert_eq!(wide.count(), 2, "UTF-16 with and without a BOM");
    for x in &docs {
        assert!(!x.doc.text.contains('\u{fffd}'), "{}", x.doc.text);
    }
}
