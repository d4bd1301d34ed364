// Stylelint for the kit's CSS files (workshop_kit/**/*.css). Run by `make lint`.
// The standard rules, less the ones that clash with how the kit writes CSS:
export default {
  extends: ["stylelint-config-standard"],
  rules: {
    // Short rules sit on one line, one rule after another, with no blank lines between
    // them: a stylesheet reads as a list, a comment heads the rules it explains.
    "declaration-block-single-line-max-declarations": null,
    "rule-empty-line-before": null,
    "comment-empty-line-before": null,
    "at-rule-empty-line-before": null,
    // Our classes are kebab-case (wk-...), but we also select JupyterLab's own, such as
    // .jp-OutputArea, whose names are not ours to change.
    "selector-class-pattern": null,
    // Rules are grouped by the part of the page they style, and different elements match
    // the selectors it compares (.wk-qr-box p, .wk-page .widget-html-content p); moving
    // rules to please it would change which rule wins where both apply.
    "no-descending-specificity": null,
    // `(max-width: 480px)`, not `(width <= 480px)`: the range form needs Safari 16.4, and
    // phones on an older iOS must still get the phone layout.
    "media-feature-range-notation": "prefix",
    // The printable guide sets the old page-break-* beside break-* on purpose, for
    // browsers that print with the old names only.
    "property-no-deprecated": [true, { ignoreProperties: [/^page-break-/] }],
  },
};
