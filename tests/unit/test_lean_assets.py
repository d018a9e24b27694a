"""Scripts and styles go to the phone without their comments and minified, and what they do and
say stays exactly the same."""

from __future__ import annotations

import pytest

from app.web.build import _minified, _without_comments


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
    assert _minified("app.css", style) == b'.card{color:red}.b{content:"x"}\n'


def test_minified_scripts_keep_every_string_whole():
    """Nested template literals are where a tokenizer that is not a parser goes wrong (rjsmin
    dropped the space of ` (${answer})`, and the vet's summary read "worse?(yes)")."""
    script = b"""const url = 'https://example.org';
const s = "// not a comment";
const r = /a\\/\\/b/g;
export const blocked = (question, answer) => `${question}${answer ? ` (${answer})` : ''}  done`;
export const t = `first line
  second line`;
"""
    minified = _minified("app.js", script).decode()
    assert len(minified) < len(script) - 20 and minified.count("\n") == 2  # the template's own line break, and the last
    for whole in ["https://example.org", "// not a comment", "/a\\/\\/b/g", "${answer?` (${answer})`", "  done`",
                  "`first line\n  second line`"]:
        assert whole in minified


def test_a_script_that_would_end_its_element_is_refused():
    with pytest.raises(ValueError, match="web/js/x.js: holds '</script'"):
        _minified("js/x.js", b"const s = '</script>';\n")


def test_other_files_are_untouched():
    page = b"<!-- a comment -->\n<html></html>\n"
    assert _without_comments("index.html", page) == page
    assert _minified("index.html", page) == page
