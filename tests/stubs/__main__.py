"""``python -m tests.stubs --latency 0.05``: the stub services standalone (see ``server.py``)."""

from tests.stubs.server import main

main()
