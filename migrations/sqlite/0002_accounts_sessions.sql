-- Built-in accounts (AUTH_PROVIDER=local) and their sessions. Twin of
-- migrations/postgres/0002_accounts_sessions.sql (which explains the columns).

create table if not exists accounts (
  subject text primary key not null check (subject like 'local\_%' escape '\'),
  email text not null,
  password_hash text not null,
  created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create unique index if not exists accounts_email_lower_key on accounts (lower(email));

create trigger if not exists accounts_updated_at after update on accounts
  for each row when new.updated_at is old.updated_at
begin
  update accounts set updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') where subject = new.subject;
end;

create table if not exists sessions (
  id text primary key not null,
  subject text not null references accounts (subject) on delete cascade,
  expires_at text not null,
  created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

create index if not exists sessions_subject_idx on sessions (subject);
create index if not exists sessions_expires_at_idx on sessions (expires_at);
