"""Dialogs: first run, adding a unit, and the form helper editors share."""
