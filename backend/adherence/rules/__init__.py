"""The adherence feature's pure rules (standards, records, the engine and what it returns).
Profiles and the MBI-TAC file are read with the core's TOML reader (`backend/toml_reader.py`).

Nothing here imports the web, the database, Litestar or sqlite3: a contract in
pyproject.toml forbids it (tests/unit/test_import_rules.py; decision 0024). The map of
the modules is in the feature's own `__init__`."""
