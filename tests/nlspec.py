#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the netlink spec, the uapi header and the kernel agree.

docs/netlink/cgwarden.yaml (the family in the kernel's netlink spec
format) against include/uapi/cgwarden.h (every enum, attribute set,
command, constant and the multicast group, by name and value) and
against the kernel's per-command policies in kmod/ (the attributes each
command takes, and that every attribute a nested policy names exists).
Also: one version, written in debian/changelog, and the same everywhere
else it is written.  Prints what differs and "N passed, M failed".
"""
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
passed = 0
failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("nlspec: FAIL: %s%s" % (what, (": " + detail) if detail else ""))


def read(path):
    with open(os.path.join(ROOT, path)) as f:
        return f.read()


def c_name(prefix, name):
    return (prefix + name).upper().replace("-", "_")


def strip_comments(src):
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", src, flags=re.S)


def header_enums(src):
    """enum name -> {ENTRY: value}."""
    enums = {}
    for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\};", strip_comments(src), re.S):
        val, entries = 0, {}
        for item in m.group(2).split(","):
            item = item.strip()
            if not item:
                continue
            name, _, expr = item.partition("=")
            if expr.strip():
                val = int(expr.strip(), 0)
            entries[name.strip()] = val
            val += 1
        enums[m.group(1)] = entries
    return enums


def header_defines(src):
    defs = {}
    for m in re.finditer(r"^#define[ \t]+(\w+)[ \t]+(.+?)[ \t]*(/\*.*)?$", src, re.M):
        defs[m.group(1)] = m.group(2).strip()
    return defs


def const_value(expr):
    """The value of a constant's definition: a number, maybe shifted."""
    if expr is None or not re.fullmatch(r"[0-9xXa-fA-F()<< ]+", expr):
        return None
    return eval(expr, {"__builtins__": {}})  # digits, parentheses and << only


def spec_entries(prefix, entries, start=0):
    """Spec enum entries or attributes -> {C name: value}."""
    out, val = {}, start
    for e in entries:
        if isinstance(e, str):
            e = {"name": e}
        if "value" in e:
            val = e["value"]
        out[c_name(prefix, str(e["name"]))] = val
        val += 1
    return out


def compare(what, spec, hdr):
    for name in sorted(set(spec) | set(hdr)):
        if name not in hdr:
            check(False, what, "%s is in the spec, not in the header" % name)
        elif name not in spec:
            check(False, what, "%s is in the header, not in the spec" % name)
        else:
            check(spec[name] == hdr[name], "%s: %s" % (what, name),
                  "spec %s, header %s" % (spec[name], hdr[name]))


def check_header(spec, enums, defs):
    check(defs.get("CGW_GENL_NAME") == '"%s"' % spec["name"], "family name")
    for d in spec["definitions"]:
        pfx = d.get("name-prefix", "cgw-%s-" % d["name"])
        if d["type"] == "const":
            name = c_name(pfx, d["name"])
            check(const_value(defs.get(name)) == d["value"], "constant %s" % name,
                  "spec %s, header %s" % (d["value"], defs.get(name)))
        elif d["type"] == "flags":
            spec_flags = {c_name(pfx, e): 1 << i for i, e in enumerate(d["entries"])}
            cpfx = c_name(pfx, "")
            hdr_flags = {k: const_value(v) for k, v in defs.items()
                         if k.startswith(cpfx) and not k.endswith(("_ALL", "_NAMES"))}
            compare("flags %s" % d["name"], spec_flags, hdr_flags)
        else:
            ename = d["enum-name"].replace("-", "_")
            hdr = {k: v for k, v in enums.get(ename, {}).items()
                   if not k.endswith("_COUNT")}
            check(ename in enums, "enum %s in the header" % ename)
            compare("enum %s" % ename, spec_entries(pfx, d["entries"]), hdr)
    named = set()
    for s in spec["attribute-sets"]:
        if not s.get("enum-name"):
            continue
        ename = s["enum-name"].replace("-", "_")
        named.add(ename)
        hdr = {k: v for k, v in enums.get(ename, {}).items()
               if not k.startswith("__")}
        check(ename in enums, "attribute set %s in the header" % ename)
        compare("attribute set %s" % s["name"],
                spec_entries(s["name-prefix"], s["attributes"]), hdr)
    for ename in enums:
        if ename.endswith("_attr"):
            check(ename in named, "header enum %s has an attribute set in the spec" % ename)
    ops = spec["operations"]
    hdr = {k: v for k, v in enums.get(ops["enum-name"].replace("-", "_"), {}).items()
           if not k.startswith("__") and not k.endswith("_UNSPEC")}
    compare("commands", spec_entries(ops["name-prefix"], ops["list"], 1), hdr)
    groups = [g["name"] for g in spec["mcast-groups"]["list"]]
    check(groups == [defs.get("CGW_MCGRP_EVENTS", "").strip('"')],
          "multicast groups", "spec %s, header %s" % (groups, defs.get("CGW_MCGRP_EVENTS")))


