// Pure rendering helpers of the dashboard: data in, HTML/SVG text out (no DOM, no network),
// so they can be checked outside a browser.
(function (root) {
  'use strict';
  var PALETTE = ['#1f5fa8', '#d9622b', '#2e9e5b', '#8c4bb3', '#c7a21c', '#3aa6b9'];

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function decimal(v) {
    return v == null ? '—' : v.toFixed(1).replace('.', ',');
  }

  /** A fraction as "12,5 %". */
  function share(f) {
    return f == null ? '—' : decimal(f * 100) + ' %';
  }

  /** A relative change as "+12,5 %" / "−3,0 %". */
  function change(f) {
    if (f == null) return '—';
    var p = f * 100;
    var sign = p >= 0.05 ? '+' : p <= -0.05 ? '−' : '';
    return sign + decimal(Math.abs(p)) + ' %';
  }

  function topicRows(topics) {
    return topics.groups.filter(function (g) { return g.count > 0 || g.previousCount > 0; }).map(function (g) {
      var cls = g.change == null ? '' : g.change > 0 ? 'up' : g.change < 0 ? 'down' : '';
      return '<tr><td>' + esc(g.label) + '</td><td class="n">' + g.count + '</td><td class="n">' + share(g.share) +
        '</td><td class="n ' + cls + '">' + change(g.change) + '</td></tr>';
    }).join('');
  }

  /** An SVG line chart: the total and the leading groups per bucket. */
  function trendSvg(series, width, height) {
    var buckets = series.buckets || [];
    var lines = [];
    var total = buckets.map(function (_, i) {
      return series.series.reduce(function (sum, s) { return sum + s.counts[i]; }, 0);
    });
    lines.push({ label: 'Всего', values: total });
    series.series.slice().sort(function (a, b) { return b.total - a.total; }).slice(0, 4)
      .filter(function (s) { return s.total > 0; })
      .forEach(function (s) { lines.push({ label: s.label, values: s.counts }); });
    var left = 40, right = width - 10, top = 10, bottom = height - 40;
    var max = Math.max(1, Math.max.apply(null, total.concat([0])));
    var step = buckets.length > 1 ? (right - left) / (buckets.length - 1) : 0;
    function x(i) { return buckets.length > 1 ? left + i * step : (left + right) / 2; }
    function y(v) { return bottom - (bottom - top) * v / max; }
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + height +
      '" role="img" aria-label="Динамика сообщений">'];
    out.push('<line x1="' + left + '" y1="' + bottom + '" x2="' + right + '" y2="' + bottom + '" stroke="#999"/>');
    out.push('<text x="' + (left - 6) + '" y="' + (top + 4) + '" text-anchor="end">' + max + '</text>');
    out.push('<text x="' + (left - 6) + '" y="' + bottom + '" text-anchor="end">0</text>');
    buckets.forEach(function (b, i) {
      if (i % Math.max(1, Math.ceil(buckets.length / 10)) === 0) {
        out.push('<text x="' + x(i) + '" y="' + (bottom + 14) + '" text-anchor="middle">' + esc(b.slice(8, 10) + '.' + b.slice(5, 7)) + '</text>');
      }
    });
    lines.forEach(function (line, n) {
      var colour = PALETTE[n % PALETTE.length];
      var points = line.values.map(function (v, i) { return x(i).toFixed(1) + ',' + y(v).toFixed(1); }).join(' ');
      out.push('<polyline fill="none" stroke="' + colour + '" stroke-width="2" points="' + points + '"><title>' + esc(line.label) + '</title></polyline>');
      out.push('<rect x="' + (left + n * 150) + '" y="' + (height - 14) + '" width="10" height="10" fill="' + colour + '"/>');
      out.push('<text x="' + (left + n * 150 + 14) + '" y="' + (height - 5) + '">' + esc(line.label) + '</text>');
    });
    out.push('</svg>');
    return out.join('');
  }

  function alertItems(alerts) {
    var items = alerts.spikes.map(function (s) {
      return '<li>Всплеск: ' + esc(s.label) + (s.districtLabel ? ', ' + esc(s.districtLabel) : '') + ' — ' + s.count +
        ' сообщ. при ожидаемых ' + decimal(s.expected) + '</li>';
    }).concat(alerts.emergencies.map(function (e) {
      return '<li>Экстренное без ответа: ' + esc(e.label) + (e.districtLabel ? ', ' + esc(e.districtLabel) : '') +
        ' — ждёт ' + decimal(e.hoursWaiting) + ' ч<blockquote>«' + esc(e.text) + '»</blockquote></li>';
    }));
    return items.length ? items.join('') : '<li>Сигналов нет</li>';
  }

  function incidentItems(result) {
    var items = result.incidents.map(function (i) {
      var quote = i.quotes && i.quotes.length ? '<blockquote>«' + esc(i.quotes[0].text) + '»</blockquote>' : '';
      return '<li><b>' + esc(i.label) + (i.districtLabel ? ', ' + esc(i.districtLabel) : '') + '</b> — ' + i.messages +
        ' сообщ., ' + i.uniqueAuthors + ' авт.' + quote + '</li>';
    });
    return items.length ? items.join('') : '<li>Инцидентов нет</li>';
  }

  var STATUS = { QUEUED: 'в очереди', RUNNING: 'формируется', DONE: 'готов', FAILED: 'ошибка' };

  function reportRows(list) {
    return list.items.map(function (r) {
      var docs = Object.keys(r.documents || {}).map(function (f) {
        return '<a href="' + esc(r.documents[f]) + '" data-format="' + esc(f) + '" target="_blank" rel="noopener">' +
          esc(f.toUpperCase()) + '</a>';
      }).join(' ');
      return '<tr><td>' + esc(r.firstDay) + ' – ' + esc(r.lastDay) + '</td><td>' + esc(r.municipalityLabel) + '</td><td>' +
        esc(STATUS[r.status] || r.status) + '</td><td>' + docs + '</td></tr>';
    }).join('');
  }

  root.DashboardView = {
    esc: esc, share: share, change: change, topicRows: topicRows, trendSvg: trendSvg,
    alertItems: alertItems, incidentItems: incidentItems, reportRows: reportRows
  };
})(typeof window !== 'undefined' ? window : globalThis);
