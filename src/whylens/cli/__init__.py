"""The `whylens` command: thin commands over the library."""
