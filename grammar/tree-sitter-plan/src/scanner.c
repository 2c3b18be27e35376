/*
 * External scanner for the plan language: digit-led tokens.
 *
 * A token that starts with an ASCII digit runs over every following word
 * character (letters, digits, `_`, `-`, and any other non-space character
 * outside ASCII). The whole run must then be one of
 *
 *   number    DIGIT+                       12
 *   duration  DIGIT+ ("m" | "h" | "d" | "w")  45m 2h 3d 1w
 *   date      DIGIT{4} "-" DIGIT{2} "-" DIGIT{2}   2026-11-15
 *
 * or it is no token at all, so the parser reports a syntax error (`45min`,
 * `2026-1-5`, `12abc`), rather than splitting it into `45m` + `in`.
 */

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType {
  NUMBER,
  DATE,
  DURATION,
};

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

bool tree_sitter_plan_external_scanner_scan(void *payload, TSLexer *lexer,
                                            const bool *valid_symbols) {
  (void)payload;
  if (!valid_symbols[NUMBER] && !valid_symbols[DATE] && !valid_symbols[DURATION]) {
    return false;
  }

  while (is_space(lexer->lookahead)) {
    lexer->advance(lexer, true);
  }
  if (!is_digit(lexer->lookahead)) return false;

  /* Read the whole word; keep its first characters to classify it. */
  int32_t kept[MAX_KEPT];
  unsigned len = 0;
  unsigned digits = 0; /* leading digits */
  while (!lexer->eof(lexer) && is_word_char(lexer->lookahead)) {
    if (len < MAX_KEPT) kept[len] = lexer->lookahead;
    if (digits == len && is_digit(lexer->lookahead)) digits++;
    len++;
    lexer->advance(lexer, false);
  }
  lexer->mark_end(lexer);

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
