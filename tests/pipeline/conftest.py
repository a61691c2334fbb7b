"""The pipeline tests use the apply tests' org, client, store and planning fixtures."""

from tests.apply.conftest import (  # noqa: F401 - fixtures
    _no_waits,
    client,
    clock,
    deploy,
    emulator,
    plan_of,
    store,
)
