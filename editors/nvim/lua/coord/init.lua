-- Coord language server client for Neovim 0.11 first, then 0.10 and 0.7-0.9.
--
--   require('coord').setup({})
--
-- Options (all optional):
--   cmd          the server command; default { $COORD_BIN or 'coord', 'lsp' }
--   settings     sent with workspace/didChangeConfiguration after the server starts
--   init_options the server's initializationOptions (e.g. { today = '2026-11-02' })
--   capabilities client capabilities (e.g. from cmp_nvim_lsp)
--   on_attach    function(client, bufnr), called after the plugin's own attach work
--   keymaps      true (default): on attach, map in the buffer what this Neovim lacks of
--                `K` hover, `gd` definition, `grn` rename, `gra` code action,
--                `grr` references, `gO` document symbols, and set 'omnifunc';
--                false: map nothing
--   treesitter   true (default): on 0.9+, highlight with tree-sitter when a `plan`
--                parser is installed (else the Vim syntax file)
--
-- One server runs for the whole Neovim session, whatever folder a file is in. Its
-- first root is the opened file's workspace root, found by the rule the server
-- itself uses (see `M.find_root`); the server finds every other file's root itself
-- and keeps each root a separate namespace.

local M = {}

local uv = vim.uv or vim.loop

local defaults = {
  cmd = nil, -- computed at start: { $COORD_BIN or 'coord', 'lsp' }
  settings = {},
  filetypes = { 'plan' },
  name = 'coord',
  on_attach = nil,
  capabilities = nil,
  init_options = nil,
  autostart = true,
  keymaps = true,
  treesitter = true,
}

M.config = vim.deepcopy(defaults)

local warned_missing = false

local function has(version)
  return vim.fn.has('nvim-' .. version) == 1
end

local function notify(msg, level)
  vim.schedule(function()
    vim.notify('[coord] ' .. msg, level or vim.log.levels.INFO)
  end)
end

--- The command that starts the server.
function M.cmd()
  if M.config.cmd then
    return M.config.cmd
  end
  local bin = vim.env.COORD_BIN
  if bin == nil or bin == '' then
    bin = 'coord'
  end
  return { bin, 'lsp' }
end

local function stat(path)
  return uv.fs_stat(path)
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

-- Whether a folder directly holds a `.plan` file (not a hidden one).
local function holds_plans(dir)
  local handle = uv.fs_scandir(dir)
  if not handle then
    return false
  end
  while true do
    local name, typ = uv.fs_scandir_next(handle)
    if name == nil then
      return false
    end
    if name:sub(-5) == '.plan' and name:sub(1, 1) ~= '.' then
      if typ == 'file' then
        return true
      end
      local st = stat(dir .. '/' .. name)
      if typ == 'link' and st and st.type == 'file' then
        return true
      end
    end
  end
end

--- The workspace root of a file (or folder), by the rule every Coord client and the
--- server share (editors/README.md, "Workspace roots"): the nearest folder at or
--- above it with `coord.toml`; else the nearest with `.git`; else the highest folder
--- reached by walking up from the file's folder through folders holding `.plan` files.
function M.find_root(path)
  local start = vim.fn.fnamemodify(path, ':p')
  local st = stat(start)
  if not (st and st.type == 'directory') then
    start = dirname(start)
  end
  if #start > 1 then
    start = start:gsub('/+$', '')
  end
  for _, marker in ipairs({ 'coord.toml', '.git' }) do
    local dir = start
    while true do
      local found = stat(dir .. '/' .. marker)
      if found and (marker == '.git' or found.type == 'file') then
        return dir
      end
      local parent = dirname(dir)
      if parent == dir or parent == '' then
        break
      end
      dir = parent
    end
  end
  local root = start
  while true do
    local parent = dirname(root)
    if parent == root or parent == '' or not holds_plans(parent) then
      return root
    end
    root = parent
  end
end

local function on_init(client)
  local settings = client.config.settings
  if settings ~= nil and next(settings) ~= nil then
    if has('0.11') then
      client:notify('workspace/didChangeConfiguration', { settings = settings })
    else
      client.notify('workspace/didChangeConfiguration', { settings = settings })
    end
  end
  return true
end

-- The buffer-local keymaps: what this Neovim does not map by itself.
local function set_keymaps(client, bufnr)
  local function map(lhs, rhs, desc)
    vim.keymap.set('n', lhs, rhs, { buffer = bufnr, silent = true, desc = 'Coord: ' .. desc })
  end
  local lsp = vim.lsp.buf
  map('gd', lsp.definition, 'go to definition')
  if not has('0.10') then
    map('K', lsp.hover, 'hover')
  end
  if not has('0.11') then
    map('grn', lsp.rename, 'rename')
    map('gra', lsp.code_action, 'code action')
    map('grr', lsp.references, 'references')
    map('gO', lsp.document_symbol, 'document symbols')
    -- 0.10 sets 'omnifunc' itself; 0.7-0.9 do not.
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

