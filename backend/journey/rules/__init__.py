"""The journey feature's pure rules: the one content model (`model`: shipped content and a
team's merged view, made by `merge`), grid logic, timeline, drive, reviews. Content files
are read with the core's TOML reader (`backend/toml_reader.py`).

Nothing here imports the web, the database, Litestar or sqlite3: a contract in
pyproject.toml forbids it (tests/unit/test_import_rules.py; decision 0024). The map of
the modules is in the feature's own `__init__`."""
