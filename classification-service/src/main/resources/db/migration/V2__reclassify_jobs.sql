-- Re-classification runs: state in the database, so any replica reports a run's progress.
create table reclassify_jobs (
    id            uuid primary key,
    status        text not null,
    period_from   timestamptz not null,
    period_to     timestamptz not null,
    model_version text not null,
    messages      int not null default 0,
    done          int not null default 0,
    reclassified  int not null default 0,
    unchanged     int not null default 0,
    failed        int not null default 0,
    error         text,
    created_by    text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
