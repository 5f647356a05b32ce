//! Streaming parallel map: items read on one thread, mapped on a pool of workers,
//! results handed back to the calling thread, with memory bounded by a fixed number
//! of items in flight.
//!
//! This is how every command that reads many documents runs them on all cores:
//! the reader (a file, a WARC, a folder) is an ordinary iterator that is never
//! collected; between it and the workers sits a bounded channel, so a 1 GB input
//! holds at most [`StreamOptions::queue`] items (plus one per worker) in memory.
//!
//! ```
//! use jirga_pipeline::stream::{par_map, StreamOptions};
//! let mut out = Vec::new();
//! let opts = StreamOptions { threads: 2, ordered: true, ..Default::default() };
//! par_map(0..100u32, &opts, |x| x * 2, |y| {
//!     out.push(y);
//!     Ok::<(), std::convert::Infallible>(())
//! })
//! .unwrap();
//! assert_eq!(out, (0..100).map(|x| x * 2).collect::<Vec<_>>());
//! ```

use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};

/// How a stream is run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamOptions {
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Hand results back in input order (items then go in batches of
    /// [`StreamOptions::queue`]); otherwise in the order they finish.
    pub ordered: bool,
    /// Items between the reader and the workers (0: 16 per worker).
    pub queue: usize,
}

impl StreamOptions {
    /// Number of worker threads these options give on this machine.
    pub fn worker_threads(&self) -> usize {
        if self.threads > 0 {
            self.threads
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }

    fn queue_len(&self) -> usize {
        if self.queue > 0 {
            self.queue
        } else {
            16 * self.worker_threads()
        }
    }
}

/// Errors of [`par_map`]: the pool could not start, or the sink failed.
#[derive(Debug, thiserror::Error)]
pub enum StreamError<E> {
    /// The worker threads could not be started.
    #[error("cannot start {threads} worker threads: {what}")]
    Threads {
        /// How many were asked for.
        threads: usize,
        /// The cause.
        what: String,
    },
    /// The sink returned an error; the stream was stopped.
    #[error("{0}")]
    Sink(E),
}

impl<E> StreamError<E> {
    /// The sink's own error, or the thread error turned into one by `f`.
    pub fn into_sink(self, f: impl FnOnce(String) -> E) -> E {
        match self {
            StreamError::Sink(e) => e,
            StreamError::Threads { threads, what } => {
                f(format!("cannot start {threads} worker threads: {what}"))
            }
        }
    }
}

/// Maps `items` with `map` on a pool of worker threads and feeds every result to
/// `sink` on the calling thread. Reading runs on its own thread and stays at most
/// [`StreamOptions::queue`] items ahead of the workers. When `sink` fails, reading
/// stops, the items in flight are dropped and the error is returned.
pub fn par_map<I, T, U, M, S, E>(
    items: I,
    opts: &StreamOptions,
    map: M,
    mut sink: S,
) -> Result<(), StreamError<E>>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    U: Send,
    M: Fn(T) -> U + Sync,
    S: FnMut(U) -> Result<(), E>,
{
    let threads = opts.worker_threads();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| StreamError::Threads {
            threads,
            what: e.to_string(),
        })?;
    let queue = opts.queue_len();
    let stop = AtomicBool::new(false);
    if opts.ordered {
        let (tx, rx) = sync_channel::<Vec<T>>(1);
        std::thread::scope(|s| {
            s.spawn(|| read_batches(items, queue, &stop, tx));
            let res = ordered(&pool, rx, &map, &mut sink);
            if res.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            res
        })
    } else {
        let (tx_in, rx_in) = sync_channel::<T>(queue);
        let (tx_out, rx_out) = sync_channel::<U>(queue);
        std::thread::scope(|s| {
            let stop = &stop;
            s.spawn(move || {
                for it in items {
                    if stop.load(Ordering::Relaxed) || tx_in.send(it).is_err() {
                        break;
                    }
                }
            });
            let map = &map;
            let pool = &pool;
            s.spawn(move || {
                pool.install(|| {
                    rx_in
                        .into_iter()
                        .par_bridge()
                        .for_each_with(tx_out, |tx, it| {
                            if !stop.load(Ordering::Relaxed) {
                                // The receiver goes away only when the sink failed.
                                let _ = tx.send(map(it));
                            }
                        })
                })
            });
            let mut res = Ok(());
            for u in rx_out.iter() {
                if let Err(e) = sink(u) {
                    res = Err(StreamError::Sink(e));
                    stop.store(true, Ordering::Relaxed);
                    break;
                }
            }
            // Dropping the receiver (and draining nothing more) unblocks the workers.
            drop(rx_out);
            res
        })
    }
}

fn read_batches<I: Iterator<Item = T>, T>(
    items: I,
    batch: usize,
    stop: &AtomicBool,
    tx: std::sync::mpsc::SyncSender<Vec<T>>,
) {
    let mut items = items;
    loop {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let chunk: Vec<T> = items.by_ref().take(batch).collect();
        if chunk.is_empty() || tx.send(chunk).is_err() {
            break;
        }
    }
}

fn ordered<T, U, M, S, E>(
    pool: &rayon::ThreadPool,
    rx: Receiver<Vec<T>>,
    map: &M,
    sink: &mut S,
) -> Result<(), StreamError<E>>
where
    T: Send,
    U: Send,
    M: Fn(T) -> U + Sync,
    S: FnMut(U) -> Result<(), E>,
{
    for chunk in rx.iter() {
        let done: Vec<U> = pool.install(|| chunk.into_par_iter().map(map).collect());
        for u in done {
            sink(u).map_err(StreamError::Sink)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unordered_sees_every_item_once() {
        let opts = StreamOptions {
            threads: 2,
            queue: 3,
            ..Default::default()
        };
        let mut got = Vec::new();
        par_map(
            0..1000u32,
            &opts,
            |x| x + 1,
            |y| {
                got.push(y);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        got.sort_unstable();
        assert_eq!(got, (1..=1000).collect::<Vec<_>>());
    }

    #[test]
    fn ordered_keeps_input_order_across_batches() {
        let opts = StreamOptions {
            threads: 3,
            ordered: true,
            queue: 7,
        };
        let mut got = Vec::new();
        par_map(
            0..250u32,
            &opts,
            |x| x * 3,
            |y| {
                got.push(y);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(got, (0..250).map(|x| x * 3).collect::<Vec<_>>());
    }

    #[test]
    fn a_failing_sink_stops_the_reader() {
        use std::sync::atomic::AtomicUsize;
        for ordered in [false, true] {
            let read = AtomicUsize::new(0);
            let items = (0..1_000_000u32).inspect(|_| {
                read.fetch_add(1, Ordering::Relaxed);
            });
            let opts = StreamOptions {
                threads: 2,
                ordered,
                queue: 4,
            };
            let mut seen = 0;
            let r = par_map(
                items,
                &opts,
                |x| x,
                |_| {
                    seen += 1;
                    if seen == 10 {
                        Err("disk full")
                    } else {
                        Ok(())
                    }
                },
            );
            assert!(matches!(r, Err(StreamError::Sink("disk full"))));
            // Bounded: the reader went at most a few queues past the failure.
            assert!(read.load(Ordering::Relaxed) < 10_000, "ordered={ordered}");
        }
    }
}
