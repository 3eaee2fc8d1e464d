//! Progress for long setup steps: a bar on a terminal, plain lines otherwise
//! (CI logs, scripts), nothing when quiet.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// How to report progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Bars on stderr (a terminal).
    Bars,
    /// One plain line per step on stderr.
    Lines,
    /// Nothing (tests, library use).
    Quiet,
}

impl Progress {
    /// Bars when stderr is a terminal, else plain lines.
    pub fn auto() -> Self {
        if std::io::stderr().is_terminal() {
            Progress::Bars
        } else {
            Progress::Lines
        }
    }

    /// A one-off message.
    pub fn line(&self, msg: &str) {
        if *self != Progress::Quiet {
            eprintln!("mingbai: {msg}");
        }
    }

    /// A counter for a step.
    pub fn bar(&self, what: &str) -> Bar {
        match self {
            Progress::Bars => {
                let pb = ProgressBar::new(0);
                pb.set_style(
                    ProgressStyle::with_template("{msg:28} [{bar:30}] {pos}/{len}")
                        .expect("valid template")
                        .progress_chars("=> "),
                );
                pb.set_message(what.to_string());
                Bar {
                    bar: Some(pb),
                    what: what.to_string(),
                    lines: false,
                }
            }
            Progress::Lines => Bar {
                bar: None,
                what: what.to_string(),
                lines: true,
            },
            Progress::Quiet => Bar {
                bar: None,
                what: String::new(),
                lines: false,
            },
        }
    }
}

/// One step's counter.
pub struct Bar {
    bar: Option<ProgressBar>,
    what: String,
    lines: bool,
}

impl Bar {
    /// Sets the position.
    pub fn set(&self, done: u64, total: u64) {
        if let Some(pb) = &self.bar {
            pb.set_length(total);
            pb.set_position(done);
        } else if self.lines && (done == total || done.is_multiple_of(10_000)) {
            eprintln!("mingbai: {}: {done}/{total}", self.what);
        }
    }

    /// Ends the step.
    pub fn finish(&self) {
        if let Some(pb) = &self.bar {
            pb.finish_and_clear();
        }
    }
}
