-- /methodology from rollups: messages per model version, how many of them need review and their summed
-- confidence (in millionths, rounded half up, so sums stay exact integers), per Moscow day, ISO week
-- and month under the rollup key. A period sums the pieces of CalendarPeriod.cover, like the counts.
create table model_rollup (
    period            text   not null check (period in ('day', 'week', 'month')),
    period_start      date   not null,
    municipality      text   not null,
    district          text   not null,
    grp               text   not null,
    source            text   not null,
    model_version     text   not null,
    messages          bigint not null,
    needs_review      bigint not null,
    confidence_micros bigint not null,
    primary key (period, period_start, municipality, district, grp, source, model_version)
);

insert into model_rollup
select p.period, case p.period when 'day' then day else date_trunc(p.period, day)::date end,
       municipality, district, grp, source, model_version,
       count(*), count(*) filter (where needs_review), sum(floor(confidence * 1000000 + 0.5))::bigint
from messages cross join (values ('day'), ('week'), ('month')) p(period)
where kind <> 'OFFICIAL_REPLY'
group by 1, 2, municipality, district, grp, source, model_version;
