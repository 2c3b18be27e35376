-- `coord lsp` driven by a real Neovim client (0.7+), headless:
--   COORD_BIN=... COORD_WS=... nvim --headless --clean -u NONE -c 'luafile tests/lsp_nvim/test.lua'
-- COORD_WS is a workspace folder holding people.plan, teams.plan and work.plan (written by
-- tests/lsp_nvim.rs). Checks diagnostics (of the open buffer and of a file that is not open),
-- hover, go to definition and a rename applied as a workspace edit. Exits 0 when every check
-- passes, 1 otherwise.

local bin = assert(os.getenv('COORD_BIN'), 'COORD_BIN is not set')
local ws = assert(os.getenv('COORD_WS'), 'COORD_WS is not set')
local passed, failed = 0, 0

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
    log('FAIL - ' .. name .. (detail and (': ' .. tostring(detail)) or ''))
  end
end

local function lines_of(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

-- The code of a vim.diagnostic item (0.7 keeps the LSP diagnostic in user_data).
local function code_of(d)
  if d.code ~= nil then
    return d.code
  end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

-- Puts the cursor on the first occurrence of `needle` (plus `offset` bytes) in the buffer.
local function cursor_on(needle, offset)
  for lnum, line in ipairs(lines_of(0)) do
    local s = string.find(line, needle, 1, true)
    if s then
      vim.api.nvim_win_set_cursor(0, { lnum, s - 1 + (offset or 0) })
      return lnum
    end
  end
  error('not found: ' .. needle)
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  if not responses then
    return nil, err
  end
  for _, r in pairs(responses) do
    if r.error then
      return nil, r.error.message
    end
    return r.result
  end
  return nil, 'no response'
end

local client_id

local ok, err = xpcall(function()
  client_id = vim.lsp.start_client({
    name = 'coord',
    cmd = { bin, 'lsp' },
    root_dir = ws,
    init_options = { today = '2026-11-01' },
  })
  check('client started', client_id ~= nil)

  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/work.plan'))
  local work = vim.api.nvim_get_current_buf()
  vim.bo[work].filetype = 'plan'
  vim.lsp.buf_attach_client(work, client_id)

  -- Diagnostics of the open buffer.
  local got = vim.wait(15000, function()
    return #vim.diagnostic.get(work) > 0
  end, 50)
  check('diagnostics published for the open buffer', got)
  local diags = vim.diagnostic.get(work)
  check('one diagnostic in work.plan', #diags == 1, vim.inspect(diags))
  if diags[1] then
    check('it is undefined-reference', code_of(diags[1]) == 'undefined-reference', vim.inspect(diags[1]))
    check('at `alcie`', diags[1].lnum == 2 and diags[1].col == 18 and diags[1].end_col == 23, vim.inspect(diags[1]))
    check('it is an error', diags[1].severity == vim.diagnostic.severity.ERROR)
  end

  -- Diagnostics of a file that is not open.
  local teams_uri = vim.uri_from_fname(ws .. '/teams.plan')
  local teams = vim.uri_to_bufnr(teams_uri)
  got = vim.wait(10000, function()
    return #vim.diagnostic.get(teams) > 0
  end, 50)
  check('diagnostics published for teams.plan, which is not open', got)
  local td = vim.diagnostic.get(teams)
  check('teams.plan: undefined `carl`', td[1] ~= nil and code_of(td[1]) == 'undefined-reference'
    and string.find(td[1].message, 'carl', 1, true) ~= nil, vim.inspect(td))

  -- Hover on a person.
  cursor_on('owner alice', 7)
  local hover, herr = request(work, 'textDocument/hover', vim.lsp.util.make_position_params())
  local value = hover and hover.contents and hover.contents.value or ''
  check('hover on alice', string.find(value, '**person alice** — Alice Chen', 1, true) ~= nil, herr or value)
  check('hover shows her teams', string.find(value, 'Teams: platform (lead)', 1, true) ~= nil, value)

  -- Go to definition, in another file.
  cursor_on('owner platform', 8)
  local def, derr = request(work, 'textDocument/definition', vim.lsp.util.make_position_params())
  if def and def[1] then
    def = def[1]
  end
  check('definition of platform is in teams.plan', def ~= nil and def.uri == teams_uri, derr or vim.inspect(def))
  check('at its name', def ~= nil and def.range.start.line == 0 and def.range.start.character == 5, vim.inspect(def))

  -- Rename platform to core, applied as a workspace edit.
  local params = vim.lsp.util.make_position_params()
  params.newName = 'core'
  local edit, rerr = request(work, 'textDocument/rename', params)
  check('rename answers an edit', edit ~= nil, rerr)
  if edit then
    vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
    local text = table.concat(lines_of(work), '\n')
    check('work.plan renamed', text == table.concat({
      'meeting sync { owner alice  attendees core  cadence weekly }',
      'task launch "Launch 🚀" { owner core  due 2026-12-01 }',
      'task docs { owner alcie }',
    }, '\n'), text)
    vim.fn.bufload(teams)
    local ttext = table.concat(lines_of(teams), '\n')
    check('teams.plan renamed', ttext == 'team core "Platform" { lead alice  members bob, carl }', ttext)
  end

  -- A rename to a taken name is refused with a message.
  cursor_on('owner alice', 7)
  params = vim.lsp.util.make_position_params()
  params.newName = 'bob'
  local refused, rmsg = request(work, 'textDocument/rename', params)
  check('rename to a taken name is refused', refused == nil and rmsg ~= nil
    and string.find(rmsg, 'already the name of a person', 1, true) ~= nil, tostring(rmsg))
end, debug.traceback)

if not ok then
  check('test script ran to the end', false, err)
end

log(string.format('nvim lsp: %d passed, %d failed', passed, failed))
if client_id then
  pcall(vim.lsp.stop_client, client_id)
end
if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
