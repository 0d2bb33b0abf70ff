"""What a stored finding costs SQLite's write lock, beside the event appends, outside .NET (decision 0007).

Builds the SQLite store's schema from its migration scripts (0001, 0003-0006), then runs 250 rounds of an append of
1,400 events (a third order events, the rest scans; random ids, 300-byte JSON) followed by a findings write of 160
findings (random 128-bit keys, 500 shops, five platforms, twenty rules, 600-byte JSON), each in a transaction of its
own, WAL, synchronous=NORMAL, a checkpoint every 20,000 pages: the server's mix. Prints the time per event and per
finding. Variants: "all" (the findings table as 0001 made it), "nounique" (without its unique (tenant, finding_key)
constraint, as 0007 makes it), and any of the findings_by_* index names to drop them, joined by commas.
Run: python3 bench/Luyue.ServerBenchmarks/sqlite_findings_cost.py all nounique all nounique
"""
import os, random, sqlite3, sys, tempfile, time

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'Luyue.Storage.Sqlite', 'Schema')
UNIQUE = ',\n    -- Re-deriving findings after a restart never stores one twice.\n    UNIQUE (tenant, finding_key)'


def run(variant):
    path = os.path.join(tempfile.gettempdir(), 'luyue-findings-cost.db')
    for f in (path, path + '-wal', path + '-shm'):
        if os.path.exists(f):
            os.remove(f)
    c = sqlite3.connect(path, isolation_level=None)
    c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA synchronous=NORMAL'); c.execute('PRAGMA wal_autocheckpoint=20000')
    initial = open(os.path.join(SCHEMA, '0001-initial.sql')).read()
    if 'nounique' in variant:
        assert UNIQUE in initial
        initial = initial.replace(UNIQUE, '')
    c.executescript(initial)
    for name in ('0003-event-log-without-unique-index.sql', '0004-scans-by-tracking.sql',
                 '0005-tracking-index-in-batches.sql', '0006-order-index-in-batches.sql'):
        c.executescript(open(os.path.join(SCHEMA, name)).read())
    for index in (x for x in variant.split(',') if x.startswith('findings_by')):
        c.execute('DROP INDEX ' + index)
    conflict = '' if 'nounique' in variant else ' ON CONFLICT (tenant, finding_key) DO NOTHING'
    rnd = random.Random(1)
    events = findings = 0
    event_time = finding_time = 0.0
    for _ in range(250):
        started = time.perf_counter()
        c.execute('BEGIN IMMEDIATE')
        for i in range(1400):
            events += 1
            c.execute('INSERT INTO events (tenant, event_id, order_id, partition, at, received_at, json, tracking) '
                      "VALUES ('t1', ?, ?, 0, ?, ?, ?, ?)",
                      (f'ev-{rnd.getrandbits(64):x}', None if i % 3 else f'O-{rnd.getrandbits(40)}', events, events,
                       '{"id":"' + 'x' * 300 + '"}', f'YT{rnd.getrandbits(40)}' if i % 3 else None))
        c.execute('COMMIT')
        event_time += time.perf_counter() - started
        started = time.perf_counter()
        c.execute('BEGIN IMMEDIATE')
        for _ in range(160):
            findings += 1
            c.execute('INSERT INTO findings (tenant, finding_key, kind, rule, order_id, shop, platform, at, amount, json) '
                      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)' + conflict,
                      ('t1', f'{rnd.getrandbits(128):032x}', rnd.choice(['warning', 'violation', 'exempted', 'retracted']),
                       f'rule.{rnd.randrange(20)}', f'O-{rnd.getrandbits(40)}', f'shop-{rnd.randrange(500)}',
                       rnd.choice(['tmall', 'douyin', '1688', 'taote', 'aliexpress']), events * 1000 + rnd.randrange(10**8),
                       '12.00', '{"f":"' + 'y' * 600 + '"}'))
        c.execute('COMMIT')
        finding_time += time.perf_counter() - started
    c.close()
    print(f'{variant}: {event_time / events * 1e6:.1f} µs per event, {finding_time / findings * 1e6:.1f} µs per finding '
          f'({finding_time / (finding_time + event_time):.0%} of the write time)')


for v in sys.argv[1:] or ['all', 'nounique']:
    run(v)
