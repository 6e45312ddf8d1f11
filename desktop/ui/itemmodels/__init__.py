"""Qt item models that page through service queries."""
