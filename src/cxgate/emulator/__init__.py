"""A local Genesys Cloud: the real paths, shapes, paging, errors, rate limits and faults.

``httpx.MockTransport(Emulator())`` in-process; ``cxgate emulator serve`` on a socket.
"""

from __future__ import annotations

from cxgate.emulator.app import Emulator, FaultRecord, RequestRecord
from cxgate.emulator.faults import FaultPlan, FaultRule
from cxgate.emulator.seed import generate_org

__all__ = [
    "Emulator",
    "FaultPlan",
    "FaultRecord",
    "FaultRule",
    "RequestRecord",
    "generate_org",
]
