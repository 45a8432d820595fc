"""Getting events in: files (CSV, JSON lines, Parquet), and the shared path into the store."""
