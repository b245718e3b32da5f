// The dashboard: after sign-in (authorization code flow, session cookie set by the service) it calls
// the reporting JSON APIs with that cookie and fills the page.
(function () {
  'use strict';
  var V = window.DashboardView;
  var $ = function (id) { return document.getElementById(id); };

  function status(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }

  function SignedOut() { this.message = 'Сеанс завершён: войдите снова.'; }

  // X-Requested-With makes the service answer 499 instead of redirecting a fetch() to the sign-in page.
  function api(path, options) {
    options = options || {};
    options.credentials = 'same-origin';
    options.headers = Object.assign({ 'Accept': 'application/json', 'X-Requested-With': 'JavaScript' }, options.headers || {});
    return fetch(path, options).then(function (r) {
      if (r.status === 401 || r.status === 499) throw new SignedOut();
      if (r.status === 403) throw new Error('Вашей роли это недоступно.');
      if (!r.ok) return r.json().then(function (p) { throw new Error(p.detail || ('Ошибка ' + r.status)); });
      return r.json();
    });
  }

  function iso(d) { return d.toISOString().slice(0, 10); }

  function mondayOf(d) {
    var day = (d.getDay() + 6) % 7;
    var m = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() - day));
    return m;
  }

  function period() {
    var from = $('week').value ? new Date($('week').value + 'T00:00:00Z') : mondayOf(new Date());
    var to = new Date(from.getTime() + 7 * 86400000);
    var trendFrom = new Date(from.getTime() - 21 * 86400000);
    return { from: iso(from), to: iso(to), trendFrom: iso(trendFrom) };
  }

  function query(p, from) {
    var m = $('municipality').value;
    return '?from=' + (from || p.from) + '&to=' + p.to + (m ? '&municipality=' + encodeURIComponent(m) : '');
  }

  function load() {
    var p = period();
    $('week').value = p.from;
    status('Загрузка…');
    Promise.all([
      api('/api/v1/analytics/topics' + query(p)).then(function (t) { $('topics').tBodies[0].innerHTML = V.topicRows(t); }),
      api('/api/v1/analytics/timeseries' + query(p, p.trendFrom)).then(function (s) { $('trend').innerHTML = V.trendSvg(s, 900, 260); }),
      api('/api/v1/analytics/alerts' + query(p)).then(function (a) { $('alerts').innerHTML = V.alertItems(a); }),
      api('/api/v1/incidents' + query(p) + '&limit=5').then(function (i) { $('incidents').innerHTML = V.incidentItems(i); }),
      loadReports()
    ]).then(function () { status('Данные за ' + p.from + ' – ' + p.to + ' (неделя по московскому времени).'); }, failed);
  }

  function loadReports() {
    return api('/api/v1/reports?limit=20').then(function (l) { $('reports').tBodies[0].innerHTML = V.reportRows(l); });
  }

  $('order').addEventListener('submit', function (e) {
    e.preventDefault();
    var p = period();
    var m = $('municipality').value;
    if (!m) { status('Выберите муниципалитет для отчёта.', true); return; }
    api('/api/v1/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: p.from, to: p.to, municipality: m }) })
      .then(function () { status('Отчёт заказан; он появится в списке через несколько секунд.'); setTimeout(loadReports, 3000); },
        failed);
  });

  $('controls').addEventListener('submit', function (e) { e.preventDefault(); load(); });
  function failed(e) {
    if (e instanceof SignedOut) { signedOut(); }
    status(e.message, true);
  }

  function signedOut() {
    $('user').hidden = true;
    $('signin').hidden = false;
  }

  function signedIn(me) {
    $('who').textContent = me.name + ' — ' + (me.organisationLabel || 'организация не определена');
    $('user').hidden = false;
    $('signin').hidden = true;
    var select = $('municipality');
    me.municipalities.forEach(function (m) {
      var option = document.createElement('option');
      option.value = m.code;
      option.textContent = m.label;
      select.appendChild(option);
    });
    if (me.municipalities.length === 1) select.remove(0); // "all" would be the same one
  }

  api('/api/v1/me').then(function (me) { signedIn(me); load(); }, function (e) {
    if (e instanceof SignedOut) { signedOut(); status('Войдите, чтобы увидеть данные.'); } else { status(e.message, true); }
  });
})();
