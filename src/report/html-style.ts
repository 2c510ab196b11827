/** The report page's inline style sheet (the page is offline: no external CSS). */
export const REPORT_CSS = `
:root { --fg: #1b1b1b; --dim: #666; --line: #d6d6d6; --ok: #1e7b34; --okbg: #e7f4ea; --bad: #b3261e; --badbg: #fbe9e7; --accent: #24598f; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fafafa; font: 15px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 18px 32px 10px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
header .meta { margin: 0; color: var(--dim); font-size: 13px; }
nav ol { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 10px 0 0; padding: 0; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; } nav a:hover { text-decoration: underline; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 40px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 22px 18px; margin: 18px 0; }
section > h2 { margin: 0 0 8px; font-size: 20px; font-weight: 600; }
h3 { font-size: 16px; font-weight: 600; margin: 14px 0 6px; } h4 { font-size: 14px; margin: 6px 0; }
figure { margin: 0; }
figcaption { color: #333; font-size: 13.5px; max-width: 980px; margin-top: 6px; }
.svg-wrap { overflow-x: auto; }
.svg-wrap svg { display: block; max-width: none; }
.svg-wrap .mark-rect path { shape-rendering: crispEdges; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: #f4f4f4; border: 1px solid #e4e4e4; padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; word-break: break-all; }
.table-wrap { overflow-x: auto; }
table.verdicts { border-collapse: collapse; width: 100%; font-size: 13.5px; }
table.verdicts th, table.verdicts td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.verdicts th { font-size: 12.5px; } table.verdicts td:nth-child(1) { width: 30%; } table.verdicts td:nth-child(3) { width: 30%; }
.variant { margin-bottom: 4px; } .variant .title { color: var(--dim); font-size: 12px; }
a.replay { font-size: 12.5px; }
table.verdicts th { background: #f2f2f2; font-weight: 600; }
table.verdicts tr.ok td:first-child { border-left: 4px solid var(--ok); }
table.verdicts tr.bad td:first-child { border-left: 4px solid var(--bad); }
table.verdicts tr.bad { background: var(--badbg); } .variant.bad { background: var(--badbg); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.title { font-size: 13px; } .src, .dim { color: var(--dim); font-size: 12px; }
.metric { font-size: 12.5px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; }
.badge.holds { background: var(--okbg); color: var(--ok); } .badge.refuted { background: #eef1f8; color: #2c4a7a; }
.badge.error { background: var(--badbg); color: var(--bad); }
.summary { padding: 8px 12px; border-radius: 4px; } .summary.ok { background: var(--okbg); } .summary.bad { background: var(--badbg); }
.bad { color: var(--bad); }
.cx { border-left: 4px solid #9bb0d0; padding: 1px 12px; margin: 8px 0; font-size: 13px; }
.cx h4 { margin: 2px 0; } .cx pre { margin: 2px 0; } .cx.bad { border-left-color: var(--bad); }
.cx:target { background: #fff8d6; }
.cx p { margin: 3px 0; overflow-wrap: anywhere; }
table.verdicts td, table.kv td { overflow-wrap: break-word; } .badge, td.num { white-space: nowrap; }
details summary { cursor: pointer; color: var(--accent); font-size: 12.5px; }
details.cx-list > summary { color: var(--fg); } details.cx-list > summary h3 { display: inline; }
ul.downloads { list-style: none; padding: 0; margin: 8px 0 0; font-size: 13px; }
ul.downloads li { margin: 2px 0; }
ul.downloads a.csv { color: var(--accent); font-weight: 600; }
ul.downloads a.csv::before { content: "⤓ CSV "; font-weight: normal; color: var(--dim); }
ul.downloads .what { color: var(--dim); }
.note { background: #fff8e1; border: 1px solid #f0dfa0; padding: 8px 12px; border-radius: 4px; }
table.kv { border-collapse: collapse; margin: 10px 0; font-size: 13.5px; }
table.kv caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.kv th, table.kv td { border-bottom: 1px solid var(--line); padding: 3px 10px 3px 0; text-align: left; font-weight: normal; }
table.kv th { color: var(--dim); }
article.experiment { border-top: 1px solid var(--line); padding-top: 6px; margin-top: 14px; }
article.experiment:first-of-type { border-top: none; }
article.experiment > h3 { margin-bottom: 2px; } article.experiment p { margin: 3px 0; font-size: 13.5px; }
ul.notes { margin: 4px 0 6px; padding-left: 20px; font-size: 13px; color: #333; }
details.protocol { margin: 4px 0; } details.protocol table.kv { margin: 4px 0; font-size: 12.5px; }
table.experiment { border-collapse: collapse; font-size: 12.5px; margin: 6px 0 2px; }
table.experiment th, table.experiment td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; white-space: nowrap; }
table.experiment th { background: #f2f2f2; font-weight: 600; font-size: 12.5px; }
table.experiment th .kind { font-weight: normal; font-size: 11px; color: var(--dim); }
table.experiment .k-ours { background: #eef4fb; } table.experiment th.k-ours { background: #dde9f6; }
table.experiment .k-published { background: #fdf3e3; } table.experiment th.k-published { background: #f7e4c4; }
table.experiment .k-theory { background: #edf6ee; } table.experiment th.k-theory { background: #d9eddb; }
table.experiment td.num { font-variant-numeric: tabular-nums; } table.experiment .sd { color: var(--dim); font-size: 11.5px; }
article.experiment figure { margin-top: 10px; }
footer { color: var(--dim); font-size: 12.5px; max-width: 1180px; margin: 0 auto; padding: 0 32px 30px; }
`;
