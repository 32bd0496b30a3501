-- One relation to one file ({relation}, {columns}, {path} and {format} are filled in by warehouse/export.py).
-- Returns the rows written; a CSV file has its header even with none.
copy (select {columns} from {relation}) to '{path}' (format {format});
