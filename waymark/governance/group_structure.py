"""Who reports to whom: the groups of a partnership as a tree, and where each box of the diagram goes.

Pure Python: no Django import. A group whose parent is not among those given (none, or a group in the
partnership above) starts a tree of its own. Leaves sit side by side in the order given; each parent
is centred over its children, so lines never cross.
"""

from __future__ import annotations

import textwrap
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

BOX_WIDTH = 200
GAP = 24  # between boxes side by side
LEVEL_GAP = 48  # between a box and the boxes that report to it
LINE_HEIGHT = 18
PADDING = 12
CHARS_PER_LINE = 24  # about what fits in BOX_WIDTH at the diagram's font size


@dataclass(frozen=True)
class Node:
    key: Hashable
    parent: Hashable | None
    title: str
    subtitle: str = ""  # the kind of group, say


@dataclass
class Tree:
    node: Node
    children: list[Tree] = field(default_factory=list)


@dataclass(frozen=True)
class Box:
    node: Node
    x: int
    y: int
    width: int
    height: int
    title_lines: tuple[str, ...]

    @property
    def centre_x(self) -> int:
        return self.x + self.width // 2


@dataclass(frozen=True)
class Connector:
    """An elbow from the bottom of a parent's box down to the top of a child's."""

    path: str


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    boxes: tuple[Box, ...]
    connectors: tuple[Connector, ...]
    trees: tuple[Tree, ...]


def build_trees(nodes: Sequence[Node]) -> list[Tree]:
    trees = {node.key: Tree(node) for node in nodes}
    roots = []
    for node in nodes:
        parent = trees.get(node.parent) if node.parent is not None else None
        if parent is None or parent is trees[node.key]:
            roots.append(trees[node.key])
        else:
            parent.children.append(trees[node.key])
    return roots


def layout(nodes: Sequence[Node]) -> Diagram:
    trees = build_trees(nodes)
    wrapped = {node.key: tuple(textwrap.wrap(node.title, CHARS_PER_LINE)) or ("",) for node in nodes}
    lines = max((len(w) + (1 if n.subtitle else 0) for n, w in zip(nodes, wrapped.values(), strict=True)), default=1)
    height = 2 * PADDING + lines * LINE_HEIGHT
    boxes: list[Box] = []
    connectors: list[Connector] = []
    next_left = 0

    def place(tree: Tree, depth: int) -> Box:
        nonlocal next_left
        y = depth * (height + LEVEL_GAP)
        if tree.children:
            placed = [place(child, depth + 1) for child in tree.children]
            centre = (placed[0].centre_x + placed[-1].centre_x) // 2
            box = Box(tree.node, centre - BOX_WIDTH // 2, y, BOX_WIDTH, height, wrapped[tree.node.key])
            middle = y + height + LEVEL_GAP // 2
            for child in placed:
                connectors.append(Connector(f"M{box.centre_x},{y + height} V{middle} H{child.centre_x} V{child.y}"))
        else:
            box = Box(tree.node, next_left, y, BOX_WIDTH, height, wrapped[tree.node.key])
            next_left += BOX_WIDTH + GAP
        boxes.append(box)
        return box

    for tree in trees:
        place(tree, 0)
    depth = max((int(box.y // (height + LEVEL_GAP)) for box in boxes), default=0)
    width = max(next_left - GAP, 0)
    total_height = (depth + 1) * height + depth * LEVEL_GAP if boxes else 0
    ordered = tuple(sorted(boxes, key=lambda box: (box.y, box.x)))
    return Diagram(width, total_height, ordered, tuple(connectors), tuple(trees))