-- The diagnostic float shows each Coord problem's rule code, `[undefined-reference]`
-- (for `coord explain`). Neovim 0.8+ does that by itself (the float's default `suffix`);
-- on 0.7 the plugin wraps the float's `format` (keeping yours), for diagnostics whose
-- source is `coord` only.
local function show_codes()
  if has('0.8') then
    return
  end
  local current = vim.diagnostic.config() or {}
  local float = type(current.float) == 'table' and vim.deepcopy(current.float) or {}
  if float.coord_codes then
    return
  end
  local user_format = float.format
  float.coord_codes = true
  float.format = function(d)
    local message = user_format and user_format(d) or d.message
    local code = code_of(d)
    if message and d.source == 'coord' and code ~= nil and code ~= '' then
      return string.format('%s [%s]', message, code)
    end
    return message
  end
  vim.diagnostic.config({ float = float })
end

local function start_treesitter(bufnr)
  if not (M.config.treesitter and has('0.9') and vim.treesitter.start) then
    return false
  end
  local ok = pcall(vim.treesitter.start, bufnr, 'plan')
  return ok
end

local function on_attach(client, bufnr)
  show_codes()
  if M.config.keymaps then
    set_keymaps(client, bufnr)
  end
  if has('0.11') and vim.lsp.completion and client.supports_method and client:supports_method('textDocument/completion') then
    vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = true })
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

local function server_missing(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return false
  end
  if not warned_missing then
    warned_missing = true
    notify(
      string.format(
        '`%s` not found: cannot start the Coord language server. Install it with '
          .. '`cargo install --path .` from the Coord repository, or pass '
          .. "`cmd = { '/path/to/coord', 'lsp' }` to require('coord').setup().",
        cmd[1]
      ),
      vim.log.levels.ERROR
    )
  end
  return true
end

local function buffer_root(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' then
    return uv.cwd()
  end
  return M.find_root(fname)
end

local function client_config(root)
  local cfg = M.config
  local config = {
    name = cfg.name,
    cmd = M.cmd(),
    root_dir = root,
    settings = cfg.settings or {},
    init_options = cfg.init_options,
    on_attach = on_attach,
    on_init = on_init,
  }
  if root then
    config.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
  end
  if cfg.capabilities ~= nil then
    config.capabilities = cfg.capabilities
  end
  return config
end

local function get_clients()
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients({ name = M.config.name })
  end
  local found = {}
  for _, client in ipairs(vim.lsp.get_active_clients()) do
    if client.name == M.config.name then
      table.insert(found, client)
    end
  end
  return found
end

local function is_stopped(client)
  if has('0.11') then
    return client:is_stopped()
  end
  return client.is_stopped()
end

-- Clients asked to stop (they may take a moment to go).
local stopping = {}

-- The running client of this session, if any.
local function running_client()
  for _, client in ipairs(get_clients()) do
    if not is_stopped(client) and not stopping[client.id] then
      return client
    end
  end
  return nil
end

--- Starts the session's server if it is not running, and attaches it to a buffer.
--- Returns the client id, or nil when the server could not be started.
function M.start(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  if server_missing(M.cmd()) then
    return nil
  end
  if has('0.11') then
    -- What vim.lsp.enable does on FileType: start the server (or reuse it) and attach.
    vim.lsp.enable(M.config.name)
    pcall(vim.api.nvim_exec_autocmds, 'FileType', { group = 'nvim.lsp.enable', buffer = bufnr })
    local client = running_client()
    return client and client.id
  end
  local client = running_client()
  if client then
    vim.lsp.buf_attach_client(bufnr, client.id)
    return client.id
  end
  local config = client_config(buffer_root(bufnr))
  local id
  if has('0.8') then
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(config, {
        bufnr = bufnr,
        reuse_client = function(c)
          return c.name == config.name
        end,
      })
    end)
    return id
  end
  -- Neovim 0.7: start_client() and buf_attach_client().
  id = vim.lsp.start_client(config)
  if id == nil then
    notify('could not start `' .. table.concat(config.cmd, ' ') .. '`', vim.log.levels.ERROR)
    return nil
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Stops the server; it starts again on the next `plan` buffer (or :CoordRestart).
function M.stop()
  for _, client in ipairs(get_clients()) do
    stopping[client.id] = true
    if has('0.11') then
      client:stop()
    else
      client.stop()
    end
  end
end

local function plan_buffers()
  local found = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      table.insert(found, bufnr)
    end
  end
  return found
end

function M.restart()
  M.stop()
  vim.defer_fn(function()
    for _, bufnr in ipairs(plan_buffers()) do
      M.start(bufnr)
    end
  end, 200)
end

-- Neovim 0.11+: the built-in configuration (vim.lsp.config / vim.lsp.enable), one
-- client for every plan buffer.
local function setup_011()
  local config = client_config(nil)
  config.filetypes = M.config.filetypes
  config.root_dir = function(bufnr, on_dir)
    on_dir(buffer_root(bufnr))
  end
  config.workspace_folders = nil
  -- One server for the session: a file in another root attaches to it too (the server
  -- finds that file's root itself).
  config.reuse_client = function(client, c)
    return client.name == c.name and not client:is_stopped() and not stopping[client.id]
  end
  vim.lsp.config(M.config.name, config)
  if M.config.autostart and not server_missing(M.cmd()) then
    vim.lsp.enable(M.config.name)
  end
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.cmd then
    M.config.cmd = opts.cmd -- a list: replace, don't merge
  end
  warned_missing = false

  local group = vim.api.nvim_create_augroup('coord_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      start_treesitter(args.buf)
    end,
    desc = 'Coord: tree-sitter highlighting when the plan parser is installed',
  })
  if has('0.11') then
    setup_011()
  elseif M.config.autostart then
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        M.start(args.buf)
      end,
      desc = 'Start the Coord language server',
    })
  end

  vim.api.nvim_create_user_command('CoordRestart', function()
    M.restart()
  end, { desc = 'Restart the Coord language server' })

  -- Buffers that were opened before setup().
  for _, bufnr in ipairs(plan_buffers()) do
    start_treesitter(bufnr)
    if M.config.autostart then
      M.start(bufnr)
    end
  end
end

return M
