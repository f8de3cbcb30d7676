"""One module per CLI command; each is Click glue over the library."""
