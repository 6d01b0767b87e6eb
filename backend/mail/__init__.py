"""Email: a durable outbox in accounts.db, composed messages, and the background sender."""
