// Incidents of the period ranked by concern, each row opening its detail page.
(function () {
  'use strict';
  var W = window.Workspace, O = window.Ops;
  var $ = function (id) { return document.getElementById(id); };
  var municipalities = {};

  function row(i) {
    return '<tr class="link" data-key="' + W.esc(i.incidentKey) + '">' +
      '<td><a href="' + W.esc(W.link('incident.html', { key: i.incidentKey })) + '">' + W.esc(i.label || i.topic) + '</a></td>' +
      '<td>' + W.esc(municipalities[i.municipality] || i.municipality) + (i.districtLabel ? ', ' + W.esc(i.districtLabel) : '') + '</td>' +
      '<td><span class="state state-' + W.esc(i.state) + '">' + W.esc(O.stateLabel(i.state)) + '</span></td>' +
      '<td class="n">' + O.count(i.messages) + '</td>' +
      '<td class="n">' + O.count(i.uniqueAuthors) + '</td>' +
      '<td class="n">' + W.change(i.growth) + '</td>' +
      '<td class="n">' + W.share(i.negativeShare) + '</td>' +
      '<td class="n">' + W.decimal(i.concernScore, 2) + '</td>' +
      '<td>' + W.esc(W.date(i.lastSeen)) + '</td></tr>';
  }

  function load(v) {
    var state = v.state;
    var body = $('incidents').tBodies[0];
    W.status('Загрузка…');
    W.api('/api/v1/incidents' + O.query(v, { limit: 100 })).then(function (r) {
      var list = r.incidents.filter(function (i) { return !state || i.state === state; });
      body.innerHTML = list.length ? list.map(row).join('')
        : '<tr><td colspan="9" class="muted">За этот период инцидентов нет.</td></tr>';
      W.status('Инцидентов: ' + list.length + ' за ' + W.date(v.apiFrom) + ' – ' + W.date(v.last) + '.');
      W.loaded();
    }, function (e) {
      body.innerHTML = '<tr><td colspan="9" class="muted">Данные не получены.</td></tr>';
      W.fail(e);
    });
  }

  $('incidents').addEventListener('click', function (e) {
    var tr = e.target.closest('tr[data-key]');
    if (tr && !e.target.closest('a')) window.location.href = W.link('incident.html', { key: tr.getAttribute('data-key') });
  });

  W.shell('incidents.html').then(function (user) {
    if (!user) return;
    user.municipalities.forEach(function (m) { municipalities[m.code] = m.label; });
    O.filters($('filters'), user, 'incidents.html', load, ['state']);
  });
})();
