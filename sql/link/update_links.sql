-- The stories and statements computed for the candidate articles; rows that keep their ids are not
-- written, so a run that changes no group writes nothing here.
update articles set story_id = staged.story_id
from staged_stories as staged
where articles.article_id = staged.article_id and articles.story_id is distinct from staged.story_id;

update quotes set statement_id = staged.statement_id
from staged_statements as staged
where quotes.quote_id = staged.quote_id and quotes.statement_id is distinct from staged.statement_id;
