//! The `ruammue` command: parse the arguments, run the command, map the outcome to an exit code
//! (0 ok, 1 nothing found or some input skipped, 2 error). A closed pipe (`ruammue … | head`)
//! ends the program quietly with 0.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ruammue: {}", cli::error_message(&err));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}
