#!/bin/sh
# Regenerates po/POTFILES: every source under app/ and ui/ with translatable strings, plus the
# desktop entry, metainfo and GSettings schema. tests/data/check-potfiles.py checks the result.
set -eu
cd "$(dirname "$0")/.."
{
  grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext) *\(' $(git ls-files -co --exclude-standard 'app/*.c' 'app/*.h' 'ui/*.c' 'ui/*.h') 2>/dev/null || true
  grep -lE 'translatable="yes"' $(git ls-files -co --exclude-standard 'app/*.ui' 'ui/*.ui') 2>/dev/null || true
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml
} | LC_ALL=C sort -u > po/POTFILES
