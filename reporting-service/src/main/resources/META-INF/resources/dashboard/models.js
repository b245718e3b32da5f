// Model versions with their evaluation; training a new one from a labelled CSV with its progress;
// activating a version and rolling back to the previous one.
(function () {
  'use strict';
  var W = window.Workspace, O = window.Ops;
  var $ = function (id) { return document.getElementById(id); };
  var BASE = '/api/v1/workspace/models';
  var STAGES = { queued: 'в очереди', feedback: 'сбор исправлений', training: 'обучение', storing: 'сохранение' };
  var REMEMBERED = 'civicpulse.models.previousActive';
  var previous = null;
  var active = null;

  function metric(info, name) {
    var h = info && info.heldOut;
    return h && h[name] != null ? W.share(h[name]) : '—';
  }

  function row(m) {
    var info = m.info || {};
    return '<tr data-version="' + W.esc(m.version) + '"' + (m.active ? ' class="selected"' : '') + '>' +
      '<td><code>' + W.esc(m.version) + '</code>' + (m.active ? ' <span class="tag">активна</span>' : '') + '</td>' +
      '<td>' + W.esc(W.date(info.trainedAt || m.createdAt)) + '</td>' +
      '<td class="n">' + O.count(info.examples) + '</td>' +
      '<td class="n">' + metric(info, 'accuracy') + '</td>' +
      '<td class="n">' + metric(info, 'macroF1') + '</td>' +
      '<td class="n">' + metric(info, 'top3Accuracy') + '</td>' +
      '<td class="n">' + (info.groups ? info.groups.length : '—') + '</td>' +
      '<td>' + (m.active ? '' : '<button type="button" class="secondary activate" data-version="' + W.esc(m.version) +
        '">Активировать</button>') + '</td></tr>';
  }

  function load() {
    return W.api(BASE).then(function (list) {
      $('models').tBodies[0].innerHTML = list.length ? list.map(row).join('')
        : '<tr><td colspan="8" class="muted">Моделей нет.</td></tr>';
      // A rollback returns to the version that was active before the last activation made here; without
      // one, to the version stored before the active one (the list is newest first).
      var at = list.findIndex(function (m) { return m.active; });
      var remembered = sessionStorage.getItem(REMEMBERED);
      var known = list.some(function (m) { return m.version === remembered && !m.active; });
      previous = known ? remembered : at >= 0 && at + 1 < list.length ? list[at + 1].version : null;
      active = at >= 0 ? list[at].version : null;
      $('rollback').disabled = !previous;
      $('rollback').textContent = previous ? 'Откатить к версии ' + previous : 'Откатить к предыдущей версии';
      return list;
    });
  }

  function activate(version, what) {
    W.status(what + '…');
    Array.prototype.forEach.call(document.querySelectorAll('#models button, #rollback'), function (b) { b.disabled = true; });
    var was = active;
    return W.send(BASE + '/' + encodeURIComponent(version) + '/activate', 'POST').then(function (r) {
      if (was && was !== r.version) sessionStorage.setItem(REMEMBERED, was);
      return load().then(function () {
        W.status('Активна версия ' + r.version + '; все экземпляры сервиса переключатся на неё в течение нескольких секунд.');
      });
    }).catch(function (e) { W.fail(e); return load(); });
  }

  $('models').addEventListener('click', function (e) {
    var b = e.target.closest('button.activate');
    if (b) activate(b.getAttribute('data-version'), 'Активация версии ' + b.getAttribute('data-version'));
  });
  $('rollback').addEventListener('click', function () {
    if (previous) activate(previous, 'Откат к версии ' + previous);
  });

  function followJob(id) {
    var box = $('training');
    return O.poll(function () {
      return W.api(BASE + '/jobs/' + encodeURIComponent(id)).then(function (job) {
        var stage = STAGES[job.stage] || job.stage || '';
        W.progress(box, job.status === 'DONE' ? 1 : job.progress,
          job.status === 'DONE' ? 'готово' : stage + ' — ' + Math.round(job.progress * 100) + ' %');
        if (job.status === 'FAILED') {
          throw Object.assign(new Error('Обучение не удалось'), { detail: job.error || '' });
        }
        if (job.status === 'DONE') {
          $('training-result').textContent = 'Обучена версия ' + job.modelVersion + '. Проверьте оценку и активируйте её.';
          $('training-result').setAttribute('data-version', job.modelVersion);
        }
        return job.status === 'DONE';
      });
    }, 1000);
  }

  $('train').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = new FormData($('train'));
    if (!$('topicColumn').value.trim()) form.delete('topicColumn');
    form.set('includeFeedback', $('includeFeedback').checked ? 'true' : 'false');
    $('train-button').disabled = true;
    $('training-result').textContent = '';
    W.progress($('training'), null, 'загрузка данных…');
    W.status('Загрузка данных для обучения…');
    W.api(BASE, { method: 'POST', body: form }).then(function (job) {
      W.status('Обучение идёт; страницу можно не закрывать — прогресс ниже.');
      return followJob(job.id);
    }).then(function () {
      W.status('Обучение завершено.');
      return load();
    }).catch(function (error) {
      $('training').hidden = true;
      W.fail(error);
    }).then(function () { $('train-button').disabled = false; });
  });

  W.shell('models.html').then(function (user) {
    if (!user) return;
    if (!W.hasRole(user, 'region-admin')) {
      $('workspace').hidden = true;
      $('forbidden').hidden = false;
      return;
    }
    W.status('Загрузка…');
    load().then(function () {
      W.status('');
      W.loaded();
    }, W.fail);
  });
})();
