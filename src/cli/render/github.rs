//! `--format github`: one GitHub Actions workflow command per diagnostic,
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::MESSAGE` (`warning` and
//! `notice` for warnings and infos), which GitHub shows as annotations on the pull request's
//! files. The message carries the help and, one per line, the other places the diagnostic
//! points at (an annotation has a single location). Standard output holds nothing else; the
//! command prints the summary line on standard error.

use std::io::{self, Write};

use super::Range;
use crate::diagnostic::{Diagnostic, Severity};
use crate::workspace::Workspace;

/// Escapes a command's data (the message), as `@actions/core` does.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (file, title): the data escapes, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn write(out: &mut dyn Write, ws: &Workspace, diagnostics: &[Diagnostic]) -> io::Result<()> {
    for d in diagnostics {
        let Some(file) = ws.files.get(d.location.file.index()) else {
            continue;
        };
        let r = Range::of(file, d.location.span);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        for l in &d.labels {
            let Some(lf) = ws.files.get(l.location.file.index()) else {
                continue;
            };
            let lr = Range::of(lf, l.location.span);
            message.push_str(&format!(
                "\n{}:{}:{}: {}",
                lf.path, lr.line, lr.column, l.message
            ));
        }
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(d.severity),
            escape_property(&file.path),
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            escape_property(d.code),
            escape_data(&message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            escape_data("100% done\r\nnext: a, b"),
            "100%25 done%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("C:\\a,b%.plan"), "C%3A\\a%2Cb%25.plan");
    }
}
