-- The accent colour of a person's site (`app::site::accent::Accent`). Nullable and without a
-- default so that a Wrkks deployment sharing this table is not rewritten: the app reads null (or
-- a name it does not know) as the default accent.
alter table public.users add column if not exists accent text;

-- A visitor's page shows it; its owner changes it.
grant select (accent) on public.users to anon;
grant insert (accent), update (accent) on public.users to authenticated;
