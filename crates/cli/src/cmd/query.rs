//! `jirga query`: events, dyad series, partners, meetings, one event, one incident, summary.

use crate::common::Status;
use anyhow::Context;
use jirga_doc::Certainty;
use jirga_store::{
    ActorSel, EventFilter, MeetingsQuery, Page, PartnersQuery, Period, SeriesQuery, Store,
};
use serde::Serialize;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Store file.
    #[arg(long, global = true, default_value = "jirga.db")]
    pub db: PathBuf,
    /// Output: `json` (JSON Lines, one result per line) or `table`.
    #[arg(long, global = true, default_value = "table")]
    pub format: String,
    #[command(subcommand)]
    pub what: What,
}

/// What to query.
// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(clap::Subcommand)]
pub enum What {
    /// Events matching filters, ordered by event date then storage order.
    Events {
        #[command(flatten)]
        filter: FilterArgs,
        /// Events per page.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Events to skip.
        #[arg(long, default_value_t = 0)]
        offset: u64,
    },
    /// Dyad time series: reports and incidents per QuadClass, Goldstein sum and mean.
    Series {
        /// The dyad as `SOURCE,TARGET` (codes or prefixes, `RUS,TAL`).
        #[arg(long)]
        dyad: String,
        /// Bucket: day, week or month.
        #[arg(long, default_value = "month")]
        by: String,
        /// Only A→B (by default both directions are counted).
        #[arg(long)]
        directed: bool,
        /// Event date on or after.
        #[arg(long)]
        since: Option<String>,
        /// Event date on or before.
        #[arg(long)]
        until: Option<String>,
        /// Count negated events too.
        #[arg(long)]
        include_negated: bool,
    },
    /// An actor's partners ranked by number of reports.
    Partners {
        /// Actor code (`RUS`, `RUS:GOV`).
        #[arg(long)]
        actor: String,
        /// Event date on or after.
        #[arg(long)]
        since: Option<String>,
        /// Event date on or before.
        #[arg(long)]
        until: Option<String>,
        /// Partners to list.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Meetings with their rosters (who attended, who stayed away).
    Meetings {
        /// Only meetings this actor attended.
        #[arg(long)]
        actor: Option<String>,
        /// First date on or after.
        #[arg(long)]
        since: Option<String>,
        /// First date on or before.
        #[arg(long)]
        until: Option<String>,
        /// Meetings per page.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Meetings to skip.
        #[arg(long, default_value_t = 0)]
        offset: u64,
    },
    /// One event (by id `doc#sentence.n` or row number) with its evidence sentence,
    /// explanation and the other reports of the same happening.
    Event {
        /// Event id or row number.
        id: String,
    },
    /// One incident with all its reports.
    Incident {
        /// Incident number.
        id: i64,
    },
    /// Counts and the most reported dyads.
    Summary {
        /// Dyads to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
}

/// Event filters shared by `jirga query events` and `jirga export`.
#[derive(clap::Args, Default)]
pub struct FilterArgs {
    /// Actor on either side: code or prefix (`RUS`, `RUSGOV`), optionally `:SECTOR`.
    #[arg(long)]
    pub actor: Option<String>,
    /// Sector the `--actor` must carry (`GOV`, `MIL`).
    #[arg(long)]
    pub sector: Option<String>,
    /// Source actor.
    #[arg(long)]
    pub source: Option<String>,
    /// Target actor.
    #[arg(long)]
    pub target: Option<String>,
    /// With --source and --target: both directions.
    #[arg(long)]
    pub both_directions: bool,
    /// CAMEO code or prefix (`0711`).
    #[arg(long)]
    pub cameo: Option<String>,
    /// CAMEO root (`07`).
    #[arg(long)]
    pub root: Option<String>,
    /// PLOVER event type (`AID`).
    #[arg(long)]
    pub plover: Option<String>,
    /// QuadClass 1-4.
    #[arg(long)]
    pub quad: Option<u8>,
    /// Certainty, comma-separated (asserted, reported, alleged, denied, planned, hypothetical).
    #[arg(long)]
    pub certainty: Option<String>,
    /// Only negated events.
    #[arg(long, conflicts_with = "not_negated")]
    pub negated: bool,
    /// Only events that are not negated.
    #[arg(long)]
    pub not_negated: bool,
    /// Event date on or after (YYYY, YYYY-MM, YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Event date on or before.
    #[arg(long)]
    pub until: Option<String>,
    /// Place: country code or place name.
    #[arg(long)]
    pub place: Option<String>,
    /// Outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Words in the evidence sentence.
    #[arg(long)]
    pub text: Option<String>,
    /// Events of one incident.
    #[arg(long)]
    pub incident: Option<i64>,
    /// Events of one document.
    #[arg(long)]
    pub doc: Option<String>,
}

impl FilterArgs {
    /// Builds the store filter, checking every value.
    pub fn to_filter(&self) -> anyhow::Result<EventFilter> {
        let sel = |field: &'static str, v: &Option<String>| -> anyhow::Result<Option<ActorSel>> {
            Ok(match v {
                Some(s) => Some(ActorSel::parse(field, s)?),
                None => None,
            })
        };
        let mut actor = sel("actor", &self.actor)?;
        if let (Some(a), Some(sec)) = (actor.as_mut(), &self.sector) {
            a.sector = Some(sec.clone());
        } else if self.sector.is_some() {
            anyhow::bail!("--sector needs --actor");
        }
        let certainty = match &self.certainty {
            Some(list) => list
                .split(',')
                .map(|c| {
                    Certainty::parse(c.trim()).with_context(|| {
                        format!(
                            "bad value for `certainty`: `{c}` (asserted, reported, alleged, denied, planned or hypothetical)"
                        )
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?,
            None => Vec::new(),
        };
        Ok(EventFilter {
            actor,
            source: sel("source", &self.source)?,
            target: sel("target", &self.target)?,
            both_directions: self.both_directions,
            cameo: self.cameo.clone(),
            root: self.root.clone(),
            plover: self.plover.clone(),
            quad_class: self.quad,
            quads: Vec::new(),
            certainty,
            negated: if self.negated {
                Some(true)
            } else if self.not_negated {
                Some(false)
            } else {
                None
            },
            since: self.since.clone(),
            until: self.until.clone(),
            place: self.place.clone(),
            outlet: self.outlet.clone(),
            text: self.text.clone(),
            incident: self.incident,
            doc_id: self.doc.clone(),
        })
    }
}

fn json_lines<T: Serialize>(out: &mut dyn Write, items: &[T]) -> anyhow::Result<()> {
    for it in items {
        serde_json::to_writer(&mut *out, it)?;
        writeln!(out)?;
    }
    Ok(())
}

fn actor_code(a: &Option<jirga_doc::EventActor>) -> &str {
    a.as_ref().map(|a| a.code.as_str()).unwrap_or("-")
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<Status> {
    let table = match args.format.as_str() {
        "table" => true,
        "json" | "jsonl" => false,
        other => anyhow::bail!("bad value for `--format`: `{other}` (json or table)"),
    };
    let store = Store::open_read_only(&args.db)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.what {
        What::Events {
            filter,
            limit,
            offset,
        } => {
            let page = store.events(&filter.to_filter()?, Page { limit, offset })?;
            if table {
                writeln!(
                    out,
                    "{} events (showing {} from offset {})",
                    page.total,
                    page.events.len(),
                    page.offset
                )?;
                writeln!(
                    out,
                    "{:<10} {:<8} {:<10} {:<10} {:<5} {:<9} {:<8} sentence",
                    "date", "incident", "source", "target", "cameo", "certainty", "negated",
                )?;
                for e in &page.events {
                    let r = &e.record;
                    writeln!(
                        out,
                        "{:<10} {:<8} {:<10} {:<10} {:<5} {:<9} {:<8} {}",
                        e.date.as_deref().unwrap_or("-"),
                        e.incident.map(|i| i.to_string()).unwrap_or_default(),
                        actor_code(&r.source),
                        actor_code(&r.target),
                        r.cameo,
                        r.certainty.as_str(),
                        r.negated,
                        r.sentence.text
                    )?;
                }
            } else {
                json_lines(&mut out, &page.events)?;
            }
        }
        What::Series {
            dyad,
            by,
            directed,
            since,
            until,
            include_negated,
        } => {
            let (a, b) = dyad.split_once(',').with_context(|| {
                format!("bad value for `dyad`: `{dyad}` (SOURCE,TARGET such as RUS,TAL)")
            })?;
            let q = SeriesQuery {
                source: ActorSel::parse("dyad", a.trim())?,
                target: ActorSel::parse("dyad", b.trim())?,
                both_directions: !directed,
                by: Period::parse(&by)?,
                since,
                until,
                include_negated,
            };
            let points = store.series(&q)?;
            if table {
                writeln!(
                    out,
                    "{:<10} {:>7} {:>9} {:>23} {:>9} {:>9}",
                    "period",
                    "reports",
                    "incidents",
                    "quad 1/2/3/4 (incid.)",
                    "gold.sum",
                    "gold.mean"
                )?;
                for p in &points {
                    let qi = p.quad_incidents;
                    writeln!(
                        out,
                        "{:<10} {:>7} {:>9} {:>23} {:>9.1} {:>9.2}",
                        p.period,
                        p.reports,
                        p.incidents,
                        format!("{}/{}/{}/{}", qi[0], qi[1], qi[2], qi[3]),
                        p.goldstein_sum,
                        p.goldstein_mean
                    )?;
                }
            } else {
                json_lines(&mut out, &points)?;
            }
        }
        What::Partners {
            actor,
            since,
            until,
            limit,
        } => {
            let q = PartnersQuery {
                actor: ActorSel::parse("actor", &actor)?,
                since,
                until,
                include_negated: false,
                page: Page { limit, offset: 0 },
            };
            let partners = store.partners(&q)?;
            if table {
                writeln!(
                    out,
                    "{:<8} {:>7} {:>9} {:>6} {:>6} {:>15} {:>9}",
                    "partner", "reports", "incidents", "out", "in", "quad 1/2/3/4", "gold.mean"
                )?;
                for p in &partners {
                    let q = p.quad_reports;
                    writeln!(
                        out,
                        "{:<8} {:>7} {:>9} {:>6} {:>6} {:>15} {:>9.2}",
                        p.partner,
                        p.reports,
                        p.incidents,
                        p.as_source,
                        p.as_target,
                        format!("{}/{}/{}/{}", q[0], q[1], q[2], q[3]),
                        p.goldstein_mean
                    )?;
                }
            } else {
                json_lines(&mut out, &partners)?;
            }
        }
        What::Meetings {
            actor,
            since,
            until,
            limit,
            offset,
        } => {
            let q = MeetingsQuery {
                actor: actor
                    .as_deref()
                    .map(|a| ActorSel::parse("actor", a))
                    .transpose()?,
                since,
                until,
                page: Page { limit, offset },
            };
            let meetings = store.meetings(&q)?;
            if table {
                for m in &meetings {
                    let names = |v: &[jirga_store::Attendee]| {
                        v.iter()
                            .map(|a| format!("{} ({})", a.code, a.reports))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    writeln!(
                        out,
                        "incident {} {} {} {}: {} reports from {} outlets",
                        m.incident,
                        m.date_first.as_deref().unwrap_or("undated"),
                        m.place.as_deref().unwrap_or("-"),
                        m.cameo,
                        m.reports,
                        m.outlets
                    )?;
                    writeln!(out, "  attended: {}", names(&m.attendees))?;
                    if !m.absent.is_empty() {
                        writeln!(out, "  absent:   {}", names(&m.absent))?;
                    }
                }
            } else {
                json_lines(&mut out, &meetings)?;
            }
        }
        What::Event { id } => {
            let d = store.event(&id)?;
            if table {
                let r = &d.hit.record;
                writeln!(out, "event    {} (row {})", r.event_id, d.hit.key)?;
                writeln!(
                    out,
                    "document {} {}",
                    r.doc_id,
                    d.title.as_deref().unwrap_or("")
                )?;
                writeln!(
                    out,
                    "outlet   {} {}",
                    r.outlet.as_deref().unwrap_or("-"),
                    r.url.as_deref().unwrap_or("")
                )?;
                writeln!(out, "date     {}", d.hit.date.as_deref().unwrap_or("-"))?;
                writeln!(
                    out,
                    "who      {} -> {}  CAMEO {} quad {} goldstein {}",
                    actor_code(&r.source),
                    actor_code(&r.target),
                    r.cameo,
                    r.quad_class,
                    r.goldstein
                )?;
                writeln!(
                    out,
                    "how sure {}{}",
                    r.certainty.as_str(),
                    if r.negated { ", negated" } else { "" }
                )?;
                if let Some(a) = &r.attribution {
                    writeln!(out, "said by  {} ({})", a.code, a.text)?;
                }
                writeln!(out, "evidence {}", r.sentence.text)?;
                writeln!(out, "trigger  {}", r.trigger.text)?;
                writeln!(
                    out,
                    "pattern  {} entries {}",
                    r.explanation.pattern,
                    r.explanation.entries.join(", ")
                )?;
                for n in &r.explanation.notes {
                    writeln!(out, "note     {n}")?;
                }
                writeln!(
                    out,
                    "versions dict {} model {}",
                    r.dict_version, r.model_version
                )?;
                if let Some(inc) = &d.incident {
                    writeln!(
                        out,
                        "incident {}: {} reports, {} documents, {} outlets, {} sources",
                        inc.info.incident,
                        inc.info.reports,
                        inc.info.documents,
                        inc.info.outlets,
                        inc.info.sources
                    )?;
                    for rep in &inc.reports {
                        writeln!(
                            out,
                            "  {} [{}] {} {}: {}",
                            rep.date.as_deref().unwrap_or("-"),
                            rep.outlet.as_deref().unwrap_or("-"),
                            rep.certainty.as_str(),
                            rep.attribution.as_deref().unwrap_or(""),
                            rep.sentence
                        )?;
                    }
                }
            } else {
                json_lines(&mut out, std::slice::from_ref(&d))?;
            }
        }
        What::Incident { id } => {
            let d = store.incident(id)?;
            json_lines(&mut out, std::slice::from_ref(&d))?;
        }
        What::Summary { top } => {
            let s = store.summary(top)?;
            if table {
                print_summary(&mut out, &s)?;
            } else {
                json_lines(&mut out, std::slice::from_ref(&s))?;
            }
        }
    }
    out.flush()?;
    Ok(Status::Clean)
}

/// Prints a store summary as text (also used by `jirga demo`).
pub fn print_summary(out: &mut dyn Write, s: &jirga_store::Summary) -> io::Result<()> {
    writeln!(
        out,
        "{} documents, {} sentences, {} events ({} negated), {} incidents ({} reported by more than one document), {} outlets",
        s.documents, s.sentences, s.events, s.negated, s.incidents, s.multi_report_incidents, s.outlets
    )?;
    if !s.top_dyads.is_empty() {
        writeln!(out, "top dyads (reports / incidents):")?;
        for d in &s.top_dyads {
            writeln!(
                out,
                "  {:<4} -> {:<4} {:>5} / {}",
                d.source, d.target, d.reports, d.incidents
            )?;
        }
    }
    Ok(())
}
