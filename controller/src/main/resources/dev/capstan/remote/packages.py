# Capstan's Python package bookkeeping, stdlib only, run on a host. Two modes:
#   inventory FILE: run by a release's own venv/bin/python, writes what the virtualenv has
#     installed (name, version, whether it was asked for: a REQUESTED file) as JSON to FILE.
#   index KIND WHERE NAME...: run by the host's python3 (its network and proxy settings, as
#     pip would), prints one JSON line {name: [versions]} of what an index (KIND url: a PEP 503
#     simple index) or a folder of distributions (KIND findLinks) offers. An index that cannot
#     be read exits 2 naming its URL, never the credentials in it.
import json, os, re, sys

def normalise(name):
    return re.sub(r'[-_.]+', '-', name).lower()

def inventory(out):
    import datetime, importlib.metadata, platform
    seen = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata['Name']
        if not name:
            continue
        key = normalise(name)
        if key in seen:
            continue  # the first on sys.path is what imports
        requested = dist.read_text('REQUESTED') is not None
        seen[key] = {'name': name, 'version': dist.version, 'requested': requested}
    record = {
        'packages': [seen[k] for k in sorted(seen)],
        'python': platform.python_version(),
        'inventoriedAt': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
    }
    tmp = out + '.new.%d' % os.getpid()
    with open(tmp, 'w') as f:
        json.dump(record, f, sort_keys=True)
        f.write('\n')
    os.replace(tmp, out)

SUFFIXES = ('.tar.gz', '.tar.bz2', '.tar.xz', '.zip', '.tgz')

def version_of(filename, name):
    """The version in a wheel's or sdist's file name when it is one of project name's."""
    base = filename.split('#', 1)[0].split('?', 1)[0].rsplit('/', 1)[-1]
    if base.endswith('.whl'):
        parts = base[:-4].split('-')
        if len(parts) >= 5 and normalise(parts[0]) == name:
            return parts[1]
        return None
    for suffix in SUFFIXES:
        if base.endswith(suffix):
            stem = base[:-len(suffix)]
            for i, c in enumerate(stem):
                if c == '-' and normalise(stem[:i]) == name:
                    return stem[i + 1:] or None
    return None

def unique(versions):
    out = []
    for v in versions:
        if v is not None and v not in out:
            out.append(v)
    return out

def public(url):
    """The URL as messages show it: no user or password."""
    import urllib.parse
    p = urllib.parse.urlsplit(url)
    host = p.hostname or ''
    if p.port:
        host += ':%d' % p.port
    return urllib.parse.urlunsplit((p.scheme, host, p.path, p.query, ''))

def anchors(html):
    from html.parser import HTMLParser
    found = []
    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag != 'a':
                return
            attrs = dict(attrs)
            if 'data-yanked' in attrs or not attrs.get('href'):
                return
            found.append(attrs['href'])
    Parser().feed(html)
    return found

def from_index(url, name):
    import base64, urllib.error, urllib.parse, urllib.request
    page = url.rstrip('/') + '/' + name + '/'
    p = urllib.parse.urlsplit(page)
    request = urllib.request.Request(public(page), headers={'Accept': 'text/html'})
    if p.username is not None:
        user = urllib.parse.unquote(p.username)
        password = urllib.parse.unquote(p.password or '')
        token = base64.b64encode(('%s:%s' % (user, password)).encode()).decode()
        request.add_header('Authorization', 'Basic ' + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            html = response.read().decode('utf-8', 'replace')
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return []
        sys.exit('package index %s answered %d %s' % (public(page), e.code, e.reason))
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, 'reason', e)
        sys.exit('package index %s cannot be reached: %s' % (public(page), reason))
    return unique(version_of(urllib.parse.unquote(h), name) for h in anchors(html))

def from_folder(folder, name):
    try:
        files = sorted(os.listdir(folder))
    except OSError as e:
        sys.exit('findLinks folder %s cannot be read: %s' % (folder, e.strerror))
    return unique(version_of(f, name) for f in files)

def index(kind, where, names):
    result = {}
    for raw in names:
        name = normalise(raw)
        result[raw] = from_index(where, name) if kind == 'url' else from_folder(where, name)
    print(json.dumps(result, sort_keys=True))

if __name__ == '__main__':
    if sys.argv[1:2] == ['inventory']:
        inventory(sys.argv[2])
    elif sys.argv[1:2] == ['index'] and sys.argv[2] in ('url', 'findLinks'):
        index(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit('usage: inventory FILE | index url|findLinks WHERE NAME...')
