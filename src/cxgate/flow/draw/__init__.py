"""Drawing flows: Mermaid, DOT, self-contained HTML, and diffs between versions."""
