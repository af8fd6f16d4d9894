"""Turn bench/mixed's raw lines into its Markdown table (stdout), ratios to the trivial view.

Input lines (tab separated): mix, writes/s asked, wrk's RESULT key=value pairs, the writer's
summary. The trivial view is measured at the start and the end; the ratio uses their mean.
"""

import sys


def main(path: str, meta: str) -> None:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            mix, rate, result, writes = line.rstrip("\n").split("\t")
            values = dict(kv.split("=", 1) for kv in result.split()[1:]) if result else {}
            rows.append((mix, rate, values, writes))
    trivial = [float(v["rps"]) for mix, _r, v, _w in rows if mix.startswith("trivial") and v]
    base = sum(trivial) / len(trivial) if trivial else 0.0
    print(meta)
    print()
    print("| mix | writes/s | req/s | × trivial | p50 ms | p95 ms | errors | writes done |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for mix, rate, v, writes in rows:
        if not v:
            print(f"| {mix} | {rate} | – | – | – | – | – | not run |")
            continue
        rps = float(v["rps"])
        ratio = f"{rps / base:.0%}" if base else "–"
        errors = int(v["http_errors"]) + int(v["socket_errors"])
        done = writes.split(" by_kind")[0] if writes != "–" else "–"
        print(
            f"| {mix} | {rate} | {rps:.0f} | {ratio} | {float(v['p50']):.1f} "
            f"| {float(v['p95']):.1f} | {errors} | {done} |"
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
