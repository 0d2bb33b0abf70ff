#!/usr/bin/env python3
"""What the SQLite event log costs per event, outside .NET (docs/decisions/0008-event-log-in-batches.md).

  python3 sqlite_batches_cost.py append [EVENTS]   rows (one per event, the side tables copied every 50,000 into one
                                                   b-tree keyed by order or number) against batches (one row per 1,000
                                                   events, the side tables copied as runs): CPU and bytes written
  python3 sqlite_batches_cost.py read [EVENTS]     after appending batches: one order's events (its sequences from every
                                                   run, the batches that hold them, the scan past the watermark)

Events come from the first EVENTS lines (default 1,000,000) of a stream made by `./luyue generate --orders 100000
--seed 1` (set STREAM, default /work/streams/e100k.jsonl). The per-event records are built before the clock starts, as
the server builds them before the writer's turn. Python's own cost per row is in every figure.
"""
import json, os, sqlite3, struct, sys, tempfile, time, uuid

mode = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
stream = os.environ.get('STREAM', '/work/streams/e100k.jsonl')
tenant = str(uuid.UUID(int=1))
BATCH, INDEX_BATCH = 1000, 50_000

events = []
with open(stream, 'rb') as f:
    for i, line in enumerate(f):
        if i >= count:
            break
        line = line.rstrip(b'\n')
        e = json.loads(line)
        events.append((e['id'], e.get('order'), e.get('tracking') if e['type'] == 'scan' else None, line))


def record(e, at):
    eid, order, tracking = (x.encode() if x is not None else None for x in e[:3])
    fixed = struct.pack('>qqiiiii', at, at, 0, len(e[3]), len(eid), -1 if order is None else len(order),
                        -1 if tracking is None else len(tracking))
    return fixed + eid + (order or b'') + (tracking or b'')


def written():
    with open('/proc/self/io') as io:
        return int(next(l for l in io if l.startswith('write_bytes')).split()[1])


def open_db():
    path = os.path.join(tempfile.mkdtemp(), 'x.db')
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=20000;')
    return db


def rows():
    db = open_db()
    db.executescript('''
        CREATE TABLE events (sequence INTEGER PRIMARY KEY, tenant TEXT NOT NULL, event_id TEXT NOT NULL, order_id TEXT,
            partition INTEGER NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL, json TEXT NOT NULL, tracking TEXT) STRICT;
        CREATE TABLE events_by_order (tenant TEXT NOT NULL, order_id TEXT NOT NULL, sequence INTEGER NOT NULL,
            PRIMARY KEY (tenant, order_id, sequence)) STRICT, WITHOUT ROWID;
        CREATE TABLE scans_by_tracking (tenant TEXT NOT NULL, tracking TEXT NOT NULL, sequence INTEGER NOT NULL,
            PRIMARY KEY (tenant, tracking, sequence)) STRICT, WITHOUT ROWID;''')
    batches = [[(tenant, e[0], e[1], 0, i, i, e[3].decode(), e[2]) for i, e in enumerate(events[b:b + BATCH], b)]
               for b in range(0, len(events), BATCH)]
    w, t = written(), time.process_time()
    indexed = 0
    for batch in batches:
        db.execute('BEGIN IMMEDIATE')
        db.executemany('INSERT INTO events (tenant, event_id, order_id, partition, at, received_at, json, tracking) '
                       'VALUES (?,?,?,?,?,?,?,?)', batch)
        last = db.execute('SELECT last_insert_rowid()').fetchone()[0]
        if last - indexed >= INDEX_BATCH:
            db.execute('INSERT INTO scans_by_tracking SELECT tenant, tracking, sequence FROM events '
                       'WHERE sequence > ? AND sequence <= ? AND tracking IS NOT NULL ORDER BY 1, 2, 3', (indexed, last))
            db.execute('INSERT INTO events_by_order SELECT tenant, order_id, sequence FROM events '
                       'WHERE sequence > ? AND sequence <= ? AND order_id IS NOT NULL ORDER BY 1, 2, 3', (indexed, last))
            indexed = last
        db.execute('COMMIT')
    return db, time.process_time() - t, written() - w


