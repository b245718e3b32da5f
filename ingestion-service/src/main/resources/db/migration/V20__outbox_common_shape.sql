-- The outbox in the shape service-common's relay reads (the same in every service's database):
-- one row per record to publish, deleted once the broker acknowledged it, parked when the broker
-- refuses it for good. Unsent rows of the previous table move over in their order.
alter table outbox rename to outbox_previous;
alter index outbox_unsent_idx rename to outbox_previous_unsent_idx;
alter index outbox_sent_at_idx rename to outbox_previous_sent_at_idx;

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

insert into outbox (topic, key, payload, created_at, attempts, next_attempt_at, last_error)
select 'civic.messages.ingested.v1', aggregate_id::text, payload::text, created_at, attempts, now(), last_error
from outbox_previous where sent_at is null order by id;

drop table outbox_previous;
