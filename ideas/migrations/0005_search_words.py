"""Idea search by words: `search_text` holds the folded words only (partnership.text.words),
and on PostgreSQL an index of word and word-pair tokens finds the candidates of a phrase.

The trigram index answered a phrase by rechecking every idea that contains its trigrams: for
a phrase of common words that matches nothing, that is every idea about either word, so the
cost grew with the table (bench/search.py: 7.5 ms at 100 000 ideas, 56 ms at 1 000 000). The
token index holds each word of an idea and each word with the start of the next one ("thu", "vien",
"thu_vie", ...). A phrase "thu vien rac" needs the pairs "thu_vie" and "vien_rac"; the index
intersects those lists without reading a row, and only the ideas holding both pairs are read
and checked with LIKE.
"""

from django.db import migrations

from partnership.migration_ops import postgres_sql, trigram_indexes

# Which ideas the index covers: ideas.models.PUBLIC_Q, the gallery's and the site search's
# rows (the same predicate as the ideas_public_* indexes).
PUBLIC = (
    "consent_to_publish AND status IN "
    "('under_review', 'shortlisted', 'awarded', 'not_selected', 'applied')"
)

# Every word of the folded text (cut to 60 characters), and every word joined by "_" to the
# first three letters of the next one ("thu vien rac" -> thu, vien, rac, thu_vie, vien_rac):
# the pairs starting at odd words, then those starting at even words. A query's pairs are then
# exact tokens, which the index intersects without collecting a prefix range, even when the
# query's last word is cut short (ideas.selectors.token_query asks the same way).
# array_to_tsvector() keeps each token once. Built-in functions only, about 40 µs a row.
FUNCTION = r"""
CREATE OR REPLACE FUNCTION ideas_search_tokens(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_to_tsvector(string_to_array(btrim(
    w || regexp_replace(w, ' (\S+) (\S{1,3})\S*', ' \1_\2', 'g')
      || regexp_replace(regexp_replace(w, '^ \S+', ''), ' (\S+) (\S{1,3})\S*', ' \1_\2', 'g')
  ), ' '))
  FROM (SELECT regexp_replace(doc, '(\S{60})\S+', '\1', 'g') AS w) AS cut
$$
"""


def refill_search_text(apps, schema_editor):
    """search_text as Idea.save() now writes it, in batches (one UPDATE per batch on
    PostgreSQL: a million ideas in about a minute)."""
    from partnership.text import words

    Idea = apps.get_model("ideas", "Idea")
    connection = schema_editor.connection
    rows = Idea.objects.order_by("pk").values_list("pk", "title", "summary", "field__name")

    def write(batch):
        if connection.vendor != "postgresql":
            Idea.objects.bulk_update(
                [Idea(pk=pk, search_text=t) for pk, t in batch], ["search_text"]
            )
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE ideas_idea SET search_text = new.text"
                " FROM unnest(%s::bigint[], %s::text[]) AS new (id, text)"
                " WHERE ideas_idea.id = new.id",
                [[pk for pk, _ in batch], [t for _, t in batch]],
            )

    batch = []
    for pk, title, summary, field_name in rows.iterator(chunk_size=5000):
        batch.append((pk, words(f"{title} {summary} {field_name or ''}")))
        if len(batch) == 5000:
            write(batch)
            batch = []
    if batch:
        write(batch)


# The phrase is now found through the token index; LIKE only rechecks its rows (and refilling
# search_text is faster without a trigram index to maintain). Undone, the index comes back.
_TRIGRAM = trigram_indexes({"ideas_idea_search_trgm": ("ideas_idea", "search_text")})


class Migration(migrations.Migration):
    dependencies = [("ideas", "0004_scale_indexes")]

    operations = [
        migrations.RunPython(_TRIGRAM.reverse_code, _TRIGRAM.code),
        migrations.RunPython(refill_search_text, migrations.RunPython.noop, elidable=True),
        postgres_sql(
            [
                FUNCTION,
                "CREATE INDEX IF NOT EXISTS ideas_idea_search_tokens ON ideas_idea "
                f"USING gin (ideas_search_tokens(search_text)) WHERE {PUBLIC}",
            ],
            [
                "DROP INDEX IF EXISTS ideas_idea_search_tokens",
                "DROP FUNCTION IF EXISTS ideas_search_tokens(text)",
            ],
        ),
    ]
