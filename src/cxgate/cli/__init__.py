"""The command line: typer commands, one module per group; the only code that prints."""
