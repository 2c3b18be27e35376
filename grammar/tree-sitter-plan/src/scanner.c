/*
 * External scanner for the plan language: digit-led tokens, the end of a field
 * key's line, and the reserved kind keywords.
 *
 * A token that starts with an ASCII digit runs over every following word
 * character (letters, digits, `_`, `-`, and any other non-space character
 * outside ASCII); when a `:` follows that run, the colon and the run after it
 * belong to the same word (as in the Rust lexer). The whole word must then be one of
 *
 *   number    DIGIT+                       12
 *   duration  DIGIT+ ("m" | "h" | "d" | "w")  45m 2h 3d 1w
 *   date      DIGIT{4} "-" DIGIT{2} "-" DIGIT{2}   2026-11-15
 *   time      HH ":" MM, 00:00 to 23:59     09:30
 *
 * or it is no token at all, so the parser reports a syntax error (`45min`,
 * `2026-1-5`, `12abc`, `9:30`, `24:00`), rather than splitting it into `45m` + `in`.
 *
 * Line ends matter in one place only: a field's first value must start on its
 * key's line. Right after a key (the one parse state where SAME_LINE and LINE_END
 * are valid) the scanner emits the zero-width SAME_LINE when something other than
 * `}` or `,` follows on the key's line (the grammar then wants a value), or LINE_END
 * when nothing but spaces and a comment follows the key on its line (the token is
 * the LF, or empty at the end of the input; a comment is lexed by the grammar as
 * an extra first). After LINE_END the grammar wants NO_VALUE, which this scanner
 * never emits, so the parser recovers by inserting a MISSING value there: the tree
 * is `(field key: (identifier) value: (MISSING missing_value))`, and the next line
 * starts a new field. Error recovery cannot take the next line's first word as the value
 * either, since a value needs SAME_LINE before it. (LINE_END holds the LF so that
 * wrapping the key in an ERROR node costs more than the MISSING value.)
 *
 * Kind keywords are reserved: a whole word that is a kind keyword is returned as
 * the keyword wherever the scanner runs (it runs wherever an identifier is valid),
 * even where the grammar does not allow a keyword, so that `team person` is a syntax
 * error as in the Rust parser. (A parser generated at ABI 14 has no `reserved`
 * word sets, and its keyword extraction turns a keyword into an identifier wherever
 * only an identifier is valid.) Any other word is left to the grammar's identifier
 * regular expression.
 */

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum TokenType {
  NUMBER,
  DATE,
  DURATION,
  TIME,
  SAME_LINE,
  LINE_END,
  NO_VALUE,
  IDENTIFIER, /* never made here: the grammar's regular expression lexes it */
  /* The kind keywords, in the grammar's order (KINDS in grammar.js). */
  KW_PERSON,
  KW_TEAM,
  KW_MEETING,
  KW_TASK,
  KW_LIAISON,
  KW_EMBEDDED,
  KW_ROTATION,
  KW_CENTRALIZED_LIAISON,
};

static const char *const KEYWORDS[] = {
    "person",  "team",     "meeting",  "task",
    "liaison", "embedded", "rotation", "centralized-liaison",
};
#define KEYWORD_COUNT 8
#define KEYWORD_MAX_LEN 19

void *tree_sitter_plan_external_scanner_create(void) { return NULL; }

