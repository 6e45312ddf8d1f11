"""Tổng quan: what is due, grouped by urgency."""
