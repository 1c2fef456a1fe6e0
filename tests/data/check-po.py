#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the translations in po/.

  check-po.py complete SOURCE_ROOT
      For every language in po/LINGUAS: `msgfmt --check --statistics` must pass and
      report no fuzzy and no untranslated messages.

  check-po.py fresh SOURCE_ROOT
      Generate a template from po/POTFILES with the same xgettext options as meson's
      'glib' preset, then require every msgid of it to have a translation in every
      po file (msgcmp), so a po file cannot silently go stale.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

PACKAGE = "fieldcard"

# meson's i18n 'glib' preset (mesonbuild/modules/i18n.py) plus the -k_ meson adds.
XGETTEXT_ARGS = [
    "-k_",
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]

STATS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def tool(name):
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} not found: install gettext")
    return path


def c_env():
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    env.pop("LANGUAGE", None)
    return env


def linguas(po_dir):
    path = po_dir / "LINGUAS"
    if not path.exists():
        sys.exit("po/LINGUAS is missing")
    langs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        langs.extend(line.split())
    if not langs:
        sys.exit("po/LINGUAS lists no language")
    return langs


def potfiles(po_dir):
    for name in ("POTFILES.in", "POTFILES"):
        path = po_dir / name
        if path.exists():
            return path
    sys.exit("po/POTFILES is missing")


def check_complete(root):
    po_dir = root / "po"
    msgfmt = tool("msgfmt")
    failed = 0
    for lang in linguas(po_dir):
        po = po_dir / f"{lang}.po"
        if not po.exists():
            print(f"po/{lang}.po is missing (listed in po/LINGUAS)", file=sys.stderr)
            failed += 1
            continue
        proc = subprocess.run([msgfmt, "--check", "--statistics", "-o", os.devnull, str(po)],
                              capture_output=True, text=True, env=c_env())
        counts = {kind: int(n) for n, kind in STATS.findall(proc.stderr)}
        summary = (f"{counts.get('translated', 0)} translated, {counts.get('fuzzy', 0)} fuzzy, "
                   f"{counts.get('untranslated', 0)} untranslated")
        if proc.returncode != 0:
            print(proc.stderr.rstrip(), file=sys.stderr)
            print(f"po/{lang}.po: msgfmt --check failed (exit {proc.returncode})",
                  file=sys.stderr)
            failed += 1
        elif counts.get("fuzzy", 0) or counts.get("untranslated", 0):
            print(f"po/{lang}.po: {summary}; translate the untranslated messages and "
                  f"review the fuzzy ones (then remove the fuzzy flag)", file=sys.stderr)
            failed += 1
        else:
            print(f"po/{lang}.po: {summary}")
    return 1 if failed else 0


def check_fresh(root):
    po_dir = root / "po"
    xgettext = tool("xgettext")
    msgcmp = tool("msgcmp")
    listfile = potfiles(po_dir)
    entries = [l.strip() for l in listfile.read_text(encoding="utf-8").splitlines()
               if l.strip() and not l.strip().startswith("#")]
    if not entries:
        print(f"po/{listfile.name} lists no files, so no template can be made; "
              f"list the files with translatable strings", file=sys.stderr)
        return 1

    failed = 0
    with tempfile.TemporaryDirectory(prefix="fc-check-po-") as tmp:
        pot = pathlib.Path(tmp) / f"{PACKAGE}.pot"
        proc = subprocess.run([xgettext, f"--package-name={PACKAGE}", "-f", str(listfile),
                               "-D", str(root), "-o", str(pot)] + XGETTEXT_ARGS,
                              capture_output=True, text=True, env=c_env())
        if proc.returncode != 0:
            print(proc.stderr.rstrip(), file=sys.stderr)
            print("xgettext failed on po/POTFILES", file=sys.stderr)
            return 1
        if proc.stderr.strip():
            print(proc.stderr.rstrip(), file=sys.stderr)
        if not pot.exists():
            # xgettext writes nothing when it finds no message at all.
            print("xgettext found no translatable message in the files of po/POTFILES",
                  file=sys.stderr)
            return 1
        for lang in linguas(po_dir):
            po = po_dir / f"{lang}.po"
            if not po.exists():
                print(f"po/{lang}.po is missing (listed in po/LINGUAS)", file=sys.stderr)
                failed += 1
                continue
            proc = subprocess.run([msgcmp, "-N", str(po), str(pot)],
                                  capture_output=True, text=True, env=c_env())
            if proc.returncode != 0:
                missing = proc.stderr.count("this message is used but not defined")
                print(proc.stderr.rstrip(), file=sys.stderr)
                print(f"po/{lang}.po: {missing} message(s) of the sources have no translation; "
                      f"run `ninja -C <builddir> {PACKAGE}-update-po` and translate them",
                      file=sys.stderr)
                failed += 1
            else:
                print(f"po/{lang}.po: every message of the sources is translated")
    return 1 if failed else 0


def main(argv):
    if len(argv) != 3 or argv[1] not in ("complete", "fresh"):
        print(__doc__, file=sys.stderr)
        return 2
    root = pathlib.Path(argv[2]).resolve()
    if argv[1] == "complete":
        return check_complete(root)
    return check_fresh(root)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
