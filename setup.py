"""The build as pyproject.toml describes it, plus one step: the routine content and the app's files
(content/ and web/, beside app/ in the checkout) are copied into the package as app/bundled/, so an
installed wheel (`pip install .`, the Dockerfile's way) runs with no checkout and no settings.
app/config.py looks there first. An editable install keeps reading the checkout's folders."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("content", "web")


class BuildPyWithContentAndWeb(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in BUNDLED:
            target = Path(self.build_lib) / "app" / "bundled" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / name, target, ignore=shutil.ignore_patterns("__pycache__", ".*"))


setup(cmdclass={"build_py": BuildPyWithContentAndWeb})
