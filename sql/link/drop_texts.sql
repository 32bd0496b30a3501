-- Linking is done with the texts it copied.
drop table if exists link_texts;
