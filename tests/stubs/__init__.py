"""Offline doubles of translation services: stub HTTP servers on 127.0.0.1 and a socket guard."""

from tests.stubs.guard import loopback_only
from tests.stubs.server import MYMEMORY_QUOTA, Captured, Fault, StubServer, drop_first_token, pseudo

__all__ = [
    "MYMEMORY_QUOTA",
    "Captured",
    "Fault",
    "StubServer",
    "drop_first_token",
    "loopback_only",
    "pseudo",
]
