"""Packages for setuptools: the code, plus the top-level resources/ and forms/ folders shipped inside it."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["tthc_desktop*"]) + ["tthc_desktop.resources", "tthc_desktop.forms"],
    package_dir={"tthc_desktop.resources": "resources", "tthc_desktop.forms": "forms"},
)
