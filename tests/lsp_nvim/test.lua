-- End to end: a real Neovim (0.11 or 0.7) with the plugin set up exactly as
-- editors/nvim/README.md says (the runner, tests/lsp_nvim.rs, extracts that setup
-- into the init file), and `coord lsp` on PATH. Run as
--   nvim --headless -u INIT -i NONE -n -c 'luafile tests/lsp_nvim/test.lua'
-- with
--   COORD_SCENARIO  `repo`: in a clone of the repository, open examples/acme, then
--                   examples/showcase, in one server, as separate roots;
--                   `copy`: in a copy of examples/acme without coord.toml and .git,
--                   open teams/platform.plan and check roots, diagnostics, hover,
--                   definition, completion, formatting, a key alone on a line, the
--                   diagnostic float, highlighting, and rename across files
--   COORD_DIR       the clone (repo) or the copy (copy)
--   COORD_EXPECT    `coord check`'s diagnostic count for each root opened, as
--                   `ROOT=N;ROOT=N`
-- Prints `ok   - ...` / `FAIL - ...` lines and `nvim e2e: N passed, N failed`, and
-- exits non-zero when a check failed.

local scenario = assert(os.getenv('COORD_SCENARIO'), 'COORD_SCENARIO is not set')
local dir = assert(os.getenv('COORD_DIR'), 'COORD_DIR is not set')
local expect = {}
for root, n in string.gmatch(os.getenv('COORD_EXPECT') or '', '([^=;]+)=(%d+)') do
  expect[root] = tonumber(n)
end

local passed, failed = 0, 0
local has011 = vim.fn.has('nvim-0.11') == 1

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
    log('FAIL - ' .. name .. (detail ~= nil and (': ' .. tostring(detail)) or ''))
  end
  return ok
end

-- Every publishDiagnostics that arrives, by URI (count), to know that one came.
local published = {}
-- The document version of the last publish, by URI.
local published_version = {}
local publish_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then
    published[result.uri] = (published[result.uri] or 0) + 1
    published_version[result.uri] = result.version
  end
  return publish_handler(err, result, ctx, config)
end

local function coord_clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ name = 'coord' })
  end
  local found = {}
  for _, c in ipairs(vim.lsp.get_active_clients()) do
    if c.name == 'coord' then
      table.insert(found, c)
    end
  end
  return found
end

local function buf_clients(bufnr)
  local found = {}
  for _, c in ipairs(coord_clients()) do
    if (c.attached_buffers or {})[bufnr] then
      table.insert(found, c)
    end
  end
  return found
end

local function request_sync(client, method, params, bufnr)
  if has011 then
    return client:request_sync(method, params, 5000, bufnr)
  end
  return client.request_sync(method, params, 5000, bufnr)
end

local function status(client)
  local r = request_sync(client, 'coord/status', vim.NIL, 0)
  return r and r.result
end

-- All diagnostics of the coord client(s), as a list.
local function coord_diagnostics(bufnr)
  local out = {}
  for _, c in ipairs(coord_clients()) do
    local ns = vim.lsp.diagnostic.get_namespace(c.id)
    for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns })) do
      table.insert(out, d)
    end
  end
  return out
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function describe(list)
  local parts = {}
  for i, d in ipairs(list) do
    if i > 12 then
      table.insert(parts, '...')
      break
    end
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ':t')
    table.insert(parts, string.format('%s:%d %s', name, d.lnum + 1, tostring(code_of(d))))
  end
  return #list .. ' [' .. table.concat(parts, ', ') .. ']'
end

