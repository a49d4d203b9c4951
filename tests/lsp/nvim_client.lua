-- Neovim's built-in LSP client (0.7+) against `diffvet lsp`: opens the
-- file given in DIFFVET_LSP_FILE, waits for diffvet's diagnostics and
-- writes "line rule" (1-based line) per diagnostic to DIFFVET_LSP_OUT.
local diffvet = os.getenv("DIFFVET")
local file = os.getenv("DIFFVET_LSP_FILE")
local out = os.getenv("DIFFVET_LSP_OUT")
local root = vim.fn.fnamemodify(file, ":p:h")

local function finish(lines, code)
  local f = io.open(out, "w")
  for _, l in ipairs(lines) do f:write(l, "\n") end
  f:close()
  vim.cmd(code == 0 and "qall!" or "cquit!")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "diffvet",
  cmd = { diffvet, "lsp" },
  root_dir = root,
})
if not client then finish({ "cannot start the client" }, 1) end
vim.lsp.buf_attach_client(buf, client)

vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function()
    local diags = vim.diagnostic.get(buf)
    if #diags == 0 then return end
    local lines = {}
    for _, d in ipairs(diags) do
      if d.source == "diffvet" and d.code and not tostring(d.code):match("^diffvet/") then
        table.insert(lines, string.format("%d %s", d.lnum + 1, d.code))
      end
    end
    table.sort(lines) -- byte order, as LC_ALL=C sort
    finish(lines, 0)
  end,
})

vim.defer_fn(function() finish({ "timeout: no diagnostics" }, 1) end, 60000)
