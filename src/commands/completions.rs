//! `sigce completions` and `sigce manual`: shell completion scripts and the
//! man page, generated from the same clap definitions as the program.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "sigce", out);
}

pub fn manual(out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}
