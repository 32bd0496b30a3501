-- The texts of the articles in `staged_text_request`, from those copied by `link/copy_texts.sql`.
select article_id, text
from link_texts
where article_id in (select article_id from staged_text_request);
