-- The texts of the articles linking may compare (`staged_text_ids`), copied once into a table of the
-- connection, so that each block's read (`link/read_texts.sql`) scans these texts and not every article's.
create or replace temp table link_texts as
select article_id, text
from articles
where article_id in (select article_id from staged_text_ids);
