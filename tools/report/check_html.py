#!/usr/bin/env python3
"""`kinglet report` pages in a real browser: Debian's headless Chromium.

    python3 tools/report/check_html.py [--kinglet PATH] [--chromium PATH] [--keep DIR]
                                       [--screenshot-to docs/report.png]

For each model (a zoo model, ../shared/models/person_detect.tflite when present, a Larq model
from testdata/bnn, and a copy of a zoo model whose tensor names are patched to markup):
  1. `kinglet report MODEL -o NAME.html --board nano33ble`;
  2. the page references nothing outside itself: no "://", @import or url( in it, and (parsed) no
     <link>, <img>, <iframe>... element and no src or href other than "#...";
  3. `chromium --headless --dump-dom` runs the page's script: its self-check (table rows, sorting,
     the graph) must mark <html data-kinglet-selfcheck="ok"> and no error handler may have fired;
  4. `chromium --headless --screenshot --enable-logging=stderr --v=0` at 1400x1000: stderr must hold
     no console message ("CONSOLE", "Uncaught") — the page logs nothing when it works;
  5. the PNG (decoded here with zlib, no packages) is 1400x1000 and not blank: many colours and
     a spread of brightness.
First a probe page that throws must be caught by steps 3 and 4, so the checks cannot pass vacuously.
--screenshot-to copies the first model's screenshot (docs/report.png in the README).
Exit status 0 when every page passes.
"""

import argparse
from html.parser import HTMLParser
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIDTH, HEIGHT = 1400, 1000


def chromium_command(chromium, profile):
    return [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--disable-background-networking", "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
    ]


def run_chromium(arguments, timeout=90):
    return subprocess.run(arguments, capture_output=True, text=True, timeout=timeout)


def console_lines(stderr):
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


