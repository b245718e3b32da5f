-- Messages as taken in. id = MessageIds.of(source, source_message_id): the same source message
-- maps to the same row however often and by whichever channel it arrives.
create table messages (
    id                uuid primary key,
    source            text        not null,
    source_message_id text        not null,
    revision          integer     not null default 1,
    kind              text        not null,
    channel_id        text,
    url               text,
    in_reply_to       uuid,
    author_ref        text,
    text              text        not null, -- phones and e-mails already masked
    published_at      timestamptz not null,
    received_at       timestamptz not null,
    updated_at        timestamptz not null,
    municipality      text        not null,
    geo_lat           double precision,
    geo_lon           double precision,
    address           text,
    attachments       jsonb       not null default '[]'::jsonb,
    constraint messages_source_uk unique (source, source_message_id)
);
create index messages_received_at_idx on messages (received_at);

-- Transactional outbox: written with the message, published by the relay in id order.
create table outbox (
    id              bigserial primary key,
    aggregate_id    uuid        not null,
    payload         jsonb       not null,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text
);
create index outbox_unsent_idx on outbox (id) where sent_at is null;
create index outbox_sent_at_idx on outbox (sent_at) where sent_at is not null;

-- Webhook deliveries already handled, per channel (VK event_id, Telegram update_id).
create table processed_webhook_events (
    channel     text        not null,
    event_id    text        not null,
    received_at timestamptz not null default now(),
    primary key (channel, event_id)
);
create index processed_webhook_events_received_at_idx on processed_webhook_events (received_at);

-- One row per file import, for audit.
create table import_runs (
    id           uuid primary key,
    file_name    text,
    source       text        not null,
    layout       text        not null,
    municipality text,
    requested_by text,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    rows_read    integer     not null default 0,
    accepted     integer     not null default 0,
    duplicates   integer     not null default 0,
    rejected     integer     not null default 0
);
create index import_runs_started_at_idx on import_runs (started_at);
