//! `jirga export`.

use crate::common::Status;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<Status> {
    anyhow::bail!("`jirga export` is not built yet")
}
