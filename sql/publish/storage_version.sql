-- The storage format of the database attached as `published`, as DuckDB tags it ('v1.4.0+', 'v2.0.0+').
select tags['storage_version']
from duckdb_databases()
where database_name = 'published';
