/**
 * Hostile SVGs: every bypass of the old deny-list found in review (issue 25), and the SVG vectors of the OWASP XSS
 * filter evasion cheat sheet and DOMPurify's test fixtures, as XML (the form an API answer takes). Each either is
 * refused whole, or is written with the named part left out.
 */
const SVG = 'xmlns="http://www.w3.org/2000/svg"';
const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';

export interface HostileSvg {
  readonly name: string;
  readonly svg: string;
  /** A refusal matching this, or (for `left`) what the log says was left out. */
  readonly refused?: RegExp;
  readonly left?: RegExp;
  /** Escaped text that is harmless as it came; the case proves it stays escaped. */
  readonly rawInert?: boolean;
}

export const HOSTILE_SVGS: readonly HostileSvg[] = [
  // Found in review of the deny-list.
  {
    name: 'another prefix bound to XLink, with a character reference',
    svg: `<svg ${SVG} xmlns:x="http://www.w3.org/1999/xlink"><a x:href="&#106;avascript:alert(1)"><rect/></a></svg>`,
    left: /link/,
  },
  {
    name: 'an external image through another XLink prefix',
    svg: `<svg ${SVG} xmlns:x="http://www.w3.org/1999/xlink"><image x:href="https://attacker.example/p.png"/><rect/></svg>`,
    left: /x:href/,
  },
  {
    name: 'an @import spelled with a character reference',
    svg: `<svg ${SVG}><style>&#64;import "https://attacker.example/x.css";</style><rect/></svg>`,
    left: /@import/,
  },
  {
    name: 'an @import spelled with a CSS escape',
    svg: `<svg ${SVG}><style>@\\69mport "https://attacker.example/x.css";</style><rect/></svg>`,
    left: /at-rule/,
  },
  { name: 'url( spelled with a CSS escape', svg: `<svg ${SVG}><rect style="fill: u\\72l(https://attacker.example/p)"/></svg>`, left: /fill/ },
  { name: 'image-set()', svg: `<svg ${SVG}><style>rect { fill: image-set("https://attacker.example/p.png" 1x) }</style><rect/></svg>`, left: /fill/ },
  { name: 'an HTML comment end inside <title> in CDATA', svg: `<svg ${SVG}><title><![CDATA[<!--></title><img src=x onerror=alert(1)>]]></title><rect/></svg>` },
  { name: 'an HTML <!--> inside <title> in an XML comment', svg: `<svg ${SVG}><title><!--></title><img src=x onerror=alert(1)>--></title><rect/></svg>` },
  { name: 'a CDATA opener inside <desc>', svg: `<svg ${SVG}><desc><![CDATA[</desc><img src=x onerror=alert(1)>]]></desc><rect/></svg>` },
  { name: '--!> inside a comment in <desc>', svg: `<svg ${SVG}><desc><!--x--!><img src=x onerror=alert(1)>--></desc><rect/></svg>`, refused: /well-formed/ },
  { name: 'escaped markup inside <desc>', svg: `<svg ${SVG}><desc>--!&gt;&lt;img src=x onerror=alert(1)&gt;</desc><rect/></svg>`, rawInert: true },
  { name: 'markup inside <title>', svg: `<svg ${SVG}><title><style>x</style>hi</title><rect/></svg>`, left: /markup inside <title>/ },
  { name: 'a declared ISO-2022-JP encoding', svg: `<?xml version="1.0" encoding="ISO-2022-JP"?><svg ${SVG}><rect/></svg>`, refused: /ISO-2022-JP/ },
  {
    name: 'an XHTML meta refresh',
    svg: `<svg ${SVG} xmlns:h="http://www.w3.org/1999/xhtml"><h:meta http-equiv="refresh" content="0;url=https://attacker.example"/><rect/></svg>`,
    left: /h:meta/,
  },
  {
    name: 'an XHTML form',
    svg: `<svg ${SVG} xmlns:h="http://www.w3.org/1999/xhtml"><h:form action="https://attacker.example"><h:input name="p"/></h:form><rect/></svg>`,
    left: /h:form/,
  },
  { name: 'xml:base re-pointing references', svg: `<svg ${SVG} xml:base="https://attacker.example/"><rect/></svg>`, left: /xml:base/ },
  {
    name: 'animateMotion with an external path',
    svg: `<svg ${SVG}><rect><animateMotion dur="1s"><mpath href="https://attacker.example/p.svg#p"/></animateMotion></rect></svg>`,
    left: /animateMotion/,
  },
  { name: 'animateColor and discard', svg: `<svg ${SVG}><rect><animateColor attributeName="fill"/><discard/></rect></svg>`, left: /animateColor/ },
  // OWASP and DOMPurify SVG vectors.
  { name: 'script', svg: `<svg ${SVG}><script>alert(1)</script><rect/></svg>`, left: /<script>/ },
  { name: 'script with an external source', svg: `<svg ${SVG} ${XLINK}><script xlink:href="data:,alert(1)"/><rect/></svg>`, left: /<script>/ },
  {
    name: 'a script element bound to SVG by another prefix',
    svg: `<svg ${SVG} xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script><rect/></svg>`,
    left: /s:script/,
  },
  { name: 'onload on the root', svg: `<svg ${SVG} onload="alert(1)"><rect/></svg>`, left: /onload/ },
  { name: 'an upper-case handler', svg: `<svg ${SVG}><rect ONCLICK="alert(1)"/></svg>`, left: /ONCLICK/ },
  {
    name: 'onbegin on an animation',
    svg: `<svg ${SVG}><rect><animate onbegin="alert(1)" attributeName="x" dur="1s" from="0" to="1"/></rect></svg>`,
    left: /onbegin/,
  },
  { name: 'set animating a handler', svg: `<svg ${SVG}><rect><set attributeName="onmouseover" to="alert(1)"/></rect></svg>`, left: /<set>/ },
  {
    name: 'set animating href to javascript:',
    svg: `<svg ${SVG}><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>`,
    left: /<set>/,
  },
  {
    name: 'animate animating xlink:href',
    svg: `<svg ${SVG} ${XLINK}><use xlink:href="#a"><animate attributeName="xlink:href" values="javascript:alert(1)"/></use><rect id="a"/></svg>`,
    left: /<animate>/,
  },
  {
    name: 'animate bringing in an external paint',
    svg: `<svg ${SVG}><rect><animate attributeName="fill" values="red;url(https://attacker.example/p)"/></rect></svg>`,
    left: /<animate>/,
  },
  { name: 'set animating style', svg: `<svg ${SVG}><rect><set attributeName="style" to="fill:url(https://attacker.example/p)"/></rect></svg>`, left: /<set>/ },
  { name: 'a javascript: link', svg: `<svg ${SVG}><a href="javascript:alert(1)"><text>x</text></a></svg>`, left: /link/ },
  { name: 'an https link', svg: `<svg ${SVG}><a href="https://attacker.example/"><text>click</text></a></svg>`, left: /link/ },
  { name: 'use of an external sprite', svg: `<svg ${SVG} ${XLINK}><use xlink:href="https://attacker.example/s.svg#i"/><rect/></svg>`, left: /xlink:href/ },
  {
    name: 'use of a data: SVG',
    svg: `<svg ${SVG}><use href="data:image/svg+xml;base64,PHN2ZyBpZD0ieCIgeG1sbnM9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48aW1hZ2UgaHJlZj0iMSIgb25lcnJvcj0iYWxlcnQoMSkiLz48L3N2Zz4=#x"/><rect/></svg>`,
    left: /href/,
  },
  { name: 'a file: reference', svg: `<svg ${SVG} ${XLINK}><use xlink:href="file:///etc/passwd#x"/><rect/></svg>`, left: /xlink:href/ },
  {
    name: 'an image of an SVG document',
    svg: `<svg ${SVG}><image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+"/><rect/></svg>`,
    left: /href/,
  },
  { name: 'an image with onerror', svg: `<svg ${SVG}><image href="x" onerror="alert(1)"/><rect/></svg>`, left: /onerror/ },
  {
    name: 'foreignObject with XHTML',
    svg: `<svg ${SVG}><foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div></foreignObject><rect/></svg>`,
    left: /foreignObject/,
  },
  { name: 'an XHTML iframe', svg: `<svg ${SVG}><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/><rect/></svg>`, left: /iframe/ },
  {
    name: 'MathML inside SVG',
    svg: `<svg ${SVG}><math xmlns="http://www.w3.org/1998/Math/MathML"><mtext><style>x</style></mtext></math><rect/></svg>`,
    left: /math/,
  },
  {
    name: 'an XML Events handler',
    svg: `<svg ${SVG} xmlns:ev="http://www.w3.org/2001/xml-events"><handler ev:event="load">alert(1)</handler><rect/></svg>`,
    left: /handler/,
  },
  {
    name: 'feImage of an external file',
    svg: `<svg ${SVG}><filter id="f"><feImage href="https://attacker.example/p.png"/></filter><rect filter="url(#f)"/></svg>`,
    left: /feImage/,
  },
  { name: 'a filter from elsewhere', svg: `<svg ${SVG}><rect filter="url(https://attacker.example/f.svg#f)"/></svg>`, left: /filter/ },
  { name: 'a paint from elsewhere', svg: `<svg ${SVG}><rect fill="url('https://attacker.example/p.svg#g')"/></svg>`, left: /fill/ },
  {
    name: 'a style sheet processing instruction',
    svg: `<?xml-stylesheet href="https://attacker.example/x.xsl" type="text/xsl"?><svg ${SVG}><rect/></svg>`,
    left: /processing instruction/,
  },
  {
    name: 'an @import of a style sheet',
    svg: `<svg ${SVG}><style>@import url(https://attacker.example/x.css); rect { fill: red }</style><rect/></svg>`,
    left: /@import/,
  },
  {
    name: 'a font from elsewhere',
    svg: `<svg ${SVG}><style>@font-face { font-family: x; src: url(https://attacker.example/f.woff) }</style><rect/></svg>`,
    left: /@font-face/,
  },
  {
    name: 'a background from elsewhere in CDATA',
    svg: `<svg ${SVG}><style><![CDATA[rect { background: url(http://attacker.example) }]]></style><rect/></svg>`,
    left: /background/,
  },
  {
    name: 'expression() and behaviours',
    svg: `<svg ${SVG}><rect style="width: expression(alert(1)); behavior: url(x.htc); -moz-binding: url(x.xml#x)"/></svg>`,
    left: /behavior|binding|width/,
  },
  {
    name: 'a style sheet closing itself for an HTML parser',
    svg: `<svg ${SVG}><style>&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;</style><rect/></svg>`,
    rawInert: true,
  },
  {
    name: 'a DOCTYPE with an external entity',
    svg: `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg ${SVG}>&x;</svg>`,
    refused: /DOCTYPE/,
  },
  {
    name: 'billion laughs',
    svg: `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg ${SVG}><text>&b;</text></svg>`,
    refused: /DOCTYPE/,
  },
  { name: 'an undefined entity', svg: `<svg ${SVG}><text>&x;</text></svg>`, refused: /well-formed/ },
  { name: 'an unquoted handler (HTML syntax)', svg: `<svg ${SVG} onload=alert(1)><rect/></svg>`, refused: /well-formed/ },
  { name: 'no SVG namespace', svg: '<svg onload="alert(1)"><rect/></svg>', refused: /root element/ },
  { name: 'an HTML root', svg: '<html><body><svg/></body></html>', refused: /root element/ },
  { name: 'an unbound prefix', svg: `<svg ${SVG}><x:script>alert(1)</x:script></svg>`, refused: /well-formed/ },
  { name: 'two roots', svg: `<svg ${SVG}><rect/></svg><svg ${SVG}/>`, refused: /well-formed|more than one root/ },
  { name: 'not closed', svg: `<svg ${SVG}><g>`, refused: /well-formed/ },
  { name: 'misnested', svg: `<svg ${SVG}><g></svg></g>`, refused: /well-formed/ },
  { name: 'a repeated attribute', svg: `<svg ${SVG} width="1" width="2"><rect/></svg>`, refused: /well-formed/ },
  { name: 'only script', svg: `<svg ${SVG}><script>alert(1)</script></svg>`, refused: /nothing drawable/ },
  { name: 'empty', svg: '', refused: /no <svg> element|well-formed/ },
];

/** What models write: gradients by reference, classes in a style sheet, text, transforms, an animation. */
export const BENIGN_SVG = `<?xml version="1.0" encoding="utf-8"?>
<!-- made by a model -->
<svg ${SVG} ${XLINK} viewBox="0 0 120 120" width="120" height="120">
  <title>A compass &amp; its rose</title>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0%" stop-color="#1e3a8a"/><stop offset="100%" style="stop-color: rgb(56 189 248)"/></linearGradient>
    <filter id="soft"><feGaussianBlur stdDeviation="1.5"/></filter>
  </defs>
  <style>.needle { fill: #ef4444; stroke: white; stroke-width: 2 } text > tspan { font-family: "Inter", sans-serif }</style>
  <rect width="120" height="120" fill="url(#sky)"/>
  <g transform="translate(60 60) rotate(45)"><path class="needle" d="M0,-40 L8,0 L0,40 L-8,0 Z" filter="url(#soft)"/></g>
  <use xlink:href="#sky"/>
  <text x="60" y="112" text-anchor="middle" font-size="10"><tspan>N &#169;</tspan></text>
  <circle cx="60" cy="60" r="4"><animate attributeName="r" values="4;6;4" dur="2s" repeatCount="indefinite"/></circle>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
</svg>
`;
