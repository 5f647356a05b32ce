//! `jirga eval extract`.

use crate::common::Status;

/// Arguments.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<Status> {
    anyhow::bail!("`jirga eval extract` is not built yet")
}
