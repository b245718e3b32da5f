// Overview: the period's topic groups, a trend chart per group, the district map, signals, top
// incidents and the period's report. Every filter lives in the URL; every count links to the messages.
(function () {
  'use strict';
  var W = window.Workspace;
  var esc = W.esc;
  var $ = function (id) { return document.getElementById(id); };
  var user = null;
  var geo = null;
  var groupLabels = {};
  var charts = [];
  var current = null;

  // ---- filters: URL ⇄ form ⇄ API query ----

  function fromValues(values) {
    var period = W.period(values);
    var where = W.scope(user, values);
    return {
      period: period.kind, from: period.from, to: period.to, last: period.last,
      municipality: where.municipality, district: where.district, refused: where.refused, group: values.group || '',
      map: values.map === 'concern' ? 'concern' : 'messages'
    };
  }

  function fromForm() {
    var kind = $('period-kind').value;
    return fromValues({
      period: kind, from: $('week').value,
      to: kind === 'custom' && $('until').value ? W.addDays($('until').value, 1) : '',
      municipality: $('municipality').value, district: $('district').value, group: $('group').value,
      map: $('map-mode').value
    });
  }

  function showInForm(f) {
    $('period-kind').value = f.period;
    $('week').value = f.from;
    $('until').value = f.last;
    $('until-label').hidden = f.period !== 'custom';
    $('municipality').value = f.municipality;
    $('municipality').dispatchEvent(new Event('change'));
    $('district').value = f.district;
    $('group').value = f.group;
    $('map-mode').value = f.map;
  }

  /** The filters as the URL keeps them. */
  function urlValues(f) {
    return {
      period: f.period === 'week' ? '' : f.period, from: f.from, to: f.period === 'custom' ? f.to : '',
      municipality: f.municipality, district: f.district, group: f.group, map: f.map === 'messages' ? '' : f.map
    };
  }

  /** The filters as the analytics and messages APIs take them; override replaces some. */
  function query(f, override) {
    var q = Object.assign({ from: f.from, to: f.to, municipality: f.municipality, district: f.district, group: f.group }, override || {});
    return W.link('', q);
  }

  /** The messages page with these filters (override: e.g. another group or district). */
  function messagesLink(f, override) {
    return W.link('messages.html', Object.assign({
      from: f.from, to: f.to, municipality: f.municipality, district: f.district, group: f.group
    }, override || {}));
  }

  function navigate(f) {
    history.pushState(null, '', W.link('index.html', urlValues(f)));
    load(f);
  }

  // ---- panels ----

  function topicRows(f, topics) {
    var rows = topics.groups.filter(function (g) { return g.count > 0 || g.previousCount > 0; }).map(function (g) {
      var cls = g.change == null ? '' : g.change > 0 ? 'up' : g.change < 0 ? 'down' : '';
      return '<tr' + (g.group === f.group ? ' class="selected"' : '') + '>' +
        '<td><a href="' + esc(W.link('index.html', urlValues(Object.assign({}, f, { group: g.group === f.group ? '' : g.group })))) +
        '" data-group="' + esc(g.group) + '" title="Показать обзор по этой группе">' + esc(g.label) + '</a></td>' +
        '<td class="n"><a href="' + esc(messagesLink(f, { group: g.group })) + '" data-count="' + esc(g.group) + '">' + g.count + '</a></td>' +
        '<td class="n">' + W.share(g.share) + '</td>' +
        '<td class="n ' + cls + '">' + W.change(g.change) + '</td></tr>';
    });
    $('topics').tBodies[0].innerHTML = rows.length ? rows.join('') : '<tr><td colspan="4" class="muted">Сообщений за период нет</td></tr>';
  }

  /** The trend's range: four weeks up to the period's end for a week, the period itself otherwise. */
  function trendRange(f) {
    if (f.period === 'week') return { from: W.addDays(f.from, -21), to: f.to, interval: 'day' };
    var days = (new Date(f.to) - new Date(f.from)) / 86400000;
    return { from: f.from, to: f.to, interval: days > 62 ? 'week' : 'day' };
  }

  function trendCharts(series) {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    var shown = series.series.filter(function (s) { return s.total > 0; })
      .sort(function (a, b) { return b.total - a.total; }).slice(0, 6);
    var box = $('trend');
    if (!shown.length) {
      box.innerHTML = '<p class="muted">Сообщений за эти недели нет</p>';
      return;
    }
    box.innerHTML = shown.map(function (s, i) {
      return '<figure class="trend-item"><figcaption>' + esc(s.label) + ' — ' + s.total + '</figcaption>' +
        '<div class="chart-small" id="trend-' + i + '" role="img" aria-label="' + esc('Динамика: ' + s.label) + '"></div></figure>';
    }).join('');
    var days = series.buckets.map(function (b) { return b.slice(8, 10) + '.' + b.slice(5, 7); });
    shown.forEach(function (s, i) {
      // SVG keeps the charts sharp and inspectable; no inline styles are needed for it
      var chart = echarts.init($('trend-' + i), null, { renderer: 'svg' });
      chart.setOption({
        animation: false,
        grid: { left: 34, right: 8, top: 8, bottom: 22 },
        tooltip: { trigger: 'axis', renderMode: 'richText' },
        xAxis: { type: 'category', data: days, axisLabel: { fontSize: 10, interval: Math.max(0, Math.ceil(days.length / 6) - 1) } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
        series: [{ type: 'line', name: s.label, data: s.counts, symbol: 'none', smooth: false,
          lineStyle: { width: 2, color: '#1f5fa8' }, areaStyle: { color: 'rgba(31, 95, 168, 0.12)' } }]
      });
      charts.push(chart);
    });
  }

  function alertItems(f, alerts) {
    var items = alerts.spikes.map(function (s) {
      var link = W.link('messages.html', {
        from: s.windowStart, to: W.addDays(s.windowEnd, 1), municipality: s.municipality, district: s.district, group: s.group
      });
      return '<li><span class="tag warn">Всплеск</span> ' + esc(s.label) + (s.districtLabel ? ', ' + esc(s.districtLabel) : '') +
        ' — <a href="' + esc(link) + '">' + s.count + ' сообщ.</a> при ожидаемых ' + W.decimal(s.expected) + '</li>';
    }).concat(alerts.emergencies.map(function (e) {
      return '<li><span class="tag warn">Экстренное без ответа</span> ' + esc(e.label) + (e.districtLabel ? ', ' + esc(e.districtLabel) : '') +
        ' — ждёт ' + W.decimal(e.hoursWaiting) + ' ч <a href="' + esc(W.link('message.html', { id: e.messageId })) + '">открыть</a>' +
        '<blockquote>«' + esc(e.text) + '»</blockquote></li>';
    }));
    $('alerts').innerHTML = items.length ? items.join('') : '<li class="muted">Сигналов нет</li>';
  }

  function incidentItems(result) {
    var items = result.incidents.map(function (i) {
      var quote = i.quotes && i.quotes.length ? '<blockquote>«' + esc(i.quotes[0].text) + '»</blockquote>' : '';
      return '<li><a href="' + esc(W.link('incident.html', { key: i.incidentKey })) + '"><b>' + esc(i.label) +
        (i.districtLabel ? ', ' + esc(i.districtLabel) : '') + '</b></a> — ' + i.messages + ' сообщ., ' + i.uniqueAuthors +
        ' авт., обеспокоенность ' + W.decimal(i.concernScore, 2) + quote + '</li>';
    });
    $('incidents').innerHTML = items.length ? items.join('') : '<li class="muted">Инцидентов нет</li>';
  }

  var REPORT_STATUS = { QUEUED: 'в очереди', RUNNING: 'формируется', DONE: 'готов', FAILED: 'ошибка' };

  function reportRows(list) {
    $('reports').tBodies[0].innerHTML = list.items.map(function (r) {
      var docs = Object.keys(r.documents || {}).map(function (format) {
        return '<a href="' + esc(r.documents[format]) + '" data-format="' + esc(format) + '" target="_blank" rel="noopener">' +
          esc(format.toUpperCase()) + '</a>';
      }).join(' ');
      return '<tr><td>' + W.date(r.firstDay) + ' – ' + W.date(r.lastDay) + '</td><td>' + esc(r.municipalityLabel) + '</td><td>' +
        esc(REPORT_STATUS[r.status] || r.status) + '</td><td>' + docs + '</td></tr>';
    }).join('') || '<tr><td colspan="4" class="muted">Отчётов пока нет</td></tr>';
  }

  function reports(f) {
    return W.api('/api/v1/reports' + W.link('', { limit: 5, municipality: f.municipality }));
  }

  function loadReports(f) {
    return reports(f).then(reportRows);
  }

  // ---- the map ----

  /** The map always shows every area the user may see; the filter only marks the selected one. */
  function mapMunicipalities() {
    return user.municipalities.map(function (m) { return m.code; });
  }

  /** Messages per area: one topics call per district (and per municipality without districts). */
  function messageValues(f) {
    var areas = [];
    user.municipalities.filter(function (m) { return mapMunicipalities().indexOf(m.code) >= 0; }).forEach(function (m) {
      if (m.districts && m.districts.length) m.districts.forEach(function (d) { areas.push({ key: d.code, q: { municipality: m.code, district: d.code } }); });
      else areas.push({ key: m.code, q: { municipality: m.code, district: '' } });
    });
    return Promise.all(areas.map(function (a) {
      return W.api('/api/v1/analytics/topics' + query(f, a.q)).then(function (t) { return [a.key, t.total]; });
    })).then(function (pairs) {
      var values = {};
      pairs.forEach(function (p) { values[p[0]] = p[1]; });
      return values;
    });
  }

  /** Concern per area: the highest concern score of its incidents in the period. */
  function concernValues(f) {
    return W.api('/api/v1/incidents' + query(f, { municipality: '', district: '' }) + '&limit=100').then(function (result) {
      var values = {};
      result.incidents.forEach(function (i) {
        var key = i.district || i.municipality;
        values[key] = Math.max(values[key] || 0, i.concernScore);
      });
      return values;
    });
  }

  function drawMap(f, values) {
    var concern = f.map === 'concern';
    var format = concern ? function (v) { return W.decimal(v, 2); } : function (v) { return String(Math.round(v)); };
    var max = DistrictMap.draw($('map'), geo, {
      municipalities: mapMunicipalities(),
      values: values,
      valueText: format,
      selected: f.district || (f.municipality && !hasDistricts(f.municipality) ? f.municipality : ''),
      format: function (feature, value) {
        return feature.properties.label + ': ' + (concern ? 'обеспокоенность ' + format(value) : value + ' сообщ.');
      },
      onSelect: function (feature) {
        var key = feature.properties.district;
        var next = Object.assign({}, f, { municipality: feature.properties.municipality, district: key && key !== f.district ? key : '' });
        if (!key && f.municipality === feature.properties.municipality && user.municipalities.length > 1) next.municipality = '';
        navigate(next);
      }
    });
    DistrictMap.legend($('legend'), max, concern ? 'Обеспокоенность' : 'Сообщений', format);
    var selected = f.district || (f.municipality && !hasDistricts(f.municipality) ? f.municipality : '');
    if (selected) {
      var label = geo.features.filter(function (ft) { return (ft.properties.district || ft.properties.municipality) === selected; })[0];
      var chosen = document.createElement('p');
      chosen.innerHTML = 'Выбрано: ' + esc(label ? label.properties.label : selected) + (concern ? '' : ' — <a id="map-count" href="' +
        esc(messagesLink(f)) + '">' + (values[selected] || 0) + ' сообщ.</a>') + ' · <a href="' +
        esc(W.link('index.html', urlValues(Object.assign({}, f, { district: '', municipality: user.municipalities.length > 1 ? '' : f.municipality })))) +
        '">снять выбор</a>';
      $('legend').appendChild(chosen);
    }
  }

  function hasDistricts(code) {
    return user.municipalities.some(function (m) { return m.code === code && m.districts && m.districts.length; });
  }

  // ---- loading ----

  function load(f) {
    current = f;
    showInForm(f);
    W.status('Загрузка…');
    // An answer to an earlier load that arrives after this one started must not overwrite its panels.
    function latest(show) { return function (x) { if (current === f) return show(x); }; }
    var range = trendRange(f);
    var mapGeo = geo ? Promise.resolve(geo) : W.api('map/districts.geo.json').then(function (g) { geo = g; return g; });
    return Promise.all([
      W.api('/api/v1/analytics/topics' + query(f)).then(latest(function (t) { topicRows(f, t); })),
      W.api('/api/v1/analytics/timeseries' + query(f, { from: range.from, to: range.to }) + '&interval=' + range.interval)
        .then(latest(trendCharts)),
      W.api('/api/v1/analytics/alerts' + query(f)).then(latest(function (a) { alertItems(f, a); })),
      W.api('/api/v1/incidents' + query(f) + '&limit=5').then(latest(incidentItems)),
      Promise.all([mapGeo, f.map === 'concern' ? concernValues(f) : messageValues(f)]).then(latest(function (r) { drawMap(f, r[1]); })),
      reports(f).then(latest(reportRows))
    ]).then(latest(function () {
      if (f.refused) {
        W.status('Запрошенное место (' + f.refused + ') недоступно вашей организации: показаны доступные данные.', true);
        W.loaded();
        return;
      }
      W.status('Данные за ' + f.from + ' – ' + f.last + ' (даты по московскому времени)' +
        (f.group ? ', группа «' + (groupLabels[f.group] || f.group) + '»' : '') + '.');
      W.loaded();
    }), latest(W.fail));
  }

  $('period-kind').addEventListener('change', function () { $('until-label').hidden = $('period-kind').value !== 'custom'; });
  $('controls').addEventListener('submit', function (e) { e.preventDefault(); navigate(fromForm()); });
  $('map-mode').addEventListener('change', function () { navigate(Object.assign({}, current || fromForm(), { map: $('map-mode').value })); });
  window.addEventListener('popstate', function () { if (user) load(fromValues(W.params())); });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  $('order').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = fromForm();
    if (!f.municipality) { W.status('Выберите муниципалитет для отчёта.', true); return; }
    W.send('/api/v1/reports', 'POST', { from: f.from, to: f.to, municipality: f.municipality }).then(function () {
      W.status('Отчёт заказан; он появится в списке, когда будет готов.');
      return loadReports(f);
    }).catch(W.fail);
  });

  W.shell('index.html').then(function (signedIn) {
    if (!signedIn) return;
    user = signedIn;
    W.places(user, $('municipality'), $('district'), W.params());
    return W.groupOptions($('group')).then(function (labels) {
      groupLabels = labels;
      return load(fromValues(W.params()));
    });
  }).catch(W.fail);
})();
