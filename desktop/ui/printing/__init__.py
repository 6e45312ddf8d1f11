"""Printing in the app: the PDF preview, printing, saving, the forms menu."""
