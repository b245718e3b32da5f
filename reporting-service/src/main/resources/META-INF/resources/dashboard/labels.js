// Russian names of the codes a message carries, shared by the messages and message pages.
(function () {
  'use strict';
  var TONE = { NEGATIVE: 'негативный', NEUTRAL: 'нейтральный', POSITIVE: 'позитивный' };
  var URGENCY = { NONE: 'обычная', ELEVATED: 'повышенная', EMERGENCY: 'экстренная' };
  var SOURCE = { VK: 'ВКонтакте', TELEGRAM: 'Telegram', OK: 'Одноклассники', POS: 'Платформа обратной связи',
    INCIDENT_IMPORT: 'Импорт инцидентов', API: 'API' };
  var KIND = { POST: 'публикация', COMMENT: 'комментарий', DIRECT_MESSAGE: 'личное сообщение', APPEAL: 'обращение',
    OFFICIAL_REPLY: 'официальный ответ' };

  function of(table) {
    return function (code) { return code == null ? '—' : table[code] || code; };
  }

  /** Place labels from /api/v1/me: municipality and district code → label. */
  function places(user) {
    var names = {};
    user.municipalities.forEach(function (m) {
      names[m.code] = m.label;
      (m.districts || []).forEach(function (d) { names[d.code] = d.label; });
    });
    return function (municipality, district) {
      var m = names[municipality] || municipality || '—';
      return district ? m + ', ' + (names[district] || district) : m;
    };
  }

  window.Labels = { tone: of(TONE), urgency: of(URGENCY), source: of(SOURCE), kind: of(KIND), places: places };
})();
