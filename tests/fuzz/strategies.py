"""Hostile input: long strings, control characters, mixed scripts, SQL and HTML, huge numbers."""

from hypothesis import strategies as st

SNIPPETS = [
    "'; DROP TABLE accounts_user; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% debug %}",
    "%(name)s",
    "../../etc/passwd",
    "Đoàn TNCS Hồ Chí Minh",
    "ꦲꦤ꧀ 漢字 العربية 🚀",
    "\u202eRTL override",
    "\x00",
    "\r\n\t",
    "9" * 40,
    "-1",
    "1e308",
    "NaN",
    " ",
    "",
]

hostile_text = st.one_of(
    st.sampled_from(SNIPPETS),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=400),
    st.builds(lambda s, n: s * n, st.sampled_from(SNIPPETS[:4]), st.integers(50, 400)),
    st.integers(-(10**30), 10**30).map(str),
)


def hostile_form(*names, **strategies):
    """A form's data: hostile text in each field of `names`, the given strategies in the others."""
    return st.fixed_dictionaries({**dict.fromkeys(names, hostile_text), **strategies})
