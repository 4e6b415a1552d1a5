"""Shared test fixtures."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list]:
    """Refuse every connection and name lookup, and fail the test if any was tried.

    Opt-in (browser tests need localhost): validation must never fetch, whatever a
    descriptor says, and a refused fetch that the code swallows still fails the test.
    """
    attempts: list = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert not attempts, f"the code tried to reach the network: {attempts}"
