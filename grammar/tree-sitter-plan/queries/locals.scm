; Names are global to the workspace (every .plan file under the root shares one
; namespace), so within one file the whole file is the scope.

(source_file) @local.scope

; Every kind but `liaison` and `embedded` defines the name after the keyword.
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
  name: (identifier) @local.definition)

; `liaison NAME` and `embedded NAME` refer to a person.
(item
  kind: (kind
    [
      "liaison"
      "embedded"
    ])
  name: (identifier) @local.reference)

; Identifiers in field values refer to defined names (except enumerated values).
(field
  key: (identifier) @_key
  value: (identifier) @local.reference
  (#not-match? @_key "^(cadence|kind|status|model|allow)$"))
