-- Response times from per-day and per-month aggregates; incidents ranked from an index-only scan.

-- Residents' messages with what response_daily keeps of each: seconds to the first official reply,
-- rounded (null while unanswered), and milliseconds from the day's Moscow midnight to publication.
create view response_facts as
select day, municipality, district, grp, source, urgency, published_at,
       case when first_reply_at is not null
            then round(extract(epoch from greatest(first_reply_at - published_at, interval '0')))::integer end reply_seconds,
       floor(extract(epoch from published_at - day::timestamp at time zone 'Europe/Moscow') * 1000)::integer after_midnight
from messages where kind <> 'OFFICIAL_REPLY';

-- The same per Moscow day and rollup key: residents' messages, the sorted waits of the answered ones
-- (exact percentiles of any run of days are taken over their union), and the sorted publication
-- offsets of the unanswered ones, EMERGENCY apart (their deadline differs), so overdue messages are
-- counted by binary search.
create view response_buckets as
select day, municipality, district, grp, source, count(*)::integer messages,
       coalesce(array_agg(reply_seconds order by reply_seconds) filter (where reply_seconds is not null), '{}') waits,
       coalesce(array_agg(after_midnight order by after_midnight)
                filter (where reply_seconds is null and urgency = 'EMERGENCY'), '{}') open_emergency,
       coalesce(array_agg(after_midnight order by after_midnight)
                filter (where reply_seconds is null and urgency <> 'EMERGENCY'), '{}') open_other
from response_facts group by day, municipality, district, grp, source;

-- response_buckets kept as a table. The consumer rebuilds a row whenever a message of it changes or
-- is answered (ReadModelRepository.rebuildResponses).
create table response_daily (
    day            date      not null,
    municipality   text      not null,
    district       text      not null,
    grp            text      not null,
    source         text      not null,
    messages       integer   not null,
    waits          integer[] not null,
    open_emergency integer[] not null,
    open_other     integer[] not null,
    primary key (day, municipality, district, grp, source)
);

insert into response_daily select * from response_buckets;

-- The days of a key, for rebuilding its response_monthly rows.
create index response_daily_key on response_daily (municipality, district, grp, source, day);

-- The same per calendar month, united from its days (the consumer rebuilds it from response_daily
-- after the days). A month long past (every deadline of its messages has passed) answers without its
-- days: all its unanswered messages are overdue.
create table response_monthly (
    month        date      not null,
    municipality text      not null,
    district     text      not null,
    grp          text      not null,
    source       text      not null,
    messages     integer   not null,
    unanswered   integer   not null,
    waits        integer[] not null,
    primary key (month, municipality, district, grp, source)
);

insert into response_monthly
select date_trunc('month', day)::date, municipality, district, grp, source, count(*), count(*) filter (where reply_seconds is null),
       coalesce(array_agg(reply_seconds order by reply_seconds) filter (where reply_seconds is not null), '{}')
from response_facts group by 1, municipality, district, grp, source;

-- A day's messages under one key, for rebuilding its response_daily row.
create index messages_bucket on messages (day, municipality, district, grp, source) where kind <> 'OFFICIAL_REPLY';

-- Unanswered messages in publication order with what the overdue list filters on, read index-only.
drop index messages_unanswered;
create index messages_unanswered on messages (published_at)
    include (message_id, urgency, grp, municipality, district, source)
    where first_reply_at is null and kind <> 'OFFICIAL_REPLY';

-- Incidents of a period, ranked without reading the table.
create index messages_incident_time on messages (published_at)
    include (incident_key, author_ref, tone, urgency, municipality, district, grp, source)
    where incident_key is not null and kind <> 'OFFICIAL_REPLY';
