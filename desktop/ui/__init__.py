"""Qt widgets only: the main window, one folder per register, dialogs, item models, widgets."""
