"""Turns run_restore.sh's measurements into the markdown section it appends to RESULTS.md.

  restore_report.py ROWS.jsonl NOTES.jsonl ITEMS BYTES CAPPED_ITEMS PUMP_BUILD
"""
import datetime
import json
import platform
import subprocess
import sys


def main(rows_path, notes_path, items, size, capped_items, pump_build):
    items, size, capped_items = int(items), int(size), int(capped_items)
    rows = {r["name"]: r for r in map(json.loads, open(rows_path))}
    notes = {}
    for note in map(json.loads, open(notes_path)):
        notes.setdefault(note["name"], {}).update(note)
    out = []
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    out.append(f"\n## Restore, {datetime.date.today()} ({items:,} items, {size / 1e6:,.0f} MB of DynamoDB JSON lines)\n")
    out.append(f"Machine: {cpu}, {cores} cores, {platform.platform()}, shared with other work: each run waits "
               "for 2 s of >= 90 % idle CPU first and its \"load\" column says what it saw then. "
               f"pump: release build of {pump_build}.\n")

    # ------------------------------------------------------------------ fast fixture
    out.append("### Into the fast fixture\n")
    out.append("`benchmarks/fixture/server.py fast --sink --restore-table restore-target` on loopback (its CPU "
               "is the fixture CPU-s column; it shares the 2 cores with the tool). pump: `pump restore "
               "restore-target <backup> --concurrency N` from `pump backup bench-main-table`; the whole "
               "command is timed (backup check, writing, then pump's default `--verify count`, a parallel "
               "COUNT Scan); \"writing\" is pump's own restore-phase time. dynamodump: `dynamodump -m restore "
               "-s bench-main-table -d restore-target --dataOnly` from its own `-m backup` dump, through "
               "`benchmarks/peers/dynamodump_timed.py`. Verify: `/fixture/verify`, every generated key "
               "present with the CRC32 of the generated item's bytes, no other key.\n")
    out.append("| tool | load before | wall s | items/s | MB/s | writing s | items/s writing | CPU-s | "
               "peak RSS MB | fixture CPU-s | verify |")
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    pump_rates = {}
    segments = notes.get("backups", {})
    for name, row in rows.items():
        if not (name.startswith("pump-c") or name.startswith("pump-default") or name.startswith("dynamodump-run")):
            continue
        note = notes.get(name, {})
        wall = row["wall"]
        write = note.get("write_seconds")
        if name.startswith("pump-default"):
            label = f"pump, default backup ({segments.get('default_segments', '?')} segments), default --concurrency 8"
            pump_rates.setdefault("default", []).append((items / wall, items / write if write else None))
        elif name.startswith("pump-c"):
            concurrency = int(name[6:].split("-")[0])
            label = f"pump --concurrency {concurrency}, {segments.get('segments32', 32)}-segment backup"
            pump_rates.setdefault(concurrency, []).append((items / wall, items / write if write else None))
        else:
            label = "dynamodump"
            timed = note.get("timed", {})
            write = timed.get("seconds_without_fixed_sleeps")
        written = f"{write:.2f}" if write else "-"
        written_rate = f"{items / write:,.0f}" if write else "-"
        out.append(f"| {label} | {row['load']} | {wall:.2f} | {items / wall:,.0f} | {size / wall / 1e6:,.1f} | "
                   f"{written} | {written_rate} | {row['cpu']:.2f} | {row['rss_kb'] / 1024:.0f} | "
                   f"{row['server_cpu']:.2f} | {verdict(note.get('verify'), row)} |")
    out.append("")
    if pump_rates:
        swept = [c for c in pump_rates if c != "default"]
        best = max(swept, key=lambda c: max(r for r, _ in pump_rates[c])) if swept else "default"
        runs = lambda key: ", ".join(f"{r:,.0f} ({w:,.0f} writing)" for r, w in pump_rates.get(key, []))
        dd = [items / rows[n]["wall"] for n in rows if n.startswith("dynamodump-run")]
        line = (f"Items/s of the whole command per run (in brackets: of the writing phase). Best --concurrency: "
                f"{best}, {runs(best)}; pump's defaults (default backup, --concurrency 8): {runs('default')}. "
                "pump restore runs one worker per segment file, at most --concurrency of them, so from a backup "
                f"of {segments.get('default_segments', 8)} segments a --concurrency above that changes nothing.")
        if dd and pump_rates.get("default"):
            line += (f" dynamodump: {', '.join(f'{r:,.0f}' for r in dd)} items/s, so pump with its defaults is "
                     f"{min(r for r, _ in pump_rates['default']) / max(dd):.0f}x dynamodump or more.")
        out.append(line + "\n")

    sleeps = []
    for name in sorted(notes):
        timed = notes[name].get("timed")
        if not timed or not name.startswith("dynamodump"):
            continue
        parts = ", ".join(f"{who} {v['calls']} calls {v['seconds']:.2f} s" for who, v in timed["sleeps"].items()) or "none"
        count = capped_items if "capped" in name else items
        sleeps.append(f"| {name} | {timed['wall_seconds']:.1f} | {parts} | {timed['fixed_sleep_seconds']:.2f} | "
                      f"{timed['backoff_sleep_seconds']:.2f} | {count / timed['wall_seconds']:,.0f} | "
                      f"{count / max(1e-9, timed['seconds_without_fixed_sleeps']):,.0f} | {timed['dropped_items']:,} |")
    if sleeps:
        out.append("dynamodump's sleeps (every `time.sleep`, timed, by the function that called it; \"fixed\" "
                   "are the ones written into its flow: 1 s after starting each of its 25 backup threads, "
                   "table-status polls; \"backoff\" are `batch_write`'s UnprocessedItems retries and botocore's "
                   "retry delays). The backup row is the export-side figure the export issue asks for.\n")
        out.append("| run | wall s | sleeps | fixed s | backoff s | items/s | items/s without fixed sleeps | "
                   "items dropped by batch_write |")
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        out += sleeps
        out.append("")

    # ------------------------------------------------------------------ capped
    capped = [n for n in rows if n.startswith("moto-") or "adaptive" in n or "write-capacity" in n or "capped" in n]
    if capped:
        cap = next((notes[n]["cap"] for n in capped if notes.get(n, {}).get("cap") is not None), None)
        uncapped = notes.get("moto-uncapped", {}).get("rate", {}).get("sustained_per_s")
        out.append("### Under a write cap\n")
        out.append(f"moto server (`python3 -m moto.server`) behind `server.py proxy --write-units {cap}` (1 s burst; "
                   f"items of ~400 B cost 1 unit each), {capped_items:,} items, into an empty on-demand table "
                   "recreated before each run. moto alone, through the proxy without a cap: "
                   f"{uncapped:,.0f} items/s, so the cap is {'5,000' if cap == 5000 else f'{cap:,}, not 5,000: moto cannot write faster than that first figure, and a cap at most 60 % of it keeps moto from being the limit'}. "
                   "Sustained rate: items the proxy accepted between 10 % and 90 % of the total, over that "
                   "time; stalls: seconds without an accepted write while requests were in flight at the proxy "
                   "(waiting on moto), or with nothing sent. pump runs with `--verify none` (its default COUNT "
                   "Scan reads moto's whole table for every page); items in moto are DescribeTable's "
                   "ItemCount, which moto computes live.\n")
        out.append("| run | load before | wall s | sustained items/s | % of cap | slowest 5 s, items/s | "
                   "stalls: moto / nothing sent, s | throttled requests | UnprocessedItems | items in moto | lost | CPU-s |")
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name in capped:
            row, note = rows[name], notes.get(name, {})
            rate = note.get("rate", {})
            sustained = rate.get("sustained_per_s") or 0
            share = f"{100 * sustained / cap:.0f} %" if cap and name != "moto-uncapped" else "-"
            lost = note.get("expected", capped_items) - note.get("moto_items", 0)
            exit_note = "" if row["exit"] == 0 else f" (exit {row['exit']})"
            out.append(f"| {name}{exit_note} | {row['load']} | {row['wall']:.1f} | {sustained:,.0f} | {share} | "
                       f"{fmt(rate.get('slowest_5s_per_s'))} | {rate.get('stalled_waiting_on_upstream_s', 0)} / "
                       f"{rate.get('stalled_nothing_sent_s', 0)} | {rate.get('throttled_requests', 0):,} | "
                       f"{rate.get('unprocessed_items', 0):,} | {note.get('moto_items', 0):,} | {lost:,} | {row['cpu']:.1f} |")
        out.append("")
    print("\n".join(out))


def fmt(number):
    return "-" if number is None else f"{number:,.0f}"


def verdict(verify, row):
    if row["exit"] != 0:
        return f"exit {row['exit']}"
    if not verify:
        return "-"
    if verify.get("ok"):
        return f"ok ({verify['expected']:,} items)"
    return (f"missing {verify['missing']:,}, different {verify['different']:,}, "
            f"unexpected {verify['unexpected']:,}")


if __name__ == "__main__":
    main(*sys.argv[1:])
