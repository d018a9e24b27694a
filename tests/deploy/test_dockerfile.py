"""The Dockerfile, read (Docker does not run here; tests/deploy/test_installed_wheel.py builds the
wheel from its COPYs): the image runs as a user that is not root, has a health check, and
installs its dependencies before it copies any code."""

from __future__ import annotations

from tests.deploy.dockerfile import instructions


def _final_stage():
    found = instructions()
    last = max(instruction.stage for instruction in found)
    return [instruction for instruction in found if instruction.stage == last]


def test_the_image_runs_as_a_user_that_is_not_root():
    users = [instruction.arguments for instruction in _final_stage() if instruction.keyword == "USER"]
    assert users and users[-1] not in ("root", "0")


def test_the_image_checks_its_health():
    [check] = [instruction.arguments for instruction in _final_stage() if instruction.keyword == "HEALTHCHECK"]
    assert "/api/v1/health" in check


def test_dependencies_are_installed_before_the_code_is_copied():
    stage = _final_stage()
    keywords = [(instruction.keyword, instruction.arguments) for instruction in stage]
    install_dependencies = next(i for i, (keyword, arguments) in enumerate(keywords)
                                if keyword == "RUN" and "pip install -r" in arguments)
    copies_before = [arguments for keyword, arguments in keywords[:install_dependencies] if keyword == "COPY"]
    assert copies_before == ["pyproject.toml /tmp/pyproject.toml"]  # a code change keeps this layer
    install_code = next(i for i, (keyword, arguments) in enumerate(keywords)
                        if keyword == "RUN" and "--no-deps" in arguments)
    assert install_dependencies < install_code
