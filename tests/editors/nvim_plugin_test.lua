-- End-to-end test of editors/nvim in a bare Neovim (0.7+):
--   nvim --headless --clean -u NONE -c 'luafile tests/editors/nvim_plugin_test.lua'
-- Run it through tests/editors/nvim_plugin.sh, which sets:
--   COORD_REPO  the repository root
--   COORD_BIN   the coord binary (the test starts `$COORD_BIN lsp`)
-- Checks: *.plan gets filetype `plan`; the Vim syntax file highlights kinds, names,
-- keys, values, literals and comments; the tree-sitter queries load and capture
-- what they should in Neovim (when the runner could build the parser, see
-- COORD_TS_RTP); `coord lsp` publishes diagnostics for the buffer (an undefined
-- owner gives `undefined-reference`).

local repo = assert(os.getenv('COORD_REPO'), 'COORD_REPO is not set')
local coord_bin = os.getenv('COORD_BIN')
local fixtures = repo .. '/tests/editors/fixtures'

local passed, failed = 0, 0

-- The clients attached to a buffer (vim.lsp.buf_get_clients is gone in 0.11+).
local function buf_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function log(msg)
  io.stdout:write(msg .. '\n')
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    log('ok   - ' .. name)
  else
    failed = failed + 1
    log('FAIL - ' .. name .. (detail and (': ' .. detail) or ''))
  end
end

local function finish()
  log(string.format('nvim plugin: %d passed, %d failed', passed, failed))
  pcall(function()
    require('coord').stop()
  end)
  if failed > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

