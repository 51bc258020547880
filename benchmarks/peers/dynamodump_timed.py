"""Runs dynamodump with its arguments and reports where its time went, so its items/s can
be given with and without the sleeps written into it.

  .build-venv/dynamodump/bin/python benchmarks/peers/dynamodump_timed.py REPORT.json -- <dynamodump args>

Every time.sleep call is timed and attributed to the dynamodump function that made it (or to
"botocore" for the SDK's own retry backoff). dynamodump 1.11's sleeps, read from its source:

- main(): THREAD_START_DELAY (1 s) after starting each of its 25 backup worker threads
  (MAX_NUMBER_BACKUP_WORKERS), before the first table is queued: 25 s before any Scan of a
  single-table backup (a `-s TABLE` without a wildcard takes this path too, because the
  direct call raises AttributeError on args.read_capacity). Also 1 s per table in wildcard
  restores.
- delete_table, wait_for_active_table, update_provisioned_throughput, do_restore's
  create_table retries: sleep_interval (1 s with --host, 10 s against AWS) while a table
  is not ACTIVE or deleted; none with --dataOnly against an ACTIVE table.
- batch_write: 0.15 s, 0.30 s, ... 0.90 s (6 retries, 3.15 s in all) when BatchWriteItem
  returns UnprocessedItems; after the 6th retry the items still unprocessed are dropped
  ("Ignoring and continuing").

The report, JSON: wall seconds, exit code, sleep seconds and calls per function, the fixed
part (main and the table waits) and the backoff part (batch_write, botocore), batches
dropped and items dropped by batch_write.
"""
import json
import logging
import sys
import time


def main():
    report_path = sys.argv[1]
    args = sys.argv[3:] if sys.argv[2:3] == ["--"] else sys.argv[2:]
    sleeps = {}
    dropped = {"batches": 0, "items": 0}
    real_sleep = time.sleep

    def timed_sleep(seconds):
        frame = sys._getframe(1)
        module = frame.f_globals.get("__name__", "")
        who = frame.f_code.co_name if module.startswith("dynamodump") else module.split(".")[0] or "?"
        started = time.monotonic()
        real_sleep(seconds)
        entry = sleeps.setdefault(who, {"calls": 0, "seconds": 0.0})
        entry["calls"] += 1
        entry["seconds"] += time.monotonic() - started

    time.sleep = timed_sleep

    real_info = logging.info

    def counting_info(message, *args, **kwargs):
        """batch_write logs the unprocessed items it gives up on, as JSON, then moves on."""
        prefix = "Max retries reached, failed to processed batch write: "
        if isinstance(message, str) and message.startswith(prefix):
            dropped["batches"] += 1
            try:
                pending = json.loads(message[len(prefix):])
                dropped["items"] += sum(len(requests) for requests in pending.values())
            except ValueError:
                pass
        real_info(message, *args, **kwargs)

    logging.info = counting_info
    from dynamodump import dynamodump

    sys.argv = ["dynamodump", *args]
    started = time.monotonic()
    code = 0
    try:
        dynamodump.main()
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:
        logging.exception("dynamodump failed")
        code = 1
    wall = time.monotonic() - started
    fixed = sum(v["seconds"] for k, v in sleeps.items() if k not in ("batch_write", "botocore"))
    backoff = sum(v["seconds"] for k, v in sleeps.items() if k in ("batch_write", "botocore"))
    report = {"wall_seconds": round(wall, 3), "exit_code": code, "sleeps": sleeps,
              "fixed_sleep_seconds": round(fixed, 3), "backoff_sleep_seconds": round(backoff, 3),
              "seconds_without_fixed_sleeps": round(wall - fixed, 3),
              "dropped_batches": dropped["batches"], "dropped_items": dropped["items"]}
    with open(report_path, "w") as f:
        json.dump(report, f)
    sys.exit(code)


if __name__ == "__main__":
    main()
