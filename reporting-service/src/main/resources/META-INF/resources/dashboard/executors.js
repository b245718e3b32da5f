// Per executor: how much was routed to it, how much and how fast it answered, what is overdue; a row
// opens the executor's overdue messages and incidents.
(function () {
  'use strict';
  var W = window.Workspace, O = window.Ops;
  var $ = function (id) { return document.getElementById(id); };
  var SIZE = 20;
  var filter = null;
  var selected = null;

  function row(e) {
    var states = Object.keys(e.incidents).filter(function (s) { return e.incidents[s] > 0; }).map(function (s) {
      return '<span class="state state-' + W.esc(s) + '">' + W.esc(O.stateLabel(s)) + ': ' + e.incidents[s] + '</span>';
    }).join(' ');
    var open = e.id && e.overdueMessages + e.overdueIncidents > 0;
    var name = !e.id ? '<span class="muted">не направлено никому</span>'
      : open ? '<button type="button" class="plain-link" data-id="' + W.esc(e.id) + '" title="Показать просроченное">' + W.esc(e.name) + '</button>'
        : W.esc(e.name);
    return '<tr' + (open ? ' class="link" data-id="' + W.esc(e.id) + '"' : '') + '>' +
      '<td>' + name + '</td>' +
      '<td class="n">' + O.count(e.messages) + '</td>' +
      '<td class="n">' + W.share(e.answeredShare) + '</td>' +
      '<td class="n">' + (e.answeredShareChange == null ? '—' : W.change(e.answeredShareChange).replace(' %', ' п.п.')) + '</td>' +
      '<td class="n">' + O.hours(e.medianHours) + '</td>' +
      '<td class="n">' + O.hours(e.p90Hours) + '</td>' +
      '<td class="n">' + (e.overdueMessages ? '<span class="up">' + O.count(e.overdueMessages) + '</span>' : '0') + '</td>' +
      '<td class="n">' + (e.overdueIncidents ? '<span class="up">' + O.count(e.overdueIncidents) + '</span>' : '0') + '</td>' +
      '<td>' + (states || '<span class="muted">—</span>') + '</td></tr>';
  }

  function load(v) {
    filter = v;
    $('overdue-panel').hidden = true;
    var body = $('executors').tBodies[0];
    W.status('Загрузка…');
    W.api('/api/v1/analytics/executors' + O.query(v)).then(function (r) {
      body.innerHTML = r.executors.length ? r.executors.map(row).join('')
        : '<tr><td colspan="9" class="muted">За этот период сообщений исполнителям нет.</td></tr>';
      W.status('Исполнителей: ' + r.executors.filter(function (e) { return e.id; }).length + ' за ' + W.date(v.apiFrom) + ' – ' +
        W.date(v.last) + '. Строка с просрочкой открывает список.');
      W.loaded();
    }, function (e) {
      body.innerHTML = '<tr><td colspan="9" class="muted">Данные не получены.</td></tr>';
      W.fail(e);
    });
  }

  function overdueRow(i) {
    var what = i.kind === 'INCIDENT'
      ? '<a href="' + W.esc(W.link('incident.html', { key: i.incidentKey })) + '">инцидент</a> <span class="state state-' +
        W.esc(i.state) + '">' + W.esc(O.stateLabel(i.state)) + '</span>'
      : '<a href="' + W.esc(W.link('message.html', { id: i.messageId })) + '">сообщение</a>' +
        (i.text ? '<div class="muted">' + W.esc(i.text.length > 160 ? i.text.slice(0, 160) + '…' : i.text) + '</div>' : '');
    return '<tr><td>' + what + '</td><td>' + W.esc(i.label || i.group) + '</td><td>' + W.esc(W.date(i.publishedAt)) + '</td>' +
      '<td>' + W.esc(W.date(i.deadline)) + (i.repliedAt ? '<div class="muted">ответ ' + W.esc(W.date(i.repliedAt)) + '</div>' : '') +
      '</td><td class="n">' + O.hours(i.hoursOverdue) + '</td></tr>';
  }

  function overdue(page) {
    W.status('Загрузка просроченного…');
    W.api('/api/v1/analytics/executors/' + encodeURIComponent(selected.id) + '/overdue' +
      O.query(filter, { page: page, size: SIZE })).then(function (r) {
      $('overdue-title').textContent = 'Просроченное: ' + r.name + ' (' + r.total + ')';
      $('overdue').tBodies[0].innerHTML = r.items.map(overdueRow).join('') ||
        '<tr><td colspan="5" class="muted">Ничего не просрочено.</td></tr>';
      var pages = Math.max(1, Math.ceil(r.total / SIZE));
      $('page').textContent = 'страница ' + (page + 1) + ' из ' + pages;
      $('prev').disabled = page === 0;
      $('next').disabled = page + 1 >= pages;
      selected.page = page;
      $('overdue-panel').hidden = false;
      W.status('');
      $('overdue-panel').scrollIntoView({ block: 'nearest' });
    }, W.fail);
  }

  $('executors').addEventListener('click', function (e) {
    var tr = e.target.closest('tr[data-id]');
    if (!tr) return;
    Array.prototype.forEach.call($('executors').querySelectorAll('tr.selected'), function (t) { t.classList.remove('selected'); });
    tr.classList.add('selected');
    selected = { id: tr.getAttribute('data-id'), page: 0 };
    overdue(0);
  });
  $('prev').addEventListener('click', function () { overdue(selected.page - 1); });
  $('next').addEventListener('click', function () { overdue(selected.page + 1); });

  W.shell('executors.html').then(function (user) {
    if (user) O.filters($('filters'), user, 'executors.html', load);
  });
})();
