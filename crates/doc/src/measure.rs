//! What the benchmarks of every stage read about the running process: CPU time of the
//! calling thread and resident memory, from Linux `/proc` (`None` where it is absent).
//! On a shared machine thread CPU time measures the work, where wall time measures the
//! neighbours too.

/// CPU time the calling thread has run, in seconds (`/proc/thread-self/schedstat`).
pub fn thread_cpu_s() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// A `kB` field of `/proc/self/status` (`field` with its colon, as `"VmHWM:"`), in KiB.
pub fn proc_status_kib(field: &str) -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Peak resident memory of this process in MiB (`VmHWM`).
pub fn peak_rss_mib() -> Option<f64> {
    proc_status_kib("VmHWM:").map(|k| k / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_process_on_linux() {
        if !std::path::Path::new("/proc/self/status").exists() {
            eprintln!("skipped: no /proc");
            return;
        }
        let peak = peak_rss_mib().unwrap_or(0.0);
        assert!(peak > 0.1 && peak < 1e6, "{peak}");
        // the peak only grows (other tests run alongside)
        assert!(proc_status_kib("VmHWM:").is_some_and(|k| k / 1024.0 >= peak));
        assert_eq!(proc_status_kib("NoSuchField:"), None);
        let t0 = thread_cpu_s().unwrap_or(f64::NAN);
        let mut x = 0u64;
        for i in 0..2_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        assert!(thread_cpu_s().unwrap_or(f64::NAN) >= t0);
    }
}
