-- Built-in accounts (AUTH_PROVIDER=local) and their sessions. Twin of
-- migrations/sqlite/0002_accounts_sessions.sql.
--
-- Neither table is a person's own data in the RLS sense: a session is looked up by its token
-- before anyone is known, and a password hash is never shown to anybody. So the app reaches them
-- as the connecting role (the owner), and `anon`/`authenticated` get nothing: RLS on with no
-- policy, and no privileges, so Supabase's REST API cannot read them either.

create table if not exists public.accounts (
  -- The auth subject written to `users.clerk_user_id`: `local_` and a UUID.
  subject text primary key check (subject like 'local\_%'),
  -- Stored as typed; uniqueness ignores case so `Ana@x.org` cannot sign up twice.
  email text not null,
  -- An argon2id PHC string: it names its own algorithm and parameters.
  password_hash text not null,
  created_at timestamp with time zone default timezone('utc'::text, now()) not null,
  updated_at timestamp with time zone default timezone('utc'::text, now()) not null
);

create unique index if not exists accounts_email_lower_key on public.accounts (lower(email));

create trigger accounts_updated_at before update on public.accounts
  for each row execute function public.handle_updated_at();

create table if not exists public.sessions (
  -- The SHA-256 of the random token, hex: a stolen database does not yield usable tokens.
  id text primary key,
  -- Signing out everywhere, and deleting an account, end its sessions.
  subject text not null references public.accounts (subject) on delete cascade,
  expires_at timestamp with time zone not null,
  created_at timestamp with time zone default timezone('utc'::text, now()) not null
);

create index if not exists sessions_subject_idx on public.sessions (subject);
-- The periodic purge deletes by expiry.
create index if not exists sessions_expires_at_idx on public.sessions (expires_at);

alter table public.accounts enable row level security;
alter table public.sessions enable row level security;
revoke all on public.accounts, public.sessions from anon, authenticated;
