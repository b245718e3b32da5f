-- The body the source system routed a message to (the «Исполнитель» column of an export); null
-- for channels that name none (REST, webhooks).
alter table messages add column source_executor text;
