"""The dashboard page (a Streamlit script): who is quoted, about which weapons, in which outlets.

`newsware dashboard` runs it as `streamlit run flows/dashboard_app.py -- --warehouse PATH`; without
`--warehouse` it reads the warehouse of the settings (NEWSWARE_WAREHOUSE, else the bundled config's).
Every query is a file in sql/dashboard/ and opens the warehouse read-only for just that query, so a
nightly run that publishes a new file by renaming it over the old one is never blocked, and the next
interaction or reload shows the new file.
"""
from __future__ import annotations

import difflib
import html
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import duckdb
import pandas as pd
import streamlit as st

from warehouse.connect import WarehouseError, connect, read_sql

QUOTES_SHOWN = 50
SPEAKERS_CHARTED = 6
TOP_SPEAKERS = 12
DESCRIPTIONS_SHOWN = 8
LANGUAGES_NAMED = 4    # the most common languages named in the note on articles without quotes
LOCK_WAIT_SECONDS = 5   # only a writer holds a file lock, and runs never write the published file
CHART_HEIGHT = 420     # Streamlit fits axes and legend inside it too
BAR_ROW_HEIGHT = 26    # horizontal bars: room for every label
LEGEND_HEIGHT = 150
QUOTE_LIST_HEIGHT = 640
NO_OUTLET = "no known outlet"
NO_LANGUAGE = "undetermined"
PICK = "pick"   # the ranking chart's selection: a click on a person's bar

PAGE_STYLE = """
<style>
.nw-quote { border-left: 4px solid #ff4b4b; background: #f7f8fa; border-radius: 0 6px 6px 0;
            padding: 0.55rem 0.9rem; margin: 0 0 0.55rem 0; }
.nw-quote .nw-words { font-size: 1.02rem; line-height: 1.45; }
.nw-quote .nw-context { color: #4a4f5a; line-height: 1.5; }
.nw-quote .nw-said { color: #16181d; font-weight: 600; }
.nw-meta { color: #5c6270; font-size: 0.86rem; margin-top: 0.25rem; }
.nw-meta a { color: #1c6dd0; text-decoration: none; }
.nw-versions { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
.nw-versions th { text-align: left; background: #f0f2f6; padding: 0.45rem 0.6rem; vertical-align: bottom; }
.nw-versions td { border-top: 1px solid #e3e5ea; padding: 0.5rem 0.6rem; vertical-align: top; line-height: 1.4; }
.nw-versions td.nw-speaker { font-weight: 600; white-space: nowrap; }
.nw-missing { color: #9aa0ab; }
.nw-versions mark { background: #fff0a8; padding: 0 1px; border-radius: 2px; }
</style>
"""


# ------------------------------------------------------------------------------------ the warehouse
def warehouse_path() -> Path:
    """The file named after `--warehouse` in the script's arguments, else the settings' warehouse."""
    args = sys.argv[1:]
    if "--warehouse" in args[:-1]:
        return Path(args[args.index("--warehouse") + 1]).expanduser().absolute()
    from transforms.settings import load_settings
    return load_settings().warehouse.path


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a run publishes a new warehouse (a rename gives a new inode); None if absent."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_query(path: str, stamp: tuple[int, int, int], name: str, params: dict[str, Any]) -> pd.DataFrame:
    # `stamp` is only part of the cache key: a newly published warehouse is queried afresh.
    with connect(Path(path), read_only=True, lock_wait=LOCK_WAIT_SECONDS) as con:
        con.execute(read_sql("dashboard/chosen_articles.sql"))   # the filters, for the queries that read them
        return con.execute(read_sql(f"dashboard/{name}.sql"), params).df()


class Warehouse:
    """The published warehouse file as this rerun of the page found it."""

    def __init__(self, path: Path, stamp: tuple[int, int, int]) -> None:
        self.path, self.stamp = path, stamp

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """The rows of sql/dashboard/<name>.sql with its $parameters."""
        return _cached_query(str(self.path), self.stamp, name, params)