def decode_png(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def blankness(path):
    """A problem with the screenshot, or None: it must have the window's size, many colours and
    a spread of brightness (a blank or single-colour page has neither)."""
    width, height, channels, rows = decode_png(path)
    if (width, height) != (WIDTH, HEIGHT):
        return f"screenshot is {width}x{height}, not {WIDTH}x{HEIGHT}"
    colours, values = set(), []
    for y in range(0, height, 4):
        row = rows[y]
        for x in range(0, width, 4):
            pixel = row[x * channels:x * channels + 3]
            colours.add(pixel)
            values.append((299 * pixel[0] + 587 * pixel[1] + 114 * pixel[2]) // 1000)
    mean = sum(values) / len(values)
    deviation = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    dark = sum(1 for v in values if v < 128) / len(values)
    if len(colours) < 64 or deviation < 8 or dark < 0.005:
        return f"screenshot looks blank: {len(colours)} colours, brightness deviation {deviation:.1f}, {dark:.2%} dark"
    return None


def check_page(html, png, chromium, work, expect_failure=False):
    """Problems with one page, loaded by Chromium (empty when it passes)."""
    problems = []
    text = open(html, encoding="utf-8").read()
    lowered = text.lower()
    if not expect_failure:
        for forbidden in ["://", "@import", "<link", "url("]:
            if forbidden in lowered:
                problems.append(f"references outside the page: {forbidden!r}")
        # Real tags (parsed, so escaped text and attribute values do not count) load nothing.
        class References(HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag in ("link", "iframe", "object", "embed", "base", "img", "audio", "video", "source"):
                    problems.append(f"references outside the page: a <{tag}> element")
                for key, value in attrs:
                    if key in ("src", "href", "xlink:href", "action", "poster", "srcset") and not (value or "").startswith("#"):
                        problems.append(f"references outside the page: <{tag} {key}={value!r}>")

        References().feed(text)
    url = "file://" + os.path.abspath(html)
    profile = tempfile.mkdtemp(dir=work, prefix="profile-")
    dom = run_chromium(chromium_command(chromium, profile) + ["--enable-logging=stderr", "--v=0", "--dump-dom", url])
    match = re.search(r'data-kinglet-selfcheck="([^"]*)"', dom.stdout)
    if dom.returncode != 0:
        problems.append(f"chromium --dump-dom exited {dom.returncode}: {dom.stderr.strip()[-300:]}")
    if not match:
        problems.append("the page's script did not run its self-check (no data-kinglet-selfcheck)")
    elif match.group(1) != "ok":
        problems.append(f"self-check: {match.group(1)}")
    errors = re.search(r'data-kinglet-errors="([^"]*)"', dom.stdout)
    if errors:
        problems.append(f"script errors: {errors.group(1)}")
    problems += [f"console (dump-dom): {line.strip()}" for line in console_lines(dom.stderr)]
    shot = run_chromium(
        chromium_command(chromium, profile)
        + ["--enable-logging=stderr", "--v=0", f"--screenshot={png}", f"--window-size={WIDTH},{HEIGHT}", url])
    if shot.returncode != 0 or not os.path.exists(png):
        problems.append(f"chromium --screenshot exited {shot.returncode}: {shot.stderr.strip()[-300:]}")
    else:
        problems += [f"console (screenshot): {line.strip()}" for line in console_lines(shot.stderr)]
        problem = blankness(png)
        if problem:
            problems.append(problem)
    shutil.rmtree(profile, ignore_errors=True)
    return problems


def hostile_copy(source, destination):
    """`source` with every tensor name that starts with serving_default/StatefulPartitioned
    overwritten, byte for byte (same length, so the flatbuffer stays valid), by markup."""
    data = bytearray(open(source, "rb").read())
    payload = b"<img src=x onerror=\"document.documentElement.setAttribute('data-kinglet-errors','markup ran')\">"
    count = 0
    for prefix in (b"serving_default_", b"StatefulPartitionedCall"):
        start = 0
        while (start := data.find(prefix, start)) >= 0:
            # A flatbuffer string: a little-endian length just before its bytes.
            length = struct.unpack("<I", data[start - 4:start])[0]
            if 0 < length < 4096 and start + length <= len(data):
                filler = (payload * (length // len(payload) + 1))[:length]
                data[start:start + length] = filler
                count += 1
            start += 1
    if count == 0:
        raise ValueError(f"{source}: no tensor name to patch")
    open(destination, "wb").write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kinglet", default=os.path.join(ROOT, ".build/debug/kinglet"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--keep", help="keep the pages and screenshots in DIR")
    parser.add_argument("--screenshot-to", help="copy the first model's screenshot here (docs/report.png)")
    arguments = parser.parse_args()
    if not shutil.which(arguments.chromium) and not os.path.exists(arguments.chromium):
        sys.exit("check_html: no chromium (apt-get install chromium)")
    work = arguments.keep or tempfile.mkdtemp(prefix="kinglet-report-")
    os.makedirs(work, exist_ok=True)
    version = run_chromium([arguments.chromium, "--version"]).stdout.strip()
    print(f"check_html: {version}; pages in {work}")

    # The checks must see a failing page fail.
    probe = os.path.join(work, "probe.html")
    with open(probe, "w") as handle:
        handle.write("<!DOCTYPE html><html><body><script>missingFunction();</script></body></html>\n")
    caught = check_page(probe, os.path.join(work, "probe.png"), arguments.chromium, work, expect_failure=True)
    if not any("self-check" in p for p in caught) or not any("console" in p or "errors" in p for p in caught):
        sys.exit(f"check_html: a page that throws was not caught ({caught}); the checks are not working")
    print("  probe page that throws: caught (" + "; ".join(caught)[:200] + ")")

    # Paths relative to the repository (kinglet runs there): the page's title is the path given.
    models = [("ds_cnn_kws", "testdata/zoo/ds_cnn_kws.tflite")]
    person = "../shared/models/person_detect.tflite"
    if os.path.exists(os.path.join(ROOT, person)):
        models.append(("person_detect", person))
    else:
        print("  ../shared/models/person_detect.tflite is absent: skipped")
    models.append(("bconv_bmaxpool_relu", "testdata/bnn/bconv_bmaxpool_relu.tflite"))
    models.append(("mobilenet_v2_035", "testdata/zoo/mobilenet_v2_035.tflite"))
    hostile = os.path.join(work, "hostile_names.tflite")
    hostile_copy(os.path.join(ROOT, "testdata/zoo/ds_cnn_kws.tflite"), hostile)
    models.append(("hostile_names", hostile))

    failures = 0
    for index, (name, model) in enumerate(models):
        html = os.path.abspath(os.path.join(work, name + ".html"))
        png = os.path.abspath(os.path.join(work, name + ".png"))
        made = subprocess.run(
            [os.path.abspath(arguments.kinglet), "report", model, "-o", html, "--board", "nano33ble"],
            capture_output=True, text=True, cwd=ROOT)
        if made.returncode != 0:
            print(f"  FAIL {name}: kinglet report exited {made.returncode}: {made.stderr.strip()}")
            failures += 1
            continue
        problems = check_page(html, png, arguments.chromium, work)
        size = os.path.getsize(html)
        if problems:
            failures += 1
            print(f"  FAIL {name} ({size:,} bytes): " + "; ".join(problems))
        else:
            print(f"  pass {name}: {size:,} bytes of HTML, self-check ok, no console messages, "
                  f"screenshot {os.path.getsize(png):,} bytes not blank")
        if index == 0 and arguments.screenshot_to and not problems:
            shutil.copyfile(png, arguments.screenshot_to)
            print(f"  screenshot copied to {arguments.screenshot_to}")
    if not arguments.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"check_html: {len(models) - failures} of {len(models)} pages pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
