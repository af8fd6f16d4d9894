"""Turn bench/run's raw lines into the table (stdout, Markdown) with ratios to the trivial view.

Input lines (tab separated): page, url, role, http status, then wrk's RESULT key=value pairs.
"""

import sys


def main(path, rss_line, meta):
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    for line in lines:
        page, url, role, status, result = line.rstrip("\n").split("\t")
        values = dict(kv.split("=") for kv in result.split()[1:]) if result else {}
        rows.append((page, url, role, status, values))
    trivial = next((float(v["rps"]) for p, *_, v in rows if p == "trivial" and v), None)
    print(meta)
    print()
    print("| page | role | HTTP | req/s | p50 ms | p95 ms | p99 ms | × trivial | targets |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for page, url, role, status, v in rows:
        if not v:
            print(f"| {page} (`{url}`) | {role} | {status} | – | – | – | – | – | not run |")
            continue
        rps, p95 = float(v["rps"]), float(v["p95"])
        ratio = rps / trivial if trivial else 0
        misses = []
        if page != "trivial":
            if ratio < 0.25:
                misses.append("<25% of trivial")
            if p95 > 100:
                misses.append("p95>100ms")
            if int(v["http_errors"]) or int(v["socket_errors"]) or status != "200":
                misses.append(f"errors {v['http_errors']}/{v['socket_errors']}")
        verdict = "–" if page == "trivial" else ("ok" if not misses else ", ".join(misses))
        print(
            f"| {page} (`{url}`) | {role} | {status} | {rps:.0f} | {float(v['p50']):.1f} | "
            f"{p95:.1f} | {float(v['p99']):.1f} | {ratio:.0%} | {verdict} |"
        )
    print()
    print(rss_line)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