void tree_sitter_plan_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_plan_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_plan_external_scanner_deserialize(void *payload, const char *buffer,
                                                   unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

/* Unicode White_Space: what `\s` matches in the grammar's extras, and what Rust's
 * `char::is_whitespace` accepts. */
static bool is_space(int32_t c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case 0x85: case 0xA0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

static bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }

/* A character that continues a digit-led word (and so makes it malformed unless
 * the whole word is a number, date or duration). ASCII punctuation, quotes and
 * whitespace end the word; every other non-ASCII character continues it. */
static bool is_word_char(int32_t c) {
  if (c >= '0' && c <= '9') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  if (c == '_' || c == '-') return true;
  if (c < 0x80) return false;
  return !is_space(c);
}

#define MAX_KEPT 16

/* A kind keyword, or nothing (an identifier is then lexed by the grammar). */
static bool scan_keyword(TSLexer *lexer) {
  char word[KEYWORD_MAX_LEN + 1];
  unsigned len = 0;
  while (!lexer->eof(lexer) && is_word_char(lexer->lookahead)) {
    if (len >= KEYWORD_MAX_LEN || lexer->lookahead >= 0x80) return false;
    word[len++] = (char)lexer->lookahead;
    lexer->advance(lexer, false);
  }
  word[len] = '\0';
  for (int k = 0; k < KEYWORD_COUNT; k++) {
    if (strcmp(word, KEYWORDS[k]) == 0) {
      lexer->mark_end(lexer);
      lexer->result_symbol = KW_PERSON + k;
      return true;
    }
  }
  return false;
}

static bool is_clock_digits(const int32_t *kept) {
  return is_digit(kept[0]) && is_digit(kept[1]) && kept[2] == ':' && is_digit(kept[3]) &&
         is_digit(kept[4]);
}

bool tree_sitter_plan_external_scanner_scan(void *payload, TSLexer *lexer,
                                            const bool *valid_symbols) {
  (void)payload;
  /* In error recovery every symbol is valid, NO_VALUE included; NO_VALUE is never
   * valid together with SAME_LINE otherwise. */
  bool after_key = valid_symbols[SAME_LINE] && !valid_symbols[NO_VALUE];
  bool literal = valid_symbols[NUMBER] || valid_symbols[DATE] || valid_symbols[DURATION] ||
                 valid_symbols[TIME];
  bool word = valid_symbols[IDENTIFIER];
  for (int k = 0; k < KEYWORD_COUNT; k++) word = word || valid_symbols[KW_PERSON + k];
  if (!after_key && !literal && !word) return false;

  /* Spaces up to the end of the line (a CR is a space: only LF ends a line, as in
   * the Rust parser, so CRLF works and a lone CR is just a space). */
  while (is_space(lexer->lookahead) && lexer->lookahead != '\n') {
    lexer->advance(lexer, true);
  }
  /* A comment after the key: the grammar lexes it (an extra), and the scanner
   * runs again after it, at the line break. */
  if (after_key && lexer->lookahead == '#') return false;
  if (after_key && (lexer->lookahead == '\n' || lexer->eof(lexer))) {
    /* The token holds the line break itself: error recovery then costs more when
     * it skips the key than when it inserts the missing value, so the tree keeps
     * the field. */
    if (lexer->lookahead == '\n') lexer->advance(lexer, false);
    lexer->mark_end(lexer);
    lexer->result_symbol = LINE_END;
    return true;
  }
  if (after_key) {
    if (lexer->lookahead == '}' || lexer->lookahead == ',') return false;
    lexer->mark_end(lexer);
    lexer->result_symbol = SAME_LINE;
    return true;
  }
  while (is_space(lexer->lookahead)) {
    lexer->advance(lexer, true);
  }
  if (lexer->lookahead >= 'a' && lexer->lookahead <= 'z') return scan_keyword(lexer);
  if (!literal || !is_digit(lexer->lookahead)) return false;

  /* Read the whole word; keep its first characters to classify it. */
  int32_t kept[MAX_KEPT];
  unsigned len = 0;
  unsigned digits = 0; /* leading digits */
  bool clock = false;  /* a `:` followed the first run of word characters */
  for (;;) {
    while (!lexer->eof(lexer) && is_word_char(lexer->lookahead)) {
      if (len < MAX_KEPT) kept[len] = lexer->lookahead;
      if (digits == len && is_digit(lexer->lookahead)) digits++;
      len++;
      lexer->advance(lexer, false);
    }
    if (clock || lexer->lookahead != ':') break;
    clock = true;
    if (len < MAX_KEPT) kept[len] = ':';
    len++;
    lexer->advance(lexer, false);
  }
  lexer->mark_end(lexer);

  /* time: HH:MM on the 24-hour clock; any other word with a colon is malformed */
  if (clock) {
    if (len == 5 && is_clock_digits(kept) && valid_symbols[TIME]) {
      int hour = (kept[0] - '0') * 10 + (kept[1] - '0');
      int minute = (kept[3] - '0') * 10 + (kept[4] - '0');
      if (hour < 24 && minute < 60) {
        lexer->result_symbol = TIME;
        return true;
      }
    }
    return false;
  }

  /* number: all digits (any length) */
  if (digits == len) {
    if (!valid_symbols[NUMBER]) return false;
    lexer->result_symbol = NUMBER;
    return true;
  }
  /* Anything else longer than a date is malformed. */
  if (len > MAX_KEPT) return false;

  /* duration: digits then one unit letter */
  if (digits + 1 == len) {
    int32_t unit = kept[digits];
    if (unit == 'm' || unit == 'h' || unit == 'd' || unit == 'w') {
      if (!valid_symbols[DURATION]) return false;
      lexer->result_symbol = DURATION;
      return true;
    }
    return false;
  }

  /* date: DDDD-DD-DD */
  if (len == 10 && digits == 4 && kept[4] == '-' && is_digit(kept[5]) && is_digit(kept[6]) &&
      kept[7] == '-' && is_digit(kept[8]) && is_digit(kept[9])) {
    if (!valid_symbols[DATE]) return false;
    lexer->result_symbol = DATE;
    return true;
  }

  return false;
}
