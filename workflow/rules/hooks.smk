# Helpers of the workflow's onsuccess/onerror hooks (also used by benchmarks/job_startup.py).
import threading


def cancel_scheduler_timers():
    """Cancel the job scheduler's pending re-evaluation timers: the build exits when it is done.

    With its default rate limit (--max-jobs-per-timespan 100/1s) Snakemake's scheduler starts a
    threading.Timer of one second after every scheduling round; the timer is not a daemon thread, so
    a build whose last job took under a second waits for it before the process exits (up to a second
    per `snakemake` call). The hooks run after the scheduler has finished, when a timer would only
    wake a scheduler that no longer listens, so cancelling them changes nothing but the exit time.
    Only the scheduler's own timers are cancelled (matched by the function they call).
    """
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer) and "_schedule_reevalutation" in getattr(
            thread.function, "__qualname__", ""
        ):
            thread.cancel()
