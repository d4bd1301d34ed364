"""Script-injection payloads a student might paste. Each, if it ever ran, would set
``window.__xss`` (or load from evil.invalid), which the browser test looks for."""

PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<svg onload=window.__xss=1>",
    "<script>window.__xss=1</script>",
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=window.__xss=1>",
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<video><source onerror=window.__xss=1></video>",
    "<input autofocus onfocus=window.__xss=1>",
    "<marquee onstart=window.__xss=1>x</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "{{constructor.constructor('window.__xss=1')()}}",
    "${window.__xss=1}",
    "<style>@import 'http://evil.invalid/x.css';</style>",
    '<object data="javascript:window.__xss=1"></object>',
    '<embed src="javascript:window.__xss=1">',
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    "<img src=x onerror=eval(atob('d2luZG93Ll9feHNzPTE='))>",
    '<a href="javascript:window.__xss=1" id=xsslink>click</a>',
    "<img src='http://evil.invalid/pixel.png'>",
    "<link rel=stylesheet href=http://evil.invalid/s.css>",
]
