-- The outbox in the shape service-common's relay reads (the same in every service's database):
-- one row per record to publish, deleted once the broker acknowledged it, parked when the broker
-- refuses it for good. Rows not yet relayed move over in their order.
alter table outbox rename to outbox_previous;

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

-- Dead letters queued before carried the exception's class name as "dead-letter-cause"; SmallRye's
-- dead-letter queue names it "dead-letter-exception-class-name" (and "dead-letter-cause" is the
-- cause's message), so readers of the DLQ topics see one set of headers.
insert into outbox (topic, key, payload, headers, created_at)
select topic, message_key, payload,
       case when headers ? 'dead-letter-cause'
            then (headers - 'dead-letter-cause') || jsonb_build_object('dead-letter-exception-class-name', headers -> 'dead-letter-cause')
            else headers end,
       created_at
from outbox_previous order by id;

drop table outbox_previous;
