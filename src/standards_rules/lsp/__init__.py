"""The language server (`standards-rules lsp`): the front end of `check`, in the editor."""
