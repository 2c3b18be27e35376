; Indentation for Helix: fields inside an item's body are indented one level.
(block) @indent

"}" @outdent
