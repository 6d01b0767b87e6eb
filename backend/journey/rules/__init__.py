"""The journey feature's pure rules (content model, grid logic, timeline, drive, reviews).

Nothing here imports the web, the database, Litestar or sqlite3: a contract in
pyproject.toml forbids it (tests/unit/test_import_rules.py; decision 0024). The map of
the modules is in the feature's own `__init__`."""
