#!/usr/bin/env python3
"""Writes COUNT mutated copies of the valid fixture plans into OUTDIR, for the
differential test (tests/editors/differential.sh OUTDIR): each copy gets one to four
random edits (insert a tricky token, delete a few characters, duplicate a slice, move a
field's value to the next line).
The same SEED gives the same files.

    python3 tests/editors/mutate_plans.py [--seed N] [--count N] OUTDIR
"""
import argparse
import pathlib
import random
import re

HERE = pathlib.Path(__file__).resolve().parent

# Tokens and characters where two parsers are most likely to disagree.
PIECES = [
    "{", "}", ",", '"', "\\", "#", "##", "\n", "\r\n", "\r", " ", "\t", "-", "_", "0", "a", "@",
    "45m", "45min", "1w", "3d", "2H", "12", "007", "1.5", "2026-01-05", "2026-1-5",
    "2026-02-30", "team", "person", "centralized-liaison", "team-x", "x-", "_a",
    '"x"', '"\\n"', "\\q", "é", "山", "Ⅻ", "²", "٣", "\U0001F600",
    "\u0301", "\u00a0", "\u2028", "\u0085", "\u000b", "\u3000", "\u200b", "\u00ad",
    "\ufeff", "\x7f",
    # Not "\x00": tree-sitter takes U+0000 for the end of input (see grammar/README.md).
]


# A word followed by spaces and more text on its line: a field key and its first value
# (or a kind and its name, a value and the next key), where a line break matters.
KEY_THEN_VALUE = re.compile(r"(?<![^\s{])[\w-]+([ \t]+)(?=[^\s#])")


def mutate(text: str, rnd: random.Random) -> str:
    for _ in range(rnd.randint(1, 4)):
        p = rnd.randrange(len(text) + 1)
        op = rnd.random()
        gaps = [m.span(1) for m in KEY_THEN_VALUE.finditer(text)] if op >= 0.85 else []
        if gaps:
            # Version 2: a field's first value must be on its key's line.
            start, end = rnd.choice(gaps)
            text = text[:start] + rnd.choice(["\n", "\r\n", " # c\n", "\n\n  "]) + text[end:]
        elif op < 0.35:
            text = text[:p] + rnd.choice(PIECES) + text[p:]
        elif op < 0.6:
            text = text[:p] + text[p + rnd.randint(1, 5):]
        else:
            q = rnd.randrange(len(text) + 1)
            text = text[:p] + text[q:q + rnd.randint(1, 8)] + text[p:]
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=150)
    ap.add_argument("outdir", type=pathlib.Path)
    args = ap.parse_args()
    sources = [p.read_text(encoding="utf-8") for p in sorted((HERE / "fixtures" / "valid").glob("*.plan"))]
    rnd = random.Random(args.seed)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for i in range(args.count):
        text = mutate(rnd.choice(sources), rnd)
        (args.outdir / f"mutant-{args.seed}-{i:04d}.plan").write_text(text, encoding="utf-8", newline="")
    print(f"wrote {args.count} mutated plans (seed {args.seed}) to {args.outdir}")


if __name__ == "__main__":
    main()
