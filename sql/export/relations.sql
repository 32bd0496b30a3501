-- The warehouse's base tables and views (not DuckDB's own), and whether each has a `published` date to
-- split it by month.
with relations as (
    select table_name as relation from duckdb_tables() where database_name = current_database() and not internal
    union all
    select view_name from duckdb_views() where database_name = current_database() and not internal
),
dated as (
    select distinct table_name as relation from duckdb_columns()
    where database_name = current_database() and column_name = 'published'
)
select relations.relation, dated.relation is not null as partitioned
from relations
left join dated using (relation)
where relations.relation <> 'schema_migrations'
order by relations.relation;
