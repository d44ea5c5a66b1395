"""Makes a large XLIFF 1.2 benchmark file by repeating the body of a real one
(ids made unique): python3 benches/xliff_make.py SOURCE.xlf COPIES OUT.xlf
"""
import re
import sys

source, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(source, encoding="utf-8-sig").read()
start = text.index("<body>") + len("<body>")
end = text.rindex("</body>")
body = text[start:end]
with open(out, "w", encoding="utf-8") as handle:
    handle.write(text[:start])
    for n in range(copies):
        handle.write(re.sub(r'(<trans-unit[^>]*\bid=")', rf'\1c{n}-', body))
    handle.write(text[end:])