def kernel_policies(src):
    """Policy array name -> set of attribute names it has an entry for."""
    pols = {}
    for m in re.finditer(r"struct nla_policy\s+(\w+)\s*\[[^]]*\]\s*=\s*\{(.*?)\n\};",
                         strip_comments(src), re.S):
        pols[m.group(1)] = set(re.findall(r"\[\s*(\w+)\s*\]\s*=", m.group(2)))
    return pols


def kernel_ops(src):
    """Command -> policy name or None, from the ops table of netlink.c."""
    body = re.search(r"struct genl_ops cgw_ops\[\]\s*=\s*\{(.*?)\n\};",
                     strip_comments(src), re.S)
    ops = {}
    for m in re.finditer(r"CGW_(?:READ|CHANGE)_OP\(\s*(CGW_CMD_\w+)(.*?)\)\s*,\s*\n",
                         body.group(1) + "\n", re.S):
        pol = re.search(r"CGW_POLICY\((\w+)\)", m.group(2))
        ops[m.group(1)] = pol.group(1) if pol else None
    return ops


def check_kernel(spec):
    src = "".join(read(os.path.join("kmod", f)) for f in sorted(os.listdir(os.path.join(ROOT, "kmod")))
                  if f.endswith(".c"))
    pols = kernel_policies(src)
    kops = kernel_ops(read("kmod/netlink.c"))
    check(bool(kops), "the ops table of kmod/netlink.c parses")
    sets = {s["name"]: s for s in spec["attribute-sets"]}
    oplist = spec["operations"]
    seen = set()
    for op in oplist["list"]:
        cmd = c_name(oplist["name-prefix"], op["name"])
        if "event" in op:
            check(cmd not in kops, "%s is an event, not a command the kernel takes" % cmd)
            continue
        seen.add(cmd)
        check(cmd in kops, "%s: the kernel has an op for it" % cmd)
        if cmd not in kops:
            continue
        aset = sets[op["attribute-set"]]
        want = set()
        for kind in ("do", "dump"):
            req = (op.get(kind) or {}).get("request") or {}
            want |= {c_name(aset["name-prefix"], a) for a in req.get("attributes", [])}
        have = pols.get(kops[cmd], set()) if kops[cmd] else set()
        check(not kops[cmd] or kops[cmd] in pols, "%s: policy %s found" % (cmd, kops[cmd]))
        for a in sorted(want - have):
            check(False, cmd, "the spec takes %s, the kernel's policy does not" % a)
        for a in sorted(have - want):
            check(False, cmd, "the kernel's policy takes %s, the spec does not" % a)
        check(want == have, "%s: attributes" % cmd)
    for cmd in sorted(set(kops) - seen):
        check(False, "%s: the kernel has an op the spec does not" % cmd)
    # Every attribute a nested policy names is one of its set in the spec.
    by_prefix = {}
    for s in spec["attribute-sets"]:
        for a in s["attributes"]:
            by_prefix.setdefault(c_name(s["name-prefix"], a["name"]), s["name"])
    for name, attrs in sorted(pols.items()):
        for a in sorted(attrs):
            check(a in by_prefix, "policy %s: %s is in the spec" % (name, a))


def check_version():
    m = re.match(r"cgwarden \(([^)]+)\)", read("debian/changelog"))
    ver = m.group(1) if m else None
    check(ver is not None, "debian/changelog has a version")
    places = {
        "kmod/cgwarden.h": r'#define CGW_VERSION "([^"]+)"',
        "userspace/version.h": r'#define CGW_VERSION "([^"]+)"',
        "dkms.conf": r'PACKAGE_VERSION="([^"]+)"',
    }
    for path, rx in places.items():
        if not os.path.exists(os.path.join(ROOT, path)):
            # after the split of kmod/cgwarden.h: wherever CGW_VERSION went
            continue
        got = re.search(rx, read(path))
        check(got is not None and got.group(1) == ver, "version in %s" % path,
              "%s, debian/changelog says %s" % (got.group(1) if got else None, ver))
    kmod_defs = [f for f in os.listdir(os.path.join(ROOT, "kmod")) if f.endswith(".h")
                 and re.search(r'#define CGW_VERSION "', read(os.path.join("kmod", f)))]
    check(len(kmod_defs) == 1, "CGW_VERSION is defined once in kmod/", str(kmod_defs))
    for path in ("deploy/kubernetes/daemonset.yaml",):
        if os.path.exists(os.path.join(ROOT, path)):
            for v in re.findall(r"cgwarden[:/](\d+\.\d+\.\d+)", read(path)):
                check(v == ver, "version in %s" % path, "%s, debian/changelog says %s" % (v, ver))


def main():
    spec = yaml.safe_load(read("docs/netlink/cgwarden.yaml"))
    hdr = read("include/uapi/cgwarden.h")
    check_header(spec, header_enums(hdr), header_defines(hdr))
    check_kernel(spec)
    check_version()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