local ok, err = xpcall(function()
  -- Load the plugin the way a plugin manager does: put it on 'runtimepath'.
  -- `--clean` has already run filetype detection setup, so source the plugin's
  -- ftdetect script into the filetypedetect group, as plugin managers do for
  -- plugins added after startup.
  vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
  vim.cmd('filetype plugin on')
  vim.cmd('syntax on')
  vim.cmd('augroup filetypedetect')
  vim.cmd('source ' .. vim.fn.fnameescape(repo .. '/editors/nvim/ftdetect/plan.vim'))
  vim.cmd('augroup END')

  -- 1. Filetype detection and syntax highlighting --------------------------------
  vim.cmd('edit ' .. vim.fn.fnameescape(fixtures .. '/valid/highlight.plan'))
  check('filetype of highlight.plan is plan', vim.bo.filetype == 'plan', 'got ' .. vim.bo.filetype)
  check('syntax is plan', vim.b.current_syntax == 'plan', tostring(vim.b.current_syntax))
  check('commentstring from ftplugin', vim.bo.commentstring == '# %s', vim.bo.commentstring)

  -- The syntax group at the `nth` occurrence of `needle` in the buffer (plus `offset`
  -- bytes).
  local function group_at(needle, nth, offset)
    nth = nth or 1
    local seen = 0
    for lnum, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
      local init = 1
      while true do
        local s = string.find(line, needle, init, true)
        if not s then
          break
        end
        seen = seen + 1
        if seen == nth then
          local col = s + (offset or 0)
          local name = vim.fn.synIDattr(vim.fn.synID(lnum, col, 1), 'name')
          -- The group it is linked to (`hi def link`), one level down.
          local linked = ''
          if name ~= '' then
            linked = string.match(vim.fn.execute('highlight ' .. name), 'links to (%S+)') or ''
          end
          return name, linked
        end
        init = s + 1
      end
    end
    return '<' .. needle .. ' not found>', ''
  end

  local function expect_group(needle, nth, want, want_linked)
    local got, linked = group_at(needle, nth)
    local name = string.format('syntax at %q #%d is %s', needle, nth, want)
    local good = got == want and (want_linked == nil or linked == want_linked)
    check(name, good, string.format('got %s (-> %s)', got, linked))
  end

  expect_group('## Owns', 1, 'planDocComment', 'SpecialComment')
  expect_group('team', 1, 'planKind', 'Keyword')
  expect_group('platform', 1, 'planName', 'Type')
  expect_group('"Platform"', 1, 'planTitle', 'String')
  expect_group('lead', 1, 'planKey', 'Identifier')
  expect_group('alice', 1, 'planReference')
  expect_group('# the manager', 1, 'planComment', 'Comment')
  expect_group('members', 1, 'planKey', 'Identifier')
  expect_group('bob', 1, 'planReference')
  expect_group(',', 1, 'planComma', 'Delimiter')
  expect_group('carol', 1, 'planReference')
  expect_group('model', 1, 'planEnumKey', 'planKey')
  expect_group('task-force', 1, 'planEnum', 'Constant')
  expect_group('meeting', 1, 'planKind', 'Keyword')
  expect_group('\\"', 1, 'planEscape', 'SpecialChar')
  expect_group('cadence', 1, 'planEnumKey', 'planKey')
  expect_group('weekly', 2, 'planEnum', 'Constant')
  expect_group('length', 1, 'planKey', 'Identifier')
  expect_group('45m', 1, 'planDuration', 'Number')
  expect_group('2026-11-15', 1, 'planDate', 'Number')
  expect_group('depends-on', 1, 'planKey', 'Identifier')
  expect_group('schema-freeze', 1, 'planReference')
  expect_group('{', 1, 'planBrace', 'Delimiter')

  vim.cmd('edit ' .. vim.fn.fnameescape(fixtures .. '/invalid/bad_duration.plan'))
  check('filetype of bad_duration.plan is plan', vim.bo.filetype == 'plan', vim.bo.filetype)
  expect_group('45min', 1, 'planMalformed', 'Error')

  vim.cmd('edit ' .. vim.fn.fnameescape(fixtures .. '/invalid/bad_date.plan'))
  expect_group('2026-1-5', 1, 'planMalformed', 'Error')

  -- No character of a valid fixture is highlighted as an error by the Vim syntax.
  for _, file in ipairs(vim.fn.glob(fixtures .. '/valid/*.plan', false, true)) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local errors = {}
    for lnum, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
      for col = 1, #line do
        local id = vim.fn.synIDtrans(vim.fn.synID(lnum, col, 1))
        if vim.fn.synIDattr(id, 'name') == 'Error' then
          table.insert(errors, lnum .. ':' .. col)
          break
        end
      end
    end
    check('no Error highlight in ' .. vim.fn.fnamemodify(file, ':t'), #errors == 0,
      'at ' .. table.concat(errors, ', '))
  end

  -- 2. The tree-sitter queries, run by Neovim's own query engine ------------------
  -- The runner builds the parser (ABI 14, which Neovim 0.7 loads) into
  -- $COORD_TS_RTP/parser/plan.so; editors/nvim/queries/plan/ holds the queries.
  local ts_rtp = os.getenv('COORD_TS_RTP')
  if ts_rtp == nil or ts_rtp == '' then
    log('skip - tree-sitter queries: no parser built (COORD_TS_RTP unset)')
  else
    vim.opt.runtimepath:append(ts_rtp)
    vim.cmd('edit ' .. vim.fn.fnameescape(fixtures .. '/valid/highlight.plan'))
    local get_query = (vim.treesitter.query and vim.treesitter.query.get) or vim.treesitter.get_query
    local parser = vim.treesitter.get_parser(0, 'plan')
    local root = parser:parse()[1]:root()
    check('tree-sitter parses highlight.plan without errors', not root:has_error())
    for _, name in ipairs({ 'highlights', 'locals', 'folds', 'indents' }) do
      local qok, q = pcall(get_query, 'plan', name)
      check('query plan/' .. name .. '.scm loads in Neovim', qok and q ~= nil, tostring(q))
    end
    local query = get_query('plan', 'highlights')
    local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
    -- Captures by the text they start at: "text@row:col" -> { capture names }
    local captured = {}
    for id, node in query:iter_captures(root, 0, 0, -1) do
      local name = query.captures[id]
      if name:sub(1, 1) ~= '_' then
        local row, col = node:range()
        local key = row .. ':' .. col
        captured[key] = captured[key] or {}
        table.insert(captured[key], name)
      end
    end
    local function captures_at(needle, nth)
      local seen = 0
      for row, line in ipairs(lines) do
        local init = 1
        while true do
          local s = string.find(line, needle, init, true)
          if not s then
            break
          end
          seen = seen + 1
          if seen == nth then
            return captured[(row - 1) .. ':' .. (s - 1)] or {}
          end
          init = s + 1
        end
      end
      return {}
    end
    local function expect_capture(needle, nth, want)
      local got = captures_at(needle, nth)
      check(string.format('tree-sitter capture at %q #%d is @%s', needle, nth, want),
        #got == 1 and got[1] == want, '@' .. table.concat(got, ', @'))
    end
    expect_capture('## Owns', 1, 'comment.documentation')
    expect_capture('team', 1, 'keyword')
    expect_capture('platform', 1, 'type.definition')
    expect_capture('"Platform"', 1, 'string.special')
    expect_capture('lead', 1, 'property')
    expect_capture('alice', 1, 'variable')
    expect_capture('# the manager', 1, 'comment')
    expect_capture('bob', 1, 'variable')
    expect_capture('carol', 1, 'variable')
    expect_capture('task-force', 1, 'constant')
    expect_capture('weekly', 2, 'constant')
    expect_capture('45m', 1, 'number')
    expect_capture('2026-11-15', 1, 'number')
    expect_capture('\\"', 1, 'string.escape')
    expect_capture('{', 1, 'punctuation.bracket')
  end

  -- 3. Live diagnostics from `coord lsp` ----------------------------------------
  if coord_bin == nil or coord_bin == '' then
    check('COORD_BIN is set', false, 'the runner must set COORD_BIN')
    return
  end
  require('coord').setup({ cmd = { coord_bin, 'lsp' }, settings = { coord = {} } })

  local file = fixtures .. '/lsp/undefined_owner.plan'
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  check('filetype of undefined_owner.plan is plan', vim.bo.filetype == 'plan', vim.bo.filetype)

  local attached = vim.wait(5000, function()
    return #buf_clients(bufnr) > 0
  end, 50)
  check('coord lsp attached to the buffer', attached)

  -- One server for the session (it started for the buffers opened above); the file's
  -- root is the nearest folder with coord.toml, in the plugin and in the server.
  check('find_root: the nearest dir with coord.toml', require('coord').find_root(file) == fixtures .. '/lsp',
    require('coord').find_root(file))
  local client = buf_clients(bufnr)[1]
  local roots = {}
  if client then
    local r = vim.fn.has('nvim-0.11') == 1 and client:request_sync('coord/status', vim.NIL, 5000, bufnr)
      or client.request_sync('coord/status', vim.NIL, 5000, bufnr)
    roots = (r and r.result and r.result.roots) or {}
  end
  check('the server holds the root ' .. fixtures .. '/lsp', vim.tbl_contains(roots, fixtures .. '/lsp'),
    table.concat(roots, ', '))

  local found
  local arrived = vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == 'undefined-reference' then
        found = d
        return true
      end
    end
    return false
  end, 100)
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(got, string.format('%s@%d:%d', tostring(d.code), d.lnum, d.col))
  end
  check('undefined-reference diagnostic arrives from coord lsp', arrived,
    'diagnostics: [' .. table.concat(got, ', ') .. ']')
  if found then
    -- `owner lsp-bobb` is on line 8 (0-based 7), `lsp-bobb` at column 8.
    check('diagnostic is at the undefined name', found.lnum == 7 and found.col == 8,
      string.format('at %d:%d', found.lnum, found.col))
    check('diagnostic is an error', found.severity == vim.diagnostic.severity.ERROR,
      tostring(found.severity))
  end

  -- The plugin's buffer-local mappings (gd everywhere; K before 0.10), and none with
  -- `keymaps = false`.
  local gd = vim.fn.maparg('gd', 'n', false, true)
  check('gd is mapped in the plan buffer', type(gd) == 'table' and gd.buffer == 1, vim.inspect(gd))
  if vim.fn.has('nvim-0.10') == 0 then
    local k = vim.fn.maparg('K', 'n', false, true)
    check('K is mapped in the plan buffer (before 0.10)', type(k) == 'table' and k.buffer == 1, vim.inspect(k))
  end
  require('coord').setup({ cmd = { coord_bin, 'lsp' }, keymaps = false })
  local scratch = vim.fn.tempname()
  vim.fn.mkdir(scratch, 'p')
  vim.fn.writefile({ 'person zed' }, scratch .. '/new.plan')
  vim.cmd('edit ' .. vim.fn.fnameescape(scratch .. '/new.plan'))
  local other = vim.api.nvim_get_current_buf()
  check('keymaps = false: the server attaches', vim.wait(5000, function()
    return #buf_clients(other) > 0
  end, 50))
  local none = vim.fn.maparg('gd', 'n', false, true)
  check('keymaps = false: no gd mapping', vim.tbl_isempty(none) or none.buffer ~= 1, vim.inspect(none))
  vim.cmd('buffer ' .. bufnr)

  -- :CoordRestart stops the server and attaches a new one.
  local old_ids = {}
  for _, client in ipairs(buf_clients(bufnr)) do
    old_ids[client.id] = true
  end
  vim.cmd('CoordRestart')
  local restarted = vim.wait(10000, function()
    for _, client in ipairs(buf_clients(bufnr)) do
      if not old_ids[client.id] then
        return true
      end
    end
    return false
  end, 50)
  local now = {}
  for _, client in ipairs(buf_clients(bufnr)) do
    table.insert(now, client.id)
  end
  check(':CoordRestart attaches a new server', restarted,
    'clients ' .. table.concat(now, ',') .. '; last error: ' .. vim.v.errmsg)
end, debug.traceback)

if not ok then
  check('test script ran without a Lua error', false, err)
end
finish()
