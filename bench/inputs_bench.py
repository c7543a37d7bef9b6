"""Inputs benchmark: copy detection at scale, the cost of reading a page's metadata, refusing a huge file.

Run: .venv/bin/python bench/inputs_bench.py [--sizes 500 2000 5000] [--exact-max 500] [--pages 200]

1. Copies: N independent synthetic articles (~300 words drawn from a 20,000-word Zipf vocabulary),
   a tenth of them reprinted with 5 % of the words changed. `group_copies` (MinHash LSH candidates,
   exact Jaccard check) against checking every pair exactly, side by side, up to --exact-max: time
   and whether both find the same groups.
2. Pages: `read_article` on saved pages with JSON-LD and OpenGraph, with the page metadata read
   (extruct) and with it stubbed out, in one run: ms per page and the ratio.
3. A 20 MB file (sparse) is refused: ms from collection to the error, nothing read.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import summarizer.ingest.html as html_module  # noqa: E402
from summarizer.core.errors import InputError  # noqa: E402
from summarizer.ingest import collect_items, load, read_article  # noqa: E402
from summarizer.ingest.fields import Meta  # noqa: E402
from summarizer.reconciliation.copies import COPY_THRESHOLD, group_copies, jaccard, shingles  # noqa: E402

PAGE = (ROOT / "tests" / "data" / "inputs" / "page.html").read_text(encoding="utf-8")


def corpus(n: int, seed: int = 0) -> dict[str, str]:
    rng = random.Random(seed)
    vocab = [f"слово{i}" for i in range(20000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    texts: dict[str, str] = {}
    originals = int(n * 0.9)
    for i in range(originals):
        texts[f"{i:05d}.txt"] = " ".join(rng.choices(vocab, weights, k=300))
    for i in range(originals, n):
        words = texts[f"{rng.randrange(originals):05d}.txt"].split()
        for k in rng.sample(range(len(words)), len(words) // 20):
            words[k] = rng.choice(vocab)
        texts[f"{i:05d}.txt"] = " ".join(words)
    return texts


def exact_groups(texts: dict[str, str]) -> dict[str, str]:
    """Every pair checked: the reference `group_copies` must equal."""
    ids = list(texts)
    sets = {i: shingles(texts[i]) for i in ids}
    parent = {i: i for i in ids}

    def root(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in itertools.combinations(ids, 2):
        if jaccard(sets[a], sets[b]) >= COPY_THRESHOLD:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb, key=ids.index)] = min(ra, rb, key=ids.index)
    groups = {i: root(i) for i in ids}
    sizes = {r: list(groups.values()).count(r) for r in set(groups.values())}
    return {i: r for i, r in groups.items() if sizes[r] > 1}


def bench_copies(sizes: list[int], exact_max: int) -> None:
    print("copies: group_copies (MinHash LSH + exact check) vs every pair checked exactly")
    print(f"{'articles':>8}  {'LSH s':>7}  {'pairs s':>8}  {'ratio':>6}  {'grouped':>7}  same groups")
    group_copies({"a": "warm up the import", "b": "warm up the import"})
    for n in sizes:
        texts = corpus(n)
        started = time.perf_counter()
        found = group_copies(texts)
        lsh = time.perf_counter() - started
        if n <= exact_max:
            started = time.perf_counter()
            reference = exact_groups(texts)
            pairs = time.perf_counter() - started
            print(f"{n:>8}  {lsh:>7.2f}  {pairs:>8.2f}  {pairs / lsh:>5.1f}x  {len(found):>7}  {found == reference}")
        else:
            print(f"{n:>8}  {lsh:>7.2f}  {'-':>8}  {'-':>6}  {len(found):>7}  (not compared)")


def bench_pages(pages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(pages):
            path = Path(tmp) / f"{i:04d}.html"
            path.write_text(PAGE.replace("Сторони обговорили", f"Сторони (матеріал {i}) обговорили"), encoding="utf-8")
            paths.append(path)
        real = html_module.page_meta
        timings = {}
        for label, meta in (("with metadata", real), ("metadata stubbed", lambda html, tree: Meta())):
            html_module.page_meta = meta  # type: ignore[assignment]
            read_article(paths[0])  # imports
            started = time.perf_counter()
            for path in paths:
                read_article(path)
            timings[label] = (time.perf_counter() - started) / pages * 1000
        html_module.page_meta = real
    print(f"\npages: read_article on {pages} saved pages (JSON-LD, OpenGraph, canonical link)")
    for label, ms in timings.items():
        print(f"  {label:<17} {ms:6.2f} ms/page")
    print(f"  metadata costs   {timings['with metadata'] / timings['metadata stubbed']:6.2f}x the page without it")


def bench_refusal() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "dump.txt"
        with big.open("wb") as fh:
            fh.truncate(20 * 2**20)
        started = time.perf_counter()
        (item,) = collect_items([big])
        try:
            load(item)
        except InputError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            print(f"\nhuge file: a 20 MB file refused in {elapsed:.2f} ms: {exc.problem}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    ap.add_argument("--exact-max", type=int, default=500, help="check every pair up to this many articles")
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args()
    bench_copies(args.sizes, args.exact_max)
    bench_pages(args.pages)
    bench_refusal()
    return 0


if __name__ == "__main__":
    sys.exit(main())
