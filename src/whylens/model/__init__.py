"""The data model: tables, their migrations, and the derived state kept in step with events."""
