"""The word-pair index of ideas (0005) also holds each idea's field, campaign and unit, so a
search combined with the gallery's filters is one intersection of posting lists.

Without them, a phrase frequent overall but rare under a filter ("robot" among agriculture
ideas) was either read until the filtered rows ran out or looked up by its words and then
filtered row by row: 0.6-1.8 s at a million ideas. With them, "@f3" (field 3), "@c7"
(campaign 7, "@c0" for none) and "@u12" (unit 12) are tokens like the words: "@" is never part
of a word, so they cannot meet a word's token. ideas.selectors.filter_tokens asks for them.
PostgreSQL only, like 0005.
"""

from django.db import migrations

from partnership.migration_ops import postgres_sql

PUBLIC = (
    "consent_to_publish AND status IN "
    "('under_review', 'shortlisted', 'awarded', 'not_selected', 'applied')"
)

FUNCTION = """
CREATE OR REPLACE FUNCTION ideas_filter_tokens(field_id bigint, campaign_id bigint, unit_id bigint)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_tsvector(ARRAY[
    '@f' || coalesce(field_id, 0), '@c' || coalesce(campaign_id, 0), '@u' || coalesce(unit_id, 0)
  ])
$$
"""

WORDS = "ideas_search_tokens(search_text)"
WITH_FILTERS = f"({WORDS} || ideas_filter_tokens(field_id, campaign_id, unit_id))"


class Migration(migrations.Migration):
    dependencies = [("ideas", "0005_search_words")]

    operations = [
        postgres_sql(
            [
                FUNCTION,
                "DROP INDEX IF EXISTS ideas_idea_search_tokens",
                "CREATE INDEX ideas_idea_search_tokens ON ideas_idea "
                f"USING gin ({WITH_FILTERS}) WHERE {PUBLIC}",
            ],
            [
                "DROP INDEX IF EXISTS ideas_idea_search_tokens",
                "CREATE INDEX ideas_idea_search_tokens ON ideas_idea "
                f"USING gin ({WORDS}) WHERE {PUBLIC}",
                "DROP FUNCTION IF EXISTS ideas_filter_tokens(bigint, bigint, bigint)",
            ],
        )
    ]
