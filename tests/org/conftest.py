"""Fixtures for the live-org reading tests: the demo org in-process (``tests.demo_org``)."""

from tests.demo_org import client, clock, emulator  # noqa: F401  (fixtures)
