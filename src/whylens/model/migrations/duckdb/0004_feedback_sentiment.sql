-- Sentiment per feedback row, scored in Python when feedback is added or on demand.
-- label: positive | neutral | negative | unscored; NULL label means not scored yet.

ALTER TABLE feedback ADD COLUMN sentiment DOUBLE;
ALTER TABLE feedback ADD COLUMN label VARCHAR;
ALTER TABLE feedback ADD COLUMN language VARCHAR;
ALTER TABLE feedback ADD COLUMN themes VARCHAR[];
