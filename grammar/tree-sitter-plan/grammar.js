/**
 * @file Tree-sitter grammar for Coord's `.plan` language (coordination plans as code).
 * @license MIT OR Apache-2.0
 *
 * The language contract is LANGUAGE.md; the choices it leaves open are written down
 * in ../README.md. In short:
 *
 *   plan   = { item } ;
 *   item   = KIND NAME [ STRING ] [ "{" { field } "}" ] ;
 *   field  = KEY value { "," value } ;   (the first value on the key's line)
 *   value  = IDENT | STRING | DATE | DURATION | NUMBER | TIME ;
 *
 * Digit-led tokens (numbers, dates, durations, times) are recognised by the external
 * scanner in src/scanner.c, which reads the whole run of word characters first:
 * `45min`, `2026-1-5` or `9:30` is then no token at all (a syntax error), instead of
 * being split into `45m` + `in`, which a regular-expression lexer would do.
 *
 * Newlines are insignificant except in one place: a field's first value must start
 * on its key's line. Right after a key, the scanner emits one of two tokens: the
 * zero-width `_same_line` when a value follows on the key's line, or `_line_end`
 * (the line break, or nothing before a comment or the end of the file) when the key
 * ends its line. After `_line_end` the grammar wants `_no_value`, a token that is
 * never produced, so tree-sitter recovers by inserting it as a MISSING value: a key
 * typed alone on its line is one field with a MISSING value, and the next line's key
 * starts a new field. Since a value must come after `_same_line`, which the scanner
 * never emits before a value on a later line, error recovery cannot take the next
 * line's key as the value either.
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

  // The scanner (src/scanner.c) is tried first wherever one of these is valid. It
  // makes the digit-led tokens and `_line_end` (see the top of this file), and the
  // kind keywords: a whole word that is a kind keyword is always the keyword, even
  // where only an identifier is valid, so the keywords are reserved (`team person`,
  // `{ person alice }`, `lead team` are errors) in a parser generated at ABI 14,
  // which has no `reserved` word sets. `identifier` is listed so that the scanner is
  // tried where an identifier is valid; it never makes one (it returns false and
  // the regular expression below lexes it).
  externals: $ => [
    $.number,
    $.date,
    $.duration,
    $.time,
    $._same_line,
    $._line_end,
    $._no_value,
    $.identifier,
    ...KINDS,
  ],

  // Keyword extraction: the identifier token is lexed first, and only a whole
  // identifier that equals a keyword is the keyword. So `team-x`, `person2` and
  // `tasks` are identifiers, while `centralized-liaison` is one keyword.
  word: $ => $.identifier,

  // The kind keywords are reserved: they are never an identifier, so they cannot be
  // a name, a field key or a value (`team person`, `{ person alice }`). (At ABI 15;
  // at ABI 14 the scanner does the same, see `externals`.)
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
      choice(
        seq(
          $._same_line,
          field('value', $._value),
          repeat(seq(',', field('value', $._value))),
        ),
        // A key alone on its line: always a syntax error (see the top of this file).
        seq($._line_end, field('value', alias($._no_value, $.missing_value))),
      ),
    ),

    _value: $ => choice(
      $.identifier,
      $.string,
      $.date,
      $.duration,
      $.number,
      $.time,
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
