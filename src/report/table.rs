//! One table value for the report's Markdown and HTML pages, and the two writers of it.
//!
//! Each of the report's tables (and the calendar's) is built once as a [`Table`]: columns with
//! their headers and whether they hold numbers, rows of cells made of a few inline pieces.
//! [`Table::write_markdown`] and [`Table::write_html`] turn it into a pipe table or an HTML
//! `<table>`; the few places where the two pages deliberately differ (HTML shows where a task
//! is written and tags its risks; Markdown keeps rows short) are marked in the value itself.

use std::fmt::Write as _;

/// A table: its columns and its rows, each row one cell per column.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub header: &'static str,
    /// Right-aligned, tabular figures.
    pub numeric: bool,
}

impl Column {
    pub const fn text(header: &'static str) -> Column {
        Column {
            header,
            numeric: false,
        }
    }
    pub const fn number(header: &'static str) -> Column {
        Column {
            header,
            numeric: true,
        }
    }
}

/// One cell: what it shows, and for HTML a class (instead of the column's) and a tooltip.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub content: Vec<Inline>,
    pub class: Option<&'static str>,
    pub title: Option<String>,
}

/// A piece of a cell's content.
#[derive(Debug, Clone)]
pub(crate) enum Inline {
    /// Plain text, escaped for each format.
    Text(String),
    /// A name as code.
    Code(String),
    Strong(Vec<Inline>),
    /// De-emphasised in HTML; plain in Markdown.
    Muted(Vec<Inline>),
    /// A coloured label in HTML (`class` is `blocks`, `late` or `cycle`).
    Tag(&'static str, String),
    /// A line break in HTML.
    Break,
    /// A bulleted list in HTML; joined with `; ` in Markdown.
    List(Vec<String>),
    /// Shown on the HTML page only.
    HtmlOnly(Vec<Inline>),
    /// Shown in Markdown only.
    MarkdownOnly(Vec<Inline>),
}

impl Cell {
    pub fn new(content: Vec<Inline>) -> Cell {
        Cell {
            content,
            ..Cell::default()
        }
    }
    /// A cell of plain text.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::new(vec![Inline::Text(s.into())])
    }
    /// A cell of plain text, or a dash when the text is empty.
    pub fn text_or_dash(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell::text(if s.is_empty() { "—".to_string() } else { s })
    }
    /// A cell holding one name as code.
    pub fn code(s: impl Into<String>) -> Cell {
        Cell::new(vec![Inline::Code(s.into())])
    }
    pub fn with_title(mut self, title: impl Into<String>) -> Cell {
        self.title = Some(title.into());
        self
    }
    pub fn with_class(mut self, class: &'static str) -> Cell {
        self.class = Some(class);
        self
    }
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// A Markdown pipe table, header and alignment row first.
    pub fn write_markdown(&self, o: &mut String) {
        let row = |o: &mut String, cells: &mut dyn Iterator<Item = String>| {
            o.push('|');
            for cell in cells {
                let _ = write!(o, " {cell} |");
            }
            o.push('\n');
        };
        row(o, &mut self.columns.iter().map(|c| c.header.to_string()));
        row(
            o,
            &mut self
                .columns
                .iter()
                .map(|c| if c.numeric { "---:" } else { "---" }.to_string()),
        );
        for cells in &self.rows {
            row(
                o,
                &mut cells.iter().map(|cell| {
                    let mut s = String::new();
                    markdown_inlines(&cell.content, &mut s);
                    s
                }),
            );
        }
    }

