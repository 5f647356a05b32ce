//! Helpers shared by the commands: exit codes, error printing, output.

use std::io::{self, Write};
use std::process::ExitCode;

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything was processed.
    Clean,
    /// The run finished but skipped some input (reported on stderr).
    Skipped,
}

/// Maps a command's result to the process exit code: 0 clean, 2 finished with skipped
/// input, 1 could not run. A broken pipe (output closed early, as by `head`) is success.
pub fn exit(result: anyhow::Result<Status>) -> ExitCode {
    match result {
        Ok(Status::Clean) => ExitCode::SUCCESS,
        Ok(Status::Skipped) => ExitCode::from(2),
        Err(err) => {
            if err.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = io::stderr().lock();
            let _ = write!(stderr, "jirga: {err}");
            for cause in err.chain().skip(1) {
                let _ = write!(stderr, ": {cause}");
            }
            let _ = writeln!(stderr);
            ExitCode::from(1)
        }
    }
}
