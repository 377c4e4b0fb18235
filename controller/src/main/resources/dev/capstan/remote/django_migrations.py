# A release's Django migrations as Capstan sees them, run by the release's own interpreter as
# "manage.py shell -c" (so manage.py sets up Django the app's way). The environment says what:
#   CAPSTAN_MIGRATIONS_MODE=known   the migrations the code defines, with their dependencies and
#                                   whether each can be reversed; no database is touched
#   CAPSTAN_MIGRATIONS_MODE=check   run in the newer release with the database: what the release in
#                                   CAPSTAN_MIGRATIONS_TARGET (its migrations.json) lacks of what
#                                   is applied, and what "migrate APP TARGET" would unapply
#   CAPSTAN_MIGRATIONS_MODE=database  where the database of DATABASES[alias] is, for a backup:
#                                   CAPSTAN_MIGRATIONS_OUT is a folder that gets backup.engine
#                                   (postgresql or sqlite) and backup.pgservice (0600, the
#                                   connection as a libpq service "capstan") or backup.sqlite (the
#                                   file's real path); nothing is printed, no password shown
# CAPSTAN_MIGRATIONS_OUT is the file the JSON goes to (else standard output);
# CAPSTAN_MIGRATIONS_DATABASE the database alias (default "default"). Errors: stderr, exit 1.
import json, os, sys

FORMAT = 1


def capstan_fail(message):
    sys.stderr.write('capstan: %s\n' % message)
    sys.exit(1)


def capstan_irreversible(operations):
    from django.db.migrations.operations import RunPython, RunSQL, SeparateDatabaseAndState
    for op in operations:
        if isinstance(op, SeparateDatabaseAndState):
            why = capstan_irreversible(op.database_operations)
            if why:
                return why
        elif isinstance(op, RunPython) and op.reverse_code is None:
            return 'RunPython without reverse code'
        elif isinstance(op, RunSQL) and op.reverse_sql is None:
            return 'RunSQL without reverse SQL'
        elif not op.reversible:
            return '%s is irreversible' % type(op).__name__
    return None


def capstan_describe(migration):
    why = capstan_irreversible(migration.operations)
    return {
        'app': migration.app_label,
        'name': migration.name,
        'operations': [type(op).__name__ for op in migration.operations],
        'reversible': why is None,
        'irreversible': why,
    }


def capstan_known():
    from django.db.migrations.loader import MigrationLoader
    loader = MigrationLoader(None, ignore_no_migrations=True)
    graph = loader.graph
    migrations = []
    for key in sorted(graph.nodes):
        migration = graph.nodes[key]
        entry = capstan_describe(migration)
        entry['dependencies'] = sorted([list(p.key) for p in graph.node_map[key].parents])
        entry['replaces'] = sorted([list(r) for r in (migration.replaces or [])])
        migrations.append(entry)
    apps = sorted({app for app, _ in graph.nodes})
    leaves = {app: sorted(name for _, name in graph.leaf_nodes(app)) for app in apps}
    return {'format': FORMAT, 'migrations': migrations, 'leaves': leaves}


def capstan_read_target(path):
    try:
        with open(path) as f:
            target = json.load(f)
    except OSError as e:
        capstan_fail('cannot read the target release\'s migrations (%s): %s' % (path, e.strerror))
    except ValueError as e:
        capstan_fail('%s is not JSON: %s' % (path, e))
    if target.get('format') != FORMAT:
        capstan_fail('%s has format %r, not %d' % (path, target.get('format'), FORMAT))
    known = set()
    for m in target['migrations']:
        known.add((m['app'], m['name']))
        known.update(tuple(r) for r in m.get('replaces', []))
    return known, target.get('leaves', {})


def capstan_target_node(graph, app, known, applied, leaves):
    # The target release's leaf when it is applied, else the deepest applied migration of the app
    # it knows; None (migrate APP zero) when it knows none.
    for name in leaves.get(app, []):
        if (app, name) in applied and (app, name) in graph.nodes:
            return name
    candidates = [k for k in applied if k[0] == app and k in known and k in graph.nodes]
    if not candidates:
        return None
    return max(candidates, key=lambda k: (len(graph.forwards_plan(k)), k[1]))[1]


