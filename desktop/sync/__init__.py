"""Bundles, keys and the record form they carry (SYNC.md)."""
