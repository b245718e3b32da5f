-- Responsible bodies («Исполнители») per municipality and the rules that route messages and
-- incidents to them. A route always names the rule that chose it, so rules are retired, never deleted.

create table executors (
    id                     uuid primary key,
    municipality           text        not null,
    name                   text        not null,
    kind                   text        not null check (kind in ('DEPARTMENT', 'DISTRICT_ADMINISTRATION',
                                                               'MUNICIPAL_ENTERPRISE', 'UTILITY', 'MANAGEMENT_COMPANY')),
    -- district codes served; empty: the whole municipality
    districts              text[]      not null default '{}',
    -- {"phone": …, "email": …, "address": …, "site": …}
    contacts               jsonb       not null default '{}',
    -- answer deadline in hours per topic group, e.g. {"roads": 72}; other groups use default_deadline_hours
    deadlines              jsonb       not null default '{}',
    default_deadline_hours integer     not null default 120 check (default_deadline_hours > 0),
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    unique (municipality, name)
);

create table routing_rules (
    id               uuid primary key,
    municipality     text        not null,
    executor_id      uuid        not null references executors (id),
    -- null matches any; a rule with a topic is more specific than one with only its group
    grp              text,
    topic            text,
    district         text,
    -- case-insensitive substring of the message's address
    address_fragment text,
    -- higher wins among rules that match equally specifically
    priority         integer     not null default 0,
    -- the municipality's fallback: chosen only when no other rule matches
    is_default       boolean     not null default false,
    created_by       text        not null,
    created_at       timestamptz not null,
    retired_at       timestamptz,
    check (not is_default or (grp is null and topic is null and district is null and address_fragment is null))
);

create unique index routing_rules_one_default on routing_rules (municipality) where is_default and retired_at is null;
create index routing_rules_active on routing_rules (municipality) where retired_at is null;

-- The executor of each routed message (official replies are not routed).
create table message_routes (
    message_id  uuid        primary key references messages (message_id) on delete cascade,
    executor_id uuid        not null references executors (id),
    rule_id     uuid        not null references routing_rules (id),
    routed_at   timestamptz not null
);

create index message_routes_executor on message_routes (executor_id);

-- The executor of each incident; a changed rule re-routes the open incidents of the current period.
create table incident_routes (
    incident_key text        primary key,
    municipality text        not null,
    executor_id  uuid        not null references executors (id),
    rule_id      uuid        not null references routing_rules (id),
    routed_at    timestamptz not null
);

create index incident_routes_executor on incident_routes (executor_id);
