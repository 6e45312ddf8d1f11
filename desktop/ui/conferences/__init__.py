"""Hội nghị, hội thảo quốc tế: the list and the editor."""
