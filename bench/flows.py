"""Benchmark: a generated 10,000-node Archy flow — parse, check, explore, diff two versions.

There is no offline Archy checker to compare with, so the peer for parsing is the floor any
YAML-based tool pays: ``yaml.safe_load`` of the same text (libyaml when available), run side
by side here. Check and exploration are held to the issue's targets: check < 0.5 s,
full-coverage exploration < 2 s, peak memory < 200 MB. The graph-level diff a plan shows
(``graph_delta`` of two versions, one prompt changed) runs beside its peer, the line diff of
the same two files (``difflib.unified_diff``), which the plan shows too. Times are the best
of a few runs; peak memory is measured in a separate traced pass (tracemalloc slows Python down).

Run: ``.venv/bin/python bench/flows.py``; the last line is one JSON object of the figures.
"""

from __future__ import annotations

import gc
import json
import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import yaml

from cxgate.flow.check.run import check
from cxgate.flow.draw.graphdiff import graph_delta, yaml_diff
from cxgate.flow.read.archy import parse_flow
from cxgate.flow.trace.explore import explore
from cxgate.testing.flows import synthetic_flow

NODES = 10_000
REPEATS = 3
TARGETS = {"check_s": 0.5, "explore_s": 2.0, "peak_mb": 200.0}


def best_of(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float, Any]:
    """Fastest wall time and fastest CPU time of ``repeats`` runs, and the last result.

    CPU time (this process only) is reported beside wall time because a shared CI box
    inflates wall time with other processes' work.
    """
    wall = cpu = float("inf")
    result: Any = None
    for _ in range(repeats):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


def peak_mb(text: str) -> float:
    """Peak traced memory for parse + check + explore together, in MB."""
    gc.collect()
    tracemalloc.start()
    graph = parse_flow(text, "synthetic.yaml")
    check(graph)
    explore(graph)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    """Run every measurement and print the table, then the JSON line."""
    text = synthetic_flow(NODES)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    baseline_s, baseline_cpu, _ = best_of(lambda: yaml.load(text, Loader=loader))
    parse_s, parse_cpu, graph = best_of(lambda: parse_flow(text, "synthetic.yaml"))
    check_s, check_cpu, findings = best_of(lambda: check(graph))
    explore_s, explore_cpu, result = best_of(lambda: explore(graph))
    changed_text = text.replace("tts: ", "tts: Changed ", 1)
    changed = parse_flow(changed_text, "synthetic-v2.yaml")
    delta_s, delta_cpu, delta = best_of(lambda: graph_delta(graph, changed))
    lines_s, lines_cpu, lines = best_of(lambda: yaml_diff(text, changed_text, "synthetic"))
    figures = {
        "nodes": len(graph.nodes),
        "transitions": len(graph.transitions),
        "yaml_lines": text.count("\n"),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "safe_load_s": round(baseline_s, 4),
        "safe_load_cpu_s": round(baseline_cpu, 4),
        "parse_s": round(parse_s, 4),
        "parse_cpu_s": round(parse_cpu, 4),
        "parse_vs_safe_load": round(parse_cpu / baseline_cpu, 2),
        "check_s": round(check_s, 4),
        "check_cpu_s": round(check_cpu, 4),
        "findings": len(findings),
        "explore_s": round(explore_s, 4),
        "explore_cpu_s": round(explore_cpu, 4),
        "journeys": len(result.traces),
        "transition_coverage": round(result.coverage.transition_fraction, 4),
        "node_coverage": round(result.coverage.node_fraction, 4),
        "peak_mb": round(peak_mb(text), 1),
        "graph_delta_s": round(delta_s, 4),
        "graph_delta_cpu_s": round(delta_cpu, 4),
        "graph_delta_changes": len(delta.lines()),
        "line_diff_s": round(lines_s, 4),
        "line_diff_cpu_s": round(lines_cpu, 4),
        "line_diff_lines": len(lines),
        "graph_delta_vs_line_diff": round(delta_cpu / lines_cpu, 2),
    }
    print_table(figures)
    print(json.dumps(figures, sort_keys=True))


def print_table(f: dict[str, Any]) -> None:
    """A readable summary with the targets beside the measured figures."""
    print(
        f"generated flow: {f['nodes']} nodes, {f['transitions']} transitions, "
        f"{f['yaml_lines']} YAML lines; 1-minute load average {f['load_average_1m']}"
    )
    print(f"{'step':<34}{'wall':>10}{'cpu':>10}{'target':>12}")
    rows = [
        (
            "yaml.safe_load (baseline)",
            f"{f['safe_load_s']:.3f} s",
            f"{f['safe_load_cpu_s']:.3f} s",
            "",
        ),
        (
            "parse to FlowGraph",
            f"{f['parse_s']:.3f} s",
            f"{f['parse_cpu_s']:.3f} s",
            f"x{f['parse_vs_safe_load']} cpu",
        ),
        (
            "check (all rules)",
            f"{f['check_s']:.3f} s",
            f"{f['check_cpu_s']:.3f} s",
            f"< {TARGETS['check_s']} s",
        ),
        (
            "explore to full coverage",
            f"{f['explore_s']:.3f} s",
            f"{f['explore_cpu_s']:.3f} s",
            f"< {TARGETS['explore_s']} s",
        ),
        (
            "  journeys, transition coverage",
            f"{f['journeys']}",
            f"{f['transition_coverage']:.0%}",
            "100%",
        ),
        (
            "graph diff of two versions",
            f"{f['graph_delta_s']:.3f} s",
            f"{f['graph_delta_cpu_s']:.3f} s",
            f"x{f['graph_delta_vs_line_diff']} cpu",
        ),
        (
            "line diff, same files (peer)",
            f"{f['line_diff_s']:.3f} s",
            f"{f['line_diff_cpu_s']:.3f} s",
            "",
        ),
        (
            "peak memory (parse+check+explore)",
            f"{f['peak_mb']:.1f} MB",
            "",
            f"< {TARGETS['peak_mb']:.0f} MB",
        ),
    ]
    for name, wall, cpu, target in rows:
        print(f"{name:<34}{wall:>10}{cpu:>10}{target:>12}")


if __name__ == "__main__":
    main()
