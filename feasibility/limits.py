"""The largest numbers the planner accepts, and why they are safe.

Every number a user types ends up as an integer of the kernel: quarter hours of work
and capacity, whole days of time, priority weights. These limits keep every such
integer, and every sum and product the solvers form from them, far inside a signed
64-bit integer, and every loop over days bounded by the horizon. A value past a limit
is refused with an error naming the item, the field and the value.

The arithmetic, with :data:`~feasibility.capacity.RESOLUTION` = 4 units per hour:

- capacity: at most 24 h a day = 96 units a person and day;
- work: at most :data:`MAX_EFFORT_HOURS` = 4e6 units a task; a book of a million
  tasks sums to 4e12;
- time: at most :data:`MAX_HORIZON_DAYS` periods; lead times and lags at most as many
  days, so a chain of them stays below 1e9 periods for any book that fits in memory;
- weighted lateness: priority x days late <= 1,000 x 3,650 per task, 3.65e12 for a
  million tasks; int64 holds 9.2e18.

Example:
    >>> MAX_HORIZON_DAYS, MAX_EFFORT_HOURS, MAX_PRIORITY
    (3650, 1000000.0, 1000)
"""

from __future__ import annotations

from datetime import date, timedelta

MAX_HORIZON_DAYS = 3650
"""The furthest the planner plans: ten years (3,650 days) from its start."""
MAX_HOURS_PER_DAY = 24.0
MAX_HOURS_PER_WEEK = 7 * MAX_HOURS_PER_DAY
MAX_EFFORT_HOURS = 1_000_000.0
"""The most hours of work one task may take (over 500 person-years at 2,000 h a year)."""
MAX_LEAD_TIME_DAYS = MAX_HORIZON_DAYS
MAX_LAG_DAYS = MAX_HORIZON_DAYS
"""Working days of the shared calendar; a longer lag could never end within ten years."""
MAX_CREW = 10_000
MAX_PRIORITY = 1_000
MAX_WORKERS = 64
"""CP-SAT search threads; more than the cores of any machine the planner runs on."""
MAX_TIME_LIMIT = 86_400.0
"""Seconds: one day for one call."""
LATEST_START = date.max - timedelta(days=2 * MAX_HORIZON_DAYS)
"""The latest planning start: every date the planner computes stays a valid date."""
