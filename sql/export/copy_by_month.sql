-- One relation to a directory of monthly partitions; undated rows go to
-- published_month=__HIVE_DEFAULT_PARTITION__ ({relation}, {columns}, {path} and {format} are filled in by
-- warehouse/export.py, which writes into a new directory and swaps it in). Returns the rows written.
copy (select {columns}, strftime(published, '%Y-%m') as published_month from {relation})
to '{path}' (format {format}, partition_by (published_month));
