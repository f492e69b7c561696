#!/usr/bin/env python3
"""The Python peer of `labingest bench ingest`: what a user would write instead of LabIngest.

Streams an HL7 v2.xml batch with lxml.etree.iterparse (clearing each message after use, so memory stays
flat), maps PID-3 MRNs through roster.csv, converts the same analytes with the same unit conversions as the
synthetic central lab needs (LOINC code + reported unit -> canonical unit; mass -> molar through the molar mass,
rounded to max(5, significant digits + 2) digits like LabIngest), converts OBX-14 to UTC, and appends rows to
SQLite with executemany in batches of 512, one transaction for the file.

Usage: peer_lxml.py FILE.xml --roster roster.csv --db out.sqlite
Prints one JSON line: {"peer":"python-lxml","obx":N,"rows":N,"skipped":N,"seconds":S,"peakRSSKB":K}.
"""
import argparse
import csv
import json
import math
import resource
import sqlite3
import sys
import time
from datetime import datetime, timezone

from lxml import etree

NS = "{urn:hl7-org:v2xml}"

# LOINC code -> canonical unit, {reported unit: factor or ("molar", g/mol)}.
CONVERSIONS = {
    "6690-2": ("10*9/L", {"K/uL": 1.0, "10^9/L": 1.0, "10*9/L": 1.0, "10*3/uL": 1.0}),
    "751-8": ("10*9/L", {"/uL": 0.001, "K/uL": 1.0, "10^9/L": 1.0, "10*9/L": 1.0}),
    "731-0": ("10*9/L", {"/uL": 0.001, "K/uL": 1.0, "10^9/L": 1.0, "10*9/L": 1.0}),
    "777-3": ("10*9/L", {"K/uL": 1.0, "10^9/L": 1.0, "10*9/L": 1.0}),
    "718-7": ("g/L", {"g/dL": 10.0, "g/L": 1.0}),
    "1920-8": ("U/L", {"U/L": 1.0, "U/l": 1.0}),
    "1742-6": ("U/L", {"U/L": 1.0, "U/l": 1.0}),
    "1975-2": ("umol/L", {"mg/dL": ("molar", 584.66), "umol/L": 1.0, "µmol/L": 1.0}),
    "2160-0": ("umol/L", {"mg/dL": ("molar", 113.12), "umol/L": 1.0, "µmol/L": 1.0}),
    "1988-5": ("mg/L", {"mg/dL": 10.0, "mg/L": 1.0}),
    "2276-4": ("ug/L", {"ng/mL": 1.0, "ug/L": 1.0}),
}


def significant_digits(text):
    digits = "".join(c for c in text.split("e")[0].split("E")[0] if c.isdigit()).lstrip("0")
    return max(1, len(digits))


def round_sig(x, digits):
    if x == 0:
        return 0.0
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def convert(code, value_text, unit):
    """(value, canonical unit) or None when the analyte/unit is not known."""
    entry = CONVERSIONS.get(code)
    if entry is None:
        return None
    canonical, units = entry
    rule = units.get(unit)
    if rule is None:
        return None
    comparator = ""
    text = value_text.strip()
    if text[:1] in "<>":
        comparator, text = text[0], text[1:]
    value = float(text)
    if isinstance(rule, tuple):
        # mg/dL -> umol/L: x * 10 (mg/L) / M (g/mol) * 1000
        value = round_sig(value * 10000.0 / rule[1], max(5, significant_digits(text) + 2))
    else:
        value = float("%.12g" % (value * rule))  # drop binary noise (1230 * 0.001 -> 1.23)
    return value, canonical, comparator


def text_of(element, path):
    found = element.find(path)
    return found.text if found is not None and found.text is not None else None


def to_utc(dtm):
    """HL7 DTM with offset (YYYYMMDDHHMM[SS]+ZZZZ) -> ISO 8601 UTC."""
    fmt = "%Y%m%d%H%M%S%z" if len(dtm) >= 19 else "%Y%m%d%H%M%z"
    return datetime.strptime(dtm, fmt).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("xml")
    parser.add_argument("--roster", required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()

    with open(args.roster, newline="") as f:
        mrn_to_subject = {row["mrn"]: row["subject"] for row in csv.DictReader(f)}

    start = time.perf_counter()
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("""CREATE TABLE IF NOT EXISTS events (subject TEXT, code TEXT, value REAL, comparator TEXT, unit TEXT,
                  collected TEXT, status TEXT, orig_value TEXT, orig_unit TEXT)""")
    insert = "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)"
    batch, obx_count, rows, skipped = [], 0, 0, 0
    db.execute("BEGIN")
    for _, message in etree.iterparse(args.xml, events=("end",), tag=NS + "ORU_R01"):
        mrn = text_of(message, ".//%sPID/%sPID.3/%sCX.1" % (NS, NS, NS))
        subject = mrn_to_subject.get(mrn)
        for obx in message.iter(NS + "OBX"):
            obx_count += 1
            code = text_of(obx, "%sOBX.3/%sCE.1" % (NS, NS))
            value = text_of(obx, NS + "OBX.5")
            unit = text_of(obx, "%sOBX.6/%sCE.1" % (NS, NS))
            when = text_of(obx, "%sOBX.14/%sTS.1" % (NS, NS))
            status = text_of(obx, NS + "OBX.11") or "F"
            converted = convert(code, value, unit) if (subject and value and when) else None
            if converted is None:
                skipped += 1
                continue
            batch.append((subject, code, converted[0], converted[2], converted[1], to_utc(when), status, value, unit))
            if len(batch) == 512:
                db.executemany(insert, batch)
                rows += len(batch)
                batch = []
        # Free the message and everything before it: memory stays flat.
        message.clear()
        parent = message.getparent()
        while message.getprevious() is not None:
            del parent[0]
    if batch:
        db.executemany(insert, batch)
        rows += len(batch)
    db.commit()
    db.close()
    seconds = time.perf_counter() - start
    print(json.dumps({"peer": "python-lxml", "obx": obx_count, "rows": rows, "skipped": skipped, "seconds": round(seconds, 3),
                      "peakRSSKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
