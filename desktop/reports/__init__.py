"""The yearly report: figures counted from the registers (pure), and the documents drawn from them."""
