"""Regenerate resources/fonts/serif_widths.json: advance widths of Liberation Serif (metric-compatible
with Times New Roman) for the characters Vietnamese documents use. Run once by a developer:

    python scripts/make_font_widths.py /usr/share/fonts/truetype/liberation
"""
from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x100, 0x17F), (0x1A0, 0x1B0), (0x300, 0x323), (0x1EA0, 0x1EF9),
          (0x2010, 0x2026)]


def _tables(data: bytes) -> dict[str, tuple[int, int]]:
    count = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sLLL", data[12 + 16 * i: 28 + 16 * i])
        out[tag.decode("latin-1")] = (offset, length)
    return out


def _cmap4(data: bytes, offset: int) -> dict[int, int]:
    n = struct.unpack(">H", data[offset + 2: offset + 4])[0]
    for i in range(n):
        platform, encoding, sub = struct.unpack(">HHL", data[offset + 4 + 8 * i: offset + 12 + 8 * i])
        base = offset + sub
        if platform == 3 and encoding == 1 and struct.unpack(">H", data[base: base + 2])[0] == 4:
            segs = struct.unpack(">H", data[base + 6: base + 8])[0] // 2
            ends = struct.unpack(f">{segs}H", data[base + 14: base + 14 + 2 * segs])
            p = base + 16 + 2 * segs
            starts = struct.unpack(f">{segs}H", data[p: p + 2 * segs])
            deltas = struct.unpack(f">{segs}h", data[p + 2 * segs: p + 4 * segs])
            ro_pos = p + 4 * segs
            ros = struct.unpack(f">{segs}H", data[ro_pos: ro_pos + 2 * segs])
            glyphs = {}
            for s in range(segs):
                for code in range(starts[s], ends[s] + 1):
                    if code == 0xFFFF:
                        continue
                    if ros[s] == 0:
                        g = (code + deltas[s]) & 0xFFFF
                    else:
                        addr = ro_pos + 2 * s + ros[s] + 2 * (code - starts[s])
                        g = struct.unpack(">H", data[addr: addr + 2])[0]
                        g = (g + deltas[s]) & 0xFFFF if g else 0
                    glyphs[code] = g
            return glyphs
    raise ValueError("no Unicode BMP cmap")


def widths(path: Path) -> tuple[int, dict[str, int]]:
    data = path.read_bytes()
    t = _tables(data)
    upem = struct.unpack(">H", data[t["head"][0] + 18: t["head"][0] + 20])[0]
    n_metrics = struct.unpack(">H", data[t["hhea"][0] + 34: t["hhea"][0] + 36])[0]
    hmtx = t["hmtx"][0]
    advances = [struct.unpack(">H", data[hmtx + 4 * i: hmtx + 4 * i + 2])[0] for i in range(n_metrics)]
    cmap = _cmap4(data, t["cmap"][0])
    out = {}
    for lo, hi in RANGES:
        for code in range(lo, hi + 1):
            if code in cmap:
                g = cmap[code]
                out[chr(code)] = advances[min(g, n_metrics - 1)]
    return upem, out


def main(folder: str) -> None:
    result = {"font": "Liberation Serif (metrics of Times New Roman)"}
    for style, name in (("regular", "LiberationSerif-Regular.ttf"), ("bold", "LiberationSerif-Bold.ttf")):
        upem, table = widths(Path(folder) / name)
        result["units_per_em"] = upem
        result[style] = "".join(table), list(table.values())
    target = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "serif_widths.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation")
