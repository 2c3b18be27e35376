; Indentation (nvim-treesitter capture names): fields inside an item's body are
; indented one level; the closing brace goes back to the item's level.
(block) @indent.begin

(block
  "}" @indent.branch @indent.end)

[
  (comment)
  (doc_comment)
] @indent.auto
