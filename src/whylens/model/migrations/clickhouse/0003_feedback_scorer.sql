-- Which scorer gave a feedback row its sentiment (DuckDB's migration 0008 says what it holds).
ALTER TABLE feedback ADD COLUMN IF NOT EXISTS scorer Nullable(String);