local function edit(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function uri_of(path)
  return vim.uri_from_fname(path)
end

-- Waits for the server to attach and publish the file's diagnostics.
local function wait_published(path, since)
  local uri = uri_of(path)
  return vim.wait(5000, function()
    return (published[uri] or 0) > (since or 0)
  end, 20)
end

-- Waits until `pred()` holds; returns whether it did.
local function wait(ms, pred)
  return vim.wait(ms, pred, 20)
end

local function under(path, root)
  return path:sub(1, #root + 1) == root .. '/'
end

-- The floating windows open now.
local function floats()
  local found = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      table.insert(found, win)
    end
  end
  return found
end

local function close_floats()
  for _, win in ipairs(floats()) do
    pcall(vim.api.nvim_win_close, win, true)
  end
end

local function float_text()
  local texts = {}
  for _, win in ipairs(floats()) do
    local buf = vim.api.nvim_win_get_buf(win)
    table.insert(texts, table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n'))
  end
  return table.concat(texts, '\n')
end

-- Puts the cursor on the `nth` whole-word `word` of the current buffer.
local function cursor_on(word, nth)
  nth = nth or 1
  local seen = 0
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local init = 1
    while true do
      local s, e = line:find(word, init, true)
      if not s then
        break
      end
      local before = s > 1 and line:sub(s - 1, s - 1) or ' '
      local after = line:sub(e + 1, e + 1)
      if not before:match('[%w_-]') and not after:match('[%w_-]') then
        seen = seen + 1
        if seen == nth then
          vim.api.nvim_win_set_cursor(0, { lnum, s - 1 })
          return true
        end
      end
      init = e + 1
    end
  end
  return false
end

local function feed(keys, mode)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), mode or 'x', false)
end

local function line_of(bufnr, prefix)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:sub(1, #prefix) == prefix then
      return i
    end
  end
  return nil
end

-- Checks that the diagnostics of every root opened match `coord check ROOT`, and that
-- nothing outside them is published.
local function check_counts(roots, opened)
  local want, names = 0, {}
  for _, root in ipairs(roots) do
    want = want + assert(expect[root], 'no expected count for ' .. root)
    table.insert(names, vim.fn.fnamemodify(root, ':t'))
  end
  local label = table.concat(names, ' + ')
  local ok = wait(5000, function()
    return #coord_diagnostics(nil) == want
  end)
  local took = vim.loop.now() - opened
  vim.wait(300) -- nothing more arrives
  local got = coord_diagnostics(nil)
  check(string.format('diagnostics within 5 s match `coord check` for %s (%d, in %d ms from opening)', label, want,
    took), ok and took <= 5000 and #got == want, describe(got))
  local outside = {}
  for _, d in ipairs(got) do
    local name = vim.api.nvim_buf_get_name(d.bufnr)
    local inside = false
    for _, root in ipairs(roots) do
      inside = inside or under(name, root)
    end
    if not inside then
      table.insert(outside, d)
    end
  end
  check('no diagnostic outside ' .. label, #outside == 0, describe(outside))
end

local function root_list(st)
  local roots = {}
  for _, r in ipairs((st and st.roots) or {}) do
    table.insert(roots, r)
  end
  table.sort(roots)
  return table.concat(roots, ', ')
end

-- The repository clone: acme, then showcase, each its own root, one server. -------
local function scenario_repo()
  local acme = dir .. '/examples/acme'
  local showcase = dir .. '/examples/showcase'
  local people = acme .. '/people.plan'
  local opened = vim.loop.now()
  local bufnr = edit(people)
  check('filetype of people.plan is plan', vim.bo.filetype == 'plan', vim.bo.filetype)
  check('coord lsp attached', wait(5000, function()
    return #buf_clients(bufnr) > 0
  end))
  local client = buf_clients(bufnr)[1]
  if not client then
    return
  end
  check('the client root is examples/acme (its coord.toml)', client.config.root_dir == acme,
    tostring(client.config.root_dir))
  check('people.plan diagnostics published', wait_published(people))
  check_counts({ acme }, opened)
  local st = status(client)
  check('the server holds one root, examples/acme', root_list(st) == acme, root_list(st))

  local northwind = showcase .. '/northwind.plan'
  opened = vim.loop.now()
  local nbuf = edit(northwind)
  check('northwind.plan attaches to the same server', wait(5000, function()
    local c = buf_clients(nbuf)[1]
    return c ~= nil and c.id == client.id
  end))
  check('one coord server for the session', #coord_clients() == 1, #coord_clients())
  check('northwind.plan diagnostics published', wait_published(northwind))
  check_counts({ acme, showcase }, opened)
  st = status(client)
  check('the server holds two roots, acme and showcase', root_list(st) == acme .. ', ' .. showcase, root_list(st))
end

-- A copy of examples/acme without coord.toml and .git. ----------------------------
local function scenario_copy()
  local platform = dir .. '/teams/platform.plan'
  local people = dir .. '/people.plan'
  local opened = vim.loop.now()
  local bufnr = edit(platform)
  check('filetype of platform.plan is plan', vim.bo.filetype == 'plan', vim.bo.filetype)
  check('coord lsp attached', wait(5000, function()
    return #buf_clients(bufnr) > 0
  end))
  local client = buf_clients(bufnr)[1]
  if not client then
    return
  end
  check('the client root is the copy\'s top (walking up through plan folders)', client.config.root_dir == dir,
    tostring(client.config.root_dir))
  check('platform.plan diagnostics published', wait_published(platform))
  check_counts({ dir }, opened)
  local undefined = {}
  for _, d in ipairs(coord_diagnostics(nil)) do
    if d.message:find('not defined', 1, true) then
      table.insert(undefined, d)
    end
  end
  check('no "not defined" error', #undefined == 0, describe(undefined))
  local st = status(client)
  check('the server holds one root, the copy', root_list(st) == dir, root_list(st))

  local pbuf = edit(people)
  check('a second file attaches to the same server', wait(5000, function()
    local c = buf_clients(pbuf)[1]
    return c ~= nil and c.id == client.id
  end))
  check('opening a second file starts no second server', #coord_clients() == 1, #coord_clients())
  vim.cmd('buffer ' .. bufnr)

  -- Highlighting: tree-sitter on 0.9+ when the parser is installed, else Vim syntax.
  if vim.fn.has('nvim-0.9') == 1 and os.getenv('COORD_EXPECT_TREESITTER') == '1' then
    check('tree-sitter highlights the plan buffer', vim.treesitter.highlighter.active[bufnr] ~= nil)
  else
    check('the Vim syntax file highlights the plan buffer', vim.b.current_syntax == 'plan',
      tostring(vim.b.current_syntax))
  end

  -- Hover with K (Neovim's default on 0.10+, the plugin's mapping on 0.7-0.9).
  close_floats()
  cursor_on('alice', 1)
  feed('K')
  local hovered = wait(5000, function()
    return float_text():find('Alice', 1, true) ~= nil
  end)
  check('K shows the hover of alice', hovered, float_text())
  close_floats()

  -- Go to definition with gd (mapped by the plugin).
  cursor_on('alice', 1)
  feed('gd')
  local jumped = wait(5000, function()
    return vim.api.nvim_buf_get_name(0) == people
  end)
  local line = vim.api.nvim_get_current_line()
  check('gd jumps to alice in people.plan', jumped and line:find('person alice', 1, true) ~= nil,
    vim.api.nvim_buf_get_name(0) .. ': ' .. line)
  vim.cmd('buffer ' .. bufnr)

  -- Completion with <C-x><C-o> ('omnifunc': Neovim's on 0.10+, the plugin's on 0.7-0.9),
  -- typed for real: the keys go to the typeahead, and the test goes on from the main loop
  -- once Neovim has typed them (see `after_completion`).
  check("'omnifunc' is the LSP one", vim.bo[bufnr].omnifunc == 'v:lua.vim.lsp.omnifunc', vim.bo[bufnr].omnifunc)
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_win_set_cursor(0, { last, 0 })
  if has011 then
    -- 0.11: vim.lsp.completion, enabled by the plugin, pops up by itself after a trigger
    -- character (`,` in a list of names).
    feed('o\nteam t-complete {\n  members bob, ', 't')
  else
    feed('o\ntask t-complete {\n  owner al<C-x><C-o>', 't')
  end
  return { bufnr = bufnr, platform = platform, people = people }
end

-- Polls (from the main loop, in Insert mode) for the completion menu, then goes on.
local function after_completion(ctx, k)
  local started = vim.loop.now()
  local function poll()
    local words = {}
    for _, item in ipairs(vim.fn.complete_info({ 'items' }).items or {}) do
      table.insert(words, item.word)
    end
    local done = vim.tbl_contains(words, 'alice')
    if not done and vim.loop.now() - started < 5000 then
      vim.defer_fn(poll, 50)
      return
    end
    local how = has011 and 'vim.lsp.completion after `members bob, `' or 'CTRL-X CTRL-O after `owner al`'
    check(how .. ' offers alice (in ' .. vim.fn.mode() .. ' mode)', done, table.concat(words, ' '))
    vim.cmd('stopinsert')
    vim.defer_fn(function()
      k(ctx)
    end, 50)
  end
  vim.defer_fn(poll, 50)
end

-- Waits until the server has published diagnostics for the buffer's current text.
local function wait_synced(bufnr, path)
  return wait(5000, function()
    local version = vim.lsp.util.buf_versions[bufnr]
    return #buf_clients(bufnr) > 0 and version ~= nil and published_version[uri_of(path)] == version
  end)
end

-- Throws away the buffer's changes (`:edit!`) and waits for the server to have it again.
local function reload(bufnr, path)
  vim.cmd('silent edit!')
  check('the server has the reloaded ' .. vim.fn.fnamemodify(path, ':t'), wait_synced(bufnr, path))
end

local function copy_part2(ctx)
  local bufnr, platform = ctx.bufnr, ctx.platform
  reload(bufnr, platform)

  -- Formatting through the server.
  vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { 'person   zed-format    "Zed"' })
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ timeout_ms = 5000, name = 'coord' })
  else
    vim.lsp.buf.formatting_sync(nil, 5000)
  end
  local first = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
  check('formatting normalises the spacing', first == 'person zed-format "Zed"', first)
  reload(bufnr, platform)

  -- A key typed alone on a line gives exactly one diagnostic.
  local before = coord_diagnostics(bufnr)
  local at = line_of(bufnr, 'meeting platform-planning')
  vim.api.nvim_win_set_cursor(0, { at + 1, 0 }) -- on `  owner alice`
  feed('o<C-u>  kind<Esc>', 'x')
  local synced = wait_synced(bufnr, platform)
  local added = coord_diagnostics(bufnr)
  local new = {}
  for _, d in ipairs(added) do
    if d.lnum == at + 1 then -- the new line (0-based)
      table.insert(new, d)
    end
  end
  check('a key alone on its line gives exactly one diagnostic', synced and #added == #before + 1 and #new == 1,
    'before ' .. describe(before) .. ', after ' .. describe(added) .. ', new line '
      .. tostring(vim.api.nvim_buf_get_lines(bufnr, at + 1, at + 2, false)[1]))
  local syntax = new[1]
  check('it is a `syntax` error', syntax ~= nil and code_of(syntax) == 'syntax', syntax and tostring(code_of(syntax)))

  -- The diagnostic float names the rule code and the source.
  local shown = syntax or added[1]
  if check('a diagnostic to show in a float', shown ~= nil) then
    close_floats()
    vim.api.nvim_win_set_cursor(0, { shown.lnum + 1, shown.col })
    vim.diagnostic.open_float({ scope = 'cursor' })
    local text = float_text()
    check('the diagnostic float shows the rule code',
      text:find('[' .. tostring(code_of(shown)) .. ']', 1, true) ~= nil, text)
    check('the diagnostic has source `coord`', shown.source == 'coord', tostring(shown.source))
    close_floats()
  end
  reload(bufnr, platform)

  -- Rename alice across files with grn (Neovim's default on 0.11, the plugin's before).
  local occurrences = 0
  for _, file in ipairs(vim.fn.globpath(dir, '**/*.plan', false, true)) do
    for _, l in ipairs(vim.fn.readfile(file)) do
      for _ in l:gsub('"[^"]*"', ''):gmatch('%f[%w_-]alice%f[^%w_-]') do
        occurrences = occurrences + 1
      end
    end
  end
  vim.ui.input = function(_, on_confirm) -- the prompt answers `alicia`
    on_confirm('alicia')
  end
  cursor_on('alice', 1)
  feed('grn')
  local renamed, files = 0, {}
  wait(5000, function()
    renamed, files = 0, {}
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) then
        for _, l in ipairs(vim.api.nvim_buf_get_lines(b, 0, -1, false)) do
          for _ in l:gsub('"[^"]*"', ''):gmatch('%f[%w_-]alicia%f[^%w_-]') do
            renamed = renamed + 1
            files[vim.api.nvim_buf_get_name(b)] = true
          end
        end
      end
    end
    return renamed == occurrences
  end)
  check(string.format('grn renames all %d uses of alice across files', occurrences),
    renamed == occurrences and vim.tbl_count(files) > 1,
    string.format('%d renamed in %d files', renamed, vim.tbl_count(files)))
  local clean = wait(5000, function()
    for _, d in ipairs(coord_diagnostics(nil)) do
      if d.message:find('not defined', 1, true) then
        return false
      end
    end
    return true
  end)
  check('no "not defined" error after the rename', clean)
end

local function finish()
  log(string.format('nvim e2e (%s, %s): %d passed, %d failed', scenario,
    vim.version().major .. '.' .. vim.version().minor, passed, failed))
  pcall(function()
    require('coord').stop()
  end)
  if failed > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

local function guarded(f, ...)
  local ok, err = xpcall(f, debug.traceback, ...)
  if not ok then
    check('the test script ran without a Lua error', false, err)
  end
  return ok, err
end

if scenario == 'repo' then
  guarded(scenario_repo)
  finish()
else
  local ok, ctx = guarded(scenario_copy)
  if not (ok and ctx) then
    finish()
  else
    after_completion(ctx, function(c)
      guarded(copy_part2, c)
      finish()
    end)
  end
end
