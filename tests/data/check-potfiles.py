#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES lists every file with translatable strings.

Rules (STYLE.md 24, 25):
  - every .c/.h under app/ and ui/ that calls _(), N_(), C_(), NC_() or ngettext()
    is listed;
  - every .ui under app/ and ui/ with translatable="yes" is listed;
  - the desktop entry, the metainfo and the GSettings schema under data/ are listed;
  - every entry exists, appears once, and the list is sorted (byte order).

Usage: check-potfiles.py [SOURCE_ROOT]
"""

import pathlib
import re
import sys

CODE_DIRS = ("app", "ui")
DATA_GLOBS = ("*.desktop.in", "*.metainfo.xml.in", "*.gschema.xml")

C_CALL = re.compile(r"(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\(")
C_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
GLIB_FORMAT_IN_MSGID = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\(\s*(?:"(?:[^"\\]|\\.)*"\s*)+G_G[A-Z0-9]*_FORMAT')
UI_TRANSLATABLE = re.compile(r"""translatable\s*=\s*["'](?:yes|true|1)["']""")


def read_potfiles(po_dir):
    """Return (path of the list, entries in file order) or (None, None)."""
    for name in ("POTFILES.in", "POTFILES"):
        path = po_dir / name
        if path.exists():
            entries = []
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    entries.append(line)
            return path, entries
    return None, None


def needs_translation(path):
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    if path.suffix in (".c", ".h"):
        return C_CALL.search(C_COMMENT.sub(" ", text)) is not None
    if path.suffix == ".ui":
        return UI_TRANSLATABLE.search(text) is not None
    return False


def main(argv):
    root = pathlib.Path(argv[1] if len(argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
    root = root.resolve()
    listfile, entries = read_potfiles(root / "po")
    if listfile is None:
        print("po/POTFILES is missing", file=sys.stderr)
        return 1
    rel_list = listfile.relative_to(root)

    problems = []

    required = set()
    for top in CODE_DIRS:
        base = root / top
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix in (".c", ".h", ".ui") and path.is_file() and needs_translation(path):
                required.add(path.relative_to(root).as_posix())
    for pattern in DATA_GLOBS:
        matches = sorted((root / "data").glob(pattern))
        if not matches:
            problems.append(f"data/{pattern}: no such file in data/ (expected one)")
        for path in matches:
            required.add(path.relative_to(root).as_posix())

    listed = set(entries)
    for path in sorted(required - listed):
        problems.append(f"{path}: has translatable strings but is not listed in {rel_list}")

    for entry in entries:
        if not (root / entry).is_file():
            problems.append(f"{rel_list}: lists {entry}, which does not exist")

    seen = set()
    for entry in entries:
        if entry in seen:
            problems.append(f"{rel_list}: lists {entry} more than once")
        seen.add(entry)

    for before, after in zip(entries, entries[1:]):
        if after < before:
            problems.append(f"{rel_list}: not sorted: {after} comes after {before}")
            break

    # xgettext cannot expand GLib's format macros: a msgid written as _("… %" G_GSIZE_FORMAT …)
    # is cut at the macro and the string is never translated at run time.
    for entry in entries:
        path = root / entry
        if path.suffix in (".c", ".h") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in GLIB_FORMAT_IN_MSGID.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{entry}:{line}: a G_*_FORMAT macro inside a translatable string "
                                f"(xgettext cuts the msgid there); cast and use %lu/%lld instead")

    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {rel_list}; "
              f"fix the list (one path per line, sorted as by `LC_ALL=C sort`)", file=sys.stderr)
        return 1
    print(f"{rel_list}: {len(entries)} entries, all {len(required)} files with "
          f"translatable strings listed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
