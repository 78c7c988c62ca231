-- A person's photo, re-encoded by Vitae (a square JPEG without metadata), served at
-- `/photos/{id}.jpg` (`id`: the SHA-256 of the bytes). One per person; it goes with the row.
create table photos (
  id text primary key,
  clerk_user_id text not null unique references users (clerk_user_id) on delete cascade,
  jpeg blob not null,
  created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
