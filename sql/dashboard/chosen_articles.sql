-- The articles the page's filters keep, as a table macro every dashboard query may read:
-- chosen_articles(first_day, last_day, undated, sites, languages) gives the articles published from
-- first_day to last_day (undated ones too when `undated`), of one of `sites` and in one of
-- `languages` (each a list; an empty list keeps all, and '' stands for no known outlet or an
-- undetermined language). A temporary macro: the page opens the warehouse read-only.
create or replace temp macro chosen_articles(first_day, last_day, undated, sites, languages) as table
select *
from articles
where ((published between first_day and last_day) is true or (published is null and undated))
    and (len(sites::varchar[]) = 0 or list_contains(sites::varchar[], coalesce(site, '')))
    and (len(languages::varchar[]) = 0 or list_contains(languages::varchar[], coalesce(language, '')));
