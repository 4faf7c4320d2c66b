"""Build hook: ship the top-level content tree inside the package as ``ftawizard/_content``.

The content tree lives at the top of the repository (``content/``) so that people who edit
rules never have to open the code. A wheel must still carry it, so ``build_py`` copies it
into the built package. Editable installs and source checkouts read ``content/`` directly
(see ``ftawizard.content.paths``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithContent(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).parent / "content"
        if not source.is_dir():  # building from an sdist that already holds _content
            return
        target = Path(self.build_lib) / "ftawizard" / "_content"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)


setup(cmdclass={"build_py": BuildPyWithContent})
