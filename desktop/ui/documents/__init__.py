"""Sổ văn bản đi: the outgoing-document register."""
