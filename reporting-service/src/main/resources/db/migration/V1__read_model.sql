-- Read model of classified messages: one fact row per message (its newest classification),
-- daily rollups and per-day distinct authors maintained incrementally in the same transaction.

create table messages (
    message_id        uuid primary key,
    revision          integer          not null,
    model_version     text             not null,
    classified_at     timestamptz      not null,
    source            text             not null,
    source_message_id text,
    channel_id        text,
    url               text,
    kind              text             not null,
    in_reply_to       uuid,
    -- null when the source names no author (file imports)
    author_ref        text,
    text              text             not null,
    published_at      timestamptz      not null,
    -- calendar day in Europe/Moscow, the unit of every rollup
    day               date             not null,
    municipality      text             not null,
    -- '' when the place is unknown, so rollup keys stay non-null
    district          text             not null,
    address           text,
    grp               text             not null,
    topic             text,
    confidence        double precision not null,
    needs_review      boolean          not null,
    tone              text             not null,
    sentiment_score   double precision not null,
    urgency           text             not null,
    urgency_reasons   text,
    incident_key      text,
    -- earliest official reply to this message, whichever of the two arrived first
    first_reply_at    timestamptz,
    search            tsvector generated always as (to_tsvector('russian', text)) stored
);

create index messages_search on messages using gin (search);
create index messages_scope_time on messages (municipality, published_at);
create index messages_time on messages (published_at);
create index messages_in_reply_to on messages (in_reply_to) where in_reply_to is not null;
create index messages_incident on messages (incident_key, published_at) where incident_key is not null;
create index messages_unanswered on messages (published_at)
    where first_reply_at is null and kind <> 'OFFICIAL_REPLY';

-- Messages (official replies excluded) per Moscow day x municipality x district x group x source x tone.
create table rollup_daily (
    day          date   not null,
    municipality text   not null,
    district     text   not null,
    grp          text   not null,
    source       text   not null,
    tone         text   not null,
    count        bigint not null,
    primary key (day, municipality, district, grp, source, tone)
);

-- Exact distinct authors: one row per author and day x municipality x district x group x source,
-- with how many of the author's messages keep it alive (a re-classification moves them).
create table author_daily (
    day          date    not null,
    municipality text    not null,
    district     text    not null,
    grp          text    not null,
    source       text    not null,
    author_ref   text    not null,
    messages     integer not null,
    primary key (day, municipality, district, grp, source, author_ref)
);

-- Statistics published by others (e.g. a regional centre's monthly figures), for comparison.
-- period_end is inclusive.
create table external_stats (
    source       text   not null,
    period_start date   not null,
    period_end   date   not null,
    municipality text   not null,
    grp          text   not null,
    count        bigint not null,
    uploaded_at  timestamptz not null,
    uploaded_by  text   not null,
    primary key (source, period_start, period_end, municipality, grp)
);
