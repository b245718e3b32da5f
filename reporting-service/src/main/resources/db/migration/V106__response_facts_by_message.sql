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

-- A sorted array without one of each value of gone, with the values of come, sorted again: how the
-- consumer changes a response array. An array that neither loses nor gains a value is returned as
-- it is (a batch usually changes one of a row's arrays), and one that only gains skips the
-- multiset difference.
create function sorted_multiset_change(base integer[], gone integer[], come integer[]) returns integer[]
language sql immutable parallel safe as $$
    select case
        when cardinality(gone) = 0 and cardinality(come) = 0 then base
        when cardinality(gone) = 0 then (select array_agg(v order by v) from unnest(base || come) v)
        else (select coalesce(array_agg(v order by v), '{}')
              from ((select unnest(base) except all select unnest(gone)) union all select unnest(come)) s(v))
    end
$$;
