"""The student pages in workshop order (kept import-light: the CLI reads it)."""

# (notebook, short name for the stage navigation)
PAGES = [
    ("01_self_assessment.ipynb", "1. Your skills"),
    ("02_alternative_careers.ipynb", "2. Other careers"),
    ("03_interview_dos_donts.ipynb", "3. Interview do's and don'ts"),
]
