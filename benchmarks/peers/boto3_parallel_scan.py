#!/usr/bin/env python3
"""The plain boto3 parallel scan many teams write: one thread per segment, paginate, write
DynamoDB-JSON lines. It is the comparison point for `pump backup` in benchmarks/.

  boto3_parallel_scan.py ENDPOINT TABLE SEGMENTS OUT_DIR
"""
import base64
import json
import os
import sys
import threading

import boto3
from botocore.config import Config


def encode(value):
    # The low-level client turns B/BS into bytes; put them back as base64 for DynamoDB JSON.
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [encode(v) for v in value]
    return value


def scan_segment(client, table, segment, total, out_dir, counts):
    paginator = client.get_paginator("scan")
    count = 0
    with open(os.path.join(out_dir, f"segment-{segment:04d}.jsonl"), "w", encoding="utf-8") as out:
        for page in paginator.paginate(TableName=table, Segment=segment, TotalSegments=total):
            for item in page["Items"]:
                out.write(json.dumps({"Item": encode(item)}, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += len(page["Items"])
    counts[segment] = count


def main():
    endpoint, table, total, out_dir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    os.makedirs(out_dir, exist_ok=True)
    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="bench", aws_secret_access_key="bench",
                          config=Config(max_pool_connections=total))
    counts = {}
    threads = [threading.Thread(target=scan_segment, args=(client, table, s, total, out_dir, counts)) for s in range(total)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sum(counts.values()))


if __name__ == "__main__":
    main()
