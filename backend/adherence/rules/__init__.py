"""The adherence feature's pure rules: no web, no database (decision 0024)."""
