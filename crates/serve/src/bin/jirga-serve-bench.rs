//! Loopback load test of `jirga serve`: `jirga-serve-bench [--db F] [--events N]
//! [--clients C] [--requests R] [--seconds S] [--readers N] [--cache-mb M] [--json]`, or `--generate-only` to just
//! build a synthetic store (used by the browser test), or `--serve ADDR` to serve it.
//!
//! Generates the store when the file does not exist, serves it on 127.0.0.1 and reports
//! requests/s and p50/p99 latency per endpoint.

use jirga_serve::bench::{generate, run, BenchConfig};
use std::time::Duration;

fn main() {
    if let Err(e) = real_main() {
        eprintln!("jirga-serve-bench: {e}");
        std::process::exit(1);
    }
}

fn value<T: std::str::FromStr>(
    args: &mut impl Iterator<Item = String>,
    name: &str,
) -> Result<T, String> {
    let v = args.next().ok_or_else(|| format!("{name} needs a value"))?;
    v.parse()
        .map_err(|_| format!("bad value for {name}: `{v}`"))
}

fn real_main() -> Result<(), String> {
    let mut cfg = BenchConfig::default();
    let mut json = false;
    let mut generate_only = false;
    let mut serve: Option<std::net::SocketAddr> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => cfg.db = value::<String>(&mut args, "--db")?.into(),
            "--events" => cfg.events = value(&mut args, "--events")?,
            "--clients" => cfg.clients = value(&mut args, "--clients")?,
            "--requests" => cfg.requests_per_client = value(&mut args, "--requests")?,
            "--seconds" => cfg.max_time = Duration::from_secs(value(&mut args, "--seconds")?),
            "--readers" => cfg.readers = value(&mut args, "--readers")?,
            "--cache-mb" => {
                cfg.cache_bytes = value::<usize>(&mut args, "--cache-mb")?.saturating_mul(1 << 20)
            }
            "--json" => json = true,
            "--generate-only" => generate_only = true,
            "--serve" => serve = Some(value(&mut args, "--serve")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if !cfg.db.exists() {
        let t = std::time::Instant::now();
        let step = (cfg.events / 10).max(1);
        let n = generate(&cfg.db, cfg.events, |done| {
            if done % step < 5000 {
                eprintln!("generated {done} events");
            }
        })
        .map_err(|e| e.to_string())?;
        eprintln!(
            "store {}: {n} events in {:.1}s",
            cfg.db.display(),
            t.elapsed().as_secs_f64()
        );
    }
    if generate_only {
        return Ok(());
    }
    if let Some(addr) = serve {
        // Same server as `jirga serve`, for testing without the full CLI.
        let mut sc = jirga_serve::ServeConfig::new(&cfg.db);
        sc.addr = addr;
        return jirga_serve::serve_blocking(&sc, |a| println!("serving http://{a}/"))
            .map_err(|e| e.to_string());
    }
    let r = run(&cfg).map_err(|e| e.to_string())?;
    if json {
        println!("{}", serde_json::to_string(&r).map_err(|e| e.to_string())?);
        return Ok(());
    }
    println!(
        "{} requests from {} clients in {:.1}s: {:.0} requests/s on {} events",
        r.requests, r.clients, r.seconds, r.requests_per_sec, r.store_events
    );
    for e in &r.endpoints {
        println!(
            "  {:<15} {:>6} requests, {} errors, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            e.endpoint, e.requests, e.errors, e.p50_ms, e.p99_ms, e.max_ms
        );
    }
    if let Some(peak) = r.peak_rss_mib {
        print!("peak RSS {peak:.0} MiB");
        if let Some((anon, file)) = r.rss_anon_file_mib {
            print!(" (at the end: {anon:.0} MiB own memory, {file:.0} MiB mapped store pages)");
        }
        println!();
    }
    Ok(())
}
