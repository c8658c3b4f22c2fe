# SPDX-License-Identifier: Apache-2.0
# The engine runs without the GIL (other Python threads go on), and Ctrl-C stops it with
# KeyboardInterrupt, after which the module works as before.
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import geosim
from conftest import PARIS, SOURCE

SCALE = int(os.environ.get("GEOSIM_TEST_TIME_SCALE", "1"))


def test_other_threads_run_while_the_engine_does():
    sc = geosim.load(PARIS)
    done = threading.Event()
    result = {}

    def work():
        result["r"] = sc.run(runs=6000, threads=1, per_run=False, engine="interpreter")
        done.set()

    t = threading.Thread(target=work)
    start = time.monotonic()
    t.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    elapsed = time.monotonic() - start
    assert result["r"].json["settings"]["runs"] == 6000
    # The main thread woke every millisecond or so all along (it could not while the GIL was held).
    assert elapsed > 0.2 and ticks > elapsed * 50, (ticks, elapsed)


CHILD = textwrap.dedent("""
    import sys, time
    import geosim
    sc = geosim.load(sys.argv[1])
    print("started", flush=True)
    t = time.monotonic()
    try:
        {call}
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted after %.1f s" % (time.monotonic() - t), flush=True)
        r = sc.run(runs=300)  # the module still works
        print("recovered", r.json["settings"]["runs"], flush=True)
""")


def interrupt(call):
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(call=call), PARIS], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=os.environ)
    assert child.stdout.readline().strip() == "started"
    time.sleep(2 * SCALE)
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120 * SCALE)
    return out, err, time.monotonic() - sent


def test_ctrl_c_stops_a_run():
    out, err, waited = interrupt("sc.run(runs=50_000_000, threads=2, per_run=False, engine='interpreter')")
    assert "interrupted after" in out and "recovered 300" in out, (out, err)
    # Generous for a loaded machine (the wait includes the 300-run recovery): the whole call takes hours.
    assert waited < 45 * SCALE, waited


def test_ctrl_c_stops_a_sweep():
    out, err, waited = interrupt("sc.sweep(lhs=2000, runs=20000, threads=2, engine='interpreter')")
    assert "interrupted after" in out and "recovered 300" in out, (out, err)
    assert waited < 45 * SCALE, waited  # the whole sweep takes hours


def test_threads_sharing_a_scenario_get_its_figures():
    sc = geosim.load(PARIS)
    expected = sc.run(runs=500, seed=3, per_run=False).summary
    results = [None] * 4

    def work(i):
        results[i] = sc.run(runs=500, seed=3, threads=1, per_run=False).summary

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)
