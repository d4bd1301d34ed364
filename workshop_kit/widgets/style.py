"""The kit's CSS, added once per page, so the stages read well in Voila and in
JupyterLab alike and fit a 360 px phone."""

from __future__ import annotations

import ipywidgets as widgets

from workshop_kit.widgets.lean import lean

CSS = """
.wk-page { max-width: 860px; margin: 0 auto; padding: 0 8px; font-size: 16px;
  line-height: 1.5; color: #1b1f24; }
.wk-page h1 { font-size: 1.7em; margin: 0.4em 0 0.2em; }
.wk-page h2 { font-size: 1.3em; margin: 1.4em 0 0.3em; border-bottom: 2px solid #d0d7de;
  padding-bottom: 0.2em; }
.wk-page h3 { font-size: 1.08em; margin: 1em 0 0.2em; }
.wk-page p, .wk-page li { max-width: 70ch; }
.wk-page .widget-html-content { line-height: 1.5; }
.wk-page .widget-html-content p { margin: 0.3em 0; }
.wk-help { color: #57606a; margin: 0 0 4px; font-size: 0.93em; }
.wk-identity-bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center;
  background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 10px;
  font-size: 0.93em; }
.wk-identity-bar .widget-button { width: auto; background: #fff; border: 1px solid #8c959f;
  border-radius: 6px; }
.wk-notice { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px;
  padding: 6px 10px; }
/* The pause notice stays in view beside whatever control the student scrolled to. */
.wk-lock-banner { position: sticky; top: 0; z-index: 20; }
/* Sticky needs the page's own scroller as its nearest scrolling box: the page's box and
   the output area around it would otherwise each be one (ipywidgets and JupyterLab give
   them overflow: auto), and they never scroll themselves. */
.wk-page.widget-box, .jp-OutputArea:has(> .jp-OutputArea-child .wk-page),
.jp-OutputArea-child:has(.wk-page), .jp-OutputArea-output:has(> .wk-page) {
  overflow: visible; }
.wk-lock-banner .wk-notice { margin: 0; box-shadow: 0 2px 6px rgba(0, 0, 0, 0.15); }
/* Controls a pause (or the stage) has disabled look it. */
.wk-page textarea:disabled, .wk-page input:disabled, .wk-page select:disabled {
  background: #eaeef2; color: #57606a; border-color: #d0d7de; cursor: not-allowed; }
.wk-page button:disabled { cursor: not-allowed; opacity: 0.55; }
.wk-status { min-height: 1.4em; font-size: 0.9em; }
.wk-quiz-row .wk-status { min-height: 0; }  /* under a statement only while it speaks */
.wk-status-saved { color: #1a7f37; }
.wk-status-saving { color: #57606a; }
.wk-status-error { color: #b3261e; font-weight: 600; }
.wk-too-long { color: #b3261e; font-weight: 600; font-size: 0.9em; margin: 4px 0 0; }
/* its "Saved" is about the earlier version, which the note already mentions */
.wk-text-answer:has(.wk-too-long) .wk-status-saved { display: none; }
.wk-text-answer { width: 100%; margin-bottom: 10px; }
.wk-text-answer .widget-textarea { flex-direction: column; align-items: stretch;
  width: auto; margin: 2px 0; }
.wk-text-answer .widget-label { font-weight: 600; white-space: normal; max-width: none;
  width: auto; overflow: visible; text-align: left; line-height: 1.4; margin-bottom: 4px; }
.wk-text-answer textarea { box-sizing: border-box; width: 100%; }
.wk-text-answer textarea { font-size: 16px; min-height: 4.5em; }
.wk-rating { border: 0; border-top: 1px solid #eaeef2; margin: 0; padding: 8px 0; min-width: 0; }
.wk-rating-name { font-weight: 600; padding: 0; }
.wk-rating-help { margin: 0 0 6px; color: #57606a; font-size: 0.93em; }
.wk-rating-options { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 6px; }
.wk-rating-option { position: relative; display: flex; flex-direction: column; align-items: center;
  border: 1px solid #8c959f; border-radius: 6px; padding: 4px 2px; cursor: pointer;
  text-align: center; background: #fff; }
.wk-rating-option input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.wk-rating-option:has(input:checked) { background: #1f6fb2; color: #fff; border-color: #1f6fb2; }
.wk-rating-option:has(input:disabled) { cursor: not-allowed; opacity: 0.55;
  background: #f6f8fa; }
.wk-rating-option:has(input:checked:disabled) { background: #57606a; color: #fff;
  border-color: #57606a; }
.wk-rating-status { margin: 4px 0 0; font-size: 0.9em; min-height: 0; }
.wk-rating-status:empty { display: none; }
.wk-rating-status.wk-status-saved { color: #1a7f37; }
.wk-rating-status.wk-status-error { color: #b3261e; font-weight: 600; }
.wk-rating-option:has(input:focus-visible) { outline: 3px solid #0969da; outline-offset: 2px; }
/* One clear focus ring on every control for keyboard users (WCAG 2.4.7). ipywidgets' own
   is a 1px pale outline on buttons and none at all on text boxes and menus, and its
   rules are specific enough to win without !important. */
.wk-page :is(a, button, input, select, textarea, [tabindex]:not([tabindex="-1"])):focus-visible {
  outline: 3px solid #0969da !important; outline-offset: 2px !important; }
.wk-rating-number { font-weight: 700; font-size: 1.1em; }
.wk-rating-words { font-size: 0.78em; line-height: 1.2; }
.wk-summary ul { margin: 0.2em 0 0.6em; }
.wk-tips { background: #ddf4ff; border-radius: 6px; padding: 6px 14px; }
.wk-activity { background: #1f6fb2; color: #fff; font-weight: 700; font-size: 1.15em;
  border-radius: 6px; padding: 6px 12px; margin: 6px 0; }
.wk-stages li { margin: 0.5em 0; }
.wk-stage-link a { font-weight: 700; font-size: 1.1em; color: #0969da; }
.wk-progress { font-size: 0.85em; border-radius: 10px; padding: 1px 8px; background: #eaeef2;
  color: #424a53; margin-left: 6px; }
.wk-progress-done { background: #dafbe1; color: #116329; }
.wk-progress-in-progress { background: #fff8c5; color: #6b4c00; }
.wk-resume strong { font-size: 1.3em; letter-spacing: 0.08em; }
.wk-join .widget-text { width: auto; max-width: 420px; }
.wk-download { display: inline-block; background: #1f6fb2; color: #fff !important;
  padding: 8px 14px; border-radius: 6px; font-weight: 600; text-decoration: none;
  margin: 4px 8px 4px 0; }
.wk-dashboard { max-width: 1100px; }
.wk-table { border-collapse: collapse; margin: 6px 0 12px; font-size: 0.92em; }
.wk-table th, .wk-table td { border-bottom: 1px solid #d0d7de; padding: 4px 8px;
  text-align: left; vertical-align: top; max-width: 420px; }
.wk-table th { background: #f6f8fa; }
.wk-code { font-size: 1.6em; letter-spacing: 0.1em; }
.wk-dashboard .widget-toggle-button { width: auto; }
.wk-qr-box { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.wk-qr-box svg { background: #fff; }
.wk-qr-box p { min-width: 0; overflow-wrap: anywhere; }
.wk-ask-group .wk-cards-label { font-size: 1.08em; margin-top: 0.6em; }
.wk-wide-dropdown > .widget-label { flex: 1 1 100%; }
.wk-credit { color: #57606a; font-size: 0.8em; margin-top: 2em; }
.wk-nav { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 4px 0; }
.wk-nav-link { color: #0969da; font-weight: 600; }
.wk-role { border: 1px solid #d0d7de; border-radius: 8px; padding: 4px 12px 10px;
  margin: 6px 0; }
.wk-role h4 { margin: 6px 0 0; font-size: 1.05em; }
.wk-role-meta { color: #57606a; font-size: 0.9em; }
.wk-role-fit { background: #e6edf3; height: 8px; border-radius: 4px; margin: 2px 0 6px;
  max-width: 320px; overflow: hidden; }
.wk-fit-bar { display: block; height: 8px; background: #1f6fb2; }
.wk-role .widget-toggle-button { width: auto; }
.wk-field .widget-label, .wk-page .widget-dropdown .widget-label { font-weight: 600; }
.wk-page .widget-dropdown { flex-wrap: wrap; width: auto; box-sizing: border-box; }
.wk-page .widget-dropdown select { min-width: 220px; max-width: 100%; }
.wk-line { width: auto; flex-wrap: wrap; margin: 2px 0; }
.wk-line .widget-label { font-weight: 600; }
.wk-line input { flex: 1 1 200px; min-width: 0; box-sizing: border-box; }
.wk-board-list { margin-top: 6px; }
.wk-idea-row { border-top: 1px solid #eaeef2; padding: 6px 0; align-items: center;
  flex-wrap: wrap; gap: 6px; }
.wk-idea { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.wk-idea-text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; flex: 1 1 60%; }
.wk-idea-votes { font-weight: 700; color: #1f6fb2; min-width: 3em; }
.wk-idea-meta { color: #57606a; font-size: 0.9em; margin-right: 10px; }
.wk-idea-mine { color: #57606a; font-size: 0.9em; }
.wk-votes-left { color: #57606a; padding: 6px 10px; display: inline-block; }
.wk-idea-row .widget-button { width: auto; }
.wk-quiz-row { border-top: 1px solid #eaeef2; padding: 6px 0; }
.wk-quiz-row .widget-button { width: 7em; }
.wk-statement { font-weight: 600; margin: 0.2em 0; }
.wk-feedback { margin: 0.3em 0; padding: 4px 8px; border-radius: 4px; }
.wk-right { color: #1a7f37; }
.wk-feedback.wk-right { background: #dafbe1; color: #116329; }
.wk-feedback.wk-wrong { background: #ffebe9; color: #82071e; }
.wk-score { font-size: 1.05em; }
.wk-check label, .wk-page .widget-checkbox label { white-space: normal; line-height: 1.4; }
.wk-check { width: auto; }
.wk-check .widget-label-basic, .wk-check label { font-weight: 600; }
.wk-why { margin-left: 22px; }
.wk-wide-dropdown { flex-wrap: wrap; }
.wk-wide-dropdown select { width: 100%; max-width: 100%; }
.wk-star-feedback, .wk-pitch-feedback { background: #f6f8fa; border-radius: 6px;
  padding: 4px 12px; }
.wk-drill-q { font-size: 1.25em; font-weight: 600; }
.wk-countdown { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 14px;
  max-width: 320px; margin: 6px 0; }
.wk-countdown-label { font-weight: 600; color: #57606a; }
.wk-countdown-clock { font-size: 2.4em; font-weight: 700; font-variant-numeric: tabular-nums; }
.wk-countdown[data-phase="answer"] .wk-countdown-clock { color: #1f6fb2; }
.wk-countdown[data-phase="done"] .wk-countdown-clock { color: #b3261e; }
.wk-countdown-bar { height: 6px; background: #e6edf3; border-radius: 3px; overflow: hidden; }
.wk-countdown-bar > div { height: 6px; background: #1f6fb2; width: 100%; }
.wk-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.wk-page .widget-hbox { flex-wrap: wrap; }
/* Text boxes, menus and buttons write in the page's font (ipywidgets gives text areas a
   typewriter font and the others the browser's default). */
.wk-page :is(input, textarea, select, button) { font-family: inherit; }
/* A question in front of a box or menu wraps onto lines of its own rather than being cut
   off, and the row grows with it instead of spilling over what comes next. */
.wk-page .widget-inline-hbox { height: auto; flex-wrap: wrap; min-width: 0; max-width: 100%; }
.wk-page .widget-inline-hbox > .widget-label { white-space: normal; overflow: visible;
  max-width: 100%; height: auto; line-height: 1.4; text-align: left; }
.wk-page .widget-inline-hbox > :is(select, input) { max-width: 100%; min-height: 32px;
  box-sizing: border-box; }
.wk-page .widget-button { width: auto; min-width: 6em; }
@media (max-width: 480px) {
  .wk-rating-words { font-size: 0.7em; }
  .wk-page { font-size: 15px; padding: 0 2px; }
}
"""


def stylesheet() -> widgets.HTML:
    return lean(widgets.HTML, f"<style>{CSS}</style>", layout={"display": "none"})
