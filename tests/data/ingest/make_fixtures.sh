#!/bin/sh
# Regenerates the ingestion fixtures in this folder (see README.md) from the bundled constructed
# minutes corpus/minutes/municipal/nong-bua-thong-2024-08-15.txt:
#   txt/minutes/nong-bua-thong.txt         the body (front matter removed)
#   pdf/minutes/nong-bua-thong.pdf         the body through ../shared/tools/pdf_roundtrip.py make
#   docx/minutes/nong-bua-thong.docx       the body through LibreOffice's text import
#   scan/minutes/nong-bua-thong-scan.pdf   pages 1-2 of that PDF as images only (no text layer)
# Usage: tests/data/ingest/make_fixtures.sh [SHARED_DIR]   (default: ../shared next to the repo)
# Needs python3, soffice (libreoffice-writer-nogui), fonts-thai-tlwg, poppler-utils.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SHARED=$(cd "${1:-$ROOT/../shared}" && pwd)
SOURCE="$ROOT/corpus/minutes/municipal/nong-bua-thong-2024-08-15.txt"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT

# The body: everything after the front matter's closing `---`.
mkdir -p "$HERE/txt/minutes" "$HERE/pdf/minutes" "$HERE/docx/minutes" "$HERE/scan/minutes"
awk 'NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' "$SOURCE" \
  >"$HERE/txt/minutes/nong-bua-thong.txt"

# PDF: one <p> per non-empty line, justified, TLWG Laksaman 15 pt, LibreOffice 7.4 Writer/Web.
# The make step is known to drop the first line of some documents; check that it did not.
mkdir -p "$STAGE/orig" "$STAGE/work"
cp "$HERE/txt/minutes/nong-bua-thong.txt" "$STAGE/orig/"
python3 "$SHARED/tools/pdf_roundtrip.py" make "$STAGE/orig" "$STAGE/work"
FIRST=$(head -n 1 "$HERE/txt/minutes/nong-bua-thong.txt")
pdftotext -raw -enc UTF-8 "$STAGE/work/nong-bua-thong.pdf" - | head -n 1 | grep -qF "$FIRST" || {
  echo "make dropped the first line: run again" >&2
  exit 1
}
cp "$STAGE/work/nong-bua-thong.pdf" "$HERE/pdf/minutes/"

# DOCX: LibreOffice's text import (one paragraph per line, an empty paragraph per blank line,
# tabs as w:tab), saved as Word 2007-365.
mkdir -p "$STAGE/docx"
soffice --headless --infilter="Text (encoded):UTF8,LF,,," --convert-to docx:"MS Word 2007 XML" \
  --outdir "$STAGE/docx" "$HERE/txt/minutes/nong-bua-thong.txt" >/dev/null
cp "$STAGE/docx/nong-bua-thong.docx" "$HERE/docx/minutes/"

# Image-only PDF: pages 1 and 2 of the PDF rendered at 50 dpi, grey JPEG, each placed on an A4
# page with no text at all (what a scanner without OCR produces).
pdftoppm -f 1 -l 2 -r 50 -gray -jpeg -jpegopt quality=60 "$HERE/pdf/minutes/nong-bua-thong.pdf" \
  "$STAGE/page"
python3 - "$HERE/scan/minutes/nong-bua-thong-scan.pdf" "$STAGE"/page-*.jpg <<'EOF'
import struct, sys

def jpeg_size(data):
    """Width, height and number of colour components from the first SOF marker of a JPEG."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height, data[i + 9]
        i += 2 + length
    raise ValueError("no SOF marker")

out, images = sys.argv[1], sys.argv[2:]
objects = []  # bodies of objects 1..n
def add(body):
    objects.append(body)
    return len(objects)
catalog = add(b"")  # filled in below
pages = add(b"")
kids = []
for path in images:
    data = open(path, "rb").read()
    w, h, components = jpeg_size(data)
    space = b"/DeviceGray" if components == 1 else b"/DeviceRGB"
    image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, space, len(data))
                + data + b"\nendstream")
    draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
    kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources "
                    b"<< /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (pages, image, content)))
objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
objects[pages - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
                      + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
pdf, offsets = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", []
for n, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % n + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
pdf += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
open(out, "wb").write(pdf)
EOF
