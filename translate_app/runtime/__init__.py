"""Helpers for how the program runs, shared by every layer: files written
atomically (``files``), forked worker processes (``forking``) and the cycle
collector paused during batch commands (``collector``)."""
