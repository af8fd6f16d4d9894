"""Django's database sessions, read with one plain SQL statement.

The session is read from the database on every logged-in request (never from Redis: a log-out
whose cache delete was lost while Redis was down would otherwise stay valid; docs/security.md).
Django's `db` backend reads it through the ORM, whose query building costs several times what
the database spends on a primary-key lookup; this store reads `session_data` directly and
leaves everything else (saving, expiry, flushing, clearing) to Django's backend.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s"  # noqa: S608 - the model's own table name, quoted
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
