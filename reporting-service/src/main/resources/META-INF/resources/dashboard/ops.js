// What the incidents, executors, comparison, reports and models pages share beyond the workspace
// shell: the period and municipality filter kept in the URL, workflow state names, polling.
(function () {
  'use strict';
  var W = window.Workspace;

  /** Workflow states as people name them, in workflow order. */
  var STATES = {
    NEW: 'новый',
    IN_PROGRESS: 'в работе',
    DECISION_TAKEN: 'решение принято',
    RESOLVED: 'решён',
    REJECTED: 'отклонён'
  };

  function stateLabel(state) { return STATES[state] || state || '—'; }

  /** The period and municipality fields that every filter form starts with. */
  var PERIOD_FIELDS =
    '<label>Период <select name="period"><option value="week">неделя</option><option value="month">месяц</option>' +
    '<option value="custom">произвольный</option></select></label>' +
    '<label>С <input type="date" name="from" required></label>' +
    '<label>По (включительно) <input type="date" name="to"></label>' +
    '<label>Муниципалитет <select name="municipality"></select></label>';

  /**
   * Puts the period and municipality fields (period, from, to, municipality) first in the filter
   * form, fills them from the URL and the user's municipalities, and calls load(values) now and on
   * every submit; the values go into the URL so that the view can be linked. "to" in the form is
   * the last day shown (inclusive). extra: names of the page's own form fields, kept in the URL the
   * same way.
   */
  function filters(form, user, page, load, extra) {
    form.insertAdjacentHTML('afterbegin', PERIOD_FIELDS);
    var values = W.params();
    extra = extra || [];
    extra.forEach(function (name) { if (values[name]) form.elements[name].value = values[name]; });
    var select = form.elements.municipality;
    if (select) W.places(user, select, null, values);
    var p = W.period(values);
    form.elements.period.value = p.kind;
    form.elements.from.value = p.from;
    form.elements.to.value = p.last;

    function custom() { form.elements.to.disabled = form.elements.period.value !== 'custom'; }
    form.elements.period.addEventListener('change', custom);
    custom();

    function current() {
      var v = {
        period: form.elements.period.value,
        from: form.elements.from.value,
        to: form.elements.period.value === 'custom' && form.elements.to.value ? W.addDays(form.elements.to.value, 1) : '',
        municipality: select ? select.value : ''
      };
      var shown = W.period(v);
      form.elements.from.value = shown.from;
      form.elements.to.value = shown.last;
      var out = { period: shown.kind, from: shown.from, to: shown.kind === 'custom' ? shown.to : '', municipality: v.municipality,
        apiFrom: shown.from, apiTo: shown.to, last: shown.last };
      extra.forEach(function (name) { out[name] = form.elements[name].value; });
      return out;
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var v = current();
      var inUrl = { period: v.period, from: v.from, to: v.to, municipality: v.municipality };
      extra.forEach(function (name) { inUrl[name] = v[name]; });
      history.replaceState(null, '', W.link(page, inUrl));
      load(v);
    });
    load(current());
  }

  /** The API query of filter values: ?from=…&to=…[&municipality=…] plus extra parameters. */
  function query(v, extra) {
    var q = new URLSearchParams({ from: v.apiFrom, to: v.apiTo });
    if (v.municipality) q.set('municipality', v.municipality);
    Object.keys(extra || {}).forEach(function (k) { if (extra[k] !== undefined && extra[k] !== '') q.set(k, extra[k]); });
    return '?' + q.toString();
  }

  /**
   * Calls step() every intervalMs until it resolves to true; resolves then, rejects with its error.
   * The page's own timer, so a closed page stops asking.
   */
  function poll(step, intervalMs) {
    return new Promise(function (resolve, reject) {
      function tick() {
        step().then(function (finished) {
          if (finished) resolve(); else setTimeout(tick, intervalMs);
        }, reject);
      }
      tick();
    });
  }

  /** A number with thin spaces between thousands. */
  function count(n) {
    return n == null ? '—' : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  }

  /** Hours as "5,3 ч". */
  function hours(h) { return h == null ? '—' : W.decimal(h) + ' ч'; }

  window.Ops = {
    STATES: STATES,
    stateLabel: stateLabel,
    filters: filters,
    query: query,
    poll: poll,
    count: count,
    hours: hours
  };
})();
