"""A socket guard: any connection or name lookup other than 127.0.0.1 fails the test."""

from __future__ import annotations

import socket
from typing import Any

import pytest

ALLOWED_HOSTS = frozenset({"127.0.0.1"})


def _check(host: Any) -> None:
    if isinstance(host, bytes):
        host = host.decode()
    if host not in ALLOWED_HOSTS:
        raise AssertionError(f"a test tried to reach {host!r}: only 127.0.0.1 is allowed")


def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every IP connection and name lookup outside 127.0.0.1 raise (Unix sockets pass)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in {socket.AF_INET, socket.AF_INET6}:
            _check(address[0])
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if self.family in {socket.AF_INET, socket.AF_INET6}:
            _check(address[0])
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None:
            _check(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
