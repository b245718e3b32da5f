// One message: its text, how it was classified, its executor, and (for analysts) the topic correction.
(function () {
  'use strict';
  var W = window.Workspace;
  var esc = W.esc;
  var $ = function (id) { return document.getElementById(id); };
  var taxonomy = [];
  var message = null;

  function groupOf(code) {
    return taxonomy.filter(function (g) { return g.code === code; })[0];
  }

  function topicLabel(groupCode, topicCode) {
    var group = groupOf(groupCode);
    var topic = group && topicCode ? group.topics.filter(function (t) { return t.code === topicCode; })[0] : null;
    return topic ? topic.label : topicCode;
  }

  function fact(term, value) {
    return '<dt>' + esc(term) + '</dt><dd>' + value + '</dd>';
  }

  function show(detail, place) {
    var m = detail.message;
    message = m;
    var group = groupOf(m.group);
    $('text').className = '';
    $('text').textContent = m.text;
    $('origin').innerHTML = esc(Labels.source(m.source)) + ', ' + esc(Labels.kind(m.kind)) + ', ' + W.date(m.publishedAt) +
      (m.url ? ' · <a href="' + esc(m.url) + '" target="_blank" rel="noopener noreferrer">оригинал</a>' : '');
    var review = m.needsReview ? ' <span class="tag warn">нужна проверка</span>' : '';
    $('classification').innerHTML =
      fact('Группа тем', '<span id="group-label">' + esc(group ? group.label : m.group) + '</span>') +
      fact('Тема', esc(m.topic ? topicLabel(m.group, m.topic) : 'не уточнена')) +
      fact('Уверенность', W.share(m.confidence) + review) +
      fact('Тон', esc(Labels.tone(m.tone))) +
      fact('Срочность', esc(Labels.urgency(m.urgency))) +
      fact('Место', esc(place(m.municipality, m.district))) +
      fact('Инцидент', m.incidentKey ? '<a href="' + esc(W.link('incident.html', { key: m.incidentKey })) + '">' + esc(m.incidentKey) + '</a>' : '—') +
      fact('Исполнитель', detail.executor ? esc(detail.executor.name) : 'не назначен') +
      fact('Первый ответ', m.firstReplyAt ? W.date(m.firstReplyAt) : 'ответа нет') +
      fact('Модель', esc(m.modelVersion || '—'));
    $('back').href = W.link('messages.html', { group: m.group, municipality: m.municipality, district: m.district });
  }

  function fillTopics() {
    var group = groupOf($('correct-group').value);
    $('correct-topic').innerHTML = '<option value="">без уточнения</option>' + (group ? group.topics : []).map(function (t) {
      return '<option value="' + esc(t.code) + '">' + esc(t.label) + '</option>';
    }).join('');
  }

  function offerCorrection() {
    $('correct-group').innerHTML = taxonomy.map(function (g) {
      return '<option value="' + esc(g.code) + '">' + esc(g.label) + '</option>';
    }).join('');
    $('correct-group').value = message.group;
    fillTopics();
    if (message.topic && groupOf(message.group) && groupOf(message.group).topics.some(function (t) { return t.code === message.topic; })) {
      $('correct-topic').value = message.topic;
    }
    $('correction').hidden = false;
  }

  $('correct-group').addEventListener('change', fillTopics);
  $('correct').addEventListener('submit', function (e) {
    e.preventDefault();
    var button = $('correct').querySelector('button');
    var group = $('correct-group').value, topic = $('correct-topic').value;
    button.disabled = true;
    W.status('Отправка исправления…');
    W.send('/api/v1/messages/' + encodeURIComponent(message.messageId) + '/correction', 'POST', { group: group, topic: topic || null })
      .then(function () {
        var text = 'Исправление принято: «' + groupOf(group).label + (topic ? ' / ' + topicLabel(group, topic) : '') +
          '». Обзор учтёт его, когда придёт исправленная классификация.';
        $('correction-result').textContent = text;
        $('correction-result').hidden = false;
        W.status(text);
      }, W.fail)
      .then(function () { button.disabled = false; });
  });

  W.shell('messages.html').then(function (user) {
    if (!user) return;
    var id = W.params().id;
    if (!id || !/^[0-9a-fA-F-]{36}$/.test(id)) {
      notFound('В адресе нет номера сообщения.');
      return;
    }
    return Promise.all([W.api('/api/v1/workspace/taxonomy'), W.api('/api/v1/messages/' + encodeURIComponent(id))]).then(function (r) {
      taxonomy = r[0];
      show(r[1], Labels.places(user));
      if (W.hasRole(user, 'region-analyst')) offerCorrection();
      else $('correction-not-allowed').hidden = false;
      W.status('');
      W.loaded();
    }, function (error) {
      if (error.status === 404) notFound('Сообщение не найдено или недоступно вашей организации.');
      else W.fail(error);
    });
  }).catch(W.fail);

  /** A clear page instead of empty panels. */
  function notFound(text) {
    W.status(text, true);
    $('text').className = 'muted';
    $('text').textContent = text;
    $('classification').closest('section').hidden = true;
    W.loaded();
  }
})();
