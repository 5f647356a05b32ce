//! `jirga demo`: the bundled example articles (`examples/demo/`) ingested into a fresh
//! store, then a summary of what was found. Needs nothing outside the binary.

use super::ingest::{ingest_docs, parse_text_article};
use super::query::print_summary;
use crate::common::Status;
use anyhow::Context;
use jirga_store::{ActorSel, EventFilter, MeetingsQuery, Page, Period, SeriesQuery, Store};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The example articles, compiled into the binary.
const ARTICLES: &[(&str, &str)] = &[
    (
        "01-kabul-ledger-moscow-conference",
        include_str!("../../../../examples/demo/01-kabul-ledger-moscow-conference.txt"),
    ),
    (
        "02-volga-daily-moscow-conference",
        include_str!("../../../../examples/demo/02-volga-daily-moscow-conference.txt"),
    ),
    (
        "03-gulf-wire-moscow-conference",
        include_str!("../../../../examples/demo/03-gulf-wire-moscow-conference.txt"),
    ),
    (
        "04-capitol-dispatch-russia-supply",
        include_str!("../../../../examples/demo/04-capitol-dispatch-russia-supply.txt"),
    ),
    (
        "05-volga-daily-russia-denies",
        include_str!("../../../../examples/demo/05-volga-daily-russia-denies.txt"),
    ),
    (
        "06-gulf-wire-doha-agreement",
        include_str!("../../../../examples/demo/06-gulf-wire-doha-agreement.txt"),
    ),
    (
        "07-kabul-ledger-doha-agreement",
        include_str!("../../../../examples/demo/07-kabul-ledger-doha-agreement.txt"),
    ),
    (
        "08-volga-daily-moscow-format-2021",
        include_str!("../../../../examples/demo/08-volga-daily-moscow-format-2021.txt"),
    ),
    (
        "09-kabul-ledger-intra-afghan-2019",
        include_str!("../../../../examples/demo/09-kabul-ledger-intra-afghan-2019.txt"),
    ),
];

/// Id prefix of the demo documents: a file holding only these is the demo's own.
const DEMO_PREFIX: &str = "demo/";

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Store file to (re)create. An existing file is replaced only when it is a demo store
    /// made by this command; anything else is refused.
    #[arg(long, default_value = "jirga-demo.db")]
    pub db: PathBuf,
    /// Only build and summarise the store; do not start the web UI.
    #[arg(long)]
    pub no_serve: bool,
    /// Address for the web UI.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: std::net::SocketAddr,
}

/// Removes `path` when it is a store holding only demo documents; refuses anything else.
fn clear_own_demo(path: &Path) -> anyhow::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let ids = Store::open_read_only(path)
        .and_then(|s| s.document_ids())
        .with_context(|| {
            format!(
                "{} exists and is not a jirga demo store; not touching it (give another --db)",
                path.display()
            )
        })?;
    if let Some(other) = ids.iter().find(|id| !id.starts_with(DEMO_PREFIX)) {
        anyhow::bail!(
            "{} holds documents other than the demo's (`{other}`); not touching it (give another --db)",
            path.display()
        );
    }
    for suffix in ["-wal", "-shm", ""] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if p.exists() {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    Ok(())
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    clear_own_demo(&args.db)?;
    let docs: Vec<jirga_doc::Doc> = ARTICLES
        .iter()
        .map(|(name, text)| parse_text_article(name, text))
        .collect();
    let coded = super::recode::code_documents(docs)?;
    let mut skipped = 0;
    let mut store = Store::open(&args.db)?;
    let stats = ingest_docs(&mut store, &coded.docs, 50, &mut skipped)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "jirga demo: {} example articles from examples/demo/ -> {}",
        ARTICLES.len(),
        args.db.display()
    )?;
    if let Some(note) = &coded.note {
        writeln!(out, "note: {note}")?;
    }
    writeln!(
        out,
        "stored {} documents with {} events",
        stats.added, stats.events
    )?;
    print_summary(&mut out, &store.summary(8)?)?;

    let series = store.series(&SeriesQuery {
        source: ActorSel::code("RUS"),
        target: ActorSel::code("TAL"),
        both_directions: true,
        by: Period::Month,
        ..Default::default()
    })?;
    if !series.is_empty() {
        writeln!(out, "\nRussia <-> Taliban by month (reports / incidents, quad 1-4 incidents, mean Goldstein):")?;
        for p in &series {
            let q = p.quad_incidents;
            writeln!(
                out,
                "  {}  {:>3} / {:<3} {}/{}/{}/{}  {:+.1}",
                p.period, p.reports, p.incidents, q[0], q[1], q[2], q[3], p.goldstein_mean
            )?;
        }
    }
    let meetings = store.meetings(&MeetingsQuery::default())?;
    if !meetings.is_empty() {
        writeln!(out, "\nMeetings:")?;
        for m in &meetings {
            let list = |v: &[jirga_store::Attendee]| {
                v.iter()
                    .map(|a| a.code.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            writeln!(
                out,
                "  {} {} ({} reports, {} outlets): {}",
                m.date_first.as_deref().unwrap_or("undated"),
                m.place.as_deref().unwrap_or(""),
                m.reports,
                m.outlets,
                list(&m.attendees)
            )?;
            if !m.absent.is_empty() {
                writeln!(out, "    stayed away: {}", list(&m.absent))?;
            }
        }
    }
    let arms = store.events(
        &EventFilter {
            source: Some(ActorSel::code("RUS")),
            target: Some(ActorSel::code("TAL")),
            root: Some("07".into()),
            ..Default::default()
        },
        Page::default(),
    )?;
    if arms.total > 0 {
        writeln!(
            out,
            "\nReports that Russia gave the Taliban aid or arms (CAMEO 07):"
        )?;
        for e in &arms.events {
            writeln!(
                out,
                "  {} [{}] {}: {}",
                e.date.as_deref().unwrap_or("-"),
                e.record.outlet.as_deref().unwrap_or("-"),
                e.record.certainty.as_str(),
                e.record.sentence.text
            )?;
        }
    }
    writeln!(out, "\nTry: jirga query events --db {0} --actor RUS --target TAL | jirga query series --db {0} --dyad RUS,TAL --by month | jirga query meetings --db {0}", args.db.display())?;
    drop(out);
    if !args.no_serve {
        let mut cfg = jirga_serve::ServeConfig::new(args.db.clone());
        cfg.addr = args.addr;
        jirga_serve::serve_blocking(&cfg, |addr| {
            println!(
                "\nWeb UI on the demo store: http://{addr}/  (Ctrl-C stops; --no-serve skips)"
            );
        })?;
    }
    Ok(if skipped > 0 {
        Status::Skipped
    } else {
        Status::Clean
    })
}
