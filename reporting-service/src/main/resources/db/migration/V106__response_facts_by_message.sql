-- The response facts name their message, so that the consumer can read what a message contributed
-- to response_daily before and after a batch and change the buckets' arrays by that difference
-- instead of grouping every message of a changed bucket again. The columns before stay as they were.
create or replace view response_facts as
select day, municipality, district, grp, source, urgency, published_at,
       case when first_reply_at is not null
            then round(extract(epoch from greatest(first_reply_at - published_at, interval '0')))::integer end reply_seconds,
       floor(extract(epoch from published_at - day::timestamp at time zone 'Europe/Moscow') * 1000)::integer after_midnight,
       message_id
from messages where kind <> 'OFFICIAL_REPLY';
