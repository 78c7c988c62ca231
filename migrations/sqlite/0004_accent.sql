-- The accent colour of a person's site (`app::site::accent::Accent`); null reads as the default.
alter table users add column accent text;