@dataclass(frozen=True)
class Filters:
    """The articles the analyst chose; every section below reads only these (sql/dashboard/chosen_articles.sql).
    No dates when no article is dated; empty `sites` or `languages` keep all ('' is no known outlet or
    an undetermined language)."""

    first_day: date | None
    last_day: date | None
    undated: bool
    sites: tuple[str, ...]
    languages: tuple[str, ...]

    def params(self, undated: bool | None = None) -> dict[str, Any]:
        """The $parameters of chosen_articles(...); `undated` overrides the choice (charts over time)."""
        return {"first_day": self.first_day, "last_day": self.last_day,
                "undated": self.undated if undated is None else undated,
                "sites": list(self.sites), "languages": list(self.languages)}


# ------------------------------------------------------------------------------------------ helpers
def day(value: Any) -> str:
    return value.strftime("%Y-%m-%d") if pd.notna(value) else "undated"


def text_or(value: Any, missing: str) -> str:
    """`value` when it is a non-empty string; a null from the warehouse (None, or NaN in a DataFrame) is `missing`."""
    return value if isinstance(value, str) and value else missing


def outlet(site: Any) -> str:
    return text_or(site, NO_OUTLET)


def language_name(code: Any) -> str:
    return text_or(code, NO_LANGUAGE)


def counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def period_label(period: pd.Timestamp, grain: str) -> str:
    return period.strftime("%G-W%V") if grain == "week" else period.strftime("%b %Y")


def article_link(url: Any, text: str = "article ↗") -> str:
    """An HTML link to an article's page, or nothing when the warehouse has no http(s) URL for it."""
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">{html.escape(text)}</a>'
    return ""


def marked_versions(versions: list[str]) -> list[str]:
    """Each version as HTML, the words that differ between it and the first version marked (and in the
    first, the words that some other version differs on); case and punctuation do not count."""
    words = [version.split() for version in versions]
    compared = [[re.sub(r"\W", "", word.lower()) for word in version] for version in words]
    marked: list[set[int]] = [set() for _ in versions]
    for number, other in enumerate(compared[1:], start=1):
        matcher = difflib.SequenceMatcher(a=compared[0], b=other, autojunk=False)
        for tag, first_start, first_end, other_start, other_end in matcher.get_opcodes():
            if tag != "equal":
                marked[0].update(range(first_start, first_end))
                marked[number].update(range(other_start, other_end))
    return [_with_marks(version, marks) for version, marks in zip(words, marked)]


def _with_marks(words: list[str], marks: set[int]) -> str:
    runs: list[tuple[bool, list[str]]] = []
    for index, word in enumerate(words):
        if runs and runs[-1][0] == (index in marks):
            runs[-1][1].append(word)
        else:
            runs.append((index in marks, [word]))
    return " ".join(f"<mark>{html.escape(' '.join(run))}</mark>" if is_marked else html.escape(" ".join(run))
                    for is_marked, run in runs)


def ordered_axis(field: str, labels: list[str], title: str | None = None) -> alt.X:
    return alt.X(f"{field}:O", sort=labels, scale=alt.Scale(domain=labels), title=title,
                 axis=alt.Axis(labelAngle=0, labelOverlap="greedy"))


# --------------------------------------------------------------------------------------- the page
def headline(warehouse: Warehouse) -> bool:
    """Title, what the warehouse holds and its latest run; False when it holds no articles yet."""
    st.title("newsware: who said what, about which weapons")
    overview = warehouse.query("overview").iloc[0]
    if not overview["articles"]:
        st.info(f"The warehouse at {warehouse.path} holds no articles yet: `newsware run` loads some.")
        return False
    span = (f"articles dated {day(overview['first_published'])} to {day(overview['last_published'])}"
            if pd.notna(overview["first_published"]) else "no dated articles")
    last_run = (f"last run finished {overview['last_run_finished']:%Y-%m-%d %H:%M} ({overview['last_run_status']})"
                if pd.notna(overview["last_run_finished"]) else "no finished run recorded")
    st.caption(f"Reading `{warehouse.path}` (read-only) · {span} · {last_run} · "
               "a new warehouse from a nightly run shows at your next click or reload")
    columns = st.columns(5)
    for column, (label, value) in zip(columns, [
            ("Articles", overview["articles"]), ("Outlets", overview["outlets"]), ("Quotes", overview["quotes"]),
            ("People quoted", overview["people_quoted"]), ("Weapons systems named", overview["systems"])]):
        column.metric(label, f"{int(value):,}", border=True)
    return True


