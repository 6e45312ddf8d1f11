"""Thanh tra, kiểm tra và đôn đốc: the province writes, the unit answers."""
