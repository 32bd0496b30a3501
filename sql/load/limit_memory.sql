-- Memory DuckDB may use for this connection's work (it spills to its temp directory beyond it).
set memory_limit = '$memory_limit';