def articles_without_quotes(languages: pd.DataFrame) -> str | None:
    """Why articles have no people or quotes: not looked for (a language without extraction rules, as
    `articles.skipped` records), or looked for and not found. None when every article has some."""
    without = languages["articles"] - languages["with_people_or_quotes"]
    total, missing = int(languages["articles"].sum()), int(without.sum())
    if not missing:
        return None
    unread = languages[languages["not_attempted"] > 0]
    read_without = missing - int(unread["not_attempted"].sum())
    note = f"**{missing:,} of the {total:,} articles ({missing / total:.0%}) have no people or quotes extracted.**"
    if len(unread):
        named = [f"{language_name(row.language)} {row.not_attempted:,}"
                 for row in unread.head(LANGUAGES_NAMED).itertuples()]
        rest = unread.iloc[LANGUAGES_NAMED:]
        if len(rest):
            named.append(f"{int(rest['not_attempted'].sum()):,} in {len(rest)} other languages")
        note += (f" {int(unread['not_attempted'].sum()):,} are in a language without extraction rules "
                 f"({', '.join(named)}): people and quotes were not looked for in them; the weapons systems "
                 "they name are counted.")
    if read_without:
        note += (f" {'The other' if len(unread) else 'All'} {read_without:,} were read and quote no one the "
                 "rules recognise.")
    return note


def choose_articles(warehouse: Warehouse) -> Filters:
    """The filters: a date range, outlets and languages; says how much they keep."""
    dates = warehouse.query("filter_dates").iloc[0]
    outlet_counts = dict(warehouse.query("outlets").itertuples(index=False))
    languages = warehouse.query("languages")
    if note := articles_without_quotes(languages):
        st.info(note, icon=":material/translate:")
    article_counts = dict(zip(languages["language"], languages["articles"]))
    with st.container(border=True):
        dates_column, outlets_column, languages_column = st.columns([2, 3, 2])
        if pd.isna(dates["first_day"]):
            first_day = last_day = None
            dates_column.caption("No article is dated: every article is shown.")
        else:
            earliest, latest = dates["first_day"].date(), dates["last_day"].date()
            chosen = dates_column.date_input(
                "Published", value=(dates["default_first_day"].date(), latest), min_value=earliest,
                max_value=latest, format="YYYY-MM-DD", key="dates",
                help=f"Articles are dated {earliest} to {latest}. The page opens on the months of the newest "
                     "90% of dated quotes, so that a few old articles do not squeeze the charts; clear "
                     "the field to see every date.")
            # While a range is being picked the widget holds only its first day; cleared, it holds none.
            first_day, last_day = (tuple(chosen) + (earliest, latest)[len(chosen):])[:2]
        sites = outlets_column.multiselect(
            "Outlets", list(outlet_counts), format_func=lambda site: f"{outlet(site)} ({outlet_counts[site]:,})",
            placeholder="All outlets", key="outlets")
        chosen_languages = languages_column.multiselect(
            "Languages", languages["language"].tolist(),
            format_func=lambda code: f"{language_name(code)} ({article_counts[code]:,})",
            placeholder="All languages", key="languages")
        undated = bool(dates["undated_articles"]) and first_day is not None and st.checkbox(
            f"Also the {int(dates['undated_articles']):,} undated articles", value=True, key="undated")
        filters = Filters(first_day, last_day, undated or first_day is None, tuple(sites), tuple(chosen_languages))
        kept = warehouse.query("chosen_counts", **filters.params()).iloc[0]
        st.caption(f"The filters keep {int(kept['articles']):,} of the {int(languages['articles'].sum()):,} articles "
                   f"and {int(kept['quotes']):,} of the {int(languages['quotes'].sum()):,} quotes "
                   f"({int(kept['people_quoted']):,} people quoted); {int(kept['without_speaker']):,} of these "
                   "quotes have no speaker the rules could name.")
    return filters


