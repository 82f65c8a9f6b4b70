/** The console's stylesheet: system fonts, one accent colour, readable tables. */
export const CONSOLE_CSS = `
:root { --fg: #1d2430; --muted: #5b6676; --line: #d9dee6; --bg: #f6f8fb; --accent: #2358c4; --ok: #1f7a3d; --warn: #a15c00; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 17px; margin: 0; }
header nav a { margin-right: 16px; color: var(--accent); text-decoration: none; font-weight: 500; }
header .token { margin-left: auto; display: flex; gap: 6px; align-items: center; color: var(--muted); }
main { padding: 20px 24px; max-width: 1280px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 24px 0 8px; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f6; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.failure td { background: #fdf0ef; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--muted); }
.badge.success { background: var(--ok); } .badge.partial { background: var(--warn); } .badge.failure { background: var(--bad); } .badge.running { background: var(--accent); }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
button:disabled { background: #c5cbd6; border-color: #c5cbd6; cursor: not-allowed; }
button.secondary { background: #fff; color: var(--accent); }
input, textarea { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; }
textarea { width: 100%; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
.message { margin: 8px 0; padding: 8px 12px; border-radius: 4px; background: #eef3ff; }
.message.error { background: #fdf0ef; color: var(--bad); }
.facts { display: flex; gap: 32px; margin-bottom: 8px; color: var(--muted); }
.facts b { color: var(--fg); font-weight: 600; }
.chart { background: #fff; border: 1px solid var(--line); }
.chart text { font-size: 11px; fill: var(--muted); }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
.muted { color: var(--muted); }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
pre.json { margin: 0 0 8px; padding: 8px 12px; background: #fff; border: 1px solid var(--line); border-radius: 4px; overflow-x: auto; font-size: 13px; }
.badge.flip { background: #7b3fb3; margin-left: 8px; }
tr.flipping td, tr.flip td { background: #f5eefb; }
tr.change td { background: #fff7e0; }
td.change .value, tr.change .value { font-weight: 600; }
td.error, p.verdict.error { color: var(--bad); }
p.verdict { font-weight: 600; }
.action { font-weight: 600; }
.action.added { color: var(--ok); } .action.changed { color: var(--warn); } .action.cleared, .action.left { color: var(--bad); } .action.unchanged { color: var(--muted); font-weight: 400; }
.preview-record { margin: 12px 0 20px; }
.preview-record h4 { margin: 12px 0 6px; }
.step { margin: 10px 0 4px; font-weight: 600; }
.badge.health.on-time { background: var(--ok); } .badge.health.late { background: var(--warn); } .badge.health.error { background: var(--bad); }
.badge.paused { background: #5b6676; } .badge.quarantined { background: #7a1d17; }
.state { display: inline-flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; }
.state small { font-size: 12px; }
td.actions { white-space: nowrap; } td.actions button + button { margin-left: 6px; }
header .time-zone { color: var(--muted); }
time[title] { cursor: help; }
td time { white-space: nowrap; }
.chart rect.bar.failure { stroke: var(--bad); stroke-width: 1; }
#overview td.rate.low { color: var(--bad); font-weight: 600; }
#live progress { width: 100%; max-width: 480px; }
[hidden] { display: none !important; }
`;
