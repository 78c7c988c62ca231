-- A person's photo, as Vitae re-encoded it (a square JPEG without metadata): served at
-- `/photos/{id}.jpg`, where `id` is the SHA-256 of the bytes, so a URL never changes meaning and
-- is cached for a year. One photo per person; it goes with the person's row.
create table if not exists public.photos (
  id text primary key,
  clerk_user_id text not null unique references public.users (clerk_user_id) on delete cascade,
  jpeg bytea not null,
  created_at timestamptz not null default now()
);

-- The person manages their own photo; anyone may read a photo by its id (an unguessable hash, as
-- on any image host), which is how a visitor's browser and the dashboard's preview load it.
alter table public.photos enable row level security;

do $$
begin
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'photos' and policyname = 'photos_own') then
    create policy photos_own on public.photos for all to authenticated
      using ((auth.jwt() ->> 'sub') = clerk_user_id)
      with check ((auth.jwt() ->> 'sub') = clerk_user_id);
  end if;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'photos' and policyname = 'photos_read') then
    create policy photos_read on public.photos for select to anon using (true);
  end if;
end
$$;

revoke all on public.photos from anon, authenticated;
grant select (id, jpeg) on public.photos to anon;
grant select, insert, delete on public.photos to authenticated;
