//! A deadline for the browser suites. A browser that stops answering can keep
//! a test file's process alive after its last test; CI then waits until its
//! own limit and prints nothing useful (it happened once). Past the deadline
//! the whole process group is killed and the step fails, naming the limit.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Runs `cmd` in a process group of its own, handing each stdout line to
/// `on_line`; kills the group and fails if it runs longer than `limit`.
pub fn run_lines(
    mut cmd: Command,
    what: &str,
    limit: Duration,
    mut on_line: impl FnMut(&str),
) -> Result<std::process::ExitStatus, String> {
    let mut child = cmd
        .process_group(0)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    let pgid = child.id();
    let (done, wait) = mpsc::channel::<()>();
    let name = what.to_string();
    let timer = std::thread::spawn(move || {
        if wait.recv_timeout(limit) == Err(mpsc::RecvTimeoutError::Timeout) {
            eprintln!(
                "{name}: still running after {} s: killing it",
                limit.as_secs()
            );
            // `kill` the command rather than a libc binding: one call, no dependency.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pgid}")])
                .status();
            return true;
        }
        false
    });
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            on_line(&line);
        }
    }
    let status = child.wait().map_err(|e| e.to_string());
    let _ = done.send(());
    if timer.join().unwrap_or(false) {
        return Err(format!(
            "{what} passed its deadline of {} s and was killed",
            limit.as_secs()
        ));
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kills_the_group_past_the_deadline() {
        // The background sleep holds stdout like a stray browser would.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo started; sleep 30 & sleep 30"]);
        let t = std::time::Instant::now();
        let mut lines = Vec::new();
        let r = run_lines(cmd, "sleepers", Duration::from_secs(1), |l| {
            lines.push(l.to_string())
        });
        assert!(r.unwrap_err().contains("deadline of 1 s"));
        assert_eq!(lines, ["started"]);
        assert!(t.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn passes_a_quick_command_through() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo a; echo b; exit 3"]);
        let mut lines = Vec::new();
        let status = run_lines(cmd, "quick", Duration::from_secs(30), |l| {
            lines.push(l.to_string())
        })
        .unwrap();
        assert_eq!(status.code(), Some(3));
        assert_eq!(lines, ["a", "b"]);
    }
}
