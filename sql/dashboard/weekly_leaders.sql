-- The three most quoted speakers of each outlet's week, newest week first (ties share a rank).
select
    iso_week,
    site,
    speaker_rank,
    speaker,
    quotes,
    articles
from mart_top_speakers_weekly
where speaker_rank <= 3
order by week desc nulls last, site nulls last, speaker_rank, speaker;
