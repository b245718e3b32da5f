-- Incident workflow: every change of an incident's state is a row of incident_changes, which only
-- ever grows (a trigger refuses UPDATE, DELETE and TRUNCATE); incident_states keeps the newest
-- change per incident, written in the same transaction. An incident without a row is NEW.
create table incident_changes (
    incident_key text        not null,
    -- 1 for the incident's first change, then +1: two changes can never follow the same one
    sequence     integer     not null check (sequence >= 1),
    municipality text        not null,
    from_state   text        not null check (from_state in ('NEW', 'IN_PROGRESS', 'DECISION_TAKEN', 'RESOLVED', 'REJECTED')),
    to_state     text        not null check (to_state in ('NEW', 'IN_PROGRESS', 'DECISION_TAKEN', 'RESOLVED', 'REJECTED')),
    comment      text,
    changed_by   text        not null,
    changed_at   timestamptz not null,
    event_id     uuid        not null unique,
    primary key (incident_key, sequence)
);

create function incident_changes_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'incident_changes is append-only: % refused', tg_op using errcode = 'restrict_violation';
end;
$$;

create trigger incident_changes_no_update_delete before update or delete on incident_changes
    for each row execute function incident_changes_append_only();
create trigger incident_changes_no_truncate before truncate on incident_changes
    for each statement execute function incident_changes_append_only();

create table incident_states (
    incident_key text        primary key,
    state        text        not null,
    sequence     integer     not null,
    changed_at   timestamptz not null,
    -- the newest change's comment (Open311 status_notes)
    comment      text,
    foreign key (incident_key, sequence) references incident_changes (incident_key, sequence)
);
