#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The module's layers, checked: kmod/ includes only downwards, has no
include cycle, and declares in headers only what another file uses.

Layers, lowest first (docs/architecture.md draws them).  A file may
include headers of its own layer or below.  A .c file is in the layer of
the header named in OWNER, or else of its own name with .h."""
import os
import re
import sys

LAYERS = [
    ["limits.h", "fault.h", "compat.h", "config.h", "names.h", "obj.h"],
    ["generalise.h", "glob.h", "ratelimit.h", "vcache.h", "program.h"],
    ["model.h"],
    ["policy.h"],
    ["cgroup.h", "created.h"],
    ["decide.h"],
    ["alert.h"],
    ["see.h"],
    ["enforce.h"],
    ["hooks.h"],
    ["lock.h", "nl.h"],
    ["main.c"],
]
OWNER = {
    "see_exec.c": "see.h", "see_file.c": "see.h", "see_net.c": "see.h",
    "see_cgroup.c": "see.h",
    "see_path.c": "see.h",
    "see_mount.c": "see.h", "see_task.c": "see.h",
    "cgroup_sys.c": "cgroup.h", "attach.c": "hooks.h",
    "policy_nl.c": "nl.h", "netlink.c": "nl.h",
}
INCLUDE = re.compile(r'^#include "([^"]+)"', re.M)
PROTO = re.compile(r'^(?:extern\s+)?[a-z_][\w \*]*?\b(cgw_\w+)\s*\(', re.M)


def main(kmod):
    layer = {h: i for i, hs in enumerate(LAYERS) for h in hs}
    files = sorted(f for f in os.listdir(kmod) if f.endswith((".c", ".h")))
    text = {f: open(os.path.join(kmod, f), encoding="utf-8").read()
            for f in files}
    errors = []

    def layer_of(f):
        if f in layer:
            return layer[f]
        h = OWNER.get(f, f[:-2] + ".h")
        return layer.get(h)

    graph = {f: INCLUDE.findall(text[f]) for f in files}
    for f in files:
        lf = layer_of(f)
        if lf is None:
            errors.append(f"{f}: in no layer (tests/layering.py LAYERS/OWNER)")
            continue
        for inc in graph[f]:
            if inc not in text:
                errors.append(f"{f}: includes {inc}, not in kmod/")
            elif layer_of(inc) is None:
                errors.append(f"{f}: includes {inc}, which is in no layer")
            elif layer_of(inc) > lf:
                errors.append(f"{f} (layer {lf}) includes {inc} "
                              f"(layer {layer_of(inc)}): upward")

    # cycles, by depth-first search over headers
    state = {}

    def visit(f, stack):
        state[f] = 1
        for inc in graph.get(f, []):
            if state.get(inc) == 1:
                errors.append("include cycle: " +
                              " -> ".join(stack[stack.index(inc):] + [inc]))
            elif inc in graph and not state.get(inc):
                visit(inc, stack + [inc])
        state[f] = 2

    for f in files:
        if not state.get(f):
            visit(f, [f])

    # every function a header declares is used outside the file defining it
    body = {f: re.sub(r"/\*.*?\*/", "", text[f], flags=re.S)
            for f in files}
    tests = os.path.join(kmod, "tests")
    for f in sorted(os.listdir(tests)) if os.path.isdir(tests) else []:
        body["tests/" + f] = open(os.path.join(tests, f),
                                  encoding="utf-8").read()
    ident = re.compile(r"\bcgw_\w+")
    defn = re.compile(r"^\w[^;=\n]*?\b(cgw_\w+)\(", re.M)
    words = {f: {} for f in body}
    for f, b in body.items():
        for w in ident.findall(b):
            words[f][w] = words[f].get(w, 0) + 1
    defines = {f: set(defn.findall(b)) for f, b in body.items()
               if not f.endswith(".h")}
    for h in (f for f in files if f.endswith(".h")):
        for name in PROTO.findall(body[h]):
            definers = [c for c in defines if name in defines[c]]
            users = [c for c in body if c not in definers and c != h
                     and name in words[c]]
            # a macro of the header itself may be the user
            if words[h].get(name, 0) > 1:
                users.append(h)
            if definers and not users:
                errors.append(f"{h}: declares {name}, used only in "
                              f"{definers[0]}: make it static")

    for e in errors:
        print("layering: " + e)
    print(f"layering: {len(files)} files, {len(LAYERS)} layers, "
          f"{len(errors)} problems")
    return 1 if errors else 0


def selftest(kmod):
    """The check must fail on an upward include and on a cycle."""
    import shutil
    import tempfile

    bad = {"upward": ("model.c", '#include "nl.h"\n'),
           "cycle": ("obj.h", '#include "config.h"\n#include "obj.h"\n')}
    failed = 0
    for what, (f, line) in bad.items():
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "kmod")
            shutil.copytree(kmod, copy)
            with open(os.path.join(copy, f), "a", encoding="utf-8") as fh:
                fh.write(line)
            with open(os.devnull, "w") as null:
                saved, sys.stdout = sys.stdout, null
                try:
                    rc = main(copy)
                finally:
                    sys.stdout = saved
            ok = rc != 0
            failed += not ok
            print(f"{'ok' if ok else 'not ok'} - a planted {what} "
                  f"include in {f} is found")
    return failed


if __name__ == "__main__":
    kmod = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "kmod")
    args = sys.argv[1:]
    if args[:1] == ["--selftest"]:
        sys.exit(1 if selftest(kmod) or main(kmod) else 0)
    sys.exit(main(args[0] if args else kmod))
