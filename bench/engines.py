"""pyarrow or polars for the vectorised validator: parse and check the 600,000-village table.

    .venv/bin/python bench/engines.py RELEASE_FOLDER

Times (best of three, wall and CPU) reading villages.csv as text and running the same checks
with each engine: integer form and bounds, a pattern, booleans, dates, a date after the
release, a unique key, a foreign key into the blocks, a count over its total and formula
cells. pyarrow is optional (not a dependency); it is skipped when absent.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import polars as pl

INTEGERS = ["village_code", "lgd_state_code", "lgd_district_code", "lgd_block_code",
            "households", "households_with_tap"]
INT = r"^-?[0-9]{1,18}$"
BOOLEAN = ["true", "false", "True", "False", "TRUE", "FALSE", "1", "0"]


def best(function, runs: int = 3) -> tuple[float, float]:
    """Best wall and CPU seconds of `runs` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu)


def polars_checks(frame: pl.DataFrame, blocks: pl.Series) -> dict:
    """The checks as one polars selection."""
    exprs = []
    for name in INTEGERS:
        ok = pl.col(name).str.contains(INT)
        value = pl.col(name).cast(pl.Int64, strict=False)
        exprs += [(~ok).sum().alias(f"{name}_form"), (value < 0).sum().alias(f"{name}_min")]
    exprs += [
        (~pl.col("village_name").str.contains("^(?:Synthetic Village [0-9]{6})$")).sum()
        .alias("pattern"),
        (~pl.col("har_ghar_jal_certified").is_in(BOOLEAN)).sum().alias("boolean"),
        pl.col("report_date").str.strptime(pl.Date, "%Y-%m-%d", strict=False).is_null().sum()
        .alias("date"),
        (pl.col("report_date") > "2026-03-31").sum().alias("after_release"),
        pl.col("village_code").cast(pl.Int64).is_duplicated().sum().alias("unique"),
        (~pl.col("lgd_block_code").cast(pl.Int64).is_in(blocks.implode())).sum().alias("fk"),
        (pl.col("households_with_tap").cast(pl.Int64) > pl.col("households").cast(pl.Int64))
        .sum().alias("at_most"),
        pl.col("village_name").str.contains(r"^[=+\-@\t\r]").sum().alias("formula"),
    ]
    return frame.select(exprs).row(0, named=True)


def arrow_checks(table, blocks) -> dict:
    """The same checks with pyarrow.compute."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out = {}
    values = {}
    for name in INTEGERS:
        ok = pc.match_substring_regex(table[name], INT)
        values[name] = pc.cast(pc.if_else(ok, table[name], None), pa.int64())
        out[f"{name}_form"] = pc.sum(pc.invert(ok)).as_py()
        out[f"{name}_min"] = pc.sum(pc.less(values[name], 0)).as_py()
    out["pattern"] = pc.sum(pc.invert(pc.match_substring_regex(
        table["village_name"], "^(?:Synthetic Village [0-9]{6})$"))).as_py()
    out["boolean"] = pc.sum(pc.invert(pc.is_in(table["har_ghar_jal_certified"],
                                               pa.array(BOOLEAN)))).as_py()
    dates = pc.strptime(table["report_date"], "%Y-%m-%d", "s", error_is_null=True)
    out["date"] = pc.sum(pc.is_null(dates)).as_py()
    out["after_release"] = pc.sum(pc.greater(table["report_date"], "2026-03-31")).as_py()
    out["unique"] = len(values["village_code"]) - pc.count_distinct(values["village_code"]).as_py()
    out["fk"] = pc.sum(pc.invert(pc.is_in(values["lgd_block_code"], blocks))).as_py()
    out["at_most"] = pc.sum(pc.greater(values["households_with_tap"],
                                       values["households"])).as_py()
    out["formula"] = pc.sum(pc.match_substring_regex(table["village_name"],
                                                     r"^[=+\-@\t\r]")).as_py()
    return out


def main(folder: Path) -> int:
    """Print one line per engine and step."""
    package = folder / "datasets" / "bench-villages"
    villages, blocks_csv = package / "villages.csv", package / "blocks.csv"
    header = villages.open(encoding="utf-8").readline().strip().split(",")
    frame = pl.read_csv(villages, infer_schema=False)
    blocks = pl.read_csv(blocks_csv, infer_schema=False)["lgd_block_code"].cast(pl.Int64)
    rows = [("polars", "parse", best(lambda: pl.read_csv(villages, infer_schema=False))),
            ("polars", "checks", best(lambda: polars_checks(frame, blocks)))]
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        print("pyarrow is not installed: only polars measured")
    else:
        options = pacsv.ConvertOptions(column_types={h: pa.string() for h in header},
                                       strings_can_be_null=False)
        table = pacsv.read_csv(villages, convert_options=options)
        rows += [("pyarrow", "parse",
                  best(lambda: pacsv.read_csv(villages, convert_options=options))),
                 ("pyarrow", "checks", best(lambda: arrow_checks(table, blocks.to_arrow())))]
    for engine, step, (wall, cpu) in rows:
        print(f"| {engine} | {step} | {wall:.3f} s | {cpu:.3f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
