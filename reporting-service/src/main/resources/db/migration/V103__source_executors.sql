-- The body the source system routed each message to (the «Исполнитель» of a ПОС or Инцидент
-- Менеджмент export), as the classified event carried it; routing rules are proposed from it.
create table source_executors (
    message_id    uuid primary key references messages (message_id) on delete cascade,
    executor_name text not null
);
