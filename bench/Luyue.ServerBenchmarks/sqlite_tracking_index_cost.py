"""What migration 0004 (events_by_tracking) costs an append, outside .NET (docs/storage.md).

Inserts rows of the SQLite events schema (300-byte JSON) in transactions of 1,000 with synchronous=FULL and a WAL
checkpoint every 10,000 pages: 30% order events (random order ids), 70% scans (random tracking numbers, order_id
NULL). "0003": events_by_order on (tenant, order_id), scans entering it under NULL. "0004": events_by_order partial
on order_id IS NOT NULL, events_by_tracking partial on tracking IS NOT NULL. Prints wall and CPU time and bytes
written per row. "deferred-N": no events_by_tracking; instead (tenant, tracking, sequence) rows go into a WITHOUT ROWID
table scans_by_tracking, sorted, in the append transaction that brings the unindexed tail to N rows.
Run: python3 bench/Luyue.ServerBenchmarks/sqlite_tracking_index_cost.py [rows] [schema,schema,...]
"""
import os, random, resource, sqlite3, sys, tempfile, time
def run(schema, n, batch=1000):
    path=os.path.join(tempfile.gettempdir(), 'luyue-tracking-index-cost.db')
    for f in (path, path+'-wal', path+'-shm'):
        if os.path.exists(f): os.remove(f)
    c=sqlite3.connect(path, isolation_level=None)
    c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA synchronous=FULL'); c.execute('PRAGMA wal_autocheckpoint=10000')
    c.execute('CREATE TABLE events (sequence INTEGER PRIMARY KEY, tenant TEXT NOT NULL, event_id TEXT NOT NULL, order_id TEXT, partition INTEGER NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL, json TEXT NOT NULL, tracking TEXT) STRICT')
    if schema == '0003':
        c.execute('CREATE INDEX events_by_order ON events (tenant, order_id)')
    else:
        c.execute('CREATE INDEX events_by_order ON events (tenant, order_id) WHERE order_id IS NOT NULL')
    if schema == '0004':
        c.execute('CREATE INDEX events_by_tracking ON events (tenant, tracking) WHERE tracking IS NOT NULL')
    if schema.startswith('deferred'):
        c.execute('CREATE TABLE scans_by_tracking (tenant TEXT NOT NULL, tracking TEXT NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (tenant, tracking, sequence)) STRICT, WITHOUT ROWID')
    every=int(schema.split('-')[1]) if schema.startswith('deferred') else 0
    indexed=0
    rnd=random.Random(1); keys=[str(rnd.getrandbits(62)) for _ in range(n//10)]
    payload='x'*280
    def row(i):
        key=keys[rnd.randrange(len(keys))]
        scan=rnd.random() < 0.7
        return ('bench', 'e%d'%rnd.getrandbits(60), None if scan else key, 0, i, i, payload, ('YT'+key) if scan and schema != '0003' else None)
    w0=int(open('/proc/self/io').read().split('write_bytes:')[1].split()[0])
    r0=resource.getrusage(resource.RUSAGE_SELF); t0=time.time()
    for b in range(0,n,batch):
        c.execute('BEGIN IMMEDIATE')
        c.executemany('INSERT INTO events (tenant,event_id,order_id,partition,at,received_at,json,tracking) VALUES (?,?,?,?,?,?,?,?)',
            (row(i) for i in range(b,b+batch)))
        if every and b + batch - indexed >= every:
            c.execute('INSERT INTO scans_by_tracking SELECT tenant, tracking, sequence FROM events WHERE sequence > ? AND tracking IS NOT NULL ORDER BY tenant, tracking, sequence', (indexed,))
            indexed = b + batch
        c.execute('COMMIT')
    t=time.time()-t0; r=resource.getrusage(resource.RUSAGE_SELF)
    w=int(open('/proc/self/io').read().split('write_bytes:')[1].split()[0])-w0
    cpu=(r.ru_utime-r0.ru_utime)+(r.ru_stime-r0.ru_stime)
    print(f"schema {schema}: {n} rows, wall {t/n*1e6:.1f} us/row, CPU {cpu/n*1e6:.1f} us/row, written {w/n/1024:.2f} KiB/row, load {os.getloadavg()[0]:.1f}", flush=True)
    c.close()
    for f in (path, path+'-wal', path+'-shm'):
        if os.path.exists(f): os.remove(f)
n=int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
for schema in (sys.argv[2].split(',') if len(sys.argv) > 2 else ['0003', '0004', '0003', '0004']):
    run(schema, n)
