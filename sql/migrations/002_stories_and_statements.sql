-- Across articles: articles on the same event share a story_id; quotes that report the same statement
-- (in other words, by another outlet) share a statement_id. Both are recomputed by every load for the
-- articles near the run's dates (transforms/stories.py says how).
alter table articles add column story_id varchar;
alter table quotes add column statement_id varchar;
