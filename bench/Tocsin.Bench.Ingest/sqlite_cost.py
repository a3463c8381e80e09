#!/usr/bin/env python3
"""SQLite-only cost of Tocsin's alert insert, without .NET or HTTP in the way.

Replays the statements the writer runs per new alert (tenant counter, dedup lookup, alert row, 2 labels, timeline)
on the real migration schema, in transactions of N alerts, and reports CPU microseconds per alert (time.process_time,
so other load on the machine matters little) and wall-clock alerts/s. Used to decide which storage knobs matter;
see docs/performance.md. Usage: python3 sqlite_cost.py [alerts-per-config]
"""
import os, sqlite3, sys, tempfile, time, uuid, glob

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = open(sorted(glob.glob(os.path.join(HERE, "../../src/Tocsin.Storage/Migrations/Sqlite/*.sql")))[0]).read()
TENANT = str(uuid.uuid4())
COLS = ("tenant_id, number, title, details, source, source_id, dedup_key, priority, severity, status, labels, tags, links, images, meta, "
        "count, first_seen_at, last_seen_at, created_at, updated_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, archived_at, "
        "archived_by, assignee_user_id, responders, parent_id")
INSERT = f"INSERT INTO alerts ({COLS}) VALUES ({', '.join('?' * 29)}) RETURNING id"


def run(total, per_tx, cache_kib, sync, checkpoint, preload):
    d = tempfile.mkdtemp(prefix="tocsin-sqlite-cost-")
    c = sqlite3.connect(os.path.join(d, "t.db"), isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL")
    c.executescript(SCHEMA)
    c.execute("INSERT INTO tenants (id, name, created_at) VALUES (?, 'default', 0)", (TENANT,))
    c.execute(f"PRAGMA synchronous={sync}")
    c.execute(f"PRAGMA cache_size=-{cache_kib}")
    c.execute(f"PRAGMA wal_autocheckpoint={checkpoint}")
    n = 0

    def batch(count, now):
        nonlocal n
        c.execute("BEGIN IMMEDIATE")
        for _ in range(count):
            n += 1
            key = uuid.uuid4().hex  # Prometheus keys are label-set hashes: random positions in the dedup index
            number = c.execute("UPDATE tenants SET alert_seq = alert_seq + 1 WHERE id = ? RETURNING alert_seq", (TENANT,)).fetchone()[0]
            c.execute("SELECT id FROM alerts WHERE tenant_id = ? AND dedup_key = ? AND status IN ('triggered','acknowledged','dropped')", (TENANT, key)).fetchall()
            row = (TENANT, number, "Disk almost full on " + key, None, "bench", None, key, "high", 2, "triggered",
                   '{"host":"db1","service":"postgres"}', "[]", "[]", "[]", None, 1, now, now, now, now, None, None, None, None, None, None, None, "[]", None)
            aid = c.execute(INSERT, row).fetchone()[0]
            for k, v in (("host", "db1"), ("service", "postgres")):
                c.execute("INSERT INTO alert_labels (alert_id, tenant_id, key, value) VALUES (?, ?, ?, ?)", (aid, TENANT, k, v))
            c.execute("INSERT INTO timeline (tenant_id, alert_id, type, at, actor, text, vars) VALUES (?, ?, 'created', ?, 'key:1', ?, ?)",
                      (TENANT, aid, now, "Alert created", '{"priority":"high","source":"bench"}'))
        c.execute("COMMIT")

    for i in range(preload // 1000):
        batch(1000, i)
    cpu, wall = time.process_time(), time.perf_counter()
    done = 0
    while done < total:
        batch(per_tx, done)
        done += per_tx
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    c.close()
    for f in glob.glob(os.path.join(d, "*")): os.remove(f)
    os.rmdir(d)
    return 1e6 * cpu / total, total / wall


if __name__ == "__main__":
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    preload = 100_000  # the benchmark's database holds ~100k alerts by its later scenarios
    print(f"sqlite {sqlite3.sqlite_version}; {total} alerts per row after {preload} preloaded; load {open('/proc/loadavg').read().split()[:3]}")
    print("| alerts/transaction | synchronous | cache | wal_autocheckpoint | CPU µs/alert | alerts/s (wall) |")
    print("|---:|---|---:|---:|---:|---:|")
    for per_tx, sync, cache, ckpt in [
        (16, "FULL", 2000, 1000), (16, "FULL", 32768, 1000), (16, "NORMAL", 2000, 1000), (16, "FULL", 32768, 10000),
        (1600, "FULL", 2000, 1000), (1600, "FULL", 32768, 1000), (1600, "NORMAL", 32768, 1000), (1600, "FULL", 32768, 10000),
    ]:
        cpu, rate = run(total, per_tx, cache, sync, ckpt, preload)
        print(f"| {per_tx} | {sync} | {cache} KiB | {ckpt} | {cpu:.0f} | {rate:,.0f} |", flush=True)
