"""Small reusable widgets: search box, date field, error dialogs, findings panel."""
