"""The pages an NHS organisation expects of a service: privacy notice, accessibility
statement, cookies, and the security.txt a researcher looks for."""
