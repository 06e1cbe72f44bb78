#!/usr/bin/env python3
"""Fails if a crate's modules import each other in a circle.

Reads every `crate::` and `super::` path in a crate's source folder (tests
left out; engine/src, or each folder given) and
draws an edge from the file's module to the module the path names: among
the top-level modules (lib.rs's `mod` lines), and among the files of each
folder (the engine's `ingest/` and `value/`, the page's `ui/`). A folder's mod.rs declares the types its files
share and calls them, as a Rust module does with its children, so an edge
between a folder's files and its mod.rs is not counted. A name that lib.rs
re-exports counts as the module it comes from.

Usage: scripts/check_imports.py [SRC...]   (default: engine/src)
"""

import os
import re
import sys


def modules(root):
    """Module path (a tuple) to source text, tests left out."""
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(folder, name)
            parts = os.path.relpath(path, root)[: -len(".rs")].split(os.sep)
            if parts[-1] == "mod":
                parts = parts[:-1]
            if parts == ["lib"]:
                parts = []
            with open(path, encoding="utf-8") as f:
                text = f.read()
            found[tuple(parts)] = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
    return found


def reexports(lib):
    """Names lib.rs re-exports, with the module each comes from."""
    names = {}
    for m in re.finditer(r"pub use crate::([a-z_:]+?)::(?:\{([^}]*)\}|(\w+));", lib):
        module = tuple(m.group(1).split("::"))
        for name in (m.group(2) or m.group(3)).split(","):
            name = name.strip().split("::")[-1]
            if name:
                names[name] = module
    return names


def paths(text):
    """Every `crate::` or `super::` path, grouped imports spread out."""
    for m in re.finditer(r"\b(crate|super)((?:::\w+)+)(?:::\{([^}]*)\})?", text):
        head = [m.group(1)] + m.group(2).strip(":").split("::")
        if m.group(3):
            for item in m.group(3).split(","):
                item = item.strip()
                if item:
                    yield head + item.split("::")[0:1]
        else:
            yield head


def target(module, path, known, exported):
    """The module a path from `module` names: its longest known prefix."""
    if path[0] == "crate":
        rest = path[1:]
        base = []
    else:
        base = list(module)
        rest = path
        while rest and rest[0] == "super":
            base = base[:-1]
            rest = rest[1:]
    if not base and rest and rest[0] in exported:
        return exported[rest[0]]
    best = tuple(base)
    for i in range(1, len(rest) + 1):
        if tuple(base + rest[:i]) in known:
            best = tuple(base + rest[:i])
    return best


def edges(found):
    """Edges at two levels: top-level modules, and files within a folder."""
    exported = reexports(found.get((), ""))
    known = set(found)
    out = set()
    for module, text in found.items():
        if not module:
            continue
        for path in paths(text):
            to = target(module, path, known, exported)
            if not to:
                continue
            # Between top-level modules.
            if module[0] != to[0]:
                out.add(((module[0],), (to[0],)))
            # Between the files of one folder, leaving out its mod.rs.
            elif len(module) >= 2 and len(to) >= 2 and module[:2] != to[:2]:
                out.add((module[:2], to[:2]))
    return out


def circle(graph):
    """One circle of the graph, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for next_node in sorted(graph.get(node, ())):
            if state.get(next_node) == "open":
                return stack[stack.index(next_node) :] + [next_node]
            if next_node not in state:
                found = visit(next_node)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check(root):
    """0 when the modules of `root` import one way, else 1 (said on stderr)."""
    found = modules(root)
    graph = {}
    for a, b in edges(found):
        graph.setdefault(a, set()).add(b)
    loop = circle(graph)
    if loop:
        names = " -> ".join("::".join(m) for m in loop)
        print(f"check_imports: the modules of {root} import in a circle: {names}", file=sys.stderr)
        print("Move what both need into a module below them (ARCHITECTURE.md, "
              "\"The engine's modules, and the way they import\").", file=sys.stderr)
        return 1
    imports = sum(len(v) for v in graph.values())
    print(f"check_imports: {root}: {len(graph)} modules importing others, {imports} imports, no circle")
    return 0


def main():
    roots = sys.argv[1:] or ["engine/src"]
    return max(check(root) for root in roots)


if __name__ == "__main__":
    sys.exit(main())
