"""Helpers for the benchmark scripts (run_restore.sh, run_export_more.sh). Python 3 + boto3.

  bench_tools.py table URL create|recreate|delete|count|load TABLE [ITEMS]
  bench_tools.py sample URL OUT.jsonl          # /fixture/stats every 0.5 s until killed
  bench_tools.py rate SAMPLES.jsonl [ITEMS]    # sustained write rate from proxy samples, as JSON

`table ... count` prints DescribeTable's ItemCount, which moto computes live as the number of
items it holds (real DynamoDB refreshes it only every ~6 hours): a paginated Scan with
Select=COUNT reads the whole table for every page on moto, ~200 s for 100,000 items here.
`table ... load` writes ITEMS generated items (keys pk, sk; every attribute type; ~400 B) with
boto3's batch_writer, for the export runs against moto.
"""
import json
import sys
import time
import urllib.request


def dynamodb(url):
    import boto3
    from botocore.config import Config
    return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1", aws_access_key_id="bench",
                        aws_secret_access_key="bench", config=Config(retries={"mode": "standard", "max_attempts": 10}))


KEYS = dict(KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "S"}])


def table(url, action, name, items=0):
    client = dynamodb(url)
    if action in ("recreate", "delete"):
        try:
            client.delete_table(TableName=name)
        except client.exceptions.ResourceNotFoundException:
            pass
    if action in ("recreate", "create"):
        client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **KEYS)
    if action == "count":
        print(client.describe_table(TableName=name)["Table"]["ItemCount"])
    if action == "load":
        load(url, name, int(items))


def load(url, name, count):
    """ITEMS items shaped like the fast fixture's (every type, ~400 B), through batch_writer."""
    import boto3
    resource = boto3.resource("dynamodb", endpoint_url=url, region_name="us-east-1",
                              aws_access_key_id="bench", aws_secret_access_key="bench")
    from decimal import Decimal
    from boto3.dynamodb.types import Binary
    with resource.Table(name).batch_writer() as writer:
        for i in range(count):
            writer.put_item(Item={
                "pk": "pk-ü#%d" % (i // 3), "sk": "sk#%09d" % i, "s": "日本 🚀 \"q\" \\ \n",
                "n": Decimal(i * 2654435761 % 4294967296), "big": Decimal("-1234567890123456789012345678%010d" % i),
                "f": Decimal("0.%d5" % (i % 1000)), "b": Binary(i.to_bytes(8, "big") + b"\xff" * 4),
                "ss": {"grün", "x"}, "ns": {Decimal("-2.5"), Decimal(i + 1)}, "bs": {Binary(b"\x01\x02\x03"), Binary(b"\xff" + i.to_bytes(5, "big"))},
                "m": {"t": i % 2 == 0, "l": [None, {}, []]}, "p": "x" * 130})


def sample(url, out):
    started = time.monotonic()
    with open(out, "w") as f:
        while True:
            try:
                with urllib.request.urlopen(url + "/fixture/stats", timeout=5) as response:
                    stats = json.loads(response.read())
            except OSError as error:
                stats = {"error": str(error)}
            stats["t"] = round(time.monotonic() - started, 3)
            f.write(json.dumps(stats) + "\n")
            f.flush()
            time.sleep(0.5)


def rate(path, items=None):
    """Sustained rate: items accepted between 10 % and 90 % of the total, over the time that
    took (leaves out the start-up burst the full bucket allows and the tail); the slowest
    5-second window inside that span; and seconds with no write accepted while requests were
    in flight at the proxy (waiting on moto) or not (the client sending nothing)."""
    rows = [r for r in map(json.loads, open(path)) if "accepted_write_requests" in r]
    total = rows[-1]["accepted_write_requests"] if rows else 0
    if total == 0:
        return {"accepted": 0}
    first = next(r for r in rows if r["accepted_write_requests"] > 0)
    low = next(r for r in rows if r["accepted_write_requests"] >= 0.1 * total)
    high = next(r for r in rows if r["accepted_write_requests"] >= 0.9 * total)
    last = next(r for r in rows if r["accepted_write_requests"] >= total)
    span = [r for r in rows if low["t"] <= r["t"] <= high["t"]]
    windows = []
    for a in span:
        b = next((r for r in span if r["t"] >= a["t"] + 5), None)
        if b is not None:
            windows.append((b["accepted_write_requests"] - a["accepted_write_requests"]) / (b["t"] - a["t"]))
    waiting_moto = idle = 0.0
    for a, b in zip(rows, rows[1:]):
        if first["t"] <= a["t"] < last["t"] and b["accepted_write_requests"] == a["accepted_write_requests"]:
            in_flight = (sum(b.get("requests", {}).values()) - b["forwarded"] - b["throttled"] - b.get("errors", 0)
                         - b.get("resets", 0))
            if in_flight > 0:
                waiting_moto += b["t"] - a["t"]
            else:
                idle += b["t"] - a["t"]
    end = rows[-1]
    return {"accepted": total, "expected": int(items) if items else None,
            "sustained_per_s": round((high["accepted_write_requests"] - low["accepted_write_requests"])
                                     / max(1e-9, high["t"] - low["t"]), 1),
            "slowest_5s_per_s": round(min(windows), 1) if windows else None,
            "first_to_last_s": round(last["t"] - first["t"], 1),
            "stalled_waiting_on_upstream_s": round(waiting_moto, 1), "stalled_nothing_sent_s": round(idle, 1),
            "throttled_requests": end["throttled"], "unprocessed_items": end["unprocessed_items"],
            "batch_requests": end.get("requests", {}).get("BatchWriteItem", 0)}


def main(argv):
    command = argv[0]
    if command == "table":
        table(*argv[1:])
    elif command == "sample":
        sample(*argv[1:])
    elif command == "rate":
        print(json.dumps(rate(*argv[1:])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
