# Seeds the virtualenv this interpreter runs in (made with --without-pip) with what
# `python -m venv` would have put there: pip, and setuptools where this Python's ensurepip
# bundles it (3.11 and older). A wheel is a zip file of the installed tree, so unpacking the
# very wheels ensurepip would install, and writing their console scripts, gives the same venv
# without running pip to install pip (ensurepip's 3-4 CPU seconds). Exits non-zero, saying why,
# when it cannot: the caller then runs ensurepip after all.
import ensurepip, os, sys, sysconfig, zipfile

names = getattr(ensurepip, '_PACKAGE_NAMES', ('pip',))
folders = [sysconfig.get_config_var('WHEEL_PKG_DIR'),
           os.path.join(os.path.dirname(ensurepip.__file__), '_bundled')]
wheels = {}
for folder in folders:
    if not folder or not os.path.isdir(folder):
        continue
    for filename in sorted(os.listdir(folder)):
        name = filename.split('-')[0]
        if filename.endswith('.whl') and name in names and name not in wheels:
            wheels[name] = os.path.join(folder, filename)
if 'pip' not in wheels:
    sys.exit('no pip wheel bundled with ensurepip in %s' % ', '.join(f for f in folders if f))

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

for name, wheel in wheels.items():
    with zipfile.ZipFile(wheel) as z:
        members = z.namelist()
        if any(m.split('/')[0].endswith('.data') for m in members):
            sys.exit('%s has a .data folder: not unpacked by hand' % wheel)
        z.extractall(site)
    info = next(m.split('/')[0] for m in members if m.split('/')[0].endswith('.dist-info'))
    with open(os.path.join(site, info, 'INSTALLER'), 'w') as f:
        f.write('capstan\n')
    entry_points = os.path.join(site, info, 'entry_points.txt')
    section = None
    for line in open(entry_points).read().splitlines() if os.path.exists(entry_points) else []:
        line = line.strip()
        if line.startswith('['):
            section = line.strip('[]')
        elif section == 'console_scripts' and '=' in line:
            script, target = (part.strip() for part in line.split('=', 1))
            module, function = target.split(':')
            if script.startswith('pip3.') and script != 'pip%d.%d' % sys.version_info[:2]:
                continue  # pip's wheel names a pip3.X of the Python that built it
            path = os.path.join(scripts, script)
            with open(path, 'w') as f:
                f.write(launcher % (module, function, function))
            os.chmod(path, 0o755)
    if name == 'pip':
        # pip names its pip3.X launcher after the running Python, whatever its wheel says.
        own = os.path.join(scripts, 'pip%d.%d' % sys.version_info[:2])
        if not os.path.exists(own):
            with open(own, 'w') as f:
                f.write(launcher % ('pip._internal.cli.main', 'main', 'main'))
            os.chmod(own, 0o755)
