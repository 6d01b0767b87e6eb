"""The weekly reminder digest (see digest.py)."""
