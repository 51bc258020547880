#!/usr/bin/env python3
"""Writes a valid pump backup of generated items, straight from docs/FORMAT.md (Python
plus the zstd tool), for measuring `pump verify` and restores without a slow Scan first.

  python3 benchmarks/make_backup.py OUT_PARENT ITEMS [FILES]

Items are ~400 bytes of DynamoDB JSON with every attribute type.
"""
import hashlib
import json
import os
import subprocess
import sys
import time


def item_line(i):
    return ('{"Item":{"pk":{"S":"user#%d"},"sk":{"S":"order-%09d"},"name":{"S":"h\\u00e9llo w\\u00f6rld %d"},'
            '"n":{"N":"%d"},"price":{"N":"1234.%02d"},"b":{"B":"AAECAwQFBgcICQoLDA0ODw=="},'
            '"tags":{"SS":["a","b","c%d"]},"ns":{"NS":["1","2","%d"]},'
            '"m":{"M":{"street":{"S":"%d Main Street"},"zip":{"N":"%05d"},"flags":{"L":[{"BOOL":true},{"NULL":true},{"BS":["AQ=="]}]}}},'
            '"note":{"S":"lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor %d"}}}\n'
            % (i % 100003, i, i, i, i % 100, i % 7, i, i % 997, i % 100000, i)).encode()


def main():
    parent, count = sys.argv[1], int(sys.argv[2])
    files = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    table = "bench-main-table"
    folder = os.path.join(parent, time.strftime(table + "-%Y%m%d-%H%M%S", time.gmtime()))
    os.makedirs(os.path.join(folder, "data"), mode=0o700)
    with open(os.path.join(folder, "table.json"), "w") as f:
        json.dump({"Table": {"TableName": table}}, f)
    entries, per_file = [], (count + files - 1) // files
    for index in range(files):
        path = "data/%05d-0000.jsonl.zst" % index
        first, last = index * per_file, min(count, (index + 1) * per_file)
        with open(os.path.join(folder, path), "wb") as out:
            zstd = subprocess.Popen(["zstd", "-3", "--check", "-q", "-c"], stdin=subprocess.PIPE, stdout=out)
            size, batch = 0, []
            for i in range(first, last):
                line = item_line(i)
                size += len(line)
                batch.append(line)
                if len(batch) == 10000:
                    zstd.stdin.write(b"".join(batch))
                    batch = []
            zstd.stdin.write(b"".join(batch))
            zstd.stdin.close()
            zstd.wait()
        data = open(os.path.join(folder, path), "rb").read()
        entries.append({"path": path, "scanSegment": index, "items": last - first, "uncompressedBytes": size,
                        "compressedBytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {"format": "pump-backup", "formatVersion": 1, "pumpVersion": "benchmark",
                "table": {"name": table, "keySchema": [{"attributeName": "pk", "keyType": "HASH", "attributeType": "S"},
                                                       {"attributeName": "sk", "keyType": "RANGE", "attributeType": "S"}]},
                "startedAt": "2026-01-01T00:00:00Z", "finishedAt": "2026-01-01T00:00:00Z", "consistentRead": False,
                "totalSegments": files, "files": entries,
                "totals": {k: sum(e[f] for e in entries) for k, f in (("items", "items"), ("uncompressedBytes", "uncompressedBytes"), ("compressedBytes", "compressedBytes"))}}
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
    print(folder)


if __name__ == "__main__":
    main()
