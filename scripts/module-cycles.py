#!/usr/bin/env python3
"""Finds import cycles between modules of a crate, from its `use` lines and inline paths.

Usage: scripts/module-cycles.py [CRATE_SRC_DIR ...]   (default: app/src server/src)

Every `crate::…`, `super::…` and `self::…` path in a file is resolved to the deepest module it
names. A reference from module P to module Q is counted between the two siblings under their
lowest common ancestor (so `pages::sign_in` using `session` is an edge `pages -> session`); a
module using its own parent or child is not an edge. Prints each cycle found among siblings and
exits 1 if there is any.
"""
import os
import re
import sys


def modules(src):
    """File path -> module path (tuple of names)."""
    found = {}
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)[:-3].split(os.sep)
            if rel[-1] in ("lib", "main", "mod"):
                rel = rel[:-1]
            found[path] = tuple(rel)
    return found


def use_paths(tree, prefix=()):
    """Flattens a use tree (`a::{b, c::{d, e}}`) into paths."""
    tree = tree.strip()
    depth, start, parts = 0, 0, []
    if tree.endswith("}") and "{" in tree:
        head = tree[: tree.index("{")].rstrip(":").strip()
        inner = tree[tree.index("{") + 1 : -1]
        base = prefix + tuple(p for p in head.split("::") if p)
        for i, ch in enumerate(inner):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append(inner[start:i])
                start = i + 1
        parts.append(inner[start:])
        out = []
        for part in parts:
            if part.strip():
                out.extend(use_paths(part, base))
        return out
    path = tree.split(" as ")[0].strip()
    return [prefix + tuple(p for p in path.split("::") if p)]


def references(text, me):
    """Module paths referenced from a file whose module is `me` (may be over-long)."""
    text = re.sub(r"//[^\n]*", "", text)
    refs = []
    for stmt in re.findall(r"\buse\s+([^;]+);", text, flags=re.S):
        refs.extend(use_paths(stmt))
    refs.extend(tuple(m.split("::")) for m in re.findall(r"\b(?:crate|super)(?:::\w+)+", text))
    out = []
    for path in refs:
        if not path:
            continue
        if path[0] == "crate":
            out.append(path[1:])
        elif path[0] in ("super", "self"):
            base = list(me)
            rest = list(path)
            while rest and rest[0] in ("super", "self"):
                if rest.pop(0) == "super":
                    base = base[:-1]
            out.append(tuple(base + rest))
    return out


def cycles(src):
    files = modules(src)
    known = set(files.values())
    edges = {}
    for path, me in files.items():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for ref in references(text, me):
            while ref and ref not in known:
                ref = ref[:-1]
            common = 0
            while common < min(len(me), len(ref)) and me[common] == ref[common]:
                common += 1
            if common in (len(me), len(ref)):
                continue  # the same module, a parent or a child
            a, b = me[: common + 1], ref[: common + 1]
            edges.setdefault(a, set()).add(b)
    # Strongly connected components (Tarjan) of the sibling graph.
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted("::".join(c) for c in comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def main():
    srcs = sys.argv[1:] or ["app/src", "server/src"]
    bad = False
    for src in srcs:
        found = cycles(src)
        for comp in found:
            bad = True
            print(f"{src}: cycle among {', '.join(comp)}")
        if not found:
            print(f"{src}: no import cycles between modules")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
