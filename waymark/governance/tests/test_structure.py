"""Who reports to whom: the layout of the diagram (each group below the one it reports to, parents
centred over their children, no overlaps) and the page, whose nested list says what the diagram
shows."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from waymark.governance.group_structure import Node, layout
from waymark.governance.models import GroupKind
from waymark.governance.tests.factories import make_group


def tree_nodes():
    return [
        Node("board", None, "Strategic Board"),
        Node("ops", "board", "Operational Group"),
        Node("tf", "board", "Training Task and Finish Group"),
        Node("sub", "ops", "Intelligence Sub-group"),
        Node("forum", None, "Business Forum"),
        Node("local", "county-board", "Reports to a county group"),  # its parent is elsewhere
    ]


def test_each_group_sits_below_the_group_it_reports_to():
    boxes = {box.node.key: box for box in layout(tree_nodes()).boxes}
    assert boxes["ops"].y > boxes["board"].y and boxes["tf"].y == boxes["ops"].y
    assert boxes["sub"].y > boxes["ops"].y
    assert boxes["forum"].y == boxes["board"].y == boxes["local"].y  # each starts a tree of its own


def test_a_parent_is_centred_over_its_children():
    boxes = {box.node.key: box for box in layout(tree_nodes()).boxes}
    assert boxes["board"].centre_x == (boxes["ops"].centre_x + boxes["tf"].centre_x) // 2
    assert boxes["ops"].centre_x == boxes["sub"].centre_x


def test_no_two_boxes_overlap_and_all_fit_the_drawing():
    diagram = layout(tree_nodes())
    boxes = diagram.boxes
    for i, a in enumerate(boxes):
        assert a.x >= 0 and a.x + a.width <= diagram.width and a.y + a.height <= diagram.height
        for b in boxes[i + 1 :]:
            apart = a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y or b.y + b.height <= a.y
            assert apart, (a.node.key, b.node.key)


def test_one_connector_per_reporting_line():
    assert len(layout(tree_nodes()).connectors) == 3


def test_long_names_wrap_inside_their_box():
    (box,) = layout([Node(1, None, "Northshire Modern Slavery and Human Trafficking Operational Group")]).boxes
    assert len(box.title_lines) > 1 and all(len(line) <= 24 for line in box.title_lines)


def test_nothing_to_draw():
    diagram = layout([])
    assert (diagram.width, diagram.height, diagram.boxes) == (0, 0, ())


@pytest.mark.django_db
def test_the_page_draws_the_structure_and_says_it_in_words(client_for, world):
    board = make_group(world, name="Testford Strategic Board")
    make_group(world, name="Testford Network", kind=GroupKind.NETWORK, reports_to=board)
    county = make_group(world, name="Testshire Governing Board", partnership=world.county, organisations=[world.police])
    make_group(world, name="Testford Forum", kind=GroupKind.BUSINESS_FORUM, reports_to=county)
    response = client_for("charity_caseworker").get(reverse("governance:group-structure"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())

    svg = re.search(r"<svg .*?</svg>", page, re.DOTALL).group(0)
    assert 'role="img"' in svg and "<title id=" in svg
    assert svg.count("<rect") == 2 * 3 and svg.count("<path") == 1  # three groups, one reporting line
    assert "Testford Network" in svg

    text_alternative = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page.split("the structure as a list")[1]))
    assert "Testford Strategic Board (strategic board). Reporting to it: Testford Network (network)" in text_alternative
    assert (
        "Testford Forum (business forum), which reports to Testshire Governing Board (Testshire County Partnership)"
        in text_alternative
    )


@pytest.mark.django_db
def test_the_outsider_sees_only_their_own_partnerships_structure(client_for, world):
    make_group(world, name="Testford Strategic Board")
    make_group(world, name="Otherton Board", partnership=world.otherton, organisations=[world.other_council])
    page = client_for("outsider").get(reverse("governance:group-structure")).content.decode()
    assert "Otherton Board" in page and "Testford Strategic Board" not in page
