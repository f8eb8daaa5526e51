#!/usr/bin/env python3
"""The RTL file-list format (rtl/files.f) and its one parser.

Format, one entry a line:
  - a source path, relative to the folder of the list file, no whitespace in it;
  - `//` starts a comment that runs to the end of the line, on a line of its own or after
    a path (`quant/quant_q4x4.sv  // 4x4 quantiser`);
  - blank lines and surrounding whitespace (spaces, tabs, CR) are ignored;
  - order matters: dependencies first (packages before their users).
A line holding anything else (two paths, a path with spaces) and a listed file that does
not exist are errors, never skipped.

Used by synth/flow.py (import), sim/build.rs and tests/cocotb/Makefile (the command line):
  python3 synth/filelist.py rtl/files.f              # absolute paths, one a line
  python3 synth/filelist.py --relative-to . rtl/files.f
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


class FileListError(Exception):
    """A malformed file list or a listed file that is missing."""


def parse(text: str, name: str = "<file list>") -> list[str]:
    """The paths of a file list's text, in order, as written (relative)."""
    paths = []
    for n, line in enumerate(text.splitlines(), 1):
        entry = line.split("//", 1)[0].strip()
        if not entry:
            continue
        if len(entry.split()) != 1:
            raise FileListError(f"{name}:{n}: one path per line, got {entry!r}")
        paths.append(entry)
    return paths


def read(path: Path, check: bool = True) -> list[Path]:
    """The listed files of `path`, resolved against its folder (absolute), in order."""
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as err:
        raise FileListError(f"cannot read file list {path}: {err.strerror}") from None
    files = [(path.parent / p).resolve() for p in parse(text, str(path))]
    if check:
        for f in files:
            if not f.is_file():
                raise FileListError(f"{path}: listed file {f} does not exist")
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Print the files of an RTL file list, one a line.")
    ap.add_argument("list", type=Path, help="the file list (e.g. rtl/files.f)")
    ap.add_argument("--relative-to", type=Path, metavar="DIR",
                    help="print paths relative to DIR instead of absolute")
    args = ap.parse_args(argv)
    try:
        files = read(args.list)
    except FileListError as err:
        print(f"filelist: {err}", file=sys.stderr)
        return 1
    for f in files:
        print(os.path.relpath(f, args.relative_to.resolve()) if args.relative_to else f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
