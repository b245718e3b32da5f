// The overview's map: the shipped simplified outlines (map/districts.geo.json) drawn as SVG, each
// area coloured by a value, focusable and clickable. Pure drawing: the page supplies values and
// what a click does.
(function () {
  'use strict';

  /** Light to dark blue; the first colour is for areas with nothing counted. */
  var SCALE = ['#eef2f7', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
  var SVG_NS = 'http://www.w3.org/2000/svg';

  function colour(value, max) {
    if (!value || !max) return SCALE[0];
    var step = Math.min(SCALE.length - 1, 1 + Math.floor((value / max) * (SCALE.length - 1) - 1e-9));
    return SCALE[Math.max(1, step)];
  }

  /** The key of an area: its district code, or the municipality code for a municipality drawn whole. */
  function keyOf(feature) {
    return feature.properties.district || feature.properties.municipality;
  }

  function ringsOf(feature) {
    return feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : [].concat.apply([], feature.geometry.coordinates);
  }

  /**
   * Draws the features into container (an element), replacing its content.
   * options: municipalities — codes to draw (others are left out entirely);
   *          values — key → number; format(feature, value) → accessible text;
   *          selected — key of the selected area; onSelect(feature) — called on click, Enter or Space;
   *          width, height — the drawing's coordinate size.
   */
  function draw(container, geo, options) {
    var width = options.width || 640, height = options.height || 340, pad = 12;
    var features = geo.features.filter(function (f) { return options.municipalities.indexOf(f.properties.municipality) >= 0; });
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    // longitude shrinks with latitude: scale it so that shapes are not stretched
    var k = Math.cos(51.6 * Math.PI / 180);
    features.forEach(function (f) {
      ringsOf(f).forEach(function (ring) {
        ring.forEach(function (p) {
          minX = Math.min(minX, p[0] * k); maxX = Math.max(maxX, p[0] * k);
          minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
        });
      });
    });
    var scale = Math.min((width - 2 * pad) / (maxX - minX || 1), (height - 2 * pad) / (maxY - minY || 1));
    var offX = (width - (maxX - minX) * scale) / 2, offY = (height - (maxY - minY) * scale) / 2;
    function x(p) { return offX + (p[0] * k - minX) * scale; }
    function y(p) { return offY + (maxY - p[1]) * scale; }

    var max = 0;
    Object.keys(options.values || {}).forEach(function (key) { max = Math.max(max, options.values[key] || 0); });

    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('role', 'group');
    svg.setAttribute('aria-label', 'Карта районов');
    var labels = [];
    var selectedPath = null;
    features.forEach(function (f) {
      var path = document.createElementNS(SVG_NS, 'path');
      var d = ringsOf(f).map(function (ring) {
        return ring.map(function (p, i) { return (i ? 'L' : 'M') + x(p).toFixed(1) + ',' + y(p).toFixed(1); }).join('') + 'Z';
      }).join('');
      path.setAttribute('d', d);
      if (f.properties.kind === 'water') {
        path.setAttribute('fill', '#cfe3f3');
        path.setAttribute('class', 'water');
        svg.appendChild(path);
        return;
      }
      var key = keyOf(f);
      var value = (options.values || {})[key] || 0;
      path.setAttribute('fill', colour(value, max));
      path.setAttribute('tabindex', '0');
      path.setAttribute('role', 'button');
      path.setAttribute('data-key', key);
      path.setAttribute('aria-label', options.format ? options.format(f, value) : f.properties.label + ': ' + value);
      if (options.selected === key) {
        path.setAttribute('class', 'selected');
        path.setAttribute('aria-pressed', 'true');
      } else {
        path.setAttribute('aria-pressed', 'false');
      }
      var title = document.createElementNS(SVG_NS, 'title');
      title.textContent = path.getAttribute('aria-label');
      path.appendChild(title);
      path.addEventListener('click', function () { options.onSelect(f); });
      path.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); options.onSelect(f); }
      });
      svg.appendChild(path);
      if (options.selected === key) selectedPath = path;
      // the file says where the name fits; else the vertices' mean, good enough for compact shapes
      var ring = ringsOf(f)[0].slice(0, -1);
      var at = f.properties.labelAt;
      var cx = at ? x(at) : ring.reduce(function (s, p) { return s + x(p); }, 0) / ring.length;
      var cy = at ? y(at) : ring.reduce(function (s, p) { return s + y(p); }, 0) / ring.length;
      labels.push({ x: cx, y: cy, lines: [f.properties.label, String(value)] });
    });
    // the selected outline over its neighbours' borders, labels over all areas
    if (selectedPath) svg.appendChild(selectedPath);
    // labels last, so no area is drawn over another's name
    labels.forEach(function (l) {
      var text = document.createElementNS(SVG_NS, 'text');
      text.setAttribute('x', l.x.toFixed(1));
      text.setAttribute('y', (l.y - 4).toFixed(1));
      text.setAttribute('text-anchor', 'middle');
      l.lines.forEach(function (line, i) {
        var span = document.createElementNS(SVG_NS, 'tspan');
        span.setAttribute('x', l.x.toFixed(1));
        if (i) span.setAttribute('dy', '13');
        span.textContent = line;
        text.appendChild(span);
      });
      svg.appendChild(text);
    });
    container.innerHTML = '';
    container.appendChild(svg);
    return max;
  }

  /** The legend for the same colours: 0, then each step's upper bound (format: number → text). */
  function legend(container, max, unit, format) {
    container.innerHTML = '';
    var steps = SCALE.length - 1;
    var label = document.createElement('span');
    label.textContent = unit + ':';
    container.appendChild(label);
    for (var i = 0; i <= steps; i++) {
      if (i > 0 && !max) break;
      var swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = SCALE[i]; // CSSOM, which the page's style policy allows
      container.appendChild(swatch);
      var text = document.createElement('span');
      text.textContent = i === 0 ? '0' : 'до ' + format(max * i / steps);
      container.appendChild(text);
    }
  }

  window.DistrictMap = { draw: draw, legend: legend, colour: colour };
})();
