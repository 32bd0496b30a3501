-- How many articles the run staged (new, changed and unchanged alike).
select count(*) from staged_articles;
