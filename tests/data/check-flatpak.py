#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lint the flatpak manifest offline (platform-notes §5).

Usage: check-flatpak.py MANIFEST APP_ID COMMAND [FLATPAK_BUILDER]

Checks: valid JSON; app-id and command match the meson build; the runtime is
org.gnome.Platform with a string runtime-version; the last module is the app, built
with meson from the source tree; libnfc is a module; every source is pinned (git:
commit; archive/file: sha256; dir/local files need nothing). When FLATPAK_BUILDER is
given, `G_DEBUG=fatal-warnings flatpak-builder --show-manifest` must succeed, which
catches misspelt properties and wrong value types.
"""

import json
import os
import subprocess
import sys
import tempfile

REMOTE_TYPES = {"archive", "file", "git", "bzr", "svn", "extra-data"}


def module_sources(module):
    for source in module.get("sources", []):
        yield source


def source_problems(module_name, source):
    if isinstance(source, str):
        return [f"module {module_name}: source {source!r} is an external file; inline it "
                f"so that this check can see whether it is pinned"]
    kind = source.get("type")
    where = f"module {module_name}: {kind} source {source.get('url') or source.get('path')}"
    if kind == "git":
        if "url" in source and not source.get("commit"):
            return [f"{where}: not pinned (add \"commit\"; a tag or branch alone can move)"]
    elif kind in ("archive", "file"):
        if "url" in source and not source.get("sha256"):
            return [f"{where}: not pinned (add \"sha256\")"]
        if "url" not in source and "path" not in source:
            return [f"{where}: has neither url nor path"]
    elif kind in ("bzr", "svn"):
        if not (source.get("revision") or source.get("commit")):
            return [f"{where}: not pinned (add a revision)"]
    elif kind == "extra-data":
        if not source.get("sha256"):
            return [f"{where}: not pinned (add \"sha256\")"]
    elif kind in ("dir", "patch", "script", "shell", "inline"):
        pass
    else:
        return [f"{where}: unknown source type"]
    return []


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    manifest_path, app_id, command = argv[1:4]
    builder = argv[4] if len(argv) == 5 else None

    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        print(f"{manifest_path}: cannot read the manifest: {e}", file=sys.stderr)
        return 1

    problems = []
    found_app_id = manifest.get("app-id", manifest.get("id"))
    if found_app_id != app_id:
        problems.append(f"app-id is {found_app_id!r}, but meson builds {app_id!r}")
    if manifest.get("command") != command:
        problems.append(f"command is {manifest.get('command')!r}, but the executable is {command!r}")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append("runtime/sdk must be org.gnome.Platform/org.gnome.Sdk")
    if not isinstance(manifest.get("runtime-version"), str):
        problems.append("runtime-version must be a string, such as \"46\"")

    modules = manifest.get("modules", [])
    if not modules or not all(isinstance(m, dict) for m in modules):
        problems.append("modules must be a non-empty list of inline module objects")
        modules = [m for m in modules if isinstance(m, dict)]
    names = [m.get("name") for m in modules]

    if modules:
        last = modules[-1]
        if last.get("name") != command:
            problems.append(f"the last module is {last.get('name')!r}; it must be the app, {command!r}")
        if last.get("buildsystem") != "meson":
            problems.append(f"module {last.get('name')!r} must use buildsystem meson")
        if not any(s.get("type") == "dir" for s in module_sources(last) if isinstance(s, dict)):
            problems.append(f"module {last.get('name')!r} should build the source tree "
                            f"(a \"dir\" source)")

    if "libnfc" not in names:
        problems.append("no libnfc module (libnfc is not in the GNOME runtime)")
    else:
        libnfc = modules[names.index("libnfc")]
        pinned = False
        for s in module_sources(libnfc):
            if isinstance(s, dict) and ((s.get("type") == "git" and s.get("tag") and s.get("commit"))
                                        or (s.get("url") and s.get("sha256"))):
                pinned = True
        if not pinned:
            problems.append("libnfc must be pinned by tag + commit or by url + sha256")
        if command in names and names.index("libnfc") > names.index(command):
            problems.append("libnfc must be built before the app")

    for module in modules:
        if not module.get("sources"):
            problems.append(f"module {module.get('name')!r} has no sources")
        for source in module_sources(module):
            problems.extend(source_problems(module.get("name"), source))

    if builder:
        env = dict(os.environ)
        env["G_DEBUG"] = "fatal-warnings"
        # flatpak-builder leaves a .flatpak-builder folder in its working directory.
        with tempfile.TemporaryDirectory(prefix="fc-check-flatpak-") as tmp:
            proc = subprocess.run([builder, "--show-manifest", os.path.abspath(manifest_path)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                  env=env, cwd=tmp)
        if proc.returncode != 0:
            problems.append(f"flatpak-builder --show-manifest failed (exit {proc.returncode}): "
                            f"{proc.stderr.strip()}")
        else:
            print("flatpak-builder --show-manifest: ok")
    else:
        print("flatpak-builder not found: skipped its --show-manifest check")

    for p in problems:
        print(f"{manifest_path}: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"{manifest_path}: ok ({len(modules)} modules, all sources pinned)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
