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

/// The error and its causes on one line, `: `-separated. A cause whose text the line
/// already holds is left out: many library errors name their cause in their own
/// message as well as returning it as their source, which would print it twice.
pub fn message(err: &anyhow::Error) -> String {
    let mut line = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line
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
            let _ = writeln!(io::stderr().lock(), "jirga: {}", message(&err));
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::message;

    /// An error that names its cause in its message and also returns it as its source.
    #[derive(Debug)]
    struct Outer {
        source: std::io::Error,
    }

    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "parser model m.bin: {}", self.source)
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.source)
        }
    }

    #[test]
    fn a_cause_already_in_the_message_is_printed_once() {
        let inner = std::io::Error::other("feature set 5, this jirga reads 7");
        let err = anyhow::Error::new(Outer { source: inner }).context("loading the pipeline");
        assert_eq!(
            message(&err),
            "loading the pipeline: parser model m.bin: feature set 5, this jirga reads 7"
        );
        // a cause the message does not name is kept
        let err = anyhow::Error::new(std::io::Error::other("disk full")).context("writing out.tsv");
        assert_eq!(message(&err), "writing out.tsv: disk full");
    }
}
