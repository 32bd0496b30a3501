-- Which process ran a run, so a run that died without a word can be told from one still going;
-- status now also takes 'abandoned' (the process ended without finishing: killed, or the machine went
-- down) and 'interrupted' (stopped by SIGTERM or Ctrl-C). `error` says why in one line.
alter table runs add column host varchar;
alter table runs add column pid integer;
