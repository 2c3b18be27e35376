//! `coord-synth --tasks N --files F [--seed S] OUT_DIR`: writes a synthetic organisation of
//! `.plan` files for benchmarks and scaling tests.

use std::path::PathBuf;
use std::process::ExitCode;

use coord::synth::{generate, SynthOptions};

const USAGE: &str = "usage: coord-synth --tasks N --files F [--seed S] OUT_DIR";

struct Args {
    opts: SynthOptions,
    out: PathBuf,
}

fn number(flag: &str, value: Option<String>) -> Result<u64, String> {
    let value = value.ok_or_else(|| format!("{flag} needs a value"))?;
    value
        .parse()
        .map_err(|_| format!("{flag} takes a whole number, not `{value}`"))
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut tasks, mut files, mut seed, mut out) = (None, None, 0, None);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.into())),
            _ => (arg.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next());
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--tasks" => tasks = Some(number("--tasks", value())?),
            "--files" => files = Some(number("--files", value())?),
            "--seed" => seed = number("--seed", value())?,
            _ if arg.starts_with('-') && arg != "-" => {
                return Err(format!("unknown option `{arg}`"))
            }
            _ if out.is_none() => out = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let tasks = tasks.ok_or("--tasks is required")?;
    let files = files.ok_or("--files is required")?;
    if files == 0 {
        return Err("--files must be at least 1".into());
    }
    let out = out.ok_or("OUT_DIR is required")?;
    let to_usize = |n: u64| usize::try_from(n).map_err(|_| format!("{n} is too large"));
    Ok(Some(Args {
        opts: SynthOptions {
            tasks: to_usize(tasks)?,
            files: to_usize(files)?,
            seed,
        },
        out,
    }))
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            println!("Writes a deterministic synthetic organisation of N tasks over F files.");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("coord-synth: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let files = generate(&args.opts);
    let mut bytes = 0usize;
    for (path, text) in &files {
        let path = args.out.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(err) = written {
            eprintln!("coord-synth: cannot write {}: {err}", path.display());
            return ExitCode::from(2);
        }
        bytes += text.len();
    }
    println!(
        "coord-synth: wrote {} files ({:.1} MB, {} tasks, seed {}) to {}",
        files.len(),
        bytes as f64 / 1_000_000.0,
        args.opts.tasks,
        args.opts.seed,
        args.out.display()
    );
    ExitCode::SUCCESS
}
