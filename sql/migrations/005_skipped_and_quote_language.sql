-- What extraction did not attempt on an article, so that "no quotes found" is told from "not looked for":
-- `skipped` lists the steps not run (['people', 'quotes'] for a language without rules; empty when all
-- ran). And each quote carries its article's language, so that quotes and marts filter by language.
alter table articles add column skipped varchar[];
alter table quotes add column language varchar;
update quotes set language = articles.language
from articles
where quotes.article_id = articles.article_id;
-- Articles loaded before this column: the code that loaded them skipped people and quotes in an article
-- not in English (the only language with rules then), and such an article has neither; one with either
-- was looked at. So a rerun of the same input finds the value it would write, and writes nothing.
update articles set skipped = case
    when language is not null and language <> 'en'
        and not exists (select 1 from quotes where quotes.article_id = articles.article_id)
        and not exists (select 1 from article_people where article_people.article_id = articles.article_id)
    then ['people', 'quotes']
    else []
end;
