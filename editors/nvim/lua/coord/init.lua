-- Coord language server client for Neovim (0.7+).
--
--   require('coord').setup({
--     cmd = { 'coord', 'lsp' },   -- default: { $COORD_BIN or 'coord', 'lsp' }
--     settings = {},              -- sent with workspace/didChangeConfiguration
--     on_attach = function(client, bufnr) end,
--   })
--
-- Starts `coord lsp` for every `plan` buffer. The root directory is the nearest
-- directory (from the buffer's file upwards) holding `coord.toml` or `.git`, else
-- the file's own directory. One server runs per root directory.

local M = {}

local uv = vim.uv or vim.loop

local defaults = {
  cmd = nil, -- computed at start: { $COORD_BIN or 'coord', 'lsp' }
  settings = {},
  filetypes = { 'plan' },
  root_markers = { 'coord.toml', '.git' },
  name = 'coord',
  on_attach = nil,
  capabilities = nil,
  init_options = nil,
  autostart = true,
}

M.config = vim.deepcopy(defaults)

-- Clients started on Neovim 0.7 (no vim.lsp.start there), by root directory.
local clients_by_root = {}
local warned_missing = false

local function has_start()
  return vim.lsp.start ~= nil and vim.fn.has('nvim-0.8') == 1
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

local function is_dir(path)
  local stat = uv.fs_stat(path)
  return stat ~= nil and stat.type == 'directory'
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

--- The root directory for a file: the nearest directory at or above the file's
--- directory that holds one of `markers`, else the file's directory.
function M.find_root(path, markers)
  markers = markers or M.config.root_markers
  local start = path
  if not is_dir(start) then
    start = dirname(start)
  end
  start = vim.fn.fnamemodify(start, ':p')
  if #start > 1 then
    start = start:gsub('/+$', '')
  end
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if exists(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = dirname(dir)
    if parent == dir or parent == '' then
      break
    end
    dir = parent
  end
  return start
end

local function on_init(client)
  local settings = client.config.settings
  if settings ~= nil and next(settings) ~= nil then
    client.notify('workspace/didChangeConfiguration', { settings = settings })
  end
  return true
end

local function make_config(root)
  local cfg = M.config
  local config = {
    name = cfg.name,
    cmd = M.cmd(),
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    },
    settings = cfg.settings or {},
    init_options = cfg.init_options,
    on_attach = cfg.on_attach,
    on_init = on_init,
  }
  if cfg.capabilities ~= nil then
    config.capabilities = cfg.capabilities
  end
  return config
end

--- Starts (or reuses) the server for a buffer and attaches it. Returns the client
--- id, or nil when the server could not be started.
function M.start(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local cmd = M.cmd()
  if vim.fn.executable(cmd[1]) ~= 1 then
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
    return nil
  end

  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root
  if fname == '' then
    root = uv.cwd()
  else
    root = M.find_root(fname)
  end
  local config = make_config(root)

  if has_start() then
    local id
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(config, { bufnr = bufnr })
    end)
    return id
  end

  -- Neovim 0.7: one client per root directory, attached buffer by buffer.
  local id = clients_by_root[root]
  if id ~= nil then
    local client = vim.lsp.get_client_by_id(id)
    if client == nil or client.is_stopped() then
      id = nil
    end
  end
  if id == nil then
    id = vim.lsp.start_client(config)
    if id == nil then
      notify('could not start `' .. table.concat(config.cmd, ' ') .. '`', vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Stops every Coord client; they start again on the next `plan` buffer (or run
--- `:CoordRestart`).
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

function M.stop()
  for _, client in ipairs(get_clients()) do
    if vim.fn.has('nvim-0.11') == 1 then
      client:stop()
    else
      client.stop()
    end
  end
  clients_by_root = {}
end

function M.restart()
  M.stop()
  vim.defer_fn(function()
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        M.start(bufnr)
      end
    end
  end, 200)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.cmd then
    M.config.cmd = opts.cmd -- a list: replace, don't merge
  end
  warned_missing = false

  local group = vim.api.nvim_create_augroup('coord_lsp', { clear = true })
  if M.config.autostart then
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
  if M.config.autostart then
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        M.start(bufnr)
      end
    end
  end
end

return M