def capstan_check(path):
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor
    known, leaves = capstan_read_target(path)
    alias = os.environ.get('CAPSTAN_MIGRATIONS_DATABASE') or DEFAULT_DB_ALIAS
    executor = MigrationExecutor(connections[alias])
    graph = executor.loader.graph
    applied = set(executor.loader.applied_migrations)
    lacking = sorted(k for k in applied if k not in known)
    missing = [list(k) for k in lacking if k not in graph.nodes]
    targets, migrations, seen = [], [], set()
    for app in sorted({k[0] for k in lacking if k in graph.nodes}):
        node = capstan_target_node(graph, app, known, applied, leaves)
        plan = executor.migration_plan([(app, node)])
        unapplies = []
        for migration, backwards in plan:
            key = (migration.app_label, migration.name)
            if not backwards:
                continue
            unapplies.append(list(key))
            if key not in seen:
                seen.add(key)
                migrations.append(capstan_describe(migration))
        targets.append({'app': app, 'target': node or 'zero', 'unapplies': unapplies})
    return {
        'format': FORMAT,
        'database': alias,
        'migrations': migrations,
        'targets': targets,
        'missing': missing,
    }


def capstan_write(path, text, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, 'w') as f:
        f.write(text + '\n')


def capstan_database(out):
    from django.conf import settings
    alias = os.environ.get('CAPSTAN_MIGRATIONS_DATABASE') or 'default'
    if alias not in settings.DATABASES:
        capstan_fail('the DATABASES setting has no entry %r' % alias)
    db = settings.DATABASES[alias]
    engine = db.get('ENGINE') or ''
    where = "DATABASES['%s']" % alias
    if engine.endswith('sqlite3'):
        name = str(db.get('NAME') or '')
        if not name or name == ':memory:' or name.startswith('file:'):
            capstan_fail('%s is SQLite in memory or by URI (%r): no file to back up' % (where, name))
        # The real path: a restore renames over the file itself, never over a link to it.
        capstan_write(os.path.join(out, 'backup.sqlite'), os.path.realpath(name))
        capstan_write(os.path.join(out, 'backup.engine'), 'sqlite')
    elif 'postgresql' in engine or 'postgis' in engine:
        lines = ['[capstan]']
        for key, field in (('HOST', 'host'), ('PORT', 'port'), ('USER', 'user'),
                           ('PASSWORD', 'password'), ('NAME', 'dbname')):
            value = db.get(key)
            if value in (None, ''):
                continue
            value = str(value)
            if '\n' in value or '\r' in value:
                capstan_fail('%s %s spans lines' % (where, key))
            lines.append('%s=%s' % (field, value))
        for key, value in sorted((db.get('OPTIONS') or {}).items()):
            # Only libpq's own connection keywords belong in a service file.
            if key in ('sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'connect_timeout',
                       'options', 'target_session_attrs', 'application_name'):
                lines.append('%s=%s' % (key, str(value).replace('\n', ' ')))
        capstan_write(os.path.join(out, 'backup.pgservice'), '\n'.join(lines))
        capstan_write(os.path.join(out, 'backup.engine'), 'postgresql')
    else:
        capstan_fail('%s uses %s: Capstan backs up PostgreSQL and SQLite databases'
                     % (where, engine or 'no ENGINE'))


def capstan_main():
    mode = os.environ.get('CAPSTAN_MIGRATIONS_MODE')
    if mode == 'database':
        capstan_database(os.environ['CAPSTAN_MIGRATIONS_OUT'])
        return
    if mode == 'known':
        result = capstan_known()
    elif mode == 'check':
        target = os.environ.get('CAPSTAN_MIGRATIONS_TARGET')
        if not target:
            capstan_fail('CAPSTAN_MIGRATIONS_TARGET is not set')
        result = capstan_check(target)
    else:
        capstan_fail('CAPSTAN_MIGRATIONS_MODE must be known, check or database, not %r' % mode)
    text = json.dumps(result, sort_keys=True)
    out = os.environ.get('CAPSTAN_MIGRATIONS_OUT')
    if out:
        with open(out, 'w') as f:
            f.write(text + '\n')
    else:
        sys.stdout.write(text + '\n')


capstan_main()
