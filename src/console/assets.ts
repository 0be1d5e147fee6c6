/** The console's stylesheet and script, served from this server (no CDN: it works offline). */

export const consoleCss = `
:root { --ink: #1d232b; --muted: #5d6875; --line: #d9dee4; --accent: #0b6e69; --warn: #9a3412; --danger: #b42318; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; padding: .7rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; color: var(--accent); text-decoration: none; margin-right: .5rem; }
header nav { display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
header nav a { color: var(--ink); text-decoration: none; }
header nav a:hover { color: var(--accent); }
header .who { margin-left: auto; color: var(--muted); font-size: .9rem; display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; }
main { max-width: 1100px; margin: 1.5rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; overflow-wrap: anywhere; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
.meta { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); overflow-wrap: normal; }
a { color: var(--accent); }
form.inline { display: inline; }
input, select, textarea, button { font: inherit; max-width: 100%; }
input[type=text], input[type=date], input[type=password], input:not([type]), select { padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
textarea { width: 100%; min-height: 22rem; padding: .6rem; border: 1px solid var(--line); border-radius: 4px; font: 13px/1.45 ui-monospace, monospace; }
button, a.button { display: inline-block; padding: .4rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; text-decoration: none; }
button.secondary, a.button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--danger); border-color: var(--danger); color: #fff; font-weight: 600; }
button.danger.secondary { background: #fff; color: var(--danger); }
button.danger::before { content: "⚠ "; }
.toolbar { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin: .8rem 0; }
.toolbar .push { margin-left: auto; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; margin: .8rem 0; overflow-wrap: anywhere; }
.card.danger-zone { border-color: #f1a99f; }
.pill { display: inline-block; white-space: nowrap; padding: 0 .45rem; border-radius: 999px; background: #e6f2f1; color: var(--accent); font-size: .8rem; margin-right: .3rem; }
.pill.restricted { background: #fdecea; color: var(--warn); }
.pill.muted { background: #eceff3; color: var(--muted); }
.notice { background: #fff7e6; border: 1px solid #f3c77a; padding: .6rem .9rem; border-radius: 4px; }
.error { background: #fdecea; border: 1px solid #f1a99f; padding: .6rem .9rem; border-radius: 4px; }
.ok { background: #e8f5ec; border: 1px solid #9bd3ae; padding: .6rem .9rem; border-radius: 4px; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
.columns > * { min-width: 0; }
pre { background: #fff; border: 1px solid var(--line); padding: .7rem; overflow: auto; font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.diff .add { color: #166534; background: #ecfdf3; display: block; } pre.diff .del { color: #991b1b; background: #fef2f2; display: block; }
.hit { margin: .6rem 0; } .hit .path { color: var(--muted); font-size: .85rem; }
.snippet { font-size: .95rem; } .snippet p { margin: .3rem 0; } .snippet h1, .snippet h2, .snippet h3, .snippet h4 { font-size: 1rem; margin: .3rem 0; }
mark { background: #ffe8a3; }
.answer { font-size: 1.05rem; } .answer p:first-child { margin-top: 0; }
.fields { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: .8rem 1.4rem; margin: .8rem 0; }
.fields label, .fields .group { display: flex; flex-direction: column; gap: .2rem; font-weight: 600; font-size: .9rem; }
.fields .roles { display: flex; flex-wrap: wrap; gap: .2rem .9rem; font-weight: 400; }
.fields .roles label { flex-direction: row; align-items: center; font-weight: 400; gap: .3rem; }
.fields .roles input[type=text] { flex: 1 1 12rem; }
.fields .wide { grid-column: 1 / -1; }
.fields input, .fields select { font-weight: 400; }
.editor { display: grid; grid-template-columns: minmax(0, 1fr); gap: .3rem 1rem; }
.editor.with-preview { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); grid-auto-flow: column; grid-template-rows: auto 1fr; }
.editor .preview { margin: 0; max-height: 40rem; overflow: auto; }
.card > h2:first-child { margin-top: 0; }
.card > p:first-child { margin-top: 0; }
.field { display: flex; flex-direction: column; gap: .2rem; font-weight: 600; font-size: .9rem; margin: .6rem 0; max-width: 40rem; }
.field input, .field textarea, .field .hint, .fields .hint { font-weight: 400; }
.hint { color: var(--muted); font-size: .82rem; }
textarea.short { min-height: 7rem; }
.timeline td.now { font-weight: 600; }
.timeline tr.new td { background: #e8f5ec; }
details.trace { margin-top: 1rem; } details.trace summary { cursor: pointer; color: var(--accent); }
dl.summary { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .25rem 1rem; margin: .5rem 0; }
dl.summary dt { color: var(--muted); } dl.summary dd { margin: 0; }
@media (max-width: 720px) {
  header { padding: .6rem .8rem; }
  header .who { margin-left: 0; width: 100%; }
  main { padding: 0 .8rem; margin: 1rem auto; }
  .columns, .fields, .editor.with-preview { grid-template-columns: minmax(0, 1fr); grid-auto-flow: row; }
  table:not(.stacked) { display: block; overflow-x: auto; }
  table.stacked, table.stacked tbody, table.stacked tr, table.stacked td { display: block; width: 100%; }
  table.stacked tr.head { display: none; }
  table.stacked tr { border-bottom: 1px solid var(--line); padding: .45rem 0; }
  table.stacked td { border: 0; padding: .15rem .7rem; position: relative; }
  table.stacked td:empty { display: none; }
  table.stacked td[data-label] { padding-left: 6.6rem; min-height: 1.6rem; }
  table.stacked td[data-label]::before { content: attr(data-label); position: absolute; left: .7rem; top: .32rem; width: 5.6rem; color: var(--muted); font-size: .72rem; text-transform: uppercase; letter-spacing: .03em; overflow-wrap: anywhere; }
  input[type=text], input:not([type]), input[type=password] { width: 100%; }
  textarea { min-height: 14rem; }
  dl.summary { grid-template-columns: minmax(0, 1fr); }
}
`;

/**
 * Sign-in from a link (`/sign-in#token=...`: the fragment never reaches a server), also when the link is
 * pasted into a tab already on /sign-in (only the fragment changes: no new page load); column names on
 * table cells for the phone layout; confirmations.
 */
export const consoleJs = `
(function () {
  function signInFromLink() {
    var field = document.getElementById('token');
    var match = location.hash.match(/token=([A-Za-z0-9_-]+)/);
    if (!field || !match) return;
    field.value = match[1];
    history.replaceState(null, '', location.pathname);
    field.form.submit();
  }
  signInFromLink();
  window.addEventListener('hashchange', signInFromLink);
  // On a phone, each table row becomes a card: every cell carries its column's name (see the stylesheet).
  document.querySelectorAll('table').forEach(function (table) {
    var head = table.rows[0];
    if (!head || head.cells.length === 0 || head.cells[0].tagName !== 'TH') return;
    head.classList.add('head');
    table.classList.add('stacked');
    for (var row = 1; row < table.rows.length; row++) {
      var cells = table.rows[row].cells;
      for (var index = 0; index < cells.length; index++) {
        var name = head.cells[index] ? head.cells[index].textContent.trim() : '';
        if (name) cells[index].setAttribute('data-label', name);
      }
    }
  });
  document.querySelectorAll('[data-confirm]').forEach(function (element) {
    element.addEventListener('submit', function (event) {
      if (!confirm(element.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
})();
`;
