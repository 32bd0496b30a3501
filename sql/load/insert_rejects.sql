insert into rejects by name select * from staged_rejects;
