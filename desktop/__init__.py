"""Sổ Đối ngoại — the foreign-affairs register of a Vietnamese local government."""

__version__ = "0.1.0"
APP_NAME = "doingoai"
