"""Foreign NGOs register: list, editor, certificates, contacts and annual reports."""
