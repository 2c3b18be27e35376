/**
 * @file Tree-sitter grammar for Coord's `.plan` language (coordination plans as code).
 * @license MIT OR Apache-2.0
 *
 * The language contract is LANGUAGE.md; the choices it leaves open are written down
 * in ../README.md. In short:
 *
 *   plan   = { item } ;
 *   item   = KIND NAME [ STRING ] [ "{" { field } "}" ] ;
 *   field  = KEY value { "," value } ;
 *   value  = IDENT | STRING | DATE | DURATION | NUMBER ;
 *
 * Digit-led tokens (numbers, dates, durations) are recognised by the external
 * scanner in src/scanner.c, which reads the whole run of word characters first:
 * `45min` or `2026-1-5` is then no token at all (a syntax error), instead of being
 * split into `45m` + `in`, which a regular-expression lexer would do.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const KINDS = [
  'person',
  'team',
  'meeting',
  'task',
  'liaison',
  'embedded',
  'rotation',
  'centralized-liaison',
];

export default grammar({
  name: 'plan',

  // Whitespace is any Unicode White_Space character (as Rust's `char::is_whitespace`;
  // tree-sitter's `\s` would miss U+00A0 and others). A byte-order mark at the start of the
  // input is skipped by tree-sitter itself; anywhere else it is an error, as in the
  // Rust parser.
  extras: $ => [/\p{White_Space}/u, $.doc_comment, $.comment],

  externals: $ => [$.number, $.date, $.duration],

  // Keyword extraction: the identifier token is lexed first, and only a whole
  // identifier that equals a keyword is the keyword. So `team-x`, `person2` and
  // `tasks` are identifiers, while `centralized-liaison` is one keyword.
  word: $ => $.identifier,

  // The kind keywords are reserved: they are never an identifier, so they cannot be
  // a name, a field key or a value (`team person`, `{ person alice }`).
  reserved: {
    global: _ => KINDS,
  },

  rules: {
    source_file: $ => repeat($.item),

    item: $ => seq(
      field('kind', $.kind),
      field('name', $.identifier),
      optional(field('title', $.string)),
      optional(field('body', $.block)),
    ),

    kind: _ => choice(...KINDS),

    block: $ => seq('{', repeat($.field), '}'),

    field: $ => seq(
      field('key', $.identifier),
      field('value', $._value),
      repeat(seq(',', field('value', $._value))),
    ),

    _value: $ => choice(
      $.identifier,
      $.string,
      $.date,
      $.duration,
      $.number,
    ),

    // A Unicode letter (the Alphabetic property, as Rust's `char::is_alphabetic`)
    // or `_`, then letters, digits, `_` or `-`.
    identifier: _ => /[\p{Alphabetic}_][\p{Alphabetic}\p{N}_-]*/u,

    string: $ => seq(
      '"',
      repeat(choice($.string_content, $.escape_sequence)),
      token.immediate('"'),
    ),

    string_content: _ => token.immediate(prec(1, /[^"\\\r\n]+/)),

    escape_sequence: _ => token.immediate(seq('\\', /["\\nt]/)),

    // `##` to end of line: documentation of the item below (when directly above it).
    // Only LF ends a comment (a CRLF line's CR is part of the comment's text), as in
    // the Rust lexer.
    doc_comment: _ => token(prec(2, seq('##', /[^\n]*/))),

    // `#` to end of line.
    comment: _ => token(prec(1, seq('#', /[^\n]*/))),
  },
});
