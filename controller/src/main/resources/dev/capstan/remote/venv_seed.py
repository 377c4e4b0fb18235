# Seeds the virtualenv this interpreter runs in (made with --without-pip) with what
# `python -m venv` would have put there: pip, and setuptools where this Python's ensurepip
# bundles it (3.11 and older). A wheel is a zip file of the installed tree, so unpacking the
# very wheels ensurepip would install, and writing their console scripts, gives the same venv
# without running pip to install pip (ensurepip's 3-4 CPU seconds). Exits non-zero, saying why,
# when it cannot: the caller then runs ensurepip after all.
import base64, ensurepip, hashlib, os, re, sys, sysconfig, zipfile

bundled = os.path.join(os.path.dirname(ensurepip.__file__), '_bundled')
folders = [f for f in (sysconfig.get_config_var('WHEEL_PKG_DIR'), bundled) if f]


def find(name, version):
    """The wheel of name (at version, when ensurepip names one) in ensurepip's folders."""
    for folder in folders:
        found = sorted(f for f in (os.listdir(folder) if os.path.isdir(folder) else ())
                       if f.endswith('.whl') and f.startswith(name + '-' + (version or '')))
        if len(found) == 1 or (found and version):
            return os.path.join(folder, found[0])
        if found:
            sys.exit('%s wheels in %s: %s; which one ensurepip means is unclear'
                     % (name, folder, ', '.join(found)))
    sys.exit('no %s wheel bundled with ensurepip in %s' % (name, ', '.join(folders)))


# What this ensurepip would install: its own answer where it has one (3.10 to 3.12; private,
# so guarded), else the (name, version) pairs it declares (3.6 to 3.9), else pip alone (3.13).
wheels = {}
try:
    for name, package in ensurepip._get_packages().items():
        wheels[name] = package.wheel_path or os.path.join(bundled, package.wheel_name)
except Exception:
    wheels = {}
    projects = getattr(ensurepip, '_PROJECTS', None) or [
        ('pip', getattr(ensurepip, '_PIP_VERSION', None))]
    for project in projects:
        wheels[project[0]] = find(project[0], project[1] and project[1] + '-')
if 'pip' not in wheels or not all(os.path.isfile(w) for w in wheels.values()):
    sys.exit('ensurepip names wheels that are not there: %s' % ', '.join(wheels.values()))

site = sysconfig.get_paths()['purelib']
scripts = sysconfig.get_paths()['scripts']
python = sys.executable
if len(python) > 120 or ' ' in python:
    # Past the kernel's shebang limit: sh finds the interpreter, as pip's own launchers do.
    shebang = "#!/bin/sh\n'''exec' \"%s\" \"$0\" \"$@\"\n' '''\n" % python
else:
    shebang = '#!%s\n' % python
launcher = (shebang + 'import re\nimport sys\nfrom %s import %s\n'
            "if __name__ == '__main__':\n"
            "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
            '    sys.exit(%s())\n')


def write_launcher(record, script, module, function):
    """Writes bin/<script> as pip's console scripts are, listed in RECORD so uninstall takes it."""
    text = (launcher % (module, function, function)).encode()
    path = os.path.join(scripts, script)
    with open(path, 'wb') as f:
        f.write(text)
    os.chmod(path, 0o755)
    digest = base64.urlsafe_b64encode(hashlib.sha256(text).digest()).rstrip(b'=').decode()
    with open(record, 'a') as f:
        f.write('%s,sha256=%s,%d\n' % (os.path.relpath(path, site), digest, len(text)))


for name, wheel in wheels.items():
    with zipfile.ZipFile(wheel) as z:
        members = z.namelist()
        if any(m.split('/')[0].endswith('.data') for m in members):
            sys.exit('%s has a .data folder: not unpacked by hand' % wheel)
        z.extractall(site)
    info = os.path.join(site, next(
        m.split('/')[0] for m in members if m.split('/')[0].endswith('.dist-info')))
    record = os.path.join(info, 'RECORD')
    with open(os.path.join(info, 'INSTALLER'), 'w') as f:
        f.write('capstan\n')
    with open(record, 'a') as f:
        f.write('%s,,\n' % os.path.relpath(os.path.join(info, 'INSTALLER'), site))
    entry_points = os.path.join(info, 'entry_points.txt')
    section = None
    written = {}
    for line in open(entry_points).read().splitlines() if os.path.exists(entry_points) else []:
        line = line.strip()
        if line.startswith('['):
            section = line.strip('[]')
        elif section == 'console_scripts' and '=' in line:
            script, target = (part.strip() for part in line.split('=', 1))
            module, function = target.split(':')
            # A wheel names its pip3.X or easy_install-3.X after the Python that built it;
            # installed, the script is named after the Python that runs it.
            script = re.sub(r'3\.\d+$', '%d.%d' % sys.version_info[:2], script)
            write_launcher(record, script, module, function)
            written[script] = (module, function)
    own = 'pip%d.%d' % sys.version_info[:2]
    if name == 'pip' and own not in written:
        # pip names its pip3.X launcher after the running Python, whatever its wheel says.
        write_launcher(record, own, *written.get('pip', ('pip._internal.cli.main', 'main')))
