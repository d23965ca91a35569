/**
 * The report's only stylesheet, inlined. System fonts only (no web fonts: the report opens offline),
 * tables that scroll sideways on narrow screens instead of squeezing, and a print layout that keeps
 * charts and table rows whole and prints the heat-map colours.
 */
export const REPORT_CSS = `
:root {
  --text: #1f2933; --muted: #616e7c; --line: #e4e7eb; --accent: #0072b2; --bg: #ffffff; --panel: #f5f7fa;
  --attack: #0072b2; --benign: #d55e00;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif;
}
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.75rem; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 1.3rem; margin: 40px 0 8px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 24px 0 8px; }
p { margin: 6px 0 12px; }
code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.88em; background: var(--panel); padding: 1px 4px; border-radius: 3px; word-break: break-all; }
.subtitle { color: var(--muted); font-size: 1.05rem; margin: 0 0 4px; }
.meta, .lead, .cards-caption, figcaption, caption, .note { color: var(--muted); }
.note { font-size: 0.9rem; border-left: 3px solid var(--line); padding-left: 10px; }
nav.toc { margin: 18px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 0.95rem; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; margin: 8px 0 16px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card-value { font-size: 1.5rem; font-weight: bold; font-variant-numeric: tabular-nums; }
.card-label { font-weight: bold; font-size: 0.9rem; }
.card-hint { color: var(--muted); font-size: 0.8rem; }
.figures { display: flex; flex-wrap: wrap; gap: 20px 28px; align-items: flex-start; margin: 16px 0; }
.chart-figure { margin: 0; flex: 1 1 420px; max-width: var(--chart-width); }
.figures.single .chart-figure { flex-basis: auto; }
.chart-figure svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 0.95rem; font-weight: bold; color: var(--text); margin: 0 0 6px; }
figcaption .hint { display: block; font-weight: normal; font-size: 0.84rem; color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 12px 0 18px; }
table.data { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
table.data caption { text-align: left; font-size: 0.88rem; padding-bottom: 6px; caption-side: top; }
table.data th, table.data td { padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.data thead th { text-align: left; border-bottom: 2px solid #cbd2d9; background: var(--panel); font-size: 0.84rem; }
table.data tbody th { text-align: left; font-weight: normal; }
table.data tfoot th, table.data tfoot td { font-weight: bold; border-top: 2px solid #cbd2d9; }
table.data tfoot th { text-align: left; }
table.data .num { text-align: right; white-space: nowrap; }
table.data tbody tr:hover { background: #f0f4f8; }
table.data thead th.num { white-space: normal; }
table.pivot thead th { max-width: 10em; overflow-wrap: anywhere; vertical-align: bottom; }
.meter { display: inline-block; width: 70px; height: 8px; background: var(--line); border-radius: 4px; margin-right: 8px; vertical-align: middle; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--attack); }
.meter-benign > span { background: var(--benign); }
.meter-value { display: inline-block; min-width: 4.6em; text-align: right; }
details { margin: 8px 0; }
details > summary { cursor: pointer; color: var(--accent); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 8px 0 16px; font-size: 0.92rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ol.features { columns: 3 16em; column-gap: 28px; font-size: 0.88rem; padding-left: 2.2em; margin: 6px 0; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 48px; color: var(--muted); font-size: 0.82rem; border-top: 1px solid var(--line); padding-top: 10px; }
@media (max-width: 640px) { main { padding: 16px; } .card-value { font-size: 1.2rem; } }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; margin-top: 22px; }
  figure, .card, tr, dl.facts { break-inside: avoid; }
  .chart-figure { flex-basis: 45%; }
  details { display: block; }
  .table-wrap { overflow: visible; }
  table.data, table.data thead th { font-size: 8pt; }
  table.data th, table.data td { padding: 3px 5px; }
  details > summary { color: var(--text); }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table.data tbody tr:hover { background: none; }
}
`;
