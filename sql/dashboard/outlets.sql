-- The outlet filter's choices: every site ('' for articles of no known outlet), most articles first.
select coalesce(site, '') as site, count(*) as articles
from articles
group by all
order by articles desc, site;
