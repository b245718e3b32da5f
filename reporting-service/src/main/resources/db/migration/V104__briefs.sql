-- Live-broadcast briefs are report jobs of another kind: ordered, queued, generated and stored the
-- same way, listed apart. A brief may be limited to one topic group and to the messages routed to
-- one executor.

alter table reports add column kind text not null default 'REPORT' check (kind in ('REPORT', 'BRIEF'));
alter table reports add column grp text;
alter table reports add column executor_id uuid references executors (id);
alter table reports add check (kind = 'BRIEF' or (grp is null and executor_id is null));

create index reports_kind_scope_created on reports (kind, municipality, created_at desc);
