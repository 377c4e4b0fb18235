"""Sends tasks and reads results: run by the test, and by beforeSwitch (see slow-before-switch)."""
import os
import sys
import time

command = sys.argv[1]
if command == "slow-before-switch":
    # Only when the test asked for it: shared/slow.request holds the broker's URL.
    shared = os.path.join(os.environ["CAPSTAN_DEPLOY_PATH"], "shared")
    request = os.path.join(shared, "slow.request")
    if not os.path.exists(request):
        sys.exit(0)
    with open(request) as f:
        os.environ["BROKER_URL"] = f.read().strip()
from tasks import app  # noqa: E402

if command == "slow-before-switch":
    result = app.send_task("tasks.slow", args=["5"])
    deadline = time.time() + 30
    while result.state != "STARTED" and time.time() < deadline:
        time.sleep(0.05)
    with open(os.path.join(shared, "slow.id"), "w") as f:
        f.write(result.id + " " + result.state + "\n")
    os.remove(request)
elif command == "ping":
    print("pong" if app.control.ping(timeout=2.0) else "none")
elif command == "submit":
    print(app.send_task("tasks." + sys.argv[2], args=sys.argv[3:]).id)
elif command == "get":
    print(app.AsyncResult(sys.argv[2]).get(timeout=60))
