"""`workout remind` waiting for its next break, beside a naive one-second polling loop: CPU
over a measured window, wake-ups (voluntary context switches), resident memory.

Ours runs as a user's would: the real command, connected to a session bus (a private
dbus-daemon this bench starts; `--terminal` where there is none), waiting on its
wall-clock timer. The baseline is the loop a quick script would be: `sleep(1)`, compare the
clock, repeat. Both run at the same time on the same machine, from the same Python.

The issue asks for a 10-minute window; the default run measures 60 s so `make bench`
stays short (`WORKOUT_BENCH_REMIND_SECONDS=600` measures ten minutes). Exit code 1 when
ours uses 0.1 % of a core or more, or 40 MiB or more.

Run: `.venv/bin/python -m benchmarks.bench_remind`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WINDOW = float(os.environ.get("WORKOUT_BENCH_REMIND_SECONDS", "60"))
SETTLE = 5.0  # seconds for start-up (imports, bus connection) before measuring
CPU_BUDGET = 0.1  # percent of one core
RSS_BUDGET = 40.0  # MiB
TICKS = os.sysconf("SC_CLK_TCK")

NAIVE_LOOP = """
import datetime, time
next_break = datetime.datetime.now() + datetime.timedelta(days=1)
while True:
    time.sleep(1)
    if datetime.datetime.now() >= next_break:
        print("Time for a break")
        next_break += datetime.timedelta(hours=1)
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def private_bus() -> tuple[str, int] | None:
    if shutil.which("dbus-daemon") is None:
        return None
    started = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    address, pid = started.stdout.split()
    return address, int(pid)


def main() -> int:
    bus = private_bus()
    with tempfile.TemporaryDirectory() as home:
        environment = {
            **os.environ,
            "WORKOUT_CONFIG_DIR": f"{home}/config",
            "WORKOUT_DATA_DIR": f"{home}/data",
            "XDG_RUNTIME_DIR": home,
        }
        ours = [sys.executable, "-m", "player", "remind", "--hours", "0:00-0:30", "--every", "480"]
        if bus:
            environment["DBUS_SESSION_BUS_ADDRESS"] = bus[0]
        else:
            ours.append("--terminal")
        processes = {
            "workout remind (ours: sleeps until the deadline)": subprocess.Popen(
                ours,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            "naive loop: sleep(1), compare, repeat": subprocess.Popen(
                [sys.executable, "-c", NAIVE_LOOP], stdin=subprocess.DEVNULL
            ),
        }
        try:
            time.sleep(SETTLE)
            before = {n: (cpu_seconds(p.pid), status(p.pid, "voluntary_ctxt_switches"))
                      for n, p in processes.items()}  # fmt: skip
            time.sleep(WINDOW)
            rows = []
            for name, process in processes.items():
                cpu = cpu_seconds(process.pid) - before[name][0]
                wakeups = status(process.pid, "voluntary_ctxt_switches") - before[name][1]
                rss = status(process.pid, "VmRSS") / 1024
                rows.append((name, cpu, wakeups, rss))
        finally:
            for process in processes.values():
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
            if bus:
                os.kill(bus[1], signal.SIGTERM)
    how = "desktop notifications, private session bus" if bus else "--terminal, no dbus-daemon"
    print(f"Idle for {WINDOW:.0f} s after {SETTLE:.0f} s of start-up ({how}; the issue's 10 min:")
    print(
        f"WORKOUT_BENCH_REMIND_SECONDS=600). CPU from /proc/PID/stat, 1 tick = {1000 // TICKS} ms."
    )
    width = max(len(r[0]) for r in rows)
    print(
        f"{'process':<{width}}  {'CPU time':>9}  {'% of a core':>11}  {'wake-ups':>8}  {'RSS':>9}"
    )
    for name, cpu, wakeups, rss in rows:
        print(
            f"{name:<{width}}  {cpu * 1000:>6.0f} ms  {cpu / WINDOW * 100:>10.3f}%  "
            f"{wakeups:>8}  {rss:>5.1f} MiB"
        )
    _, cpu, _, rss = rows[0]
    ok = cpu / WINDOW * 100 < CPU_BUDGET and rss < RSS_BUDGET
    print(f"target: under {CPU_BUDGET} % of a core and under {RSS_BUDGET:.0f} MiB: "
          + ("met" if ok else "MISSED"))  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