def batches():
    db = open_db()
    db.executescript('''
        CREATE TABLE event_batches (last_sequence INTEGER PRIMARY KEY, first_sequence INTEGER NOT NULL,
            tenant TEXT NOT NULL, events BLOB NOT NULL, json BLOB NOT NULL) STRICT;
        CREATE TABLE events_by_order (run INTEGER NOT NULL, tenant TEXT NOT NULL, order_id TEXT NOT NULL,
            sequence INTEGER NOT NULL, PRIMARY KEY (run, tenant, order_id, sequence)) STRICT, WITHOUT ROWID;
        CREATE TABLE scans_by_tracking (run INTEGER NOT NULL, tenant TEXT NOT NULL, tracking TEXT NOT NULL,
            sequence INTEGER NOT NULL, PRIMARY KEY (run, tenant, tracking, sequence)) STRICT, WITHOUT ROWID;
        CREATE TABLE log_index_runs (run INTEGER PRIMARY KEY) STRICT;
        CREATE TABLE log_indexed (id INTEGER PRIMARY KEY, sequence INTEGER NOT NULL) STRICT;
        INSERT INTO log_indexed VALUES (1, 0);''')
    rows_ = [(b + len(events[b:b + BATCH]), b + 1, tenant, b''.join(record(e, i) for i, e in enumerate(events[b:b + BATCH], b)),
              b''.join(e[3] for e in events[b:b + BATCH])) for b in range(0, len(events), BATCH)]
    w, t = written(), time.process_time()
    indexed = 0
    for row in rows_:
        db.execute('BEGIN IMMEDIATE')
        db.execute('INSERT INTO event_batches VALUES (?,?,?,?,?)', row)
        last = row[0]
        if last - indexed >= INDEX_BATCH:
            run = last
            tail = range(indexed, last)
            orders = sorted((events[s][1], s + 1) for s in tail if events[s][1] is not None)
            scans = sorted((events[s][2], s + 1) for s in tail if events[s][2] is not None)
            db.executemany('INSERT INTO events_by_order VALUES (?,?,?,?)', [(run, tenant, k, s) for k, s in orders])
            db.executemany('INSERT INTO scans_by_tracking VALUES (?,?,?,?)', [(run, tenant, k, s) for k, s in scans])
            db.execute('INSERT INTO log_index_runs VALUES (?)', (run,))
            db.execute('UPDATE log_indexed SET sequence = ? WHERE id = 1', (last,))
            indexed = last
        db.execute('COMMIT')
    return db, time.process_time() - t, written() - w


if mode == 'append':
    for name, run in (('rows', rows), ('batches', batches)):
        _, cpu, w = run()
        print(f'{name:8} {len(events):,} events: {cpu / len(events) * 1e6:.2f} µs CPU and {w / len(events):,.0f} bytes written per event')
elif mode == 'read':
    db, _, _ = batches()
    runs = db.execute('SELECT count(*) FROM log_index_runs').fetchone()[0]
    orders = [e[1] for e in events if e[1] is not None][::997][:200]
    t = time.perf_counter()
    found = 0
    for order in orders:
        db.execute('BEGIN')
        sequences = [s for (s,) in db.execute(
            'SELECT sequence FROM events_by_order WHERE run IN (SELECT run FROM log_index_runs) AND tenant = ? '
            'AND order_id = ? ORDER BY sequence', (tenant, order))]
        for s in sequences:
            db.execute('SELECT first_sequence, events, json FROM event_batches WHERE last_sequence >= ? '
                       'ORDER BY last_sequence LIMIT 1', (s,)).fetchone()
        for (records,) in db.execute('SELECT events FROM event_batches WHERE last_sequence > '
                                     '(SELECT sequence FROM log_indexed WHERE id = 1) AND tenant = ?', (tenant,)):
            found += records.count(order.encode())
        db.execute('COMMIT')
        found += len(sequences)
    per = (time.perf_counter() - t) / len(orders) * 1e3
    print(f'{len(events):,} events, {runs} runs: {per:.1f} ms to read one order ({len(orders)} orders, {found} events found)')
