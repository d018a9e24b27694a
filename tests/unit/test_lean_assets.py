"""Scripts and styles go to the phone without their comment lines, and nothing else changes."""

from __future__ import annotations

from app.web.build import _without_comments


def test_whole_line_comments_and_blank_lines_leave_scripts():
    script = b"""// Why this module exists.
import { h } from './dom.js';

  // an indented comment
const url = 'https://example.org'; // a trailing comment stays (it could be inside a string)
const s = "// not a comment";
"""
    assert _without_comments("js/x.js", script) == (
        b"import { h } from './dom.js';\n"
        b"const url = 'https://example.org'; // a trailing comment stays (it could be inside a string)\n"
        b'const s = "// not a comment";\n')


def test_a_script_with_a_multi_line_template_literal_is_left_alone():
    script = b"const text = `first line\n// a line of the text, not a comment\n`;\n"
    assert _without_comments("js/x.js", script) == script


def test_style_comments_go_and_rules_stay():
    style = b"/* The card. */\n.card { color: red; /* inline */ }\n\n/* multi\n   line */\n.b { content: 'x'; }\n"
    assert _without_comments("app.css", style) == b".card { color: red;  }\n.b { content: 'x'; }\n"


def test_other_files_are_untouched():
    page = b"<!-- a comment -->\n<html></html>\n"
    assert _without_comments("index.html", page) == page
