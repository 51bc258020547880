#!/usr/bin/env python3
"""Writes the backup fixtures under Tests/Fixtures/backups/: one good pump backup and
deliberately broken copies of it, one defect each. They are written from docs/FORMAT.md
with Python and the zstd tool, independently of pump's own writer.

Run from anywhere: python3 Tests/Fixtures/make_fixtures.py  (needs the `zstd` command).
The output is committed; regenerate only when the format changes.
"""
import hashlib
import json
import os
import shutil
import subprocess

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "backups")
TABLE = "pr-5-main-table"
FOLDER = TABLE + "-20250125-120000"
KEYS = [{"attributeName": "pk", "keyType": "HASH", "attributeType": "S"},
        {"attributeName": "sk", "keyType": "RANGE", "attributeType": "S"}]
ITEMS = [
    [{"pk": {"S": "user#1"}, "sk": {"S": "a"}, "n": {"N": "12345678901234567890123456789012345678"}, "b": {"B": "AAEC/w=="}},
     {"pk": {"S": "user#2"}, "sk": {"S": "b"}, "m": {"M": {"l": {"L": [{"NULL": True}, {"BOOL": False}, {"SS": ["x", "y"]}]}}}}],
    [{"pk": {"S": "user#3"}, "sk": {"S": "c"}, "s": {"S": "héllo ✓"}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": ["AQ=="]}}],
]


def lines(items):
    return "".join(json.dumps({"Item": item}, ensure_ascii=False, separators=(",", ":")) + "\n" for item in items).encode()


def zstd(data):
    return subprocess.run(["zstd", "-3", "--check", "-q", "-c"], input=data, capture_output=True, check=True).stdout


def write_backup(name, segment_lines=None, mutate_manifest=None, mutate_files=None):
    folder = os.path.join(ROOT, name, FOLDER)
    os.makedirs(os.path.join(folder, "data"))
    with open(os.path.join(folder, "table.json"), "w") as f:
        json.dump({"Table": {"TableName": TABLE, "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}]}}, f, indent=2)
    files = []
    for index, items in enumerate(ITEMS):
        raw = (segment_lines or {}).get(index, lines(items))
        compressed = zstd(raw)
        path = "data/%05d-0000.jsonl.zst" % index
        files.append({"path": path, "scanSegment": index, "items": len(items), "uncompressedBytes": len(raw),
                      "compressedBytes": len(compressed), "sha256": hashlib.sha256(compressed).hexdigest()})
        with open(os.path.join(folder, path), "wb") as f:
            f.write(compressed)
    manifest = {"format": "pump-backup", "formatVersion": 1, "pumpVersion": "fixture",
                "table": {"name": TABLE, "region": "us-east-1", "stage": "pr-5", "keySchema": KEYS},
                "startedAt": "2025-01-25T12:00:00Z", "finishedAt": "2025-01-25T12:00:01Z", "consistentRead": False,
                "totalSegments": len(ITEMS), "files": files,
                "totals": {"items": sum(f["items"] for f in files), "uncompressedBytes": sum(f["uncompressedBytes"] for f in files),
                           "compressedBytes": sum(f["compressedBytes"] for f in files)}}
    if mutate_manifest:
        mutate_manifest(manifest)
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
    if mutate_files:
        mutate_files(folder, manifest)


def rewrite(folder, manifest, index, data):
    """Replaces segment `index` and makes the manifest's size and digest match it, so only the content is wrong."""
    entry = manifest["files"][index]
    with open(os.path.join(folder, entry["path"]), "wb") as f:
        f.write(data)
    entry["compressedBytes"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)


def truncate(folder, manifest):
    path = os.path.join(folder, manifest["files"][0]["path"])
    data = open(path, "rb").read()
    rewrite(folder, manifest, 0, data[: len(data) // 2])


def flip(folder, manifest):
    path = os.path.join(folder, manifest["files"][1]["path"])
    data = bytearray(open(path, "rb").read())
    data[len(data) // 2] ^= 0x01
    open(path, "wb").write(bytes(data))


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    write_backup("good")
    write_backup("truncated-segment", mutate_files=truncate)
    write_backup("flipped-byte", mutate_files=flip)
    write_backup("missing-segment", mutate_files=lambda folder, m: os.remove(os.path.join(folder, m["files"][1]["path"])))
    write_backup("missing-manifest", mutate_files=lambda folder, m: os.remove(os.path.join(folder, "manifest.json")))
    write_backup("malformed-manifest", mutate_files=lambda folder, m: open(os.path.join(folder, "manifest.json"), "w").write('{"format": "pump-backup", "formatVersion": 1, "files": [\n'))
    write_backup("count-mismatch", mutate_manifest=lambda m: m["files"][0].update(items=5))
    write_backup("invalid-json-line", segment_lines={1: b'{"Item":{"pk":{"S":"user#3"},"sk":{"S":"c"},"s":{"S":"unterminated}}\n'})
    write_backup("future-version", mutate_manifest=lambda m: m.update(formatVersion=2))
    write_backup("missing-key", segment_lines={1: b'{"Item":{"pk":{"S":"user#3"},"s":{"S":"no sort key"}}}\n'})
    os.makedirs(os.path.join(ROOT, "not-a-backup", "photos"))
    open(os.path.join(ROOT, "not-a-backup", "photos", "holiday.txt"), "w").write("not a backup\n")


if __name__ == "__main__":
    main()
