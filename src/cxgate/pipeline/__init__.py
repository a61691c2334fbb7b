"""The library API: check(), make_plan(), apply(), rollback().

What the CLI and Python users call.
"""
