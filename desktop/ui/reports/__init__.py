"""The Báo cáo page: the yearly report on screen."""
