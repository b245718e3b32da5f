-- ReportPublished events not yet published move to the common outbox (V20), in their order;
-- the report outbox is no longer used.
insert into outbox (topic, key, payload, created_at)
select 'civic.reports.published.v1', report_id::text, payload, created_at
from report_outbox where published_at is null order by id;

drop table report_outbox;
