"""Build the whole book as one PDF with Jupyter Book's LaTeX builder.

    .venv/bin/python scripts/build_pdf.py            # -> _build/latex/models-of-digital-society.pdf
    python3 scripts/tasks.py pdf                     # the same, installing TeX Live first

Needs TeX Live (Debian: ``texlive-latex-recommended texlive-latex-extra
texlive-fonts-recommended texlive-xetex latexmk fonts-freefont-otf``; ``tasks.py pdf``
installs them). The engine is XeLaTeX, so the Unicode in the text (Greek letters, ≈, ő)
prints without per-character declarations.

The notebook outputs are those of the site: ``scripts/book_cache.py`` first brings Jupyter
Book's execution cache up to date (executing nothing if the site was just built), and the
LaTeX build reads every notebook from it (``execute_notebooks: cache``). Explorers print as
the figure they show in their default state: ``socmodels.widgets.Explorer`` offers that
frame as ``image/png`` beside the widget, and the LaTeX builder prefers the PNG to the
widget's text summary.

If ``_build/html`` exists, the PDF is also copied into it, so the site can link to it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PDF_NAME = "models-of-digital-society.pdf"


def build_pdf(config: Path, path_output: Path, *, strict: bool = True) -> Path:
    """Run the LaTeX build and return the path of the PDF."""
    # The site's notebook outputs, executed (if not current) into the shared cache.
    sys.path.insert(0, str(ROOT / "scripts"))
    import book_cache

    if book_cache.update(ROOT, path_output)["failed"]:
        raise SystemExit("PDF build failed: a notebook raised (see above)")
    env = dict(os.environ, **book_cache.BUILD_ENVIRONMENT)
    command = [
        str(BIN / "jupyter-book"),
        "build",
        str(ROOT),
        "--builder",
        "pdflatex",
        "--config",
        str(config),
        "--path-output",
        str(path_output),
    ]
    if strict:
        command += ["-W", "-n", "--keep-going"]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT, env=env)
    latex_dir = path_output / "_build" / "latex"
    pdfs = sorted(latex_dir.glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    if result.returncode != 0 or not pdfs:
        raise SystemExit(
            f"PDF build failed (exit {result.returncode}); see the log above and {latex_dir}/*.log"
        )
    pdf = latex_dir / PDF_NAME
    if pdfs[-1] != pdf:
        shutil.copyfile(pdfs[-1], pdf)
    return pdf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "_config.yml")
    parser.add_argument(
        "--path-output",
        type=Path,
        default=ROOT,
        help="folder that gets _build/latex (default: the repository)",
    )
    parser.add_argument(
        "--no-strict", action="store_true", help="do not turn Sphinx warnings into errors"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    pdf = build_pdf(args.config.resolve(), args.path_output.resolve(), strict=not args.no_strict)
    site = args.path_output.resolve() / "_build" / "html"
    if site.is_dir():
        shutil.copyfile(pdf, site / PDF_NAME)
        print(f"Copied into the site: {site / PDF_NAME}")
    size_mb = pdf.stat().st_size / 1e6
    print(f"PDF built in {time.perf_counter() - started:.0f} s: {pdf} ({size_mb:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
