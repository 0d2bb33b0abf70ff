"""What events_by_order costs an append, outside .NET (docs/performance-server.md, "After decision 0003").

Inserts 1,000,000 rows of the SQLite events schema (300-byte JSON, 100,000 random order ids) in transactions of
1,000 with synchronous=FULL and a WAL checkpoint every 10,000 pages, with and without the index, and prints wall
and CPU time and bytes written per row. Run: python3 bench/Luyue.ServerBenchmarks/sqlite_index_cost.py
"""
import os, random, resource, sqlite3, tempfile, time
def run(with_index, n=1_000_000, batch=1000):
    path=os.path.join(tempfile.gettempdir(), 'luyue-index-cost.db')
    for f in (path, path+'-wal', path+'-shm'):
        if os.path.exists(f): os.remove(f)
    c=sqlite3.connect(path, isolation_level=None)
    c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA synchronous=FULL'); c.execute('PRAGMA wal_autocheckpoint=10000')
    c.execute('CREATE TABLE events (sequence INTEGER PRIMARY KEY, tenant TEXT NOT NULL, event_id TEXT NOT NULL, order_id TEXT, partition INTEGER NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL, json TEXT NOT NULL) STRICT')
    if with_index: c.execute('CREATE INDEX events_by_order ON events (tenant, order_id)')
    rnd=random.Random(1); orders=[str(rnd.getrandbits(62)) for _ in range(n//10)]
    payload='x'*280
    w0=int(open('/proc/self/io').read().split('write_bytes:')[1].split()[0])
    r0=resource.getrusage(resource.RUSAGE_SELF); t0=time.time()
    for b in range(0,n,batch):
        c.execute('BEGIN IMMEDIATE')
        c.executemany('INSERT INTO events (tenant,event_id,order_id,partition,at,received_at,json) VALUES (?,?,?,?,?,?,?)',
            (('bench', 'e%d'%rnd.getrandbits(60), orders[rnd.randrange(len(orders))], 0, i, i, payload) for i in range(b,b+batch)))
        c.execute('COMMIT')
    t=time.time()-t0; r=resource.getrusage(resource.RUSAGE_SELF)
    w=int(open('/proc/self/io').read().split('write_bytes:')[1].split()[0])-w0
    cpu=(r.ru_utime-r0.ru_utime)+(r.ru_stime-r0.ru_stime)
    print(f"index={with_index}: {n} rows, wall {t/n*1e6:.1f} us/row, CPU {cpu/n*1e6:.1f} us/row, written {w/n/1024:.2f} KiB/row, load {os.getloadavg()[0]:.1f}", flush=True)
run(True)
run(False)
for f in ('', '-wal', '-shm'):
    path = os.path.join(tempfile.gettempdir(), 'luyue-index-cost.db') + f
    if os.path.exists(path):
        os.remove(path)
