// The staff workspace's shared shell: header with sign-in/out and the pages the role may use,
// JSON calls with the session cookie, the status line, progress bars, filters kept in the URL,
// and the formatting every page shares. Each page loads this file, then its own script.
(function () {
  'use strict';

  /** The workspace's pages in menu order; roles: who may use it (absent: every signed-in role). */
  var PAGES = [
    { page: 'index.html', label: 'Обзор' },
    { page: 'messages.html', label: 'Сообщения' },
    { page: 'incidents.html', label: 'Инциденты' },
    { page: 'executors.html', label: 'Исполнители' },
    { page: 'compare.html', label: 'Сравнение' },
    { page: 'reports.html', label: 'Отчёты' },
    { page: 'models.html', label: 'Модели', roles: ['region-admin'] }
  ];

  /** Russian titles for answers whose problem text is meant for developers. */
  var STATUS_TITLES = {
    400: 'Запрос не понят',
    403: 'Вашей роли это недоступно',
    404: 'Не найдено или недоступно вашей организации',
    409: 'Действие уже невозможно в этом состоянии',
    413: 'Файл слишком большой',
    422: 'Проверьте введённые данные',
    429: 'Слишком много запросов, повторите через минуту',
    503: 'Сервис временно недоступен'
  };

  var $ = function (id) { return document.getElementById(id); };
  var mePromise = null;

  function esc(text) {
    return String(text == null ? '' : text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function status(text, isError) {
    var el = $('status');
    if (!el) return;
    el.textContent = text || '';
    el.className = isError ? 'error' : '';
  }

  /** Shows an error from api()/send() (or any Error) on the status line. */
  function fail(error) {
    var text = error && error.message ? error.message : String(error);
    if (error && error.detail && text.indexOf(error.detail) < 0) text += ' — ' + error.detail;
    status(text, true);
  }

  function signedOut() {
    mePromise = null;
    var user = $('user'), signin = $('signin'), nav = $('nav');
    if (user) user.hidden = true;
    if (nav) nav.hidden = true;
    if (signin) signin.hidden = false;
  }

  function problemError(response, problem) {
    var title = STATUS_TITLES[response.status] || (problem && problem.title) || ('Ошибка ' + response.status);
    var error = new Error(title);
    error.status = response.status;
    error.title = problem && problem.title ? problem.title : title;
    error.detail = problem && problem.detail ? problem.detail : '';
    error.errors = problem && problem.errors ? problem.errors : [];
    if (error.errors.length) {
      error.detail = (error.detail ? error.detail + ' ' : '') + error.errors.map(function (e) {
        return e.field + ': ' + e.message;
      }).join('; ');
    }
    return error;
  }

  /**
   * fetch() with the session cookie; resolves to the JSON body (null for an empty one). X-Requested-With
   * makes an expired session answer 499 instead of a redirect; then the page shows the sign-in links.
   */
  function api(path, options) {
    options = Object.assign({}, options || {});
    options.credentials = 'same-origin';
    options.headers = Object.assign({ 'Accept': 'application/json', 'X-Requested-With': 'JavaScript' }, options.headers || {});
    return fetch(path, options).then(function (r) {
      if (r.status === 401 || r.status === 499) {
        signedOut();
        var error = new Error('Сеанс завершён: войдите снова.');
        error.status = r.status;
        error.title = 'Сеанс завершён';
        error.detail = '';
        error.signedOut = true;
        throw error;
      }
      if (!r.ok) {
        return r.text().then(function (body) {
          var problem = null;
          try { problem = body ? JSON.parse(body) : null; } catch (ignored) { problem = null; }
          throw problemError(r, problem);
        });
      }
      return r.text().then(function (body) { return body ? JSON.parse(body) : null; });
    });
  }

  /** A JSON write (POST/PUT/DELETE) through api(). */
  function send(path, method, body) {
    var options = { method: method };
    if (body !== undefined) {
      options.headers = { 'Content-Type': 'application/json' };
      options.body = JSON.stringify(body);
    }
    return api(path, options);
  }

  /** Fills (or creates) a progress bar in element: fraction 0..1, or null while unknown. */
  function progress(element, fraction, text) {
    var bar = element.querySelector('progress');
    if (!bar) {
      element.innerHTML = '<progress max="100"></progress> <span class="progress-text"></span>';
      bar = element.querySelector('progress');
    }
    if (fraction == null) bar.removeAttribute('value');
    else bar.value = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    element.querySelector('.progress-text').textContent = text || '';
    element.hidden = false;
  }

  /** The page's URL query as an object of strings. */
  function params() {
    var out = {};
    new URLSearchParams(window.location.search).forEach(function (value, key) { out[key] = value; });
    return out;
  }

  /** A page's address with these query parameters (empty ones left out). */
  function link(page, values) {
    var query = new URLSearchParams();
    Object.keys(values || {}).forEach(function (key) {
      var v = values[key];
      if (v !== undefined && v !== null && v !== '') query.append(key, v);
    });
    var q = query.toString();
    return page + (q ? '?' + q : '');
  }

  /** The signed-in user (cached per page): name, organisation, roles, municipalities. */
  function me() {
    if (!mePromise) {
      mePromise = api('/api/v1/me');
      mePromise.catch(function () { mePromise = null; });
    }
    return mePromise;
  }

  function hasRole(user, role) {
    return !!user && user.roles.indexOf(role) >= 0;
  }

  function pagesFor(user) {
    return PAGES.filter(function (p) {
      return !p.roles || p.roles.some(function (role) { return hasRole(user, role); });
    });
  }

  /**
   * Renders the header into #header and resolves to the signed-in user, or to null when nobody is
   * signed in (the sign-in links are shown then). activePage: the page's file name, e.g. 'index.html'.
   */
  function shell(activePage) {
    var header = $('header');
    header.innerHTML =
      '<div class="bar">' +
      '<a class="brand" href="index.html">CivicPulse</a>' +
      '<nav id="nav" aria-label="Разделы" hidden></nav>' +
      '<div id="user" hidden><span id="who"></span> <a id="logout" href="/dashboard/logout">Выйти</a></div>' +
      '</div>' +
      '<div id="signin" hidden>' +
      '<p>Войдите через учётную запись своей организации:</p>' +
      '<a class="button" id="login-region" href="/dashboard/login/region">Центр управления регионом</a>' +
      '<a class="button" id="login-city" href="/dashboard/login/city">Администрация города</a>' +
      '</div>';
    return me().then(function (user) {
      $('nav').innerHTML = pagesFor(user).map(function (p) {
        return '<a href="' + p.page + '"' + (p.page === activePage ? ' aria-current="page"' : '') + '>' + esc(p.label) + '</a>';
      }).join('');
      $('nav').hidden = false;
      $('who').textContent = user.name + ' — ' + (user.organisationLabel || 'организация не определена');
      $('user').hidden = false;
      $('signin').hidden = true;
      return user;
    }, function (error) {
      if (error.signedOut) {
        status('Войдите, чтобы увидеть данные.');
        return null;
      }
      fail(error);
      throw error;
    });
  }

  /**
   * Fills a municipality select ("все доступные" first when the user may see several) and, if given,
   * a district select with the districts of the chosen municipality (or of all the user may see);
   * values: the current filters ({ municipality, district }). Changing the municipality refills the districts.
   */
  function places(user, municipalitySelect, districtSelect, values) {
    values = values || {};
    var several = user.municipalities.length > 1;
    municipalitySelect.innerHTML = (several ? '<option value="">все доступные</option>' : '') +
      user.municipalities.map(function (m) { return '<option value="' + esc(m.code) + '">' + esc(m.label) + '</option>'; }).join('');
    if (values.municipality) municipalitySelect.value = values.municipality;
    function districts() {
      if (!districtSelect) return;
      var chosen = municipalitySelect.value;
      var options = [];
      user.municipalities.filter(function (m) { return !chosen || m.code === chosen; }).forEach(function (m) {
        (m.districts || []).forEach(function (d) { options.push(d); });
      });
      var current = districtSelect.value || values.district || '';
      values = {}; // the requested district applies to the first filling only
      districtSelect.innerHTML = '<option value="">все районы</option>' +
        options.map(function (d) { return '<option value="' + esc(d.code) + '">' + esc(d.label) + '</option>'; }).join('');
      districtSelect.value = options.some(function (d) { return d.code === current; }) ? current : '';
    }
    districts();
    municipalitySelect.addEventListener('change', districts);
  }

  /**
   * The place filters narrowed to what the user may see: { municipality, district, refused } where refused
   * names a requested municipality or district outside the user's scope (then left out), else null.
   */
  function scope(user, values) {
    var out = { municipality: values.municipality || '', district: values.district || '', refused: null };
    var mine = user.municipalities.filter(function (m) { return m.code === out.municipality; })[0];
    if (out.municipality && !mine) {
      out.refused = out.municipality;
      out.municipality = '';
    }
    if (out.district && !user.municipalities.some(function (m) {
      return (!out.municipality || m.code === out.municipality) && (m.districts || []).some(function (d) { return d.code === out.district; });
    })) {
      out.refused = out.refused || out.district;
      out.district = '';
    }
    if (!out.municipality && user.municipalities.length === 1) out.municipality = user.municipalities[0].code;
    return out;
  }

  /** Marks the moment the page's data is shown (a performance mark named 'workspace-data-shown'). */
  function loaded() {
    if (window.performance && performance.mark && !performance.getEntriesByName('workspace-data-shown').length) {
      performance.mark('workspace-data-shown');
    }
  }

  // The taxonomy's groups as options of a group filter; resolves to {code: label} for captions.
  function groupOptions(select) {
    return api('/api/v1/workspace/taxonomy').then(function (groups) {
      var labels = {};
      select.innerHTML = '<option value="">все группы</option>' + groups.map(function (g) {
        labels[g.code] = g.label;
        return '<option value="' + esc(g.code) + '">' + esc(g.label) + '</option>';
      }).join('');
      return labels;
    });
  }

  // ---- periods: filters carry from/to as API bounds (ISO dates, "to" exclusive) ----

  function isoDay(date) { return date.toISOString().slice(0, 10); }

  function parseDay(text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text || '') ? new Date(text + 'T00:00:00Z') : null;
  }

  function addDays(day, n) {
    var d = parseDay(day);
    d.setUTCDate(d.getUTCDate() + n);
    return isoDay(d);
  }

  function today() {
    var now = new Date();
    return isoDay(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
  }

  function mondayOf(day) {
    var d = parseDay(day);
    return addDays(day, -((d.getUTCDay() + 6) % 7));
  }

  /**
   * The period of these filters: kind 'week' (Monday to Monday), 'month' (calendar month) or 'custom';
   * defaults to the current week. Returns { kind, from, to, last } with last = to − 1 day.
   */
  function period(values) {
    values = values || {};
    var kind = values.period === 'month' || values.period === 'custom' ? values.period : 'week';
    var from = parseDay(values.from) ? values.from : today();
    var to;
    if (kind === 'week') {
      from = mondayOf(from);
      to = addDays(from, 7);
    } else if (kind === 'month') {
      from = from.slice(0, 8) + '01';
      var d = parseDay(from);
      d.setUTCMonth(d.getUTCMonth() + 1);
      to = isoDay(d);
    } else {
      to = parseDay(values.to) && values.to > from ? values.to : addDays(from, 7);
    }
    return { kind: kind, from: from, to: to, last: addDays(to, -1) };
  }

  // ---- numbers and dates as people read them ----

  function decimal(v, digits) {
    return v == null ? '—' : v.toFixed(digits == null ? 1 : digits).replace('.', ',');
  }

  /** A fraction as "12,5 %". */
  function share(f) { return f == null ? '—' : decimal(f * 100) + ' %'; }

  /** A relative change as "+12,5 %" / "−3,0 %". */
  function change(f) {
    if (f == null) return '—';
    var p = f * 100;
    var sign = p >= 0.05 ? '+' : p <= -0.05 ? '−' : '';
    return sign + decimal(Math.abs(p)) + ' %';
  }

  /** "07.12.2026" from an ISO date, or "07.12.2026 14:05" from an instant. */
  function date(value) {
    if (!value) return '—';
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value.slice(8, 10) + '.' + value.slice(5, 7) + '.' + value.slice(0, 4);
    var d = new Date(value);
    if (isNaN(d.getTime())) return String(value);
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    return two(d.getDate()) + '.' + two(d.getMonth() + 1) + '.' + d.getFullYear() + ' ' + two(d.getHours()) + ':' + two(d.getMinutes());
  }

  window.Workspace = {
    PAGES: PAGES,
    api: api,
    send: send,
    status: status,
    fail: fail,
    progress: progress,
    params: params,
    link: link,
    esc: esc,
    me: me,
    hasRole: hasRole,
    shell: shell,
    places: places,
    groupOptions: groupOptions,
    scope: scope,
    loaded: loaded,
    period: period,
    addDays: addDays,
    decimal: decimal,
    share: share,
    change: change,
    date: date
  };
})();
