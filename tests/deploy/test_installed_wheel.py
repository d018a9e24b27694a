"""`pip install .` (the Dockerfile's way) gives a working app: the wheel, built from what the
Dockerfile copies, installed into a fresh virtual environment outside the checkout and served by
its own `ivdd-pt` from another folder, answers the app, the dashboard and its stylesheet."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import httpx
import pytest

from app.config import PROJECT_ROOT
from tests.deploy.dockerfile import copied_from_context
from tests.support.server import running_server


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; its dependencies are this venv's (a .pth file), so
    nothing is downloaded and the app itself can only come from the wheel."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    for name in copied_from_context():
        copy = shutil.copytree if (PROJECT_ROOT / name).is_dir() else shutil.copy2
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        copy(PROJECT_ROOT / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", base / "dist", source])
    [wheel] = (base / "dist").glob("*.whl")

    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    site_packages = Path(subprocess.check_output([venv / "bin" / "python", "-c",
                                                  "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                                 text=True).strip())
    (site_packages / "dependencies-of-the-test-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--no-deps", wheel])
    return venv


def _run(command: list) -> None:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=300,
                          env=_outside_env())
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"


CHECKOUT_HINTS = ("PYTHONPATH", "IVDD_CONTENT_DIR", "IVDD_WEB_DIR", "DATABASE_URL")


def _outside_env() -> dict[str, str]:
    """No hint of the checkout: no PYTHONPATH, no content or web folder given."""
    return {key: value for key, value in os.environ.items() if key not in CHECKOUT_HINTS}


def test_the_installed_app_comes_from_the_wheel(installed, tmp_path):
    where = subprocess.check_output([installed / "bin" / "python", "-c", "import app; print(app.__file__)"],
                                    cwd=tmp_path, env=_outside_env(), text=True).strip()
    assert Path(where).is_relative_to(installed), where
    package = Path(where).parent  # with the files it reads at run time: the routine's languages, the dashboard's
    assert (package / "bundled" / "content" / "locales" / "es" / "steps.toml").is_file()
    assert (package / "locales" / "es" / "LC_MESSAGES" / "messages.po").is_file()


def test_the_installed_app_serves_its_pages_from_another_folder(installed, tmp_path):
    ivdd_pt = installed / "bin" / "ivdd-pt"
    with running_server(tmp_path / "data", ivdd_pt=ivdd_pt, cwd=tmp_path, env=dict.fromkeys(CHECKOUT_HINTS),
                        timeout=60) as server:
        assert 'name="password"' in httpx.get(server.url + "/clinic/setup").text  # a new server: set it up
        made = subprocess.run([ivdd_pt, "create-clinic", "--name", "Riverside Vets", "--email", "vet@riverside.example"],
                              input="correct horse battery\n", capture_output=True, text=True, cwd=tmp_path,
                              env={**_outside_env(), "IVDD_DATA_DIR": str(tmp_path / "data")}, timeout=60)
        assert made.returncode == 0, made.stderr
        for path in ("/", "/clinic/login", "/clinic/static/clinic.css", "/api/v1/routine", "/docs"):
            response = httpx.get(server.url + path)
            assert response.status_code == 200, (path, response.text[:500])
        assert 'name="password"' in httpx.get(server.url + "/clinic/login").text
    assert "Traceback" not in server.log(), server.log()
