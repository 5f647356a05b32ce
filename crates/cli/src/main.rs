//! `jirga`: the command line. Glue only: every command parses its arguments, builds the
//! library types and reports; the work is done in the library crates.

mod cmd;
mod common;

use clap::{Parser, Subcommand};

use std::process::ExitCode;

/// Political event data from news text: who did what to whom, when, where, and how sure the report is.
#[derive(Parser)]
#[command(name = "jirga", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse raw text into CoNLL-U (sentences, tokens, lemmas, tags, dependencies).
    Parse(cmd::parse::Args),
    /// Train the tagger and parser models on UD CoNLL-U files.
    Train(cmd::train::Args),
    /// Evaluate a stage against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput and peak memory.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Code events from text or JSON Lines documents.
    Code(cmd::code::Args),
    /// Show the parse, the actors and why each event was or was not coded for one sentence.
    Explain(cmd::explain::Args),
    /// Extract main text and metadata from HTML, WARC, feeds, JSON Lines or text.
    Extract(cmd::extract::Args),
    /// Ingest documents into the event store.
    Ingest(cmd::ingest::Args),
    /// Query the event store.
    Query(cmd::query::Args),
    /// Export events from the store.
    Export(cmd::export::Args),
    /// Re-code stored documents with the current dictionaries and report what changed.
    Recode(cmd::recode::Args),
    /// Ingest the bundled example articles into a fresh store and summarise what was found.
    Demo(cmd::demo::Args),
    /// Serve the HTTP API and web UI over a store.
    Serve(cmd::serve::Args),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Tagging, lemma and parse accuracy, sentence and token F1, against a CoNLL-U file.
    Parse(cmd::eval_parse::Args),
    /// Event precision, recall and F1 against gold JSON Lines (the rules of gold/score.py).
    Events(cmd::eval_events::Args),
    /// Main-text extraction precision, recall and F1 on the article-extraction benchmark.
    Extract(cmd::eval_extract::Args),
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Raw text to parse: tokens/s and sentences/s on one thread and on all cores.
    Parse(cmd::bench_parse::Args),
    /// Raw text to events: sentences/s.
    Code(cmd::bench_code::Args),
    /// Pages (WARC/HTML) to events: pages/s.
    Ingest(cmd::bench_ingest::Args),
    /// Store: insert rate and query latency on a synthetic store.
    Store(cmd::bench_store::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(a) => cmd::parse::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::Eval(EvalCommand::Parse(a)) => cmd::eval_parse::run(a),
        Command::Eval(EvalCommand::Events(a)) => cmd::eval_events::run(a),
        Command::Eval(EvalCommand::Extract(a)) => cmd::eval_extract::run(a),
        Command::Bench(BenchCommand::Parse(a)) => cmd::bench_parse::run(a),
        Command::Bench(BenchCommand::Code(a)) => cmd::bench_code::run(a),
        Command::Bench(BenchCommand::Ingest(a)) => cmd::bench_ingest::run(a),
        Command::Bench(BenchCommand::Store(a)) => cmd::bench_store::run(a),
        Command::Code(a) => cmd::code::run(a),
        Command::Explain(a) => cmd::explain::run(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Query(a) => cmd::query::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Recode(a) => cmd::recode::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Serve(a) => cmd::serve::run(a),
    };
    common::exit(result)
}
