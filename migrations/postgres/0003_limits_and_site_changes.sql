-- Limits shared by every instance, and changes to public sites announced by the database itself.
-- Twin of migrations/sqlite/0003_limits_and_site_changes.sql (which has no trigger: see there).

-- One fixed-window counter per key (sign-in attempts per e-mail and per client address, sign-ups
-- told "taken" per address, username checks per person, AI parses per person and day). The key
-- is the SHA-256 of what it counts, hex: the table holds no e-mail or IP address in clear. Times
-- are milliseconds since the Unix epoch, chosen by the app, so the statement that counts is the
-- same text on both databases. Rows past `resets_at` are dead and swept by the app.
create table if not exists public.limit_counters (
  key text primary key,
  hits integer not null,
  resets_at bigint not null
);

create index if not exists limit_counters_resets_at_idx on public.limit_counters (resets_at);

-- Like accounts and sessions: reached by the app as the connecting role, never by Supabase's API.
alter table public.limit_counters enable row level security;
revoke all on public.limit_counters from anon, authenticated;

-- Every change to a row of `users` (by the app, by an operator's SQL, by Wrkks) tells listening
-- instances which public page may have changed, with the lower-cased username: the old one too
-- when it was renamed or deleted. A notification is sent when the transaction commits, and
-- Postgres folds identical ones within a transaction. Additive: Wrkks's schema is unchanged.
create or replace function public.vitae_site_changed() returns trigger
language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform pg_notify('vitae_site_changed', lower(old.username));
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform pg_notify('vitae_site_changed', lower(new.username));
  end if;
  return null;
end;
$$;

drop trigger if exists users_site_changed on public.users;
create trigger users_site_changed after insert or update or delete on public.users
  for each row execute function public.vitae_site_changed();

-- `truncate` has no rows: an empty payload means "any page may have changed".
create or replace function public.vitae_sites_truncated() returns trigger
language plpgsql as $$
begin
  perform pg_notify('vitae_site_changed', '');
  return null;
end;
$$;

drop trigger if exists users_sites_truncated on public.users;
create trigger users_sites_truncated after truncate on public.users
  for each statement execute function public.vitae_sites_truncated();
