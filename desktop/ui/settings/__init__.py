"""Cài đặt: rules, working calendar, units, this computer, language."""
