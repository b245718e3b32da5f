// Ordering reports and briefs, following their generation, and downloading every format.
(function () {
  'use strict';
  var W = window.Workspace, O = window.Ops;
  var $ = function (id) { return document.getElementById(id); };
  var FORMATS = { pdf: 'PDF', html: 'HTML', xlsx: 'XLSX', csv: 'CSV' };
  var STATUS = { QUEUED: 'в очереди', RUNNING: 'формируется', DONE: 'готов', FAILED: 'ошибка' };
  var LIST = { report: '/api/v1/reports', brief: '/api/v1/briefs' };
  var typicalMillis = { report: 15000, brief: 15000 };
  var polling = false;

  /** Share of the work done, estimated from how long finished documents of the kind took. */
  function estimate(d, kind) {
    if (d.status === 'DONE') return 1;
    if (d.status !== 'RUNNING' || !d.startedAt) return 0.02;
    var elapsed = Date.now() - new Date(d.startedAt).getTime();
    return Math.min(0.95, Math.max(0.05, elapsed / typicalMillis[kind]));
  }

  function learnTypical(items, kind) {
    var done = items.filter(function (d) { return d.status === 'DONE' && d.generationMillis; })
      .map(function (d) { return d.generationMillis; }).sort(function (a, b) { return a - b; });
    if (done.length) typicalMillis[kind] = Math.max(1000, done[Math.floor(done.length / 2)]);
  }

  function row(d, kind) {
    var state = '<span class="state' + (d.status === 'FAILED' ? ' state-REJECTED' : d.status === 'DONE' ? ' state-RESOLVED' : '') + '">' +
      W.esc(STATUS[d.status] || d.status) + '</span>';
    if (d.status === 'QUEUED' || d.status === 'RUNNING') {
      state += '<div class="progress-cell" data-fraction="' + estimate(d, kind) + '"></div>';
    }
    if (d.status === 'FAILED' && d.error) state += '<div class="muted">' + W.esc(d.error) + '</div>';
    if (d.status === 'DONE' && d.generationMillis) state += ' <span class="muted">' + W.decimal(d.generationMillis / 1000) + ' с</span>';
    var links = Object.keys(d.documents || {}).map(function (f) {
      return '<a data-format="' + W.esc(f) + '" href="' + W.esc(d.documents[f]) + '" download>' + W.esc(FORMATS[f] || f) + '</a>';
    }).join('');
    var what = W.esc(d.municipalityLabel || d.municipality) +
      (d.group ? '<div class="muted">' + W.esc(d.group) + '</div>' : '') +
      (d.trigger === 'WEEKLY' ? ' <span class="tag">еженедельный</span>' : '');
    return '<tr data-id="' + W.esc(d.id) + '" data-status="' + W.esc(d.status) + '"><td>' + what + '</td><td>' +
      W.esc(W.date(d.firstDay)) + ' – ' + W.esc(W.date(d.lastDay)) + '</td><td>' + W.esc(W.date(d.createdAt)) + '</td><td>' + state +
      '</td><td class="downloads">' + (links || '<span class="muted">—</span>') + '</td></tr>';
  }

  function render(kind, items) {
    var table = $(kind === 'report' ? 'reports' : 'briefs');
    learnTypical(items, kind);
    table.tBodies[0].innerHTML = items.length ? items.map(function (d) { return row(d, kind); }).join('')
      : '<tr><td colspan="5" class="muted">Пока ничего не заказано.</td></tr>';
    Array.prototype.forEach.call(table.querySelectorAll('.progress-cell'), function (el) {
      W.progress(el, Number(el.getAttribute('data-fraction')), '');
    });
    return items.some(function (d) { return d.status === 'QUEUED' || d.status === 'RUNNING'; });
  }

  function refresh() {
    return Promise.all([
      W.api(LIST.report + '?limit=30').then(function (l) { return render('report', l.items); }),
      W.api(LIST.brief + '?limit=30').then(function (l) { return render('brief', l.items); })
    ]).then(function (pending) { return pending[0] || pending[1]; });
  }

  /** Refreshes the lists every 2 s while something is being generated. */
  function follow() {
    if (polling) return;
    polling = true;
    O.poll(function () { return refresh().then(function (pending) { return !pending; }); }, 2000)
      .catch(W.fail).then(function () { polling = false; });
  }

  /** Follows one ordered document until it is finished, with its progress under the form. */
  function followOrder(kind, id) {
    var box = $('order-progress');
    var started = Date.now();
    return O.poll(function () {
      return W.api(LIST[kind] + '/' + id).then(function (d) {
        var fraction = estimate(d, kind);
        if (d.status === 'QUEUED') fraction = Math.min(0.1, (Date.now() - started) / 60000);
        W.progress(box, fraction, (STATUS[d.status] || d.status) + (d.status === 'RUNNING' ? ' — около ' +
          Math.round(fraction * 100) + ' %' : ''));
        if (d.status === 'FAILED') throw Object.assign(new Error('Документ не сформирован'), { detail: d.error || '' });
        return d.status === 'DONE';
      });
    }, 1000).then(function () {
      W.progress(box, 1, 'готов');
      W.status((kind === 'report' ? 'Отчёт' : 'Справка') + ' готов(а): ссылки для скачивания — в списке.');
      return refresh();
    });
  }

  function kindChanged() {
    var brief = $('kind').value === 'brief';
    $('group-field').hidden = !brief;
    $('executor-field').hidden = !brief;
  }

  function loadChoices() {
    var m = $('municipality').value;
    var from = $('from').value, to = $('to').value;
    if (!m || !from || !to) return;
    W.api('/api/v1/analytics/topics' + O.query({ apiFrom: from, apiTo: W.addDays(to, 1), municipality: m })).then(function (t) {
      var keep = $('group').value;
      $('group').innerHTML = '<option value="">все</option>' + t.groups.map(function (g) {
        return '<option value="' + W.esc(g.group) + '">' + W.esc(g.label) + ' (' + g.count + ')</option>';
      }).join('');
      $('group').value = keep;
    }, function () { /* the group list is optional; the order still works */ });
    W.api('/api/v1/executors?municipality=' + encodeURIComponent(m)).then(function (list) {
      $('executor').innerHTML = '<option value="">любой</option>' + list.map(function (e) {
        return '<option value="' + W.esc(e.id) + '">' + W.esc(e.name) + '</option>';
      }).join('');
    }, function () { /* optional as well */ });
  }

  $('kind').addEventListener('change', kindChanged);
  ['municipality', 'from', 'to'].forEach(function (id) { $(id).addEventListener('change', loadChoices); });

  $('order').addEventListener('submit', function (e) {
    e.preventDefault();
    var kind = $('kind').value;
    var body = { from: $('from').value, to: W.addDays($('to').value, 1), municipality: $('municipality').value };
    if (kind === 'brief') {
      if ($('group').value) body.group = $('group').value;
      if ($('executor').value) body.executor = $('executor').value;
    }
    $('order-button').disabled = true;
    W.status('Заказ…');
    W.send(LIST[kind], 'POST', body).then(function (d) {
      W.status((kind === 'report' ? 'Отчёт' : 'Справка') + ' заказан(а); документ формируется.');
      refresh();
      return followOrder(kind, d.id);
    }).catch(W.fail).then(function () { $('order-button').disabled = false; });
  });

  W.shell('reports.html').then(function (user) {
    if (!user) return;
    var values = W.params();
    $('municipality').innerHTML = user.municipalities.map(function (m) {
      return '<option value="' + W.esc(m.code) + '">' + W.esc(m.label) + '</option>';
    }).join('');
    if (values.municipality) $('municipality').value = values.municipality;
    var p = W.period(values);
    $('from').value = p.from;
    $('to').value = p.last;
    kindChanged();
    loadChoices();
    W.status('Загрузка…');
    refresh().then(function (pending) {
      W.status('');
      W.loaded();
      if (pending) follow();
    }, W.fail);
  });
})();
