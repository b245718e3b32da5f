-- Rebuilds of the read model from the classified topic, kept here so that any replica can report a
-- run's progress. At most one runs at a time: the partial unique index refuses a second one.
create table read_model_rebuilds (
    id             uuid primary key,
    status         text        not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    requested_by   text        not null,
    created_at     timestamptz not null default now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    -- written with every batch: a run whose replica died stops moving it and is given up
    updated_at     timestamptz not null default now(),
    -- sums over the topic's partitions of the first and end offsets captured when the run started,
    -- and of the positions read so far (progress is how far the positions got from the first to the end)
    start_offsets  bigint      not null default 0,
    end_offsets    bigint      not null default 0,
    positions      bigint      not null default 0,
    events_read    bigint      not null default 0,
    events_applied bigint      not null default 0,
    unreadable     bigint      not null default 0,
    error          text
);

create unique index read_model_rebuilds_one_active on read_model_rebuilds ((true)) where status in ('QUEUED', 'RUNNING');
create index read_model_rebuilds_created on read_model_rebuilds (created_at desc);

-- Routes of messages are decisions taken when a message first arrived (by the rules of that day),
-- not facts of the classified topic. message_routes must go with the messages it references while
-- they are truncated; its rows wait here and return as their messages are written again.
create table read_model_rebuild_routes (
    message_id  uuid        primary key,
    executor_id uuid        not null,
    rule_id     uuid        not null,
    routed_at   timestamptz not null
);
