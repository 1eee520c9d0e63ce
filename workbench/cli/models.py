"""`workbench models`: list MT backends and their language pairs; install Argos packages."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import click

from workbench.cli import main
from workbench.cli.common import Seconds, echo_json, get_config, handle_errors, table_or_json
from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.terminal_text import visible_line

_FORMAT = table_or_json


@main.group()
def models() -> None:
    """List machine-translation backends and language pairs; install Argos packages."""


def _argos_listing(config: Config) -> dict[str, Any]:
    from workbench.mt.argos import ArgosTranslator

    entry: dict[str, Any] = {"name": "argos", "available": False, "pairs": []}
    try:
        translator = ArgosTranslator(config)
        entry["location"] = ", ".join(str(d) for d in translator.dirs)
        entry["pairs"] = [
            {"source": s, "target": t, "model_id": translator.model_id(s, t)}
            for s, t in translator.pairs()
        ]
    except (WorkbenchError, OSError, ImportError) as exc:
        entry["reason"] = str(exc)
        return entry
    entry["available"] = bool(entry["pairs"])
    if not entry["pairs"]:
        entry["reason"] = "no Argos packages installed; see `workbench models install --help`"
    return entry


def _apertium_listing(config: Config) -> dict[str, Any] | None:
    if importlib.util.find_spec("workbench.mt.apertium") is None:
        return None
    from workbench.mt.apertium import ApertiumTranslator

    entry: dict[str, Any] = {"name": "apertium", "available": False, "pairs": []}
    try:
        translator = ApertiumTranslator(config)
        entry["location"] = config.mt.apertium_path
        entry["pairs"] = [
            {"source": s, "target": t, "model_id": translator.model_id(s, t)}
            for s, t in translator.pairs()
        ]
    except (WorkbenchError, OSError) as exc:
        entry["reason"] = str(exc)
        return entry
    entry["available"] = bool(entry["pairs"])
    if not entry["pairs"]:
        entry["reason"] = "apertium or its language pairs are not installed"
    return entry


@models.command("list")
@_FORMAT
@click.pass_context
@handle_errors
def list_models(ctx: click.Context, fmt: str) -> None:
    """Show each MT backend, whether it is usable, and the pairs it translates directly."""
    config = get_config(ctx)
    backends = [b for b in (_argos_listing(config), _apertium_listing(config)) if b is not None]
    if fmt == "json":
        echo_json({"backends": backends})
        return
    for backend in backends:
        state = "available" if backend["available"] else "unavailable"
        click.echo(
            visible_line(f"{backend['name']} ({state}) {backend.get('location', '')}".rstrip())
        )
        if backend.get("reason"):
            click.echo(visible_line(f"  {backend['reason']}"))
        for pair in backend["pairs"]:
            click.echo(visible_line(f"  {pair['source']}-{pair['target']:<6} {pair['model_id']}"))


@models.command("install")
@click.argument("target", metavar="FILE.argosmodel|PAIR")
@click.option(
    "--timeout",
    type=Seconds(3600),
    default=5.0,
    show_default=True,
    help="Seconds to wait for the Argos package index before giving up (PAIR only).",
)
@_FORMAT
@click.pass_context
@handle_errors
def install(ctx: click.Context, target: str, timeout: float, fmt: str) -> None:
    """Install an Argos package from a .argosmodel file, or download one for PAIR (e.g. en-de).

    A file is checked before anything is unpacked (a real zip, no paths leaving the package
    folder, no links, a metadata.json naming the languages). PAIR downloads from the Argos
    package index and needs the network; nothing is ever downloaded without this command.
    Packages go to mt.argos_packages_dir when set, else argostranslate's own folder.
    """
    from workbench.mt.argos import packages_dirs
    from workbench.mt.packages import install_from_index, install_package

    config = get_config(ctx)
    dest = config.resolve(config.mt.argos_packages_dir) if config.mt.argos_packages_dir else None
    if target.endswith(".argosmodel") or Path(target).exists():
        installed = install_package(target, dest)
    else:
        installed = install_from_index(target, dest, timeout=timeout)
    info = installed.info
    if fmt == "json":
        echo_json(
            {
                "source": info.from_code,
                "target": info.to_code,
                "package": info.folder,
                "version": info.package_version,
                "path": str(installed.path),
            }
        )
        return
    where = dest or packages_dirs(config)[0]
    click.echo(
        visible_line(f"installed {info.from_code}-{info.to_code} ({info.folder}) into {where}")
    )
