// One incident over its whole life: figures, quotes, executor, workflow timeline and the form that
// moves it to its next state.
(function () {
  'use strict';
  var W = window.Workspace, O = window.Ops;
  var $ = function (id) { return document.getElementById(id); };
  var key = W.params().key || '';
  var municipalities = {};
  var current = null;

  function fact(label, value) { return '<dt>' + W.esc(label) + '</dt><dd>' + value + '</dd>'; }

  function show(d) {
    var i = d.incident;
    current = i.state;
    document.title = 'CivicPulse — ' + (i.label || i.topic);
    $('title').textContent = i.label || i.topic;
    $('state').textContent = O.stateLabel(i.state);
    $('state').className = 'state state-' + i.state;
    $('key').textContent = i.incidentKey;
    $('facts').innerHTML =
      fact('Муниципалитет', W.esc(municipalities[i.municipality] || i.municipality) + (i.districtLabel ? ', ' + W.esc(i.districtLabel) : '')) +
      fact('Первое сообщение', W.esc(W.date(i.firstSeen))) +
      fact('Последнее', W.esc(W.date(i.lastSeen))) +
      fact('Сообщений', O.count(i.messages) + ' от ' + O.count(i.uniqueAuthors) + ' авторов') +
      fact('Срочных', O.count(i.emergency) + ' экстренных, ' + O.count(i.elevated) + ' повышенной срочности') +
      fact('Негатив', W.share(i.negativeShare)) +
      fact('Индекс тревоги', W.decimal(i.concernScore, 2));
    $('quotes').className = '';
    $('quotes').innerHTML = i.quotes.length ? i.quotes.map(function (q) {
      return '<blockquote>' + W.esc(q.text) + '<div class="muted">' + W.esc(q.source) + ', ' + W.esc(W.date(q.publishedAt)) +
        ' · <a href="' + W.esc(W.link('message.html', { id: q.messageId })) + '">классификация</a></div></blockquote>';
    }).join('') : '<p class="muted">Цитат нет.</p>';
    $('executor').className = '';
    $('executor').innerHTML = d.executor
      ? W.esc(d.executor.name) + (d.routedBy && d.routedBy.why ? '<br><span class="muted">' + W.esc(d.routedBy.why) + '</span>' : '')
      : '<span class="muted">не назначен</span>';
    $('timeline').innerHTML = d.timeline.length ? d.timeline.slice().reverse().map(function (c) {
      return '<li><strong>' + W.esc(O.stateLabel(c.to)) + '</strong> <span class="muted">' + W.esc(W.date(c.changedAt)) +
        ', ' + W.esc(c.changedBy) + (c.from ? ' (было: ' + W.esc(O.stateLabel(c.from)) + ')' : '') + '</span>' +
        (c.comment ? '<div class="comment">' + W.esc(c.comment) + '</div>' : '') + '</li>';
    }).join('') : '<li class="muted">Состояние ещё не менялось: инцидент новый.</li>';
    var allowed = d.allowedTransitions;
    $('to').innerHTML = allowed.map(function (s) { return '<option value="' + s + '">' + W.esc(O.stateLabel(s)) + '</option>'; }).join('');
    $('transition').hidden = allowed.length === 0;
    $('final').hidden = allowed.length !== 0;
  }

  function load() {
    return W.api('/api/v1/incidents/' + encodeURIComponent(key)).then(function (d) {
      show(d);
      W.loaded();
    });
  }

  function missing(e) {
    if (e.status !== 404 && e.status !== 403) { W.fail(e); return; }
    $('incident').hidden = true;
    $('missing').hidden = false;
    $('missing').textContent = 'Инцидент «' + key + '» не найден или относится к муниципалитету, который вашей организации недоступен.';
    W.status('Инцидент недоступен.', true);
  }

  $('transition').addEventListener('submit', function (e) {
    e.preventDefault();
    var to = $('to').value;
    if ((to === 'DECISION_TAKEN' || to === 'REJECTED') && !$('comment').value.trim()) {
      W.status('Для состояния «' + O.stateLabel(to) + '» напишите комментарий: что решено или почему отклонено.', true);
      $('comment').focus();
      return;
    }
    var button = $('change');
    button.disabled = true;
    W.status('Сохранение…');
    W.send('/api/v1/incidents/' + encodeURIComponent(key) + '/transitions', 'POST',
      { to: to, from: current, comment: $('comment').value })
      .then(function () {
        $('comment').value = '';
        return load().then(function () { W.status('Состояние изменено: ' + O.stateLabel(to) + '.'); });
      })
      .catch(W.fail)
      .then(function () { button.disabled = false; });
  });

  W.shell('incidents.html').then(function (user) {
    if (!user) return;
    user.municipalities.forEach(function (m) { municipalities[m.code] = m.label; });
    if (!key) { missing({ status: 404 }); return; }
    W.status('Загрузка…');
    load().then(function () { W.status(''); }, missing);
  });
})();
