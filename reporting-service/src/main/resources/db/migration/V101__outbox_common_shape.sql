-- One outbox for every record reporting publishes (finished reports, analysts' corrections, dead
-- letters), in the shape service-common's relay reads: deleted once the broker acknowledged it,
-- parked when the broker refuses it for good. Numbered after V100 so that databases which already
-- have V100 migrate in order.
create table outbox (
    id              bigserial primary key,
    topic           text        not null,
    key             text,
    payload         text        not null,
    headers         jsonb,
    created_at      timestamptz not null default now(),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    parked_at       timestamptz
);
create index outbox_ready_idx on outbox (next_attempt_at, id) where parked_at is null;
create index outbox_key_idx on outbox (key, id) where parked_at is null;
create index outbox_parked_idx on outbox (id) where parked_at is not null;

-- ReportPublished events not yet published move over in their order; the report outbox goes.
insert into outbox (topic, key, payload, created_at)
select 'civic.reports.published.v1', report_id::text, payload, created_at
from report_outbox where published_at is null order by id;

drop table report_outbox;
