"""The benchmark's workbooks: cqc-la with every statement answered, N evidence rows, an action per ten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assessment_builder import load_framework
from assessment_builder.model import ActionItem, Assessment, EvidenceItem, StatementAnswer


def realistic_assessment(rows: int) -> Assessment:
    """A completed self-assessment of the kind a council returns, with ``rows`` evidence items."""
    fw = load_framework("cqc-la")
    ids = [s.id for s in fw.statements]
    answers = {
        sid: StatementAnswer(
            sid,
            {
                "score": 1 + i % 4,
                "confidence": ("High", "Medium", "Low")[i % 3],
                "strengths": "Strong partnership working with health and the voluntary sector. " * 6,
                "development": "Waiting times for assessment remain above the regional average. " * 4,
                "lead": f"Lead officer {i}",
                "status": "Complete",
            },
        )
        for i, sid in enumerate(ids)
    }
    cats = [c.id for c in fw.evidence_categories]
    evidence = [
        EvidenceItem(
            f"E{i}",
            f"Evidence item {i}: audit of case files and feedback",
            cats[i % len(cats)],
            [ids[i % len(ids)], ids[(i + 3) % len(ids)]],
            dt.date(2025, 1, 1) + dt.timedelta(days=i % 300),
            f"Owner {i % 17}",
            f"https://intranet.example.org/evidence/{i}",
        )
        for i in range(rows)
    ]
    actions = [
        ActionItem(
            f"A{i}",
            ids[i % len(ids)],
            "Reduce waiting times for assessment",
            "Owner",
            dt.date(2026, 3, 31),
            "In progress",
        )
        for i in range(rows // 10 + 1)
    ]
    return Assessment(fw, "Bench Council", answers, evidence, actions)


def write_many(assessment: Assessment, paths: list[Path]) -> list[Path]:
    """Write the assessment once and copy it to every path, each with its own council name in a new write."""
    from assessment_builder.workbook import write_workbook

    written = []
    for i, path in enumerate(paths):
        assessment.council = f"Council {i:03d}" if len(paths) > 1 else assessment.council
        written.append(write_workbook(assessment.framework, assessment.council, path, prefill=assessment, force=True))
    return written
