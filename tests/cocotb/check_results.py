"""Exits non-zero unless a cocotb results.xml (JUnit) holds at least one test and no
failure or error: cocotb 1.8's Makefile flow itself exits 0 when tests fail."""

import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
try:
    cases = ET.parse(path).getroot().iter("testcase")
except (OSError, ET.ParseError) as e:
    sys.exit(f"{path}: no cocotb results ({e})")
total, bad = 0, []
for case in cases:
    total += 1
    if case.find("failure") is not None or case.find("error") is not None:
        bad.append(case.get("name"))
if total == 0 or bad:
    sys.exit(f"{path}: {len(bad)} of {total} cocotb tests failed: {', '.join(bad) or 'none ran'}")
print(f"{path}: {total} cocotb tests passed")
