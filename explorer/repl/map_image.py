"""``map --output FILE.png|svg``: the vector map drawn by matplotlib, an optional extra."""

from __future__ import annotations

from pathlib import Path

from explorer.core.base.errors import ExplorerError
from explorer.core.lab.vector_map import VectorMap

IMAGE_SUFFIXES = (".png", ".svg")


class PlottingUnavailable(ExplorerError):
    """``--output`` needs matplotlib, which is not installed."""


def check_image_path(output: str) -> Path:
    path = Path(output).expanduser()
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ExplorerError(
            "Unknown image type", f"{output}: name a .png or .svg file, e.g. map.png"
        )
    return path


def write_map_image(vector_map: VectorMap, path: Path, highlighted: frozenset[str]) -> Path:
    """Draw and write the map (blocking: run it in a thread)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlottingUnavailable(
            "Plotting not installed",
            "--output draws with matplotlib: pip install 'weaviate-explorer[plots]' "
            "(or use --format json for the coordinates)",
        ) from None
    figure, axes = plt.subplots(figsize=(8, 6), dpi=100)
    try:
        for group in vector_map.groups:
            points = [p for p in vector_map.points if p.group == group]
            axes.scatter(
                [p.x for p in points],
                [p.y for p in points],
                s=8,
                label=group if vector_map.color_by else None,
            )
        marked = [p for p in vector_map.points if p.uuid in highlighted]
        if marked:
            axes.scatter(
                [p.x for p in marked],
                [p.y for p in marked],
                s=60,
                facecolors="none",
                edgecolors="black",
                label="last query",
            )
        axes.set_title(f"{vector_map.collection}.{vector_map.target} (PCA)")
        axes.set_xlabel(f"PC1 ({vector_map.explained[0]:.1%})")
        axes.set_ylabel(f"PC2 ({vector_map.explained[1]:.1%})")
        if vector_map.color_by or marked:
            axes.legend(fontsize="small", markerscale=2)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            figure.savefig(path, format=path.suffix.lower().lstrip("."))
        except OSError as exc:
            raise ExplorerError("Cannot write the image", f"{path}: {exc.strerror or exc}") from exc
    finally:
        plt.close(figure)
    return path
