"""Write lexicons/divisions.txt: China's administrative divisions down to the
county level, from the data file the PyPI package cpca ships
(cpca/resources/adcodes.csv: the national statistical division codes, MIT).

    pip download --no-deps cpca==0.5.5 -d /tmp/cpca
    python -m kg.data.make_divisions /tmp/cpca/cpca-0.5.5-py3-none-any.whl

Not run at build time: the lexicon it writes is part of the package, so kg
needs neither cpca nor its dependencies (pandas, pyahocorasick).
"""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

TARGET = Path(__file__).with_name("lexicons") / "divisions.txt"
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}  # rows that name no place


def level(code: str) -> str:
    return "province" if code[2:].strip("0") == "" else "city" if code[4:].strip("0") == "" else "county"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        version = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA")).split("/")[0]
        rows = list(csv.DictReader(io.TextIOWrapper(z.open("cpca/resources/adcodes.csv"), encoding="utf-8")))
    out = [
        "# China's administrative divisions (province, city, county), from the PyPI package",
        f"# {version.removesuffix('.dist-info')} (cpca/resources/adcodes.csv, national statistical division",
        "# codes; MIT).  Regenerate with kg/data/make_divisions.py.  name<TAB>code<TAB>level",
    ]
    seen = set()
    for row in sorted(rows, key=lambda r: r["adcode"]):
        code, name = row["adcode"][:6], row["name"].strip()
        if name and name not in _PLACEHOLDERS and (name, code) not in seen:
            seen.add((name, code))
            out.append(f"{name}\t{code}\t{level(row['adcode'])}")
    TARGET.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(seen)} divisions → {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
