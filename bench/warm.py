"""Read every line of a bench/mixed URL list once, a few at a time (bench/mixed's warm-up).

.venv/bin/python bench/warm.py BASE LIST "officer=Cookie: ..." "liaison=Cookie: ..."
"""

import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def main() -> None:
    base, path = sys.argv[1], sys.argv[2]
    cookies = dict(arg.split("=Cookie: ", 1) for arg in sys.argv[3:])
    with open(path, encoding="utf-8") as f:
        lines = sorted({tuple((line.rstrip("\n") + "\t").split("\t")[:2]) for line in f})

    def get(line: tuple[str, str]) -> None:
        url, who = line
        headers = {"Cookie": cookies[who]} if who else {}
        try:
            with urllib.request.urlopen(urllib.request.Request(base + url, headers=headers)) as r:
                r.read()
        except urllib.error.HTTPError:
            pass

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(get, lines))


if __name__ == "__main__":
    main()