def who_is_quoted(warehouse: Warehouse, filters: Filters) -> None:
    st.header("Who is quoted")
    speakers = warehouse.query("top_speakers", **filters.params())
    if speakers.empty:
        st.info("No quote in the chosen articles has a speaker.")
        return
    named = speakers[speakers["kind"] != "description"]
    over_time, top = st.columns([3, 2], gap="large")
    with over_time:
        st.subheader("Quotes by person over time")
        people = named.loc[named["kind"] == "person", "speaker"].tolist()
        picked_column, grain_column = st.columns([4, 1])
        chosen = picked_column.multiselect("People", people, default=people[:SPEAKERS_CHARTED],
                                           placeholder="Choose people to chart")
        grain = grain_column.radio("By", ["month", "week"], horizontal=True)
        quotes_over_time(warehouse, filters, chosen, grain)
        undated = int(speakers.loc[speakers["speaker"].isin(chosen), "undated_quotes"].sum())
        if undated:
            st.caption(f"{undated} quotes of these people come from undated articles and are not in the chart.")
    with top:
        st.subheader("Most quoted by name")
        if named.empty:
            st.info("No quote in the chosen articles names its speaker.")
        else:
            top_named = named.head(TOP_SPEAKERS)
            chart = alt.Chart(top_named).mark_bar(cursor="pointer").encode(
                x=alt.X("quotes:Q", title="quotes"),
                y=alt.Y("speaker:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
                color=alt.Color("kind:N", title=None, legend=alt.Legend(orient="bottom")),
                tooltip=["speaker", "kind", "quotes", "articles", "outlets"],
            ).add_params(alt.selection_point(name=PICK, fields=["person_id"])).properties(
                height=max(CHART_HEIGHT, BAR_ROW_HEIGHT * len(top_named) + LEGEND_HEIGHT))
            st.altair_chart(chart, width="stretch", key="ranking", on_select=pick_person)
            st.caption("Click a person's bar to read what they said, below.")
        descriptions = speakers[speakers["kind"] == "description"]
        if len(descriptions):
            shown = ", ".join(f"“{row.speaker}” {row.quotes}" for row in descriptions.head(DESCRIPTIONS_SHOWN).itertuples())
            st.caption(f"Quoted by a description, not a name ({len(descriptions):,} descriptions, "
                       f"{int(descriptions['quotes'].sum()):,} quotes; not ranked above): {shown}"
                       f"{', …' if len(descriptions) > DESCRIPTIONS_SHOWN else ''}")
    with st.expander("Most quoted by name, by outlet and week (mart_top_speakers_weekly)"):
        leaders = warehouse.query("weekly_leaders", **filters.params())
        leaders["site"] = leaders["site"].map(outlet)
        leaders["iso_week"] = leaders["iso_week"].fillna("undated")
        st.dataframe(leaders, hide_index=True, width="stretch", column_config={
            "iso_week": "week", "site": "outlet", "speaker_rank": "rank", "speaker_kind": "kind"})


def pick_person() -> None:
    """A click on a known person's bar in the ranking chooses them in "What one person said"."""
    picked = st.session_state["ranking"]["selection"].get(PICK) or []
    if picked and picked[0].get("person_id"):
        st.session_state["person"] = picked[0]["person_id"]


def period_axis(filters: Filters, grain: str) -> list[str]:
    """The label of every period of the chosen dates, first to last."""
    frequency = "W-MON" if grain == "week" else "MS"
    first = pd.Timestamp(filters.first_day).to_period("W-SUN" if grain == "week" else "M").start_time
    return [period_label(period, grain) for period in pd.date_range(first, filters.last_day, freq=frequency)]


def quotes_over_time(warehouse: Warehouse, filters: Filters, chosen: list[str], grain: str) -> None:
    if not chosen:
        st.info("Choose people above to chart their quotes.")
        return
    if filters.first_day is None:
        st.info("No article is dated, so there is no time to chart.")
        return
    counts = warehouse.query("quotes_over_time", grain=grain, speakers=chosen, **filters.params(undated=False))
    counts["label"] = [period_label(period, grain) for period in counts["period"]]
    chart = alt.Chart(counts).mark_bar().encode(
        x=ordered_axis("label", period_axis(filters, grain)),
        y=alt.Y("quotes:Q", title="quotes", stack="zero"),
        color=alt.Color("speaker:N", title=None, legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("label:O", title=grain), "speaker", "quotes"],
    ).properties(height=CHART_HEIGHT)
    st.altair_chart(chart, width="stretch")


def person_statements(warehouse: Warehouse, filters: Filters) -> None:
    """One person's quotes, each with the words around it, its outlet, date and article."""
    st.header("What one person said")
    people = warehouse.query("people", **filters.params())
    if people.empty:
        st.info("No known person is quoted in the chosen articles.")
        return
    choices = {row.person_id: f"{row.speaker} · {counted(row.quotes, 'quote')} in {counted(row.articles, 'article')}"
               for row in people.itertuples()}
    person = st.selectbox("Person", list(choices), format_func=choices.get, key="person",
                          help="People the rules recognise by name, most quoted first; type to find one.")
    statements = warehouse.query("person_quotes", person_id=person, **filters.params())
    cards = []
    for row in statements.itertuples():
        passage = (f"{'… ' if row.cut_before else ''}{html.escape(row.context_before)}"
                   f'<span class="nw-said">{html.escape(row.quote)}</span>'
                   f"{html.escape(row.context_after)}{' …' if row.cut_after else ''}")
        cards.append(f'<div class="nw-quote"><div class="nw-context">{passage}</div>'
                     f'<div class="nw-meta">{source_line(row)}</div></div>')
    with st.container(height=min(QUOTE_LIST_HEIGHT, 40 + 150 * len(cards)), border=False):
        st.html("".join(cards))


def source_line(row: Any, speaker: str | None = None) -> str:
    """Where a quote was printed, as HTML: its speaker if given, outlet, date, title and a link."""
    return " · ".join(part for part in [
        f"<b>{html.escape(speaker)}</b>" if speaker else "", html.escape(outlet(row.site)), day(row.published),
        html.escape(text_or(row.title, "")), article_link(row.url)] if part)


def equipment(warehouse: Warehouse, filters: Filters) -> None:
    st.header("Weapons systems in the news")
    by_category = warehouse.query("equipment_by_category", **filters.params())
    if by_category.empty:
        st.info("No chosen article names a weapons system.")
        return
    category_column, month_column = st.columns(2, gap="large")
    with category_column:
        st.subheader("By category and country of origin")
        chart = alt.Chart(by_category).mark_bar().encode(
            x=alt.X("sum(mentions):Q", title="mentions"),
            y=alt.Y("category:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("country_of_origin:N", title="country of origin",
                            legend=alt.Legend(orient="bottom", columns=3)),
            tooltip=["category", "country_of_origin", "mentions", "systems"],
        ).properties(height=max(CHART_HEIGHT, BAR_ROW_HEIGHT * by_category["category"].nunique() + LEGEND_HEIGHT))
        st.altair_chart(chart, width="stretch")
    with month_column:
        st.subheader("Month by month")
        by_month = warehouse.query("equipment_by_month", **filters.params(undated=False))
        if by_month.empty:
            st.info("No chosen dated article names a weapons system.")
        else:
            by_month["label"] = [period_label(month, "month") for month in by_month["month"]]
            chart = alt.Chart(by_month).mark_bar().encode(
                x=ordered_axis("label", period_axis(filters, "month")),
                y=alt.Y("mentions:Q", title="mentions", stack="zero"),
                color=alt.Color("category:N", title=None, legend=alt.Legend(orient="bottom", columns=3)),
                tooltip=[alt.Tooltip("label:O", title="month"), "category", "mentions"],
            ).properties(height=CHART_HEIGHT)
            st.altair_chart(chart, width="stretch")
    with st.expander("Every system named (mart_equipment_by_month)"):
        st.dataframe(warehouse.query("equipment_systems", **filters.params()), hide_index=True, width="stretch",
                     column_config={
                         "country_of_origin": "country of origin",
                         "first_month": st.column_config.DateColumn("first month", format="YYYY-MM"),
                         "last_month": st.column_config.DateColumn("last month", format="YYYY-MM")})


def quote_list(warehouse: Warehouse, filters: Filters) -> None:
    st.header("Quotes")
    search = st.text_input("Search speakers and quotes", placeholder="e.g. Jaishankar, Patriot, interoperability",
                           icon=":material/search:").strip()
    found = warehouse.query("quote_search", search=search, limit=QUOTES_SHOWN, **filters.params())
    matches = int(found["matches"].iloc[0]) if len(found) else 0
    if not matches:
        st.info(f"No speaker or quote of the chosen articles contains “{search}”." if search
                else "The chosen articles have no quotes.")
        return
    shown = f"the newest {len(found)}" if matches > len(found) else "all"
    st.caption(f"{matches} quotes{' match' if search else ''}; showing {shown}, newest first.")
    cards = [f'<div class="nw-quote"><div class="nw-words">“{html.escape(row.quote)}”</div>'
             f'<div class="nw-meta">{source_line(row, text_or(row.speaker, "unknown speaker"))}</div></div>'
             for row in found.itertuples()]
    with st.container(height=QUOTE_LIST_HEIGHT, border=False):
        st.html("".join(cards))


def story_view(warehouse: Warehouse, filters: Filters) -> None:
    st.header("One story across outlets")
    stories = warehouse.query("stories", **filters.params())
    if stories.empty:
        st.info("No event of the chosen articles is reported by more than one article.")
        return

    def label(index: int) -> str:
        story = stories.iloc[index]
        about = text_or(story["title"], text_or(story["speakers"], "untitled"))
        return f"{day(story['first_published'])} · {about} · {story['articles']} articles, {story['outlets']} outlets"

    index = st.selectbox("Story", list(range(len(stories))), format_func=label)
    story_id = stories.iloc[index]["story_id"]
    articles = warehouse.query("story_articles", story_id=story_id)
    names = {}
    for column, article in zip(st.columns(max(len(articles), 2)), articles.itertuples()):
        names[article.article_id] = outlet(article.site)
        with column, st.container(border=True):
            st.markdown(f"**{outlet(article.site)}** · {day(article.published)}")
            if title := text_or(article.title, ""):
                st.markdown(title)
            details = f"{article.quotes} quotes, {article.people} people"
            if not isinstance(article.url, str):
                details += f" · from {Path(article.source).name}"
            st.caption(details)
            if link := article_link(article.url, "read the article ↗"):
                st.html(link)
    statements = warehouse.query("story_statements", story_id=story_id)
    if statements.empty:
        st.caption("No statement in this story is quoted by more than one outlet.")
        return
    st.subheader("The same statements, as each outlet quoted them")
    st.caption("Highlighted: the words in which a version differs from the first outlet's.")
    header = "".join(f"<th>{html.escape(name)}</th>" for name in names.values())
    rows = []
    for statement_id, versions in statements.groupby("statement_id", sort=False):
        by_article = dict(zip(versions["article_id"], marked_versions(versions["quote"].tolist())))
        cells = "".join(
            f"<td>“{by_article[article_id]}”</td>" if article_id in by_article
            else '<td class="nw-missing">not quoted</td>' for article_id in names)
        rows.append(f'<tr><td class="nw-speaker">{html.escape(text_or(versions["speaker"].iloc[0], ""))}</td>{cells}</tr>')
    st.html(f'<table class="nw-versions"><tr><th>speaker</th>{header}</tr>{"".join(rows)}</table>')


def main() -> None:
    # No page_icon: a Material icon would be fetched from Google, and the page must work offline.
    st.set_page_config(page_title="newsware dashboard", layout="wide")
    path = warehouse_path()
    stamp = file_stamp(path)
    if stamp is None:
        st.title("newsware")
        st.error(f"No warehouse at {path}. Run `newsware run` to build it, or start the dashboard with "
                 "`newsware dashboard --warehouse PATH`.")
        return
    warehouse = Warehouse(path, stamp)
    st.html(PAGE_STYLE)
    try:
        if headline(warehouse):
            filters = choose_articles(warehouse)
            who_is_quoted(warehouse, filters)
            person_statements(warehouse, filters)
            equipment(warehouse, filters)
            quote_list(warehouse, filters)
            story_view(warehouse, filters)
    except WarehouseError as err:
        st.error(str(err))
    except duckdb.Error as err:
        reason = str(err).strip().splitlines()[0].rstrip(".!")
        st.error(f"The warehouse at {path} could not be read: {reason}. If it was built "
                 "by an older newsware, one `newsware run` brings its views up to date.")


main()
