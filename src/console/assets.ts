/** The console's stylesheet and script, served from this server (no CDN: it works offline). */

export const consoleCss = `
:root { --ink: #1d232b; --muted: #5d6875; --line: #d9dee4; --accent: #0b6e69; --warn: #9a3412; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; gap: 1.2rem; align-items: center; padding: .7rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; color: var(--accent); text-decoration: none; margin-right: .5rem; }
header nav a { color: var(--ink); text-decoration: none; margin-right: 1rem; }
header nav a:hover { color: var(--accent); }
header .who { margin-left: auto; color: var(--muted); font-size: .9rem; display: flex; gap: .6rem; align-items: center; }
main { max-width: 1100px; margin: 1.5rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
.meta { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
a { color: var(--accent); }
form.inline { display: inline; }
input, select, textarea, button { font: inherit; }
input[type=text], input[type=date], input[type=password], select { padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
textarea { width: 100%; min-height: 22rem; padding: .6rem; border: 1px solid var(--line); border-radius: 4px; font: 13px/1.45 ui-monospace, monospace; }
button { padding: .4rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
.toolbar { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin: .8rem 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; margin: .8rem 0; }
.pill { display: inline-block; padding: 0 .45rem; border-radius: 999px; background: #e6f2f1; color: var(--accent); font-size: .8rem; margin-right: .3rem; }
.pill.restricted { background: #fdecea; color: var(--warn); }
.notice { background: #fff7e6; border: 1px solid #f3c77a; padding: .6rem .9rem; border-radius: 4px; }
.error { background: #fdecea; border: 1px solid #f1a99f; padding: .6rem .9rem; border-radius: 4px; }
.ok { background: #e8f5ec; border: 1px solid #9bd3ae; padding: .6rem .9rem; border-radius: 4px; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
pre { background: #fff; border: 1px solid var(--line); padding: .7rem; overflow: auto; font-size: 13px; }
pre.diff .add { color: #166534; background: #ecfdf3; display: block; } pre.diff .del { color: #991b1b; background: #fef2f2; display: block; }
.hit { margin: .6rem 0; } .hit .path { color: var(--muted); font-size: .85rem; }
mark { background: #ffe8a3; }
.answer { white-space: pre-wrap; font-size: 1.05rem; }
`;

/** Sign-in from a link (`/sign-in#token=...`: the fragment never reaches a server), and confirmations. */
export const consoleJs = `
(function () {
  var field = document.getElementById('token');
  var match = location.hash.match(/token=([A-Za-z0-9_-]+)/);
  if (field && match) {
    field.value = match[1];
    history.replaceState(null, '', location.pathname);
    field.form.submit();
  }
  document.querySelectorAll('[data-confirm]').forEach(function (element) {
    element.addEventListener('submit', function (event) {
      if (!confirm(element.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
})();
`;
