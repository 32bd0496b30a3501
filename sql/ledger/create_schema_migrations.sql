-- Which migrations (sql/migrations/NNN_name.sql) this warehouse has had, and when.
create table if not exists schema_migrations (
    version    integer not null,
    name       varchar not null,
    applied_at timestamp not null default current_timestamp
);
