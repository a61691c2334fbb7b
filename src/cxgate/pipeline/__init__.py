"""The library API: check(), make_plan(), apply(), rollback() — what the CLI and Python users call."""
