" Vim syntax file
" Language: Coord plan (.plan): coordination plans as code
" For Vim and for Neovim without tree-sitter. Neovim with nvim-treesitter can use
" the queries in queries/plan/ instead.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syntax case match
" Identifiers contain letters, digits, `_` and `-`: `team-x` is one word, not the
" keyword `team`; `centralized-liaison` is one keyword.
syntax iskeyword @,48-57,_,192-255,-

" Comments. `##` (documentation) is defined after `#`, so it wins where both match.
syntax keyword planTodo TODO FIXME XXX NOTE contained
syntax match planComment "#.*$" contains=planTodo,@Spell
syntax match planDocComment "##.*$" contains=planTodo,@Spell

" Items: KIND NAME [STRING] [{ fields }]
syntax keyword planKind person team meeting task rotation centralized-liaison
      \ nextgroup=planName skipwhite skipnl skipempty
syntax keyword planKind liaison embedded
      \ nextgroup=planPersonRef skipwhite skipnl skipempty
syntax match planName "\k\+" contained
      \ nextgroup=planTitle skipwhite skipnl skipempty
syntax match planPersonRef "\k\+" contained
      \ nextgroup=planTitle skipwhite skipnl skipempty
syntax region planTitle start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contained
      \ contains=planEscape,planBadEscape

" Body: fields `KEY value {, value}`. A key starts a field; its values follow
" (through nextgroup), separated by commas; a value with no comma after it ends the
" field, and the next word is a key again.
syntax region planBlock matchgroup=planBrace start="{" end="}" fold
      \ contains=planKey,planEnumKey,planComment,planDocComment,planMalformed

syntax match planKey "\<\%(\d\)\@!\k\+" contained
      \ nextgroup=@planValue skipwhite
" Keys whose values are fixed words (cadence, kind, status, team model, rule names).
syntax match planEnumKey "\<\%(cadence\|kind\|status\|model\|allow\)\>" contained
      \ nextgroup=@planEnumValue skipwhite

syntax cluster planValue contains=planReference,planString,planNumber,planDuration,planDate,planTime,planMalformed
syntax cluster planEnumValue contains=planEnum,planString,planNumber,planDuration,planDate,planTime,planMalformed

syntax match planReference "\k\+" contained
      \ nextgroup=planComma skipwhite skipnl skipempty
syntax match planEnum "\k\+" contained
      \ nextgroup=planEnumComma skipwhite skipnl skipempty
syntax match planComma "," contained
      \ nextgroup=@planValue skipwhite skipnl skipempty
syntax match planEnumComma "," contained
      \ nextgroup=@planEnumValue skipwhite skipnl skipempty

syntax region planString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contained
      \ contains=planEscape,planBadEscape
      \ nextgroup=planComma skipwhite skipnl skipempty
syntax match planBadEscape +\\.+ contained
syntax match planEscape +\\[\\"nt]+ contained

" Digit-led words: a number, date or duration, or else an error (`45min`,
" `2026-1-5`). The exact forms are defined last, so they win over planMalformed.
syntax match planMalformed "\<\d\k*"
syntax match planNumber "\<\d\+\>" contained
      \ nextgroup=planComma skipwhite skipnl skipempty
syntax match planDuration "\<\d\+[mhdw]\>" contained
      \ nextgroup=planComma skipwhite skipnl skipempty
syntax match planDate "\<\d\{4}-\d\d-\d\d\>" contained
      \ nextgroup=planComma skipwhite skipnl skipempty
" Times: HH:MM on the 24-hour clock; any other digit-led word with a colon is an error.
syntax match planMalformed "\<\d\k*:\k*"
syntax match planTime "\<\%([01]\d\|2[0-3]\):[0-5]\d\>:\@!" contained
      \ nextgroup=planComma skipwhite skipnl skipempty

syntax sync fromstart

highlight default link planTodo Todo
highlight default link planComment Comment
highlight default link planDocComment SpecialComment
highlight default link planKind Keyword
highlight default link planName Type
highlight default link planPersonRef Identifier
highlight default link planTitle String
highlight default link planBrace Delimiter
highlight default link planKey Identifier
highlight default link planEnumKey planKey
highlight default link planReference Normal
highlight default link planEnum Constant
highlight default link planComma Delimiter
highlight default link planEnumComma planComma
highlight default link planString String
highlight default link planEscape SpecialChar
highlight default link planBadEscape Error
highlight default link planMalformed Error
highlight default link planNumber Number
highlight default link planDuration Number
highlight default link planDate Number
highlight default link planTime Number

let b:current_syntax = 'plan'

let &cpo = s:cpo_save
unlet s:cpo_save