    /// An HTML `<table>` with a head and a body, one row a line.
    pub fn write_html(&self, o: &mut String) {
        o.push_str("<table><thead><tr>");
        for c in &self.columns {
            let _ = write!(o, "<th>{}</th>", html(c.header));
        }
        o.push_str("</tr></thead><tbody>\n");
        for cells in &self.rows {
            o.push_str("<tr>");
            for (cell, column) in cells.iter().zip(&self.columns) {
                o.push_str("<td");
                match (cell.class, column.numeric) {
                    (Some(class), _) => {
                        let _ = write!(o, " class=\"{class}\"");
                    }
                    (None, true) => o.push_str(" class=\"n\""),
                    (None, false) => {}
                }
                if let Some(title) = &cell.title {
                    let _ = write!(o, " title=\"{}\"", html(title));
                }
                o.push('>');
                html_inlines(&cell.content, o);
                o.push_str("</td>");
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody></table>\n");
    }
}

fn markdown_inlines(pieces: &[Inline], o: &mut String) {
    for piece in pieces {
        match piece {
            Inline::Text(s) => o.push_str(&md(s)),
            Inline::Code(s) => o.push_str(&code(s)),
            Inline::Strong(inner) => {
                o.push_str("**");
                markdown_inlines(inner, o);
                o.push_str("**");
            }
            Inline::Muted(inner) | Inline::MarkdownOnly(inner) => markdown_inlines(inner, o),
            Inline::List(items) => o.push_str(&md(&items.join("; "))),
            Inline::Tag(..) | Inline::Break | Inline::HtmlOnly(_) => {}
        }
    }
}

fn html_inlines(pieces: &[Inline], o: &mut String) {
    for piece in pieces {
        match piece {
            Inline::Text(s) => o.push_str(&html(s)),
            Inline::Code(s) => {
                let _ = write!(o, "<code>{}</code>", html(s));
            }
            Inline::Strong(inner) => {
                o.push_str("<strong>");
                html_inlines(inner, o);
                o.push_str("</strong>");
            }
            Inline::Muted(inner) => {
                o.push_str("<span class=\"muted\">");
                html_inlines(inner, o);
                o.push_str("</span>");
            }
            Inline::Tag(class, s) => {
                let _ = write!(o, "<span class=\"tag {class}\">{}</span>", html(s));
            }
            Inline::Break => o.push_str("<br/>"),
            Inline::List(items) => {
                o.push_str("<ul>");
                for item in items {
                    let _ = write!(o, "<li>{}</li>", html(item));
                }
                o.push_str("</ul>");
            }
            Inline::HtmlOnly(inner) => html_inlines(inner, o),
            Inline::MarkdownOnly(_) => {}
        }
    }
}

/// Escapes text for HTML (the same escaping as the SVG pictures use).
pub(crate) fn html(s: &str) -> String {
    crate::graph::xml(s)
}

/// Text for a Markdown table cell: no line breaks, `|` escaped, HTML-like text neutralised,
/// backticks kept only when they pair up.
pub(crate) fn md(s: &str) -> String {
    let keep_backticks = s.matches('`').count() % 2 == 0;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '`' if !keep_backticks => out.push('\''),
            c => out.push(c),
        }
    }
    out
}

/// A name as Markdown code: backticks inside become quotes, `|` is escaped.
pub(crate) fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'").replace('|', "\\|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(vec![Column::text("Name"), Column::number("Count")]);
        t.rows.push(vec![
            Cell::new(vec![
                Inline::Code("a|b".into()),
                Inline::HtmlOnly(vec![
                    Inline::Break,
                    Inline::Muted(vec![Inline::Text("x.plan:3".into())]),
                ]),
            ]),
            Cell::text("<2>").with_title("two & more"),
        ]);
        t
    }

    #[test]
    fn markdown_escapes_and_aligns() {
        let mut o = String::new();
        sample().write_markdown(&mut o);
        assert_eq!(
            o,
            "| Name | Count |\n| --- | ---: |\n| `a\\|b` | &lt;2&gt; |\n"
        );
    }

    #[test]
    fn html_escapes_classes_and_titles() {
        let mut o = String::new();
        sample().write_html(&mut o);
        assert_eq!(
            o,
            "<table><thead><tr><th>Name</th><th>Count</th></tr></thead><tbody>\n\
             <tr><td><code>a|b</code><br/><span class=\"muted\">x.plan:3</span></td>\
             <td class=\"n\" title=\"two &amp; more\">&lt;2&gt;</td></tr>\n</tbody></table>\n"
        );
    }
}
