"""Records tests reuse the apply tests' org, client, store and planning fixtures."""

from tests.apply.conftest import (  # noqa: F401 - fixtures
    client,
    clock,
    deploy,
    emulator,
    plan_of,
    store,
)
