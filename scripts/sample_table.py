#!/usr/bin/env python3
"""Sample data for the README demo, written with boto3 (installed with moto) so the check
does not trust pump to judge itself.

  sample_table.py create   TABLE COUNT   create TABLE (pk/sk strings) and fill it
  sample_table.py snapshot TABLE FILE    save every item, canonically, to FILE
  sample_table.py recreate TABLE         delete TABLE, wait, create it empty again (a redeploy)
  sample_table.py compare  TABLE FILE    exit 0 only if TABLE holds exactly the items in FILE
"""
import base64
import json
import sys

import boto3

KEYS = dict(
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)


def client():
    # Endpoint, region and credentials come from the same AWS_* variables pump reads.
    return boto3.client("dynamodb")


def item(i):
    # The low-level client takes binary as bytes and base64-encodes it on the wire.
    raw = bytes((j * 37 + i) % 256 for j in range(24))
    return {
        "pk": {"S": f"user#{i % 97}"},
        "sk": {"S": f"order-{i:06d}"},
        "text": {"S": f"héllo wörld ✓ 日本語 🦆 {i}"},
        "empty": {"S": ""},
        "n": {"N": str(i)},
        "big": {"N": "12345678901234567890123456789012345678"},
        "small": {"N": "-0.0000000000000000000000000000000000012"},
        "bin": {"B": raw},
        "ss": {"SS": ["a", f"b{i}", "ç"]},
        "ns": {"NS": ["1", "-2.5", str(i * 10)]},
        "bs": {"BS": [b"\x00\x01", b"\xff", bytes(range(256))]},
        "m": {"M": {"nested": {"M": {"list": {"L": [{"B": raw}, {"N": "3.14"}, {"NULL": True}]}}}, "flag": {"BOOL": i % 2 == 0}}},
        "l": {"L": [{"S": ""}, {"BOOL": False}, {"M": {}}, {"L": []}]},
        "nothing": {"NULL": True},
    }


def scan_all(table):
    # The low-level client keeps wire values (B as bytes, N as strings): canonicalise sets.
    items, start = [], None
    while True:
        kwargs = {"TableName": table}
        if start:
            kwargs["ExclusiveStartKey"] = start
        page = client().scan(**kwargs)
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


def canonical(value):
    if isinstance(value, dict):
        return {k: (sorted(canonical(v)) if k in ("SS", "NS", "BS") else canonical(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    return value


def snapshot(table):
    return sorted(json.dumps(canonical(i), sort_keys=True, ensure_ascii=False) for i in scan_all(table))


def main(argv):
    command, table = argv[1], argv[2]
    ddb = client()
    if command == "create":
        count = int(argv[3])
        ddb.create_table(TableName=table, **KEYS)
        ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
        batch = []
        for i in range(count):
            batch.append({"PutRequest": {"Item": item(i)}})
            if len(batch) == 25 or i == count - 1:
                pending = {table: batch}
                while pending:
                    pending = ddb.batch_write_item(RequestItems=pending).get("UnprocessedItems")
                batch = []
        print(f"created {table} with {count} items")
    elif command == "snapshot":
        lines = snapshot(table)
        with open(argv[3], "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"saved {len(lines)} items of {table} to {argv[3]}")
    elif command == "recreate":
        ddb.delete_table(TableName=table)
        ddb.get_waiter("table_not_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
        ddb.create_table(TableName=table, **KEYS)
        ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
        print(f"deleted and recreated {table} (empty), as a redeploy would")
    elif command == "compare":
        with open(argv[3], encoding="utf-8") as f:
            before = [line for line in f.read().split("\n") if line]
        after = snapshot(table)
        missing = len(set(before) - set(after))
        extra = len(set(after) - set(before))
        if before == after:
            print(f"CHECK OK: all {len(before)} items of {table} came back exactly (every attribute type compared)")
            return 0
        print(f"CHECK FAILED: {table} has {len(after)} items, backup had {len(before)}; {missing} missing or changed, {extra} unexpected")
        return 1
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
