// Places validation messages next to the form fields they belong to. The server answers every draft change
// with a list of {path, message} in #field-errors (JSON in a data attribute, never HTML); each form control
// carries data-path with the NetworkPolicy field path it edits.
(function () {
  function place() {
    document.querySelectorAll('.field-error[data-generated]').forEach(function (e) { e.remove(); });
    document.querySelectorAll('.has-error').forEach(function (e) { e.classList.remove('has-error'); });
    var holder = document.getElementById('field-errors');
    if (!holder) { return; }
    var errors = [];
    try { errors = JSON.parse(holder.getAttribute('data-errors') || '[]'); } catch (e) { return; }
    errors.forEach(function (err) {
      var path = err.path;
      var target = null;
      while (path && !target) {
        target = document.querySelector('[data-path="' + CSS.escape(path) + '"]');
        if (!target) {
          var cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
          path = cut > 0 ? path.substring(0, cut) : null;
        }
      }
      if (!target) { return; }
      target.classList.add('has-error');
      var span = document.createElement('span');
      span.className = 'field-error';
      span.setAttribute('data-generated', '');
      span.textContent = err.message;
      target.insertAdjacentElement('afterend', span);
    });
  }
  document.addEventListener('htmx:afterSettle', place);
  document.addEventListener('DOMContentLoaded', place);
})();

// htmx leaves button values out of requests (they are "submitters"); the composer's add/remove buttons carry
// their edit as name="action" value="add:PATH" / "remove:PATH[i]", so send it along.
document.addEventListener('htmx:configRequest', function (evt) {
  var elt = evt.detail.elt;
  if (elt && elt.tagName === 'BUTTON' && elt.name === 'action') {
    evt.detail.parameters['action'] = elt.value;
  }
});

// CSRF: every htmx request carries the session's token in the header the page names (layout.html's meta tags).
document.addEventListener('htmx:configRequest', function (evt) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    evt.detail.headers[header.getAttribute('content')] = token.getAttribute('content');
  }
});

// Behaviour that used to sit in inline handlers (the CSP allows no inline script):
// a select with data-submit-on-change submits its form; a form with data-no-submit is never submitted by Enter
// (htmx sends it); a checkbox in the composer form tells htmx with a "checkbox-change" event.
document.addEventListener('change', function (evt) {
  var t = evt.target;
  if (t.matches && t.matches('select[data-submit-on-change]') && t.form) {
    t.form.submit();
  }
  if (t.type === 'checkbox' && t.form && t.form.id === 'draft-form' && window.htmx) {
    window.htmx.trigger(t.form, 'checkbox-change');
  }
});
document.addEventListener('submit', function (evt) {
  if (evt.target.hasAttribute && evt.target.hasAttribute('data-no-submit')) {
    evt.preventDefault();
  }
});

// The composer's form mirrors the YAML. While the YAML cannot be read the form shows an older draft: typing into it
// would rewrite the YAML the user is fixing, so it is disabled (and says why) until the YAML parses again.
(function () {
  function syncFormWithYaml() {
    var analysis = document.getElementById('analysis');
    var form = document.getElementById('draft-form');
    if (!analysis || !form) { return; }
    var stale = analysis.getAttribute('data-form-readable') === 'false';
    form.querySelectorAll('input, select, textarea, button').forEach(function (e) { e.disabled = stale; });
    form.classList.toggle('stale', stale);
    var notice = document.getElementById('form-stale');
    if (notice) { notice.hidden = !stale; }
  }
  document.addEventListener('htmx:afterSettle', syncFormWithYaml);
  document.addEventListener('DOMContentLoaded', syncFormWithYaml);
})();

// Connectivity matrices: one delegated handler instead of a link per cell. The table names the URL (with the matrix's
// filters) and the target; a click on a cell's link, or Enter on it, asks for that URL plus the cell's from and to.
document.addEventListener('click', function (evt) {
  var link = evt.target.closest && evt.target.closest('table[data-cell-url] td[data-from] > a');
  if (!link || !window.htmx) { return; }
  evt.preventDefault();
  var cell = link.parentElement;
  var table = cell.closest('table');
  var url = new URL(table.getAttribute('data-cell-url'), window.location.href);
  url.searchParams.set('from', cell.getAttribute('data-from'));
  url.searchParams.set('to', cell.getAttribute('data-to'));
  window.htmx.ajax('GET', url.pathname + url.search, {target: table.getAttribute('data-cell-target'), swap: 'innerHTML'});
});
