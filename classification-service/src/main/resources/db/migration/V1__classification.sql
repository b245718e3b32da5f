-- Model registry: every trained model with its provenance; exactly one is active.
create table models (
    version     text primary key,
    info        jsonb not null,
    bytes       bytea not null,
    created_at  timestamptz not null default now(),
    active      boolean not null default false
);
create unique index models_one_active on models (active) where active;

create table training_jobs (
    id               uuid primary key,
    status           text not null,
    stage            text,
    progress         double precision not null default 0,
    error            text,
    model_version    text,
    include_feedback boolean not null default false,
    created_by       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

-- Idempotent consumers: an event id is recorded in the same transaction as its effect.
create table processed_events (
    event_id     uuid primary key,
    consumer     text not null,
    processed_at timestamptz not null default now()
);

-- Latest revision of every ingested message, so a period can be re-classified.
create table messages (
    message_id   uuid primary key,
    revision     int not null,
    municipality text not null,
    published_at timestamptz not null,
    payload      text not null
);
create index messages_published_at on messages (published_at);

-- One result per message revision and model version; a replay returns the stored result.
create table classifications (
    message_id    uuid not null,
    revision      int not null,
    model_version text not null,
    topic_group   text not null,
    incident_key  text not null,
    classified_at timestamptz not null,
    payload       text not null,
    primary key (message_id, revision, model_version)
);

-- Open incidents: the same problem in the same place within a time window.
create table incidents (
    incident_key text primary key,
    municipality text not null,
    district     text not null,
    topic_group  text not null,
    simhash      bigint not null,
    first_seen   timestamptz not null,
    last_seen    timestamptz not null
);
create index incidents_bucket on incidents (municipality, district, topic_group, last_seen);

-- Transactional outbox: rows written with the effect, published and deleted by the relay.
create table outbox (
    id          bigserial primary key,
    topic       text not null,
    message_key text,
    payload     text not null,
    headers     jsonb,
    created_at  timestamptz not null default now()
);

-- Analysts' corrections kept as labelled examples for the next training.
create table feedback (
    event_id      uuid primary key,
    message_id    uuid,
    text          text not null,
    topic_group   text not null,
    topic         text,
    model_version text,
    corrected_by  text,
    created_at    timestamptz not null default now()
);
