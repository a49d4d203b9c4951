#!/usr/bin/env python3
"""Checks a `diffvet --format gitlab` report against the GitLab SAST report
schema 15.0.x as documented (security-report-schemas, sast-report-format.json):
required fields, types, enums, formats and length limits, and no field that
src/report/gitlab.c does not document.
usage: gitlab_report.py REPORT EXPECTED_FINDINGS"""
import json
import re
import sys

errors = []


def need(cond, msg):
    if not cond:
        errors.append(msg)


def check_tool(t, where):
    need(isinstance(t, dict), f"{where}: not an object")
    if not isinstance(t, dict):
        return
    need(set(t) <= {"id", "name", "version", "vendor", "url"}, f"{where}: unknown fields {set(t)}")
    for k in ("id", "name", "version"):
        need(isinstance(t.get(k), str) and t[k], f"{where}.{k}: required non-empty string")
    need(isinstance(t.get("vendor"), dict) and isinstance(t["vendor"].get("name"), str),
         f"{where}.vendor.name: required string")


def main():
    rep = json.load(open(sys.argv[1], encoding="utf-8"))
    expected = int(sys.argv[2])
    need(set(rep) <= {"version", "scan", "vulnerabilities", "schema", "remediations"},
         f"top level: unknown fields {set(rep)}")
    need(re.fullmatch(r"15\.\d+\.\d+", rep.get("version", "")), "version: not 15.x.y")
    scan = rep.get("scan", {})
    need(set(scan) <= {"analyzer", "scanner", "type", "start_time", "end_time", "status",
                       "messages", "options", "primary_identifiers"},
         f"scan: unknown fields {set(scan)}")
    check_tool(scan.get("analyzer"), "scan.analyzer")
    check_tool(scan.get("scanner"), "scan.scanner")
    need(scan.get("type") == "sast", "scan.type: not sast")
    for k in ("start_time", "end_time"):
        need(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", str(scan.get(k))),
             f"scan.{k}: not YYYY-MM-DDTHH:MM:SS")
    need(scan.get("status") in ("success", "failure"), "scan.status: not success|failure")
    for m in scan.get("messages", []):
        need(set(m) == {"level", "value"} and m["level"] in ("info", "warning", "fatal")
             and isinstance(m["value"], str), f"scan.messages: bad message {m}")
    vulns = rep.get("vulnerabilities")
    need(isinstance(vulns, list), "vulnerabilities: required array")
    vulns = vulns or []
    need(len(vulns) == expected, f"vulnerabilities: {len(vulns)}, expected {expected}")
    ids = set()
    for i, v in enumerate(vulns):
        w = f"vulnerabilities[{i}]"
        need(set(v) <= {"id", "name", "description", "severity", "solution", "identifiers",
                        "links", "location"}, f"{w}: unknown fields {set(v)}")
        need(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                          v.get("id", "")), f"{w}.id: not a UUID")
        need(v.get("id") not in ids, f"{w}.id: duplicate")
        ids.add(v.get("id"))
        need(isinstance(v.get("name"), str) and 0 < len(v["name"].encode()) <= 255,
             f"{w}.name: 1-255 bytes")
        need(isinstance(v.get("description"), str) and len(v["description"]) <= 1048576,
             f"{w}.description")
        need(len(v.get("solution", "").encode()) <= 7000, f"{w}.solution: over 7000 bytes")
        need(v.get("severity") in ("Info", "Unknown", "Low", "Medium", "High", "Critical"),
             f"{w}.severity: {v.get('severity')}")
        idents = v.get("identifiers", [])
        need(len(idents) >= 1, f"{w}.identifiers: at least one")
        need(idents and idents[0].get("type") == "diffvet_rule_id", f"{w}: rule id first")
        for d in idents:
            need(set(d) <= {"type", "name", "value", "url"} and all(
                isinstance(d.get(k), str) and d[k] for k in ("type", "name", "value")),
                f"{w}.identifiers: bad {d}")
        for link in v.get("links", []):
            need(set(link) <= {"name", "url"} and link.get("url", "").startswith("https://"),
                 f"{w}.links: bad {link}")
        loc = v.get("location", {})
        need(set(loc) <= {"file", "start_line", "end_line", "class", "method"},
             f"{w}.location: unknown fields {set(loc)}")
        need(isinstance(loc.get("file"), str) and loc["file"] and not loc["file"].startswith("/"),
             f"{w}.location.file: a relative path")
        need(isinstance(loc.get("start_line"), int) and loc["start_line"] >= 1 and
             loc.get("end_line", 0) >= loc["start_line"], f"{w}.location: lines")
    for e in errors:
        print("FAIL", e)
    print(f"{0 if errors else 1} passed, {1 if errors else 0} failed")
    sys.exit(1 if errors else 0)


main()
