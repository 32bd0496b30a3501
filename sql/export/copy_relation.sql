-- One relation to one file ({relation}, {path} and {format} are filled in by warehouse/export.py).
copy (select * from "{relation}") to '{path}' (format {format});
