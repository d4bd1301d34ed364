"""Pure Python behind the stages: scoring, matching, feedback. No widget imports here."""
