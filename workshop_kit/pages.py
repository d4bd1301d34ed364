"""The student pages in workshop order (kept import-light: the CLI reads it)."""

# (notebook, short name for the navigation, the stage its answers belong to)
PAGES = [
    ("00_welcome.ipynb", "Start", None),
    ("01_self_assessment.ipynb", "1. Your skills", "self_assessment"),
    ("02_alternative_careers.ipynb", "2. Other careers", "alternative_careers"),
    ("03_interview_dos_donts.ipynb", "3. Interview do's and don'ts", "interview"),
    ("04_action_plan.ipynb", "4. Action plan", "action_plan"),
]
STAGE_PAGES = [(page, name, stage) for page, name, stage in PAGES if stage]
DASHBOARD = "instructor_dashboard.ipynb"
WELCOME = PAGES[0][0]  # where the join link (and its QR code) leads
PRESENTER = "presenter.ipynb"  # the projector's page, opened from the dashboard
