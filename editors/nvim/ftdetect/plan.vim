" Coord plan files. `set filetype` (not `setfiletype`): a `.plan` file is a plan
" even when a generic detector (such as the `conf` fallback) guessed first.
autocmd BufRead,BufNewFile *.plan set filetype=plan
