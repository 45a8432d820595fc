-- Which scorer gave a feedback row its sentiment: `vader-cx-<lexicon version>` for the lexicon,
-- the model's name or path for a transformer model; NULL when the row is unscored. Rows scored
-- before this column existed keep their sentiment and a NULL scorer until they are scored again
-- (`whylens feedback score --rescore`): which scorer gave them theirs was not recorded.

ALTER TABLE feedback ADD COLUMN scorer VARCHAR;
