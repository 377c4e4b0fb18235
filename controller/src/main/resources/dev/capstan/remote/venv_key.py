# Prints a release's virtualenv key (20 hex digits), or "private" when its requirements point
# into the release. Run by the interpreter the virtualenv will use, in the release folder.
# Arguments: the requirements file (may be empty), then what else shapes the virtualenv.
import hashlib, os, re, sys
req, options = sys.argv[1], sys.argv[2]
h = hashlib.sha256()
h.update('\0'.join(['capstan-venv-1', os.path.realpath(sys.executable), sys.version, options, '']).encode())
local = re.compile(r'\s*(-e\b|--editable\b|\.{1,2}/|/|file:)')
include = re.compile(r'\s*(-r|--requirement|-c|--constraint)(\s+|=)(\S+)')
seen = set()
def add(path):
    path = os.path.normpath(path)
    if path in seen:
        return
    seen.add(path)
    try:
        data = open(path, 'rb').read()
    except OSError as e:
        sys.exit('requirements file %s: %s' % (path, e.strerror))
    h.update(path.encode() + b'\0' + data + b'\0')
    for line in data.decode('utf-8', 'replace').splitlines():
        if local.match(line):
            print('private')
            sys.exit(0)
        m = include.match(line)
        if m:
            add(os.path.join(os.path.dirname(path), m.group(3)))
if req:
    add(req)
print(h.hexdigest()[:20])
