"""Make the completed example workbook for the fictional Northshire County Council.

Run from the repository root:  python examples/make_example.py
It writes examples/northshire-completed.xlsx (replacing it) and examples/northshire-score.txt.
Everything is fixed, so running it again gives the same answers.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from assessment_builder import load_framework  # noqa: E402
from assessment_builder.model import ActionItem, Assessment, EvidenceItem, StatementAnswer  # noqa: E402
from assessment_builder.workbook import write_workbook  # noqa: E402

COUNCIL = "Northshire County Council"
GENERATED = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.timezone.utc)

# statement id: (score, confidence, status, lead, strengths, areas for development)
ANSWERS = {
    "assessing_needs": (
        3,
        "High",
        "Complete",
        "Head of Assessment and Care Management",
        "Median wait for a Care Act assessment fell from 9 to 4 weeks in 2024. Strengths-based practice is "
        "embedded: 87% of audited assessments record the person's own outcomes.",
        "Carers' assessments still take too long (median 7 weeks) and reviews of long-term support are "
        "behind in the east of the county.",
    ),
    "supporting_healthier_lives": (
        3,
        "Medium",
        "Complete",
        "Head of Prevention",
        "The Living Well hubs and a 6-week reablement offer keep 82% of people at home 91 days after "
        "hospital discharge.",
        "Information for people who fund their own care is hard to find; direct payment uptake is below "
        "the regional average.",
    ),
    "equity_in_experiences_and_outcomes": (
        2,
        "Medium",
        "In progress",
        "Equality and Inclusion Lead",
        "Interpreting is available for every assessment, and easy read letters were co-produced.",
        "We do not yet analyse waiting times or outcomes by ethnicity or disability, and Gypsy, Roma and "
        "Traveller communities tell us they cannot reach us.",
    ),
    "care_provision_integration_continuity": (
        3,
        "High",
        "Complete",
        "Head of Commissioning",
        "The market position statement was co-produced in 2024; home care hours are available within "
        "three days in all districts.",
        "Nursing care for people with dementia is short in the north of the county.",
    ),
    "partnerships_and_communities": (
        3,
        "High",
        "Ready for review",
        "Assistant Director, Partnerships",
        "The Better Care Fund supports joint discharge teams; the voluntary sector compact funds 40 groups.",
        "Housing partners are not yet part of the hospital discharge pathway.",
    ),
    "safe_pathways_systems_transitions": (
        3,
        "Medium",
        "Complete",
        "Head of Transitions",
        "A Preparing for Adulthood team works with young people from age 14; provider failure plans were "
        "tested in two care home closures.",
        "Young people with mental health needs describe the move to adult services as a 'cliff edge'.",
    ),
    "safeguarding": (
        3,
        "High",
        "Complete",
        "Principal Social Worker",
        "95% of safeguarding concerns receive a decision within two working days; Making Safeguarding "
        "Personal outcomes are recorded for 90% of enquiries.",
        "Deprivation of Liberty Safeguards assessments wait a median of 5 months.",
    ),
    "governance_management_sustainability": (
        3,
        "Medium",
        "Complete",
        "Director of Adult Social Services",
        "A monthly performance board reports to cabinet; the medium-term financial plan is balanced to 2027.",
        "Risks held by commissioning are not yet on the corporate risk register.",
    ),
    "learning_improvement_innovation": (
        4,
        "High",
        "Complete",
        "Head of Practice Quality",
        "The Practice Academy, co-production board and a published learning log have changed practice; the "
        "digital front door won a national award.",
        "Share learning from complaints with partners more consistently.",
    ),
}

# id, title, category, statement codes, date, owner, location
EVIDENCE = [
    (
        "E01",
        "Adult social care survey 2023-24",
        "peoples_experience",
        ["QS1", "QS2", "QS9"],
        "2024-09-30",
        "Performance team",
        "https://northshire.example/asc-survey",
    ),
    (
        "E02",
        "Carers' survey 2023-24",
        "peoples_experience",
        ["QS1", "QS2"],
        "2024-03-31",
        "Performance team",
        "https://northshire.example/carers-survey",
    ),
    (
        "E03",
        "Case file audit, Q3 2024",
        "processes",
        ["QS1", "QS7"],
        "2024-12-20",
        "Principal Social Worker",
        "SharePoint/ASC/Audits/Q3",
    ),
    (
        "E04",
        "Waiting list dashboard",
        "processes",
        ["QS1"],
        "2025-02-28",
        "Performance team",
        "Power BI: ASC waiting lists",
    ),
    (
        "E05",
        "Reablement outcomes report",
        "processes",
        ["QS2", "QS4"],
        "2025-01-15",
        "Head of Prevention",
        "SharePoint/ASC/Reablement",
    ),
    (
        "E06",
        "Living Well hub user stories",
        "peoples_experience",
        ["QS2"],
        "2024-11-05",
        "Head of Prevention",
        "SharePoint/ASC/Stories",
    ),
    (
        "E07",
        "Equality impact assessment of the front door",
        "processes",
        ["QS3"],
        "2024-06-12",
        "Equality and Inclusion Lead",
        "SharePoint/Equality/EIA-front-door",
    ),
    (
        "E08",
        "Easy read co-production group notes",
        "peoples_experience",
        ["QS3", "QS9"],
        "2024-10-01",
        "Co-production lead",
        "SharePoint/ASC/Coproduction",
    ),
    (
        "E09",
        "Market position statement 2024",
        "processes",
        ["QS4"],
        "2024-04-01",
        "Head of Commissioning",
        "https://northshire.example/mps",
    ),
    (
        "E10",
        "Provider forum feedback",
        "feedback_from_partners",
        ["QS4", "QS5"],
        "2024-12-03",
        "Head of Commissioning",
        "SharePoint/Commissioning/Forum",
    ),
    (
        "E11",
        "Fair cost of care report",
        "processes",
        ["QS4", "QS8"],
        "2023-10-14",
        "Finance business partner",
        "https://northshire.example/fcoc",
    ),
    (
        "E12",
        "Better Care Fund plan 2024-25",
        "processes",
        ["QS5"],
        "2024-06-28",
        "Assistant Director, Partnerships",
        "SharePoint/BCF",
    ),
    (
        "E13",
        "Voluntary sector compact review",
        "feedback_from_partners",
        ["QS5"],
        "2024-09-09",
        "Assistant Director, Partnerships",
        "SharePoint/VCS",
    ),
    (
        "E14",
        "Integrated care board letter of support",
        "feedback_from_partners",
        ["QS5", "QS6"],
        "2025-01-20",
        "Director of Adult Social Services",
        "SharePoint/ICB",
    ),
    (
        "E15",
        "Preparing for Adulthood pathway",
        "processes",
        ["QS6"],
        "2024-05-17",
        "Head of Transitions",
        "SharePoint/ASC/PfA",
    ),
    (
        "E16",
        "Young people's transition focus group",
        "peoples_experience",
        ["QS6"],
        "2024-08-22",
        "Head of Transitions",
        "SharePoint/ASC/PfA/focus-group",
    ),
    (
        "E17",
        "Care home closure lessons learned",
        "feedback_from_staff_and_leaders",
        ["QS6", "QS9"],
        "2024-07-30",
        "Head of Commissioning",
        "SharePoint/Commissioning/Closures",
    ),
    (
        "E18",
        "Safeguarding Adults Board annual report",
        "processes",
        ["QS7"],
        "2024-10-31",
        "Safeguarding Adults Board manager",
        "https://northshire.example/sab",
    ),
    (
        "E19",
        "Making Safeguarding Personal audit",
        "peoples_experience",
        ["QS7"],
        "2024-11-28",
        "Principal Social Worker",
        "SharePoint/ASC/MSP",
    ),
    (
        "E20",
        "Staff survey 2024",
        "feedback_from_staff_and_leaders",
        ["QS8", "QS9"],
        "2024-12-12",
        "HR business partner",
        "SharePoint/HR/Survey",
    ),
    (
        "E21",
        "Cabinet performance reports",
        "processes",
        ["QS8"],
        "2025-02-10",
        "Director of Adult Social Services",
        "https://northshire.example/cabinet",
    ),
    (
        "E22",
        "Medium-term financial plan",
        "processes",
        ["QS8"],
        "2025-02-20",
        "Finance business partner",
        "https://northshire.example/mtfp",
    ),
    (
        "E23",
        "Leadership team interviews (peer review)",
        "feedback_from_staff_and_leaders",
        ["QS8"],
        "2024-09-18",
        "Director of Adult Social Services",
        "SharePoint/ASC/Peer-review",
    ),
    (
        "E24",
        "Practice Academy evaluation",
        "feedback_from_staff_and_leaders",
        ["QS9", "QS1"],
        "2024-11-30",
        "Head of Practice Quality",
        "SharePoint/ASC/Academy",
    ),
    (
        "E25",
        "Complaints and compliments annual report",
        "peoples_experience",
        ["QS9", "QS3"],
        "2024-07-01",
        "Customer relations",
        "https://northshire.example/complaints",
    ),
    (
        "E26",
        "Team managers' workshop notes",
        "feedback_from_staff_and_leaders",
        ["QS1", "QS3"],
        "2025-01-28",
        "Principal Social Worker",
        "SharePoint/ASC/Workshops",
    ),
]

# id, statement code, action, owner, due, status
ACTIONS = [
    (
        "A01",
        "QS3",
        "Publish waiting times and outcomes by ethnicity, disability and age every quarter",
        "Performance team",
        "2025-06-30",
        "In progress",
    ),
    (
        "A02",
        "QS3",
        "Set up outreach with Gypsy, Roma and Traveller community groups",
        "Equality and Inclusion Lead",
        "2025-05-31",
        "Not started",
    ),
    (
        "A03",
        "QS3",
        "Train front door staff in accessible communication",
        "Practice Academy",
        "2025-02-28",
        "In progress",
    ),
    (
        "A04",
        "QS1",
        "Clear the carers' assessment backlog with a dedicated team",
        "Head of Assessment and Care Management",
        "2025-04-30",
        "In progress",
    ),
    (
        "A05",
        "QS1",
        "Bring overdue reviews in the east back within 12 months",
        "Head of Assessment and Care Management",
        "2025-09-30",
        "In progress",
    ),
    (
        "A06",
        "QS2",
        "Rewrite the self-funder information pages with people who fund their care",
        "Head of Prevention",
        "2025-07-31",
        "Not started",
    ),
    (
        "A07",
        "QS4",
        "Commission additional dementia nursing capacity in the north",
        "Head of Commissioning",
        "2025-12-31",
        "In progress",
    ),
    (
        "A08",
        "QS5",
        "Add housing officers to the hospital discharge hub",
        "Assistant Director, Partnerships",
        "2025-06-30",
        "Not started",
    ),
    (
        "A09",
        "QS6",
        "Co-design a mental health transitions protocol with young people",
        "Head of Transitions",
        "2025-08-31",
        "In progress",
    ),
    (
        "A10",
        "QS7",
        "Reduce DoLS waits with a best interests assessor rota",
        "Principal Social Worker",
        "2025-03-31",
        "In progress",
    ),
    (
        "A11",
        "QS8",
        "Add commissioning risks to the corporate risk register",
        "Director of Adult Social Services",
        "2024-12-31",
        "Complete",
    ),
    (
        "A12",
        "QS9",
        "Share complaints learning at the quarterly partners' forum",
        "Customer relations",
        "2025-04-30",
        "Not started",
    ),
]


def build_assessment() -> Assessment:
    """The example council's answers, as a model object."""
    fw = load_framework("cqc-la")
    by_code = {s.code: s.id for s in fw.statements}
    answers = {
        sid: StatementAnswer(
            sid,
            {"score": a[0], "confidence": a[1], "status": a[2], "lead": a[3], "strengths": a[4], "development": a[5]},
        )
        for sid, a in ANSWERS.items()
    }
    evidence = [
        EvidenceItem(e[0], e[1], e[2], [by_code[c] for c in e[3]], dt.date.fromisoformat(e[4]), e[5], e[6])
        for e in EVIDENCE
    ]
    actions = [ActionItem(a[0], by_code[a[1]], a[2], a[3], dt.date.fromisoformat(a[4]), a[5]) for a in ACTIONS]
    return Assessment(fw, COUNCIL, answers, evidence, actions)


def main() -> None:
    from click.testing import CliRunner

    from assessment_builder.cli import main as cli

    assessment = build_assessment()
    out = HERE / "northshire-completed.xlsx"
    write_workbook(assessment.framework, COUNCIL, out, force=True, prefill=assessment, generated=GENERATED)
    result = CliRunner().invoke(cli, ["score", str(out)])
    (HERE / "northshire-score.txt").write_text(result.output.replace(str(out), out.name), encoding="utf-8")
    print(f"Wrote {out} and {HERE / 'northshire-score.txt'}")


if __name__ == "__main__":
    main()
