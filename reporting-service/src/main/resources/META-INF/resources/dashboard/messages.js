// The messages behind a count: a paged list with full-text search and the overview's filters, all in the URL.
(function () {
  'use strict';
  var W = window.Workspace;
  var esc = W.esc;
  var $ = function (id) { return document.getElementById(id); };
  var SIZE = 20;
  var groupLabels = {};
  var place = null;
  var user = null;
  var current = null;

  function fromValues(values) {
    var where = W.scope(user, values);
    return {
      q: values.q || '', from: values.from || '', to: values.to || '',
      municipality: where.municipality, district: where.district, refused: where.refused, group: values.group || '',
      source: values.source || '', page: Math.max(0, parseInt(values.page, 10) || 0)
    };
  }

  function fromForm() {
    return fromValues({
      q: $('q').value.trim(), from: $('from').value, to: $('until').value ? W.addDays($('until').value, 1) : '',
      municipality: $('municipality').value, district: $('district').value, group: $('group').value, source: $('source').value
    });
  }

  function showInForm(f) {
    $('q').value = f.q;
    $('from').value = f.from;
    $('until').value = f.to ? W.addDays(f.to, -1) : '';
    $('municipality').value = f.municipality;
    $('municipality').dispatchEvent(new Event('change'));
    $('district').value = f.district;
    $('group').value = f.group;
    $('source').value = f.source;
  }

  function urlValues(f) {
    return Object.assign({}, f, { page: f.page || '', refused: '' });
  }

  function navigate(f) {
    history.pushState(null, '', W.link('messages.html', urlValues(f)));
    load(f);
  }

  function row(m) {
    var text = m.text.length > 220 ? m.text.slice(0, 220) + '…' : m.text;
    var review = m.needsReview ? ' <span class="tag warn">проверить</span>' : '';
    return '<tr data-id="' + esc(m.messageId) + '">' +
      '<td class="n">' + W.date(m.publishedAt) + '</td>' +
      '<td><a href="' + esc(W.link('message.html', { id: m.messageId })) + '">' + esc(text) + '</a></td>' +
      '<td>' + esc(groupLabels[m.group] || m.group) + review + '</td>' +
      '<td>' + esc(place(m.municipality, m.district)) + '</td>' +
      '<td>' + esc(Labels.tone(m.tone)) + '</td>' +
      '<td>' + esc(Labels.urgency(m.urgency)) + '</td></tr>';
  }

  function load(f) {
    current = f;
    showInForm(f);
    W.status('Загрузка…');
    var q = W.link('/api/v1/messages', {
      q: f.q, from: f.from, to: f.to, municipality: f.municipality, district: f.district, group: f.group,
      source: f.source, page: f.page, size: SIZE
    });
    return W.api(q).then(function (page) {
      var pages = Math.max(1, Math.ceil(page.total / SIZE));
      $('found').textContent = 'Найдено: ' + page.total;
      $('messages').tBodies[0].innerHTML = page.items.length ? page.items.map(row).join('')
        : '<tr><td colspan="6" class="muted">Ничего не найдено: измените запрос или фильтры.</td></tr>';
      $('page-info').textContent = 'страница ' + (f.page + 1) + ' из ' + pages;
      $('prev').disabled = f.page <= 0;
      $('next').disabled = f.page + 1 >= pages;
      if (f.refused) W.status('Запрошенное место (' + f.refused + ') недоступно вашей организации: показаны доступные сообщения.', true);
      else W.status(describe(f));
      W.loaded();
    }, W.fail);
  }

  function describe(f) {
    var parts = [];
    if (f.from || f.to) parts.push('период ' + (f.from ? W.date(f.from) : '…') + ' – ' + (f.to ? W.date(W.addDays(f.to, -1)) : '…'));
    if (f.group) parts.push('группа «' + (groupLabels[f.group] || f.group) + '»');
    if (f.municipality || f.district) parts.push(place(f.municipality, f.district));
    if (f.q) parts.push('запрос «' + f.q + '»');
    return parts.length ? 'Отбор: ' + parts.join(', ') + '.' : 'Все сообщения.';
  }

  $('filters').addEventListener('submit', function (e) { e.preventDefault(); navigate(fromForm()); });
  $('prev').addEventListener('click', function () { navigate(Object.assign({}, current, { page: current.page - 1 })); });
  $('next').addEventListener('click', function () { navigate(Object.assign({}, current, { page: current.page + 1 })); });
  // the whole row opens the message; the text link does the same for keyboards
  $('messages').addEventListener('click', function (e) {
    var tr = e.target.closest('tr[data-id]');
    if (tr && !e.target.closest('a')) window.location.href = W.link('message.html', { id: tr.getAttribute('data-id') });
  });
  window.addEventListener('popstate', function () { if (place) load(fromValues(W.params())); });

  W.shell('messages.html').then(function (signedIn) {
    if (!signedIn) return;
    user = signedIn;
    place = Labels.places(user);
    W.places(user, $('municipality'), $('district'), W.params());
    return W.groupOptions($('group')).then(function (labels) {
      groupLabels = labels;
      return load(fromValues(W.params()));
    });
  }).catch(W.fail);
})();
