"""Make hooks/sistercity/render/land-110m.json, the coastlines drawn on the map figure.

The source is Natural Earth's 1:110m land (public domain), as TopoJSON in the npm package
world-atlas 2.0.2 (ISC licence, Mike Bostock). The site build reads only the small file this writes,
so building needs neither npm nor a network:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/land_outline.py package/land-110m.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "hooks" / "sistercity" / "render" / "land-110m.json"


def decode(topology: dict) -> list[list[list[float]]]:
    """The land's rings as [lon, lat] lists: TopoJSON arcs are quantized and delta-encoded."""
    (kx, ky), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * kx + tx, y * ky + ty])
        arcs.append(points)
    rings = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring_arcs in polygon:
                ring: list[list[float]] = []
                for index in ring_arcs:
                    points = arcs[index] if index >= 0 else arcs[~index][::-1]
                    ring.extend(points if not ring else points[1:])  # arcs share their end points
                rings.append(ring)
    return rings


def rounded(ring: list[list[float]]) -> list[list[float]]:
    """Points to a tenth of a degree (about 11 km, far below what the map can show), repeats dropped."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 1), round(lat, 1)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("topojson", type=Path, help="land-110m.json from the world-atlas package")
    args = parser.parse_args()
    rings = [r for r in (rounded(ring) for ring in decode(json.loads(args.topojson.read_text()))) if len(r) >= 4]
    data = {
        "source": "Natural Earth 1:110m land, version 4.1.0 (public domain), via the npm package world-atlas 2.0.2",
        "rings": rings,
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rings)} rings, {sum(len(r) for r in rings)} points")


if __name__ == "__main__":
    main()
