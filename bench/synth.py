"""A synthetic corpus for benchmarks: N variants of the real documents in corpus/.

Each variant takes one source document and swaps its university (header mark,
title, signature, body), its dates (成文日期 and 印发 date, shifted together),
its document number (new code, year and serial, the source's brackets kept)
and its body sections (some dropped, the rest shuffled and renumbered).
The layout of the source (spaces, line breaks, bracket style) is kept, so the
variants are as hard for the extractor as the originals.

    python bench/synth.py --n 1000 --seed 1 --out /tmp/corpus
    python bench/synth.py --n 50 --check      # build it with kg; compare fields

The same seed gives the same files, and a corpus of N is the first N files
of any bigger one with the same seed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "corpus"

# (name, short form) of plausible issuers; the short form goes into the
# document number's code (泉师委组〔2020〕2号) and wherever a source used its own.
UNIVERSITIES = [
    ("北京理工大学", "北理"), ("南京师范大学", "南师"), ("华中农业大学", "华农"),
    ("西南交通大学", "西交"), ("东北林业大学", "东林"), ("山东师范大学", "山师"),
    ("湖南科技大学", "湘科"), ("浙江工业大学", "浙工"), ("河北工业大学", "河工"),
    ("江西财经大学", "江财"), ("安徽建筑大学", "安建"), ("福建农林大学", "福农"),
    ("广西师范大学", "广师"), ("云南财经大学", "云财"), ("贵州民族大学", "贵民"),
    ("重庆交通大学", "重交"), ("四川农业大学", "川农"), ("陕西科技大学", "陕科"),
    ("甘肃政法大学", "甘政"), ("新疆农业大学", "新农"), ("内蒙古工业大学", "内工"),
    ("吉林建筑大学", "吉建"), ("辽宁工程技术大学", "辽工"), ("上海海事大学", "海事"),
    ("苏州科技大学", "苏科"), ("常州工学院", "常工"), ("温州医科大学", "温医"),
    ("宁波工程学院", "宁工"), ("湖北工业大学", "湖工"), ("武汉纺织大学", "武纺"),
    ("长沙理工大学", "长理"), ("郑州轻工业大学", "郑轻"), ("河南工程学院", "豫工"),
    ("南昌航空大学", "昌航"), ("桂林电子科技大学", "桂电"), ("海南师范大学", "海师"),
    ("西安石油大学", "西石"), ("兰州交通大学", "兰交"), ("青海民族大学", "青民"),
    ("宁夏医科大学", "宁医"), ("太原理工大学", "太理"), ("石家庄铁道大学", "石铁"),
    ("沈阳建筑大学", "沈建"), ("哈尔滨商业大学", "哈商"), ("长春工程学院", "长工"),
    ("深圳职业技术学院", "深职"), ("无锡职业技术学院", "锡职"), ("金华职业技术学院", "金职"),
    ("成都航空职业技术学院", "成航"), ("湖南铁道职业技术学院", "湖铁"),
    ("山东商业职业技术学院", "鲁商"), ("黄河水利职业技术学院", "黄职"),
]
# the organ part of a code, after the university's short form
CODE_SUFFIXES = ["党发", "党组", "委组", "党字", "组字", "委发", "党办"]
# short forms the sources use in their bodies (交大党员, 泉师文〔2020〕6号)
SOURCE_ALIASES = {"北京交通大学": ["交大"], "泉州师范学院": ["泉师"]}

SP = r"([ \t\u3000]*)"  # spaces as printed, never a line break
ISSUER = re.compile(r"中共(\S{2,20}?(?:大学|学院))委员会")
# the number line as printed: code, any year brackets, serial, spaces kept
NUMBER = re.compile(rf"^{SP}(\S+?)([„〔\[［【(（])((?:19|20)\d\d)([‟〕\]］】)）]){SP}(\d+){SP}号", re.M)
DATE = re.compile(rf"((?:19|20)\d\d){SP}年{SP}(\d{{1,2}}){SP}月{SP}(\d{{1,2}}){SP}日")
HEADING = re.compile(rf"^{SP}([一二三四五六七八九十]+)、")
NUMERALS = "一二三四五六七八九十"


def load_sources(folder: Path = SOURCES) -> list[tuple[str, str]]:
    # newline="" keeps the sources' own line endings
    out = []
    for p in sorted(folder.glob("*.txt")):
        with open(p, encoding="utf-8", newline="") as f:
            out.append((p.stem, f.read()))
    return out


def variant(text: str, rng: random.Random, taken: set) -> tuple[str, dict]:
    """One synthetic document from ``text`` and what the extractor should find in it."""
    old = ISSUER.search(text).group(1)
    new, abbr = rng.choice([u for u in UNIVERSITIES if u[0] != old])
    text = _sections(text, rng)

    # dates: one shift for all, so 印发 stays the same days after 成文
    signed = [m for m in DATE.finditer(text) if not text.startswith("印发", m.end())][-1]
    day = _day(signed) + dt.timedelta(days=rng.randint(-700, 900))
    shift = day - _day(signed)
    text = DATE.sub(lambda m: _shifted(m, shift), text)

    # number: new code and serial, unique in the corpus (the graph keys documents by it)
    while True:
        code, serial = abbr + rng.choice(CODE_SUFFIXES), rng.randint(1, 99)
        if (code, day.year, serial) not in taken:
            break
    taken.add((code, day.year, serial))
    text = NUMBER.sub(lambda m: f"{m[1]}{code}{m[3]}{day.year}{m[5]}{m[6]}{serial}{m[8]}号", text, count=1)

    # issuer last, in one pass, so the new name is never rewritten again
    names = {old: new, **{a: abbr for a in SOURCE_ALIASES.get(old, [])}}
    text = re.sub("|".join(sorted(names, key=len, reverse=True)), lambda m: names[m[0]], text)

    printed = [m for m in DATE.finditer(text) if text.startswith("印发", m.end())]
    expected = {
        "doc_number": f"{code}〔{day.year}〕{serial}号",
        "date": day.isoformat(),
        "printed_on": _day(printed[0]).isoformat() if printed else None,
        "university": new,
        "sections": len(heading_lines(text)),
    }
    return text, expected


def heading_lines(text: str) -> list[int]:
    lines = text.splitlines(keepends=True)
    return [i for i, line in enumerate(lines) if HEADING.match(line)]


def _sections(text: str, rng: random.Random) -> str:
    """Drop up to two sections and shuffle the rest, renumbered 一、二、…

    The last section stays last: nothing marks where it ends and the closing
    paragraphs begin, so it carries them along.
    """
    lines = text.splitlines(keepends=True)
    at = heading_lines(text)
    assert [HEADING.match(lines[i])[2] for i in at] == list(NUMERALS[: len(at)]), "headings not 一、二、…"
    chunks = [lines[a:b] for a, b in zip(at, at[1:])]  # all but the last section
    fewest = min(len(chunks), max(1, len(chunks) - 2))
    keep = rng.sample(chunks, rng.randint(fewest, len(chunks)))
    body = keep + [lines[at[-1]:]]
    out = lines[: at[0]]
    for k, chunk in enumerate(body):
        out.append(HEADING.sub(lambda m: m[1] + NUMERALS[k] + "、", chunk[0], count=1))
        out.extend(chunk[1:])
    return "".join(out)


def _day(m: re.Match) -> dt.date:
    return dt.date(int(m[1]), int(m[4]), int(m[7]))


def _shifted(m: re.Match, shift: dt.timedelta) -> str:
    d = _day(m) + shift
    return f"{d.year}{m[2]}年{m[3]}{d.month}{m[5]}月{m[6]}{d.day}{m[8]}日"


def generate(n: int, out: Path, seed: int = 1) -> list[dict]:
    """Write n documents into ``out`` plus manifest.jsonl (what each should yield)."""
    rng = random.Random(seed)
    sources = load_sources()
    out.mkdir(parents=True, exist_ok=True)
    taken: set = set()
    manifest = []
    for i in range(n):
        stem, text = sources[i % len(sources)]  # round robin: every source equally often
        doc, expected = variant(text, rng, taken)
        name = f"{i:05d}_{stem[:3]}.txt"
        (out / name).write_text(doc, encoding="utf-8", newline="")
        manifest.append({"source": name, **expected})
    # .jsonl is no input format for kg, so the manifest can stay in the corpus folder
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest)
    return manifest


def check(corpus: Path, manifest: list[dict]) -> list[str]:
    """Build ``corpus`` with ``python -m kg build``; the problems found, if any."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the working tree's kg
        run = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", tmp, "-q"],
                             cwd=ROOT, env=env, capture_output=True, text=True)
        print(run.stdout.strip() or run.stderr.strip())
        if run.returncode:
            return [f"kg build failed ({run.returncode}): {run.stderr.strip()}"]
        report = json.loads(Path(tmp, "report.json").read_text(encoding="utf-8"))
        records = {r["source"]: r for r in map(json.loads, Path(tmp, "records.jsonl").open(encoding="utf-8"))}
    problems = [f"skipped {s['file']}: {s['reason']}" for s in report["skipped"]]
    problems += [f"warning {w}" for w in report["warnings"] if "same document number" in w]
    if report["documents"] != len(manifest):
        problems.append(f"built {report['documents']} of {len(manifest)}")
    for want in manifest:
        got = records.get(want["source"])
        if got is None:
            problems.append(f"{want['source']}: no record")
            continue
        for key in ("doc_number", "date", "printed_on"):
            if got[key] != want[key]:
                problems.append(f"{want['source']}: {key} {got[key]!r} != {want[key]!r}")
        if want["university"] not in (got["issuer"] or ""):
            problems.append(f"{want['source']}: issuer {got['issuer']!r} lacks {want['university']}")
        if len(got["sections"]) != want["sections"]:
            problems.append(f"{want['source']}: {len(got['sections'])} sections != {want['sections']}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=50, help="number of documents")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, help="folder to write (default: a temporary one with --check)")
    ap.add_argument("--check", action="store_true",
                    help="build the corpus with kg and compare doc_number/date/… with what was generated")
    args = ap.parse_args()
    if args.out is None and not args.check:
        ap.error("--out is required without --check")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        manifest = generate(args.n, out, args.seed)
        print(f"{len(manifest)} documents in {out}")
        if args.check:
            problems = check(out, manifest)
            for p in problems:
                print(p)
            print(f"check: {'FAILED, ' + str(len(problems)) + ' problems' if problems else 'ok'}")
            sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
