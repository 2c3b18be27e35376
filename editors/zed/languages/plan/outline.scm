(item
  kind: (kind) @context
  name: (identifier) @name) @item
