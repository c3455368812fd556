/** The stylesheet inlined into every HTML report: readable, print-friendly, no web fonts. */
export const CSS = `
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #e3e7ed; --bg: #fff; --soft: #f6f8fa;
  --error: #c62828; --warning: #b26a00; --info: #1f6fb2; --ok: #2e7d32; }
* { box-sizing: border-box; }
html { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 6px; font-weight: 650; }
h2 { font-size: 17px; margin: 34px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); font-weight: 650; }
h3 { font-size: 14px; margin: 18px 0 6px; font-weight: 600; }
p { margin: 6px 0; }
.muted, .notes { color: var(--muted); }
.facts { display: flex; flex-wrap: wrap; gap: 8px 22px; margin: 10px 0 4px; padding: 0; }
.facts div { display: flex; flex-direction: column; }
.facts dt { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.facts dd { margin: 0; font-size: 16px; font-weight: 600; font-variant-numeric: tabular-nums; }
nav { margin: 16px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13px; }
nav a { color: var(--info); text-decoration: none; }
nav a:hover { text-decoration: underline; }
.verdict { display: inline-flex; gap: 6px; margin-top: 8px; }
.badge { display: inline-block; min-width: 58px; text-align: center; padding: 1px 7px; border-radius: 10px; font-size: 11px;
  font-weight: 650; text-transform: uppercase; letter-spacing: .03em; color: #fff; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); } .badge.info { background: var(--info); }
.badge.ok { background: var(--ok); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; background: var(--soft); position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:hover td { background: #fafbfc; }
td code, .check { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.fix { color: var(--muted); font-size: 12px; margin-top: 2px; }
.table-wrap { overflow-x: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(290px, 1fr)); gap: 14px 18px; margin: 8px 0; }
figure { margin: 0; padding: 8px 8px 4px; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
figure.wide { grid-column: 1 / -1; }
figcaption { font-size: 12px; font-weight: 600; margin-bottom: 4px; overflow-wrap: anywhere; }
figcaption .muted { font-weight: normal; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { nav { display: none; } th { position: static; } figure { break-inside: avoid; } }
`;
