"""The reliability suite's harness: faults, crashes, editors, hostile input, canaries, load.

Shared by the CI slice (tests/chaos/) and the full matrix (bench/chaos.py): each part runs
one seeded case and returns what it found, so both count the same things the same way.
"""
