; An item's `{ ... }` body folds.
(block) @fold
