"""Xúc tiến: promotion activities, their outcomes and follow-up actions (rule R14)."""
