"""Người VN ở nước ngoài: overseas-Vietnamese contacts, associations and their activities."""
