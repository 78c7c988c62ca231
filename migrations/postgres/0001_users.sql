-- The `users` table: Wrkks's data contract, and Row Level Security that the app itself obeys.
--
-- This migration must work on three kinds of database, so every step checks before it acts:
-- - an empty plain Postgres: everything is created, including what Supabase would provide
--   (the `anon` and `authenticated` roles, the `auth` schema and `auth.jwt()`);
-- - an empty Supabase project: the roles, `auth` and `auth.jwt()` exist and belong to Supabase's
--   own roles, so they are used as they are, never replaced;
-- - a Supabase project where Wrkks's setup SQL already made `public.users` (without `islive` and
--   `style`): only what is missing is added, and no row or value changes except the `islive`
--   backfill below.

-- Supabase's API roles. `nologin`: nobody connects as them, the app switches to them with
-- `set local role` inside a transaction. Two instances migrating two databases of one cluster at
-- once may both see the role missing; the loser gets a unique violation, which means "exists".
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    begin
      create role anon nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    begin
      create role authenticated nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
end
$$;

-- `set local role` only works for members of the role. Superusers and Supabase's `postgres` role
-- already are; a plain-Postgres login role made for Vitae gets membership here.
do $$
begin
  if not pg_has_role(current_user, 'anon', 'member')
     or not pg_has_role(current_user, 'authenticated', 'member') then
    begin
      execute format('grant anon, authenticated to %I', current_user);
    exception when insufficient_privilege then
      raise exception 'the role % must be a member of anon and authenticated', current_user
        using hint = format('as a superuser, run: grant anon, authenticated to %I;', current_user);
    end;
  end if;
end
$$;

-- Supabase's `auth.jwt()`: the verified token's claims, which PostgREST (and Vitae) put in the
-- transaction-local setting `request.jwt.claims`. Created only where it is missing: on Supabase it
-- belongs to `supabase_auth_admin` and must stay as it is.
do $$
begin
  -- Checked first: `create schema if not exists` still needs the privilege to create schemas.
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    create schema auth;
  end if;
  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb
      language sql stable
      as $fn$
        select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
      $fn$;
    grant usage on schema auth to anon, authenticated;
    grant execute on function auth.jwt() to anon, authenticated;
  end if;
end
$$;

-- The table exactly as Wrkks's setup SQL makes it, so both start from the same place.
create table if not exists public.users (
  id uuid default gen_random_uuid() primary key,
  clerk_user_id text unique not null,
  username text unique not null,
  email text not null,
  resume jsonb,
  -- `timezone('utc', now())` is Wrkks's default, kept as it is so both apps write the same values.
  created_at timestamp with time zone default timezone('utc'::text, now()) not null,
  updated_at timestamp with time zone default timezone('utc'::text, now()) not null
);

create index if not exists users_clerk_user_id_idx on public.users (clerk_user_id);
create index if not exists users_username_idx on public.users (username);

do $$
begin
  if to_regprocedure('public.handle_updated_at()') is null then
    create function public.handle_updated_at() returns trigger
      language plpgsql
      as $fn$
      begin
        new.updated_at = timezone('utc'::text, now());
        return new;
      end;
      $fn$;
  end if;
  if not exists (
    select 1 from pg_trigger
    where tgrelid = 'public.users'::regclass and tgname = 'users_updated_at'
  ) then
    create trigger users_updated_at before update on public.users
      for each row execute function public.handle_updated_at();
  end if;
end
$$;

-- The two columns Wrkks's application uses but its setup SQL lacks.
do $$
begin
  if not exists (
    select 1 from information_schema.columns
    where table_schema = 'public' and table_name = 'users' and column_name = 'islive'
  ) then
    alter table public.users add column islive boolean not null default false;
    -- Wrkks published by writing `resume` and unpublished by clearing it: a row with a résumé was a
    -- live site. The trigger is held off so the backfill does not touch `updated_at`.
    alter table public.users disable trigger users_updated_at;
    update public.users set islive = true where resume is not null;
    alter table public.users enable trigger users_updated_at;
  end if;
end
$$;

alter table public.users add column if not exists style text not null default 'simple';

-- `not valid`: enforced for every new write, without failing on values an older deployment may
-- hold (the app reads an unknown style as `simple`).
do $$
begin
  if not exists (
    select 1 from pg_constraint
    where conrelid = 'public.users'::regclass and conname = 'users_style_check'
  ) then
    alter table public.users
      add constraint users_style_check check (style in ('simple', 'bento')) not valid;
  end if;
end
$$;

-- Public pages match usernames case-insensitively (`/Ananya` and `/ananya` are one site), so
-- `lower(username)` must be unique and indexed. A database holding two usernames that differ only
-- in case keeps working (the plain unique constraint still holds); the operator is warned.
do $$
begin
  if to_regclass('public.users_username_lower_key') is null then
    if exists (
      select 1 from public.users group by lower(username) having count(*) > 1
    ) then
      raise warning 'users: some usernames differ only in case; rename them, then create the index users_username_lower_key on public.users (lower(username))';
    else
      create unique index users_username_lower_key on public.users (lower(username));
    end if;
  end if;
end
$$;

-- Row Level Security: a signed-in person reaches only their own row, a visitor only live sites.
-- The app runs its own queries as these roles (see app/src/server/store/postgres.rs), so a bug in
-- a query still cannot reach another person's row. Policies are created only when missing, and
-- policies an existing deployment made are left in place.
alter table public.users enable row level security;

do $$
begin
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'users' and policyname = 'users_select_own') then
    create policy users_select_own on public.users for select to authenticated
      using ((auth.jwt() ->> 'sub') = clerk_user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'users' and policyname = 'users_insert_own') then
    create policy users_insert_own on public.users for insert to authenticated
      with check ((auth.jwt() ->> 'sub') = clerk_user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'users' and policyname = 'users_update_own') then
    create policy users_update_own on public.users for update to authenticated
      using ((auth.jwt() ->> 'sub') = clerk_user_id)
      with check ((auth.jwt() ->> 'sub') = clerk_user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'users' and policyname = 'users_delete_own') then
    create policy users_delete_own on public.users for delete to authenticated
      using ((auth.jwt() ->> 'sub') = clerk_user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'users' and policyname = 'users_select_live') then
    create policy users_select_live on public.users for select to anon
      using (islive);
  end if;
end
$$;

-- Privileges. Supabase's default privileges give `anon` and `authenticated` everything on every new
-- table in `public`, so start from nothing and grant what each role needs. A visitor never sees an
-- email address or an auth subject; a signed-in person cannot rewrite `id` or `created_at`.
grant usage on schema public to anon, authenticated;
revoke all on public.users from anon, authenticated;
grant select (username, resume, style, islive, updated_at) on public.users to anon;
grant select on public.users to authenticated;
grant insert (clerk_user_id, username, email, resume, islive, style) on public.users to authenticated;
grant update (username, email, resume, islive, style) on public.users to authenticated;
grant delete on public.users to authenticated;

-- Supabase serves every table in `public` over its REST API; the migration bookkeeping is nobody's
-- business but the operator's.
do $$
begin
  if to_regclass('public._sqlx_migrations') is not null then
    revoke all on public._sqlx_migrations from anon, authenticated;
  end if;
end
$$;
