// Our counts per topic group side by side with another source's uploaded statistics; groups rising
// in one source but not in the other are highlighted.
(function () {
  'use strict';
  var W = window.Workspace, O = window.Ops;
  var $ = function (id) { return document.getElementById(id); };
  var OWN = 'civicpulse';

  function sourceName(s) { return s === OWN ? 'CivicPulse' : s; }

  function loadSources() {
    return W.api('/api/v1/external-stats').then(function (list) {
      $('sources').tBodies[0].innerHTML = list.length ? list.map(function (s) {
        return '<tr><td>' + W.esc(s.source) + '</td><td class="n">' + O.count(s.rows) + '</td><td class="n">' + O.count(s.total) +
          '</td><td>' + W.esc(W.date(s.from)) + ' – ' + W.esc(W.date(s.to)) + '</td><td>' + W.esc(W.date(s.uploadedAt)) + '</td></tr>';
      }).join('') : '<tr><td colspan="5" class="muted">Пока ничего не загружено.</td></tr>';
      var select = $('source');
      var keep = select.value || W.params().source;
      select.innerHTML = list.map(function (s) { return '<option value="' + W.esc(s.source) + '">' + W.esc(s.source) + '</option>'; }).join('');
      if (keep && list.some(function (s) { return s.source === keep; })) select.value = keep;
      return list;
    });
  }

  function show(r) {
    var diverging = {};
    r.divergences.forEach(function (d) { diverging[d.group] = true; });
    $('comparison').tHead.innerHTML = '<tr><th>Группа</th>' + r.sources.map(function (s) {
      return '<th class="n">' + W.esc(sourceName(s)) + '</th><th class="n">доля</th>';
    }).join('') + '<th class="n">Разница долей</th></tr>';
    $('comparison').tBodies[0].innerHTML = r.groups.map(function (g) {
      return '<tr' + (diverging[g.group] ? ' class="diverging" data-group="' + W.esc(g.group) + '"' : '') + '><td>' + W.esc(g.label) +
        (diverging[g.group] ? ' <span class="tag warn">расходится</span>' : '') + '</td>' +
        g.counts.map(function (c, i) { return '<td class="n">' + O.count(c) + '</td><td class="n">' + W.share(g.shares[i]) + '</td>'; }).join('') +
        '<td class="n">' + (g.shareDifference > 0 ? '+' : '') + W.decimal(g.shareDifference) + ' п.п.</td></tr>';
    }).join('') + '<tr><td><strong>Всего</strong></td>' + r.totals.map(function (t) {
      return '<td class="n"><strong>' + O.count(t) + '</strong></td><td></td>';
    }).join('') + '<td></td></tr>';
    $('correlation').textContent = r.correlations.map(function (c) {
      return 'Ранговая корреляция Спирмена ' + sourceName(c.a) + ' — ' + sourceName(c.b) + ': ' +
        (c.spearman == null ? 'не считается (меньше двух групп)' : W.decimal(c.spearman, 2));
    }).join('; ');
    $('divergences').innerHTML = r.divergences.length ? r.divergences.map(function (d) {
      return '<li><strong>' + W.esc(d.label) + '</strong>: растёт в ' + W.esc(sourceName(d.risingIn)) + ' (' + O.count(d.previousCount) +
        ' → ' + O.count(d.count) + ', ' + W.change(d.change) + '), но не в ' + W.esc(sourceName(d.notIn)) + ' (' +
        O.count(d.otherPreviousCount) + ' → ' + O.count(d.otherCount) + ')</li>';
    }).join('') : '<li class="muted">Источники согласуются: расходящихся групп нет.</li>';
  }

  function load(v) {
    if (!v.source) {
      W.status('Загрузите статистику другого источника, чтобы сравнить.');
      W.loaded();
      return;
    }
    W.status('Загрузка…');
    W.api('/api/v1/analytics/comparison' + O.query(v, { sources: OWN + ',' + v.source })).then(function (r) {
      show(r);
      W.status('Сравнение с «' + v.source + '» за ' + W.date(v.apiFrom) + ' – ' + W.date(v.last) + ': расходящихся групп ' +
        r.divergences.length + '.');
      W.loaded();
    }, W.fail);
  }

  $('upload').addEventListener('submit', function (e) {
    e.preventDefault();
    var name = $('source-name').value.trim();
    var file = $('file').files[0];
    if (!file) { W.status('Выберите файл CSV.', true); return; }
    $('upload-button').disabled = true;
    W.status('Загрузка файла…');
    file.text().then(function (csv) {
      return W.api('/api/v1/external-stats/' + encodeURIComponent(name), {
        method: 'PUT', headers: { 'Content-Type': 'text/csv' }, body: csv
      });
    }).then(function (r) {
      return loadSources().then(function () {
        $('source').value = r.source;
        W.status('Загружено: «' + r.source + '», строк ' + r.rows + ', всего ' + r.total + '.');
        $('filters').requestSubmit();
      });
    }).catch(W.fail).then(function () { $('upload-button').disabled = false; });
  });

  W.shell('compare.html').then(function (user) {
    if (!user) return;
    var mayUpload = W.hasRole(user, 'region-analyst') || W.hasRole(user, 'region-admin');
    $('upload').hidden = !mayUpload;
    $('upload-note').hidden = mayUpload;
    loadSources().then(function () {
      O.filters($('filters'), user, 'compare.html', load, ['source']);
    }, W.fail);
  });
})();
