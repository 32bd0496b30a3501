-- A dated relation with no rows, which has no month to write: one file of its columns and no rows, in the
-- partition of undated rows, so that read_parquet / read_csv of the relation's folder with
-- hive_partitioning reads an empty table ({relation}, {columns}, {path} and {format} as in copy_by_month.sql).
copy (select {columns} from {relation} limit 0) to '{path}' (format {format});
