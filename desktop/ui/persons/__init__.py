"""Cán bộ: the persons register, its list and editor."""
