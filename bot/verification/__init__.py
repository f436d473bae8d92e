"""Professional verification: registered work numbers and one-time SMS codes."""
