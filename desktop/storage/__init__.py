"""Engine, sessions, migrations and backups."""
