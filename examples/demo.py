"""The main job: run cxgate against the embedded emulator (grows with each issue)."""

from __future__ import annotations


def main() -> None:
    """Placeholder until the emulator lands."""
    print("cxgate demo: nothing to show yet")  # noqa: T201


if __name__ == "__main__":
    main()
