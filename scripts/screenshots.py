"""Screenshots of the home page and the timeline, as a reader first sees them, for the README.

Builds the site (or takes a built one), serves it on 127.0.0.1 and photographs, in every language,
the home page and the timeline on a desktop (1280 px wide, the first screen) and on a phone (390 px
wide, the first two screens). Uses Debian's Chromium (/usr/bin/chromium) through Playwright; nothing
is downloaded. Run from the repository folder:

    .venv/bin/python scripts/screenshots.py               # build, then write screenshots/*.png
    .venv/bin/python scripts/screenshots.py --site site/  # photograph an existing build
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from sistercity.record.languages import LANGUAGES, prefix

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's local server and Chromium settings
import sitecheck  # noqa: E402

OUT = ROOT / "screenshots"
PAGES = {"home": "", "timeline": "timeline/"}
# (width, height of one screen, screens shown): a desktop's first screen, a phone's first two.
SCREENS = {1280: (800, 1), 390: (844, 2)}


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def photograph(site: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sitecheck.serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(sitecheck.CHROMIUM), args=sitecheck.CHROMIUM_ARGS)
        for width, (height, screens) in SCREENS.items():
            phone = width < 600
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=1,
                is_mobile=phone,
                has_touch=phone,
                color_scheme="light",
            )
            tab = context.new_page()
            for lang in LANGUAGES:
                for name, path in PAGES.items():
                    tab.goto(base + prefix(lang) + path, wait_until="load")
                    tab.evaluate("document.fonts.ready")
                    file = out / f"{name}-{lang}-{width}.png"
                    clip = {"x": 0, "y": 0, "width": width, "height": height * screens}
                    tab.screenshot(path=str(file), clip=clip, full_page=True, animations="disabled")
                    written.append(file)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one in a temporary folder)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write the PNGs (default: {OUT})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ph-screens-") as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build(site)
        for file in photograph(site, args.out):
            print(f"{file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}: {file.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
