"""Quan hệ với địa phương nước ngoài, thỏa thuận quốc tế."""
