"""Packages for setuptools: the code, plus the top-level resources/ and forms/ folders shipped inside it
as tthc_desktop.resources and tthc_desktop.forms (each sub-folder declared, so setuptools installs it as data)."""
from pathlib import Path

from setuptools import find_packages, setup


def data_packages(folder: str, package: str) -> dict[str, str]:
    found = {package: folder}
    for sub in sorted(Path(folder).rglob("*")):
        if sub.is_dir() and "__pycache__" not in sub.parts:
            found[".".join((package, *sub.relative_to(folder).parts))] = sub.as_posix()
    return found


DATA = {**data_packages("resources", "tthc_desktop.resources"), **data_packages("forms", "tthc_desktop.forms")}

setup(
    packages=find_packages(include=["tthc_desktop*"]) + list(DATA),
    package_dir=DATA,
    package_data={**{name: ["*"] for name in DATA}, "tthc_desktop.storage.migrations": ["script.py.mako"]},
)
