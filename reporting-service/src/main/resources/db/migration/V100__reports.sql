-- Report jobs, their documents (one row per format) and the outbox of ReportPublished events.

create table reports (
    id            uuid primary key,
    status        text        not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    municipality  text        not null,
    period_from   timestamptz not null,
    period_to     timestamptz not null,
    trigger       text        not null check (trigger in ('ON_DEMAND', 'WEEKLY')),
    requested_by  text        not null,
    created_at    timestamptz not null,
    started_at    timestamptz,
    finished_at   timestamptz,
    generation_ms bigint,
    error         text
);

create index reports_scope_created on reports (municipality, created_at desc);
create index reports_created on reports (created_at desc);
create index reports_waiting on reports (created_at) where status in ('QUEUED', 'RUNNING');
-- The weekly schedule may fire on several instances: one report per municipality and week.
create unique index reports_weekly_once on reports (municipality, period_from, period_to) where trigger = 'WEEKLY';

create table report_documents (
    report_id    uuid  not null references reports (id) on delete cascade,
    format       text  not null,
    content_type text  not null,
    content      bytea not null,
    primary key (report_id, format)
);

create table report_outbox (
    id           bigserial primary key,
    report_id    uuid        not null,
    payload      text        not null,
    created_at   timestamptz not null,
    published_at timestamptz
);

create index report_outbox_pending on report_outbox (id) where published_at is null;
