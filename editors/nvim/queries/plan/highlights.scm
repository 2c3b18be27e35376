; Highlights for the plan language.
; No node gets two different captures (the predicates keep the patterns apart), so
; the result is the same whether an editor lets the first or the last pattern win.
; Only the node that is highlighted is captured (predicates test that node's own
; text), since a highlighter that skips a match whose first capture was already
; highlighted would skip the rest of that match too.

(comment) @comment

(doc_comment) @comment.documentation

; The eight reserved kind keywords.
(kind) @keyword

; The name an item defines. `liaison` and `embedded` items name an existing
; person (a reference), every other kind defines a new name.
(item
  kind: (kind
    [
      "liaison"
      "embedded"
    ])
  name: (identifier) @variable)

(item
  kind: (kind
    [
      "person"
      "team"
      "meeting"
      "task"
      "rotation"
      "centralized-liaison"
    ])
  name: (identifier) @type.definition)

; The display title after the name.
(item
  title: (string) @string.special)

; Field keys.
(field
  key: (identifier) @property)

; Values are matched on their own text, never together with the key: a
; highlighter that lets one pattern win per node (tree-sitter-highlight) would
; otherwise drop the later values of a list.
; The fixed words of `cadence`, `kind`, `status` and `model`.
(field
  value: (identifier) @constant
  (#match? @constant "^(daily|weekly|biweekly|monthly|quarterly|adhoc|decision|status|broadcast|todo|doing|blocked|done|service-provider|consultant|self-service|independent-executor|single-threaded-owner|merged-group|task-force|away-team|tiger-team|objective-expert)$"))

; Other identifiers in values are references to people, teams, meetings, tasks.
(field
  value: (identifier) @variable
  (#not-match? @variable "^(daily|weekly|biweekly|monthly|quarterly|adhoc|decision|status|broadcast|todo|doing|blocked|done|service-provider|consultant|self-service|independent-executor|single-threaded-owner|merged-group|task-force|away-team|tiger-team|objective-expert)$"))

(field
  value: (string) @string)

(escape_sequence) @string.escape

(date) @number

(duration) @number

(number) @number

; A time of day, `09:30`.
(time) @number

[
  "{"
  "}"
] @punctuation.bracket

"," @punctuation.delimiter
