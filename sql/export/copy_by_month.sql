-- One relation to a directory of monthly partitions, replacing an earlier export's; undated rows go to
-- published_month=__HIVE_DEFAULT_PARTITION__ ({relation}, {path} and {format} are filled in by
-- warehouse/export.py).
copy (select *, strftime(published, '%Y-%m') as published_month from "{relation}")
to '{path}' (format {format}, partition_by (published_month), overwrite true);
