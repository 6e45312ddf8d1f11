"""The annual foreign-affairs plan page."""
