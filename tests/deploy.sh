#!/bin/bash
# The Kubernetes manifests in deploy/kubernetes/: each document is valid
# YAML of a known kind with the fields a cluster needs, the DaemonSet has
# what the agent cannot work without, and the ConfigMap's policy passes
# `cgwardenctl policy check`.  Last line: "N passed, M failed".
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
out=$(/usr/bin/python3 - "$repo" <<'PY'
import os, subprocess, sys, tempfile
import yaml

repo = sys.argv[1]
d = os.path.join(repo, "deploy/kubernetes")
results = []

def check(desc, cond, detail=""):
    results.append(bool(cond))
    print(("ok" if cond else "not ok") + f" {len(results)} - {desc}")
    if not cond and detail:
        print("# " + str(detail))

docs = {}
for name in sorted(os.listdir(d)):
    if not name.endswith(".yaml"):
        continue
    try:
        loaded = [x for x in yaml.safe_load_all(open(os.path.join(d, name))) if x]
        check(f"{name} parses as YAML", loaded)
    except yaml.YAMLError as e:
        check(f"{name} parses as YAML", False, e)
        continue
    for doc in loaded:
        kind = doc.get("kind")
        ok = doc.get("apiVersion") and kind and doc.get("metadata", {}).get("name")
        check(f"{name}: {kind} has apiVersion, kind and metadata.name", ok, doc.keys())
        docs[kind] = doc

ns = docs.get("Namespace", {}).get("metadata", {}).get("name")
check("a Namespace", ns == "cgwarden", ns)
for kind in ("ConfigMap", "DaemonSet"):
    check(f"{kind} in the cgwarden namespace",
          docs.get(kind, {}).get("metadata", {}).get("namespace") == ns)

ds = docs.get("DaemonSet", {})
spec = ds.get("spec", {}).get("template", {}).get("spec", {})
labels = ds.get("spec", {}).get("template", {}).get("metadata", {}).get("labels", {})
sel = ds.get("spec", {}).get("selector", {}).get("matchLabels", {})
check("DaemonSet selector matches its pod labels",
      sel and all(labels.get(k) == v for k, v in sel.items()), (sel, labels))
check("the agent runs in the host network namespace (the control channel is there)",
      spec.get("hostNetwork") is True)
ctrs = {c["name"]: c for c in spec.get("containers", []) + spec.get("initContainers", [])}
check("the module loader is privileged",
      ctrs.get("load-module", {}).get("securityContext", {}).get("privileged") is True)
agent = ctrs.get("agent", {})
cmd = " ".join(agent.get("command", []))
check("the agent streams Falco JSON", "cgwardenctl watch --falco" in cmd, cmd)
mounts = {m["name"]: m for c in ctrs.values() for m in c.get("volumeMounts", [])}
vols = {v["name"]: v for v in spec.get("volumes", [])}
check("every volume mount has a volume", set(mounts) <= set(vols), set(mounts) - set(vols))
check("the host's cgroup2 tree is mounted",
      vols.get("cgroup", {}).get("hostPath", {}).get("path") == "/sys/fs/cgroup")
check("the config comes from the ConfigMap",
      vols.get("config", {}).get("configMap", {}).get("name") ==
      docs.get("ConfigMap", {}).get("metadata", {}).get("name"))

data = docs.get("ConfigMap", {}).get("data", {})
check("the ConfigMap has cgwarden.conf and policy.yaml",
      "cgwarden.conf" in data and "policy.yaml" in data, list(data))
with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
    f.write(data.get("policy.yaml", ""))
r = subprocess.run([os.path.join(repo, "userspace/cgwardenctl"), "policy", "check", f.name],
                   capture_output=True, text=True)
check("the ConfigMap's policy passes cgwardenctl policy check", r.returncode == 0,
      r.stdout + r.stderr)
# The agent applies the ConfigMap with the Debian package's setup script:
# run it against a stand-in cgwardenctl that records what it is asked.
with tempfile.TemporaryDirectory() as tmp:
    pol = os.path.join(tmp, "policy.yaml")
    conf = os.path.join(tmp, "cgwarden.conf")
    log = os.path.join(tmp, "calls")
    ctl = os.path.join(tmp, "cgwardenctl")
    open(pol, "w").write(data.get("policy.yaml", ""))
    open(conf, "w").write(data.get("cgwarden.conf", "").replace(
        "/etc/cgwarden/policy.yaml", pol))
    open(ctl, "w").write(f"#!/bin/sh\necho \"$*\" >>{log}\n")
    os.chmod(ctl, 0o755)
    env = dict(os.environ, CGW_CONF=conf, CGWARDENCTL=ctl, CGW_SYSFS=tmp)
    r = subprocess.run([os.path.join(repo, "packaging/cgwarden-setup")],
                       capture_output=True, text=True, env=env)
    calls = open(log).read() if os.path.exists(log) else ""
    check("the agent's setup accepts the ConfigMap's cgwarden.conf", r.returncode == 0,
          r.stdout + r.stderr)
    check("and applies its limits and its policy",
          "config --default-mode off" in calls and f"policy load {pol}" in calls, calls)
os.unlink(f.name)
print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
PY
)
rc=$?
echo "$out"
[ $rc -eq 0 ] && ! grep -q '^not ok' <<<"$out"
