#!/usr/bin/env python3
"""Fails when a crate's top-level modules import each other in a loop.

Reads every `crate::<module>` path in the crate's sources (comments skipped), draws an edge
from the module a file belongs to (the first folder or file under src/) to the module it
names, and reports each cycle. The crate root (lib.rs, main.rs) wires everything and is left
out. Usage: scripts/module-loops.py server/src [app/src ...]
"""
import re
import sys
from pathlib import Path

PATH = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
# `use crate::{a, b::c}` names several modules at once.
GROUP = re.compile(r"\bcrate::\{([^}]*)\}", re.S)
LINE_COMMENT = re.compile(r"//[^\n]*")


def module_of(src: Path, file: Path):
    rel = file.relative_to(src)
    if len(rel.parts) == 1:
        name = rel.stem
        return None if name in ("lib", "main") else name
    return rel.parts[0]


def graph(src: Path):
    edges = {}
    for file in sorted(src.rglob("*.rs")):
        here = module_of(src, file)
        if here is None:
            continue
        text = LINE_COMMENT.sub("", file.read_text(encoding="utf-8"))
        named = set(PATH.findall(text))
        for group in GROUP.findall(text):
            named.update(m.group(1) for m in re.finditer(r"(?:^|,)\s*([a-z_][a-z0-9_]*)", group))
        for there in named:
            known = (src / f"{there}.rs").exists() or (src / there).is_dir()
            if known and there != here:
                edges.setdefault(here, set()).add(there)
    return edges


def cycles(edges):
    """Tarjan's strongly connected components with more than one module."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main(dirs):
    failed = False
    for d in dirs:
        src = Path(d)
        edges = graph(src)
        for component in cycles(edges):
            failed = True
            links = [
                f"{a} -> {b}"
                for a in component
                for b in sorted(edges.get(a, ()))
                if b in component
            ]
            print(f"{src}: modules import each other in a loop: {', '.join(component)}")
            print("  " + "; ".join(links))
        if not failed:
            print(f"{src}: no module import loops ({len(edges)} modules)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["server/src"]))
