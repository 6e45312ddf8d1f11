"""Pure domain layer of Sổ Đối ngoại: text keys, working-day calendar, rules, validation.

Nothing here imports Qt, SQLAlchemy or any other package of the project, so every
rule holds the same for the GUI, the CLI, the bundle importer and the tests.
"""
