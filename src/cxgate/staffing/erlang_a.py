"""Erlang A (M/M/N+M): callers abandon after an exponential patience; stable for any N vs A.

With arrival rate λ = A/AHT, service rate μ = 1/AHT and abandonment rate θ = 1/patience, the
number in system is a birth–death chain (Palm 1943; Garnett, Mandelbaum & Reiman, "Designing a
call center with impatient customers", MSOM 4(3), 2002). With r = patience/AHT write
``x = Nμ/θ = N·r`` and ``y = λ/θ = A·r``. Relative to the weight of state N::

    states k ≤ N:    Σ = S_B = 1/B(N, A)                        (Erlang B, see erlang.py)
    states N + j:    t_0 = 1,  t_j = t_(j−1) · y/(x + j),   S_Q = Σ_j t_j
    π_N = 1 / (S_B + S_Q − 1)

    P(wait)     = π_N·S_Q
    E[Lq]       = π_N·Σ_j j·t_j
    P(abandon)  = θ·E[Lq]/λ = E[Lq]/y                 (abandons per second = θ·E[Lq])

A caller who finds j waiting ahead leaves the queue at rate θ(x+i+1) while i are ahead (served
ahead or abandoning, or abandoning itself), so it is answered with probability x/(x+j+1) after a
wait of mean Σ_(i≤j) 1/(θ(x+i+1)); summing over j (Mandelbaum & Zeltyn, "The M/M/n+G queue:
summary of performance measures", 2009, for the incomplete-gamma form)::

    P(answered after T) = π_N·(x/y)·e^(y(1−z))·z^x·(S_Q(x, y·z) − 1),    z = e^(−θT)
    service level       = P(answered within T) = 1 − P(abandon) − P(answered after T)
    ASA                 = E[wait; answered] / P(answered)

The service level counts every offered call, so a call that abandons counts as a miss (as Genesys
Cloud's own service level does when short abandons are not excluded); as patience → ∞ it is
Erlang C's. The series are summed from j = 0 by their own ratios (positive terms only, no
cancellation), rescaled by exact powers of two so that no term overflows, and stopped once past
the mode when the remaining terms are below 1e-20 of the sum: O(√y + (y − x)⁺) steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cxgate.staffing.erlang import QueueMetrics, check_inputs, erlang_b, idle_metrics

__all__ = ["MAX_PATIENCE_LOAD", "erlang_a_metrics"]

MAX_PATIENCE_LOAD = 1e7
"""Largest ``y = λ·patience`` (calls arriving during one mean patience) accepted."""

_RESCALE_ABOVE = 2.0**800
_RESCALE_BITS = -800
_STOP = 1e-20


@dataclass(frozen=True, slots=True)
class _QueueSums:
    """The queue-side series, each stored divided by 2^(800·rescales) (exact scaling)."""

    rescales: int
    head: float  # t_0
    tail: float  # Σ_(j≥1) t_j
    moment: float  # Σ j·t_j
    answered_wait: float  # Σ t_j · x/(x+j+1) · Σ_(i≤j) 1/(x+i+1)

    @property
    def total(self) -> float:
        return self.head + self.tail


def _queue_sums(x: float, y: float) -> _QueueSums:
    """Sum the series of the module docstring for states N + j, j = 0, 1, 2, ..."""
    mode = y - x
    t = head = 1.0
    harmonic = 1.0 / (x + 1.0)
    tail = moment = 0.0
    answered_wait = x / (x + 1.0) * harmonic
    rescales = 0
    j = 0
    while True:
        j += 1
        t *= y / (x + j)
        harmonic += 1.0 / (x + j + 1.0)
        tail += t
        moment += j * t
        answered_wait += t * x / (x + j + 1.0) * harmonic
        if t > _RESCALE_ABOVE:
            t, head, tail, moment, answered_wait = (
                math.ldexp(v, _RESCALE_BITS) for v in (t, head, tail, moment, answered_wait)
            )
            rescales += 1
        if j > mode and t * (j + 1.0) ** 2 <= _STOP * (head + tail):
            return _QueueSums(rescales, head, tail, moment, answered_wait)


def _check_patience(load: float, aht: float, patience: float) -> None:
    if not math.isfinite(patience) or patience <= 0:
        raise ValueError(f"mean patience must be a finite number > 0 s, got {patience!r}")
    if load * patience / aht > MAX_PATIENCE_LOAD:
        raise ValueError(
            f"load × patience/AHT = {load * patience / aht:g} is above {MAX_PATIENCE_LOAD:g}: "
            "callers this patient never abandon; leave patience out to use Erlang C"
        )


def _nobody_answers(load: float, patience: float, aht: float) -> QueueMetrics:
    """N = 0: every caller waits and abandons; the queue is Poisson with mean y."""
    return QueueMetrics(0, load, 1.0, 0.0, math.inf, load * patience / aht, 0.0, 1.0)


def _answered_late(
    x: float, y: float, pi_n: float, sums: _QueueSums, *, patience: float, threshold: float
) -> float:
    """P(answered after ``threshold``), from the series at y·z (formula in the docstring)."""
    if threshold == 0:
        late = _QueueSums(sums.rescales, sums.head, sums.tail, 0.0, 0.0)
        log_prefactor = 0.0
    else:
        z_log = -threshold / patience
        late = _queue_sums(x, y * math.exp(z_log))
        log_prefactor = -y * math.expm1(z_log) + x * z_log
    if late.tail == 0 or pi_n == 0:
        return 0.0
    log_late = (
        math.log(pi_n)
        + math.log(x / y)
        + math.log(late.tail)
        + log_prefactor
        + (late.rescales - sums.rescales) * -_RESCALE_BITS * math.log(2.0)
    )
    return math.exp(log_late)


def erlang_a_metrics(
    agents: int, load: float, aht: float, patience: float, threshold: float
) -> QueueMetrics:
    """Service level, abandonment, ASA, queue length and occupancy of an M/M/N+M queue."""
    check_inputs(agents, load, aht, threshold)
    _check_patience(load, aht, patience)
    if load == 0:
        return idle_metrics(agents)
    if agents == 0:
        return _nobody_answers(load, patience, aht)
    x, y = agents * patience / aht, load * patience / aht
    sums = _queue_sums(x, y)
    blocking = erlang_b(agents, load)
    lower = 1.0 / blocking - 1.0 if blocking > 0 else math.inf  # Σ of states k < N
    rest = math.ldexp(lower, _RESCALE_BITS * sums.rescales)
    pi_n = 1.0 / (rest + sums.total)  # π_N, in the same scaled units as the sums
    abandon = pi_n * sums.moment / y
    answered = 1.0 - abandon
    late = _answered_late(x, y, pi_n, sums, patience=patience, threshold=threshold)
    return QueueMetrics(
        agents=agents,
        load=load,
        prob_wait=pi_n * sums.total,
        service_level=max(0.0, answered - late),
        asa=pi_n * sums.answered_wait * patience / answered if answered > 0 else math.inf,
        queue_length=pi_n * sums.moment,
        occupancy=load * answered / agents,
        abandon_rate=abandon,
    )
