/* The district page's script: it only draws what Python computed (po_codes._publish). */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var D = JSON.parse($('po-data').textContent);
  var T = JSON.parse($('po-text').textContent);
  var NS = $('po-trend').namespaceURI;
  var FOCUS = D.code_index;
  var NCODES = D.codes.length;
  var selD = $('po-district');
  var selY = $('po-year');

  function fill(tpl, values) {
    return tpl.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }
  // Numbers: the separators of the page's language (from Python's catalogue).
  function fmtNum(x, digits) {
    var s = Math.abs(x).toFixed(digits);
    var parts = s.split('.');
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, D.number.thousands);
    return (x < 0 ? '\u2212' : '') + whole + (parts.length > 1 ? D.number.decimal + parts[1] : '');
  }
  function fmtInt(x) {
    return x === null || x === undefined || !isFinite(x) ? T.na : fmtNum(Math.round(x), 0);
  }
  function fmtPct(x, digits) {
    if (x === null || x === undefined || !isFinite(x)) { return T.na; }
    return fmtNum(x * 100, digits === undefined ? 1 : digits) + D.number.percent;
  }
  function unitLabel(unit) { return unit === '' ? D.national : unit; }
  function records(table) {
    return table.rows.map(function (r) {
      var o = {};
      table.columns.forEach(function (c, i) { o[c] = r[i]; });
      return o;
    });
  }

  // -- index the embedded figures --------------------------------------------------------
  var codeIndex = {};
  D.codes.forEach(function (c, i) { codeIndex[c.label] = i; });
  function key(unit, year) { return unit + '\u0000' + year; }
  var fig = {};
  function add(unit, r) {
    if (unit === null || r.year === null) { return; }
    var k = key(unit, r.year);
    var e = fig[k];
    if (!e) {
      e = { n: [], share: [], total: 0 };
      for (var i = 0; i < NCODES; i++) { e.n.push(0); e.share.push(null); }
      fig[k] = e;
    }
    var j = codeIndex[r.closure_code];
    e.n[j] = r.n; e.share[j] = r.share; e.total += r.n;
  }
  records(D.figures).forEach(function (r) { add(r.district, r); });
  records(D.national_figures).forEach(function (r) { add('', r); });
  function entry(unit, year) {
    var e = fig[key(unit, year)];
    return e && e.total > 0 ? e : null;
  }
  var pointsByYear = {};
  records(D.funnel).forEach(function (o) {
    (pointsByYear[o.year] = pointsByYear[o.year] || []).push(o);
  });
  var curves = {};
  records(D.curves).forEach(function (o) {
    var k = o.year + '/' + o.level;
    (curves[k] = curves[k] || []).push(o);
  });
  var levels = [];
  records(D.curves).forEach(function (o) {
    if (levels.indexOf(o.level) < 0) { levels.push(o.level); }
  });
  levels.sort(function (a, b) { return b - a; });  // the outer band first

  // -- helpers ---------------------------------------------------------------------------
  function el(tag, attrs, parent, text) {
    var node = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (a) { node.setAttribute(a, attrs[a]); }); }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function sv(tag, attrs, parent, text) {
    var node = document.createElementNS(NS, tag);
    if (attrs) { Object.keys(attrs).forEach(function (a) { node.setAttribute(a, attrs[a]); }); }
    if (text !== undefined) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  // Axis steps of 1, 2 or 5 times a power of ten (no 2.5: it needs a decimal more).
  function niceStep(span, count, minimum) {
    var raw = Math.max(span / count, minimum || 0);
    var p = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var f = raw / p;
    var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    return Math.max(step, minimum || 0);
  }
  // Decimals a percentage tick needs: none for 1 %, one for 0.5 %, two for 0.05 %.
  function pctDigits(step) {
    return Math.max(0, Math.ceil(-Math.log(step * 100) / Math.LN10 - 1e-9));
  }
  function ticks(top, step) {
    var out = [];
    for (var i = 0; i * step <= top + step / 1e6; i++) { out.push(i * step); }
    return out;
  }
  function size(svg, narrowH, wideH) {
    var w = Math.round(svg.parentNode.getBoundingClientRect().width) || 600;
    w = Math.max(260, w);
    var h = w < 520 ? narrowH : wideH;
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.setAttribute('width', w);
    svg.setAttribute('height', h);
    return [w, h];
  }
  function pathFrom(points) {
    var d = '';
    var pen = false;
    points.forEach(function (p) {
      if (p === null) { pen = false; return; }
      d += (pen ? 'L' : 'M') + p[0].toFixed(1) + ',' + p[1].toFixed(1);
      pen = true;
    });
    return d;
  }
  function yAxis(svg, m, W, Y, top, step) {
    var digits = pctDigits(step);
    ticks(top, step).forEach(function (v) {
      sv('line', { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v), 'class': 'grid-line' }, svg);
      sv('text', { x: m.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, svg, fmtPct(v, digits));
    });
  }

  // -- the code table --------------------------------------------------------------------
  function codeCell(row, c) {
    var th = el('th', { scope: 'row' }, row);
    if (D.lang === 'en') {
      th.textContent = c.label_en + ' ';
      el('span', { 'class': 'nb-label', lang: 'nb' }, th, c.label);
    } else {
      th.textContent = c.label;
    }
  }
  function tableGroup(body, g, e, nat) {
    var sub = 0;
    var subNat = 0;
    var head = el('tr', { 'class': 'grp' }, body);
    el('th', { colspan: '4', scope: 'rowgroup' }, head, g[1]);
    D.codes.forEach(function (c, i) {
      if (c.with_resource !== g[0]) { return; }
      var row = el('tr', i === FOCUS ? { 'class': 'focus' } : null, body);
      codeCell(row, c);
      el('td', null, row, fmtInt(e.n[i]));
      el('td', null, row, fmtPct(e.share[i]));
      el('td', null, row, nat ? fmtPct(nat.share[i]) : T.na);
      sub += e.n[i];
      if (nat) { subNat += nat.n[i]; }
    });
    var srow = el('tr', { 'class': 'sub' }, body);
    el('th', { scope: 'row' }, srow, g[2]);
    el('td', null, srow, fmtInt(sub));
    el('td', null, srow, fmtPct(sub / e.total));
    el('td', null, srow, nat ? fmtPct(subNat / nat.total) : T.na);
  }
  function drawTable(unit, year) {
    var body = $('po-tbody');
    var foot = $('po-tfoot');
    clear(body); clear(foot);
    var e = entry(unit, year);
    var nat = entry('', year);
    var label = unitLabel(unit);
    if (!e) {
      $('po-caption').textContent = '';
      var tr = el('tr', null, body);
      el('td', { colspan: '4', 'class': 'empty' }, tr,
        fill(T.no_data, { unit: label, year: year }));
      return;
    }
    $('po-caption').textContent = fill(T.caption,
      { unit: label, year: year, total: fmtInt(e.total) });
    tableGroup(body, [true, T['with'], T.sum_with], e, nat);
    tableGroup(body, [false, T.without, T.sum_without], e, nat);
    var frow = el('tr', null, foot);
    el('th', { scope: 'row' }, frow, T.total);
    el('td', null, frow, fmtInt(e.total));
    el('td', null, frow, fmtPct(1));
    el('td', null, frow, nat ? fmtPct(1) : T.na);
  }

  // -- the trend -------------------------------------------------------------------------
  function series(unit) {
    return D.years.map(function (y) {
      var e = entry(unit, y);
      return e ? e.share[FOCUS] : null;
    });
  }
  function reformLine(svg, m, W, H, X, years) {
    var R = D.reform_year;
    var xr = years.indexOf(R - 1) >= 0 && years.indexOf(R) >= 0 ? (X(R - 1) + X(R)) / 2 : X(R);
    sv('line', { x1: xr, x2: xr, y1: m.t - 6, y2: H - m.b, 'class': 'reform' }, svg);
    var right = xr > W / 2;
    sv('text', {
      x: right ? xr - 6 : xr + 6, y: m.t - 10, 'text-anchor': right ? 'end' : 'start',
      'class': 'reform-label halo'
    }, svg, T.reform);
  }
  function trendLine(svg, X, Y, values, cls, dotCls, name) {
    var years = D.years;
    var pts = values.map(function (s, i) { return s === null ? null : [X(years[i]), Y(s)]; });
    sv('path', { d: pathFrom(pts), 'class': cls }, svg);
    pts.forEach(function (p, i) {
      if (p === null) { return; }
      var c = sv('circle', { cx: p[0], cy: p[1], r: 3.5, 'class': dotCls }, svg);
      sv('title', null, c, name + ' ' + years[i] + ': ' + fmtPct(values[i]));
    });
  }
  function drawTrend(unit) {
    var svg = $('po-trend');
    clear(svg);
    var wh = size(svg, 240, 300);
    var W = wh[0], H = wh[1];
    var m = { l: 50, r: 14, t: 30, b: 30 };
    var years = D.years;
    var dis = unit === '' ? null : series(unit);
    // With one district in the data its line is the line of all of them: draw it once.
    var nat = dis && D.units.length === 1 ? [] : series('');
    var vals = nat.concat(dis || []).filter(function (v) { return v !== null; });
    var maxV = Math.max.apply(null, [0.001].concat(vals)) * 1.12;
    var step = niceStep(maxV, W < 520 ? 4 : 5);
    var top = Math.ceil(maxV / step - 1e-9) * step;
    var x0 = years[0], x1 = years[years.length - 1];
    var X = function (y) {
      return x0 === x1 ? (m.l + W - m.r) / 2 : m.l + (y - x0) / (x1 - x0) * (W - m.l - m.r);
    };
    var Y = function (v) { return H - m.b - v / top * (H - m.t - m.b); };
    yAxis(svg, m, W, Y, top, step);
    sv('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, 'class': 'axis' }, svg);
    var every = Math.max(1, Math.ceil(years.length * 40 / (W - m.l - m.r)));
    years.forEach(function (y, i) {
      if ((years.length - 1 - i) % every !== 0) { return; }
      sv('line', { x1: X(y), x2: X(y), y1: H - m.b, y2: H - m.b + 4, 'class': 'axis' }, svg);
      sv('text', { x: X(y), y: H - m.b + 18, 'text-anchor': 'middle' }, svg, String(y));
    });
    if (D.reform) { reformLine(svg, m, W, H, X, years); }
    trendLine(svg, X, Y, nat, 'line-nat', 'dot-nat', D.national);
    if (dis) { trendLine(svg, X, Y, dis, 'line-dis', 'dot-dis', unit); }
    var caption = dis
      ? fill(T.trend_caption, { unit: unit, national: D.national_text })
      : fill(T.trend_caption_national, { national: D.national_text });
    if (D.reform) { caption += ' ' + T.reform_note; }
    if (D.harmonised) { caption += ' ' + T.harmonised_note; }
    $('po-trend-caption').textContent = caption;
    trendLegend(unit, dis, nat.length > 0);
    trendTable(unit, dis, nat);
  }
  function trendLegend(unit, dis, withNat) {
    var legend = $('po-trend-legend');
    clear(legend);
    if (dis) {
      el('span', { 'class': 'key dis', 'aria-hidden': 'true' }, legend);
      legend.appendChild(document.createTextNode(unit + ' '));
    }
    if (!withNat) { return; }
    el('span', { 'class': 'key nat', 'aria-hidden': 'true' }, legend);
    legend.appendChild(document.createTextNode(D.national));
  }
  function trendTable(unit, dis, nat) {
    var table = $('po-trend-table');
    clear(table);
    var head = el('tr', null, el('thead', null, table));
    el('th', { scope: 'col' }, head, T.year_label);
    if (dis) { el('th', { scope: 'col' }, head, unit); }
    if (nat.length) { el('th', { scope: 'col' }, head, D.national); }
    var body = el('tbody', null, table);
    D.years.forEach(function (y, i) {
      var row = el('tr', null, body);
      el('th', { scope: 'row' }, row, String(y));
      if (dis) { el('td', null, row, fmtPct(dis[i])); }
      if (nat.length) { el('td', null, row, fmtPct(nat[i])); }
    });
  }

  // -- the funnel ------------------------------------------------------------------------
  function marker(svg, flag, cx, cy, r, chosen) {
    var cls = (flag === 'above' || flag === 'below' ? flag : 'within') + (chosen ? ' chosen' : '');
    if (flag === 'above' || flag === 'below') {
      var s = r * 1.25;
      var tip = flag === 'above' ? -s : s;
      var base = -tip * 0.8;
      var d = 'M' + cx + ',' + (cy + tip) + 'L' + (cx + s) + ',' + (cy + base) +
        'L' + (cx - s) + ',' + (cy + base) + 'Z';
      return sv('path', { d: d, 'class': cls }, svg);
    }
    return sv('circle', { cx: cx, cy: cy, r: r, 'class': cls }, svg);
  }
  function flagText(flag) {
    return flag === 'above' ? T.flag_above : flag === 'below' ? T.flag_below : T.flag_within;
  }
  // The limit curves Python computed, drawn as bands (outer band first), clipped to the plot.
  function bands(svg, year, X, Y, xTop, yTop) {
    levels.forEach(function (level, i) {
      var rows = (curves[year + '/' + level] || []).filter(function (c) {
        return c.total <= xTop && c.limit_low !== null && c.limit_high !== null;
      });
      if (!rows.length) { return; }
      var upper = rows.map(function (c) { return [X(c.total), Y(Math.min(c.limit_high, yTop))]; });
      var lower = rows.map(function (c) { return [X(c.total), Y(Math.min(c.limit_low, yTop))]; });
      var cls = i === 0 && levels.length > 1 ? 'band-outer' : 'band';
      sv('path', { d: pathFrom(upper.concat(lower.slice().reverse())) + 'Z', 'class': cls }, svg);
      sv('path', { d: pathFrom(upper), 'class': 'limit ' + cls }, svg);
      sv('path', { d: pathFrom(lower), 'class': 'limit ' + cls }, svg);
    });
  }
  function funnelAxes(svg, m, W, H, X, Y, xTop, xStep, yTop, yStep) {
    yAxis(svg, m, W, Y, yTop, yStep);
    ticks(xTop, xStep).forEach(function (t) {
      sv('line', { x1: X(t), x2: X(t), y1: H - m.b, y2: H - m.b + 4, 'class': 'axis' }, svg);
      var anchor = t === 0 ? 'start' : 'middle';
      sv('text', { x: X(t), y: H - m.b + 17, 'text-anchor': anchor }, svg, fmtInt(t));
    });
    sv('line', { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, 'class': 'axis' }, svg);
    sv('text', { x: (m.l + W - m.r) / 2, y: H - 6, 'text-anchor': 'middle' }, svg, T.funnel_x);
    sv('text', { x: m.l, y: 12, 'text-anchor': 'start' }, svg, T.funnel_y);
  }
  function drawFunnel(unit, year) {
    var svg = $('po-funnel');
    clear(svg);
    var rows = (pointsByYear[year] || []).filter(function (r) {
      return r.total > 0 && r.share !== null;
    });
    // One or two districts: nothing to compare a district with; only say so.
    ['po-funnel-figure', 'po-funnel-legend', 'po-funnel-caveat', 'po-funnel-list']
      .forEach(function (id) { $(id).hidden = rows.length < 3; });
    if (rows.length < 3) {
      $('po-funnel-status').textContent =
        fill(rows.length ? T.funnel_too_few : T.funnel_empty, { year: year });
      return;
    }
    var wh = size(svg, 270, 330);
    var W = wh[0], H = wh[1];
    var m = { l: 50, r: 16, t: 26, b: 44 };
    // The x axis ends where Python's limit curves end (past the largest district).
    var maxX = Math.max.apply(null, rows.map(function (r) { return r.total; })) * 1.06;
    (curves[year + '/' + levels[0]] || []).forEach(function (c) { maxX = Math.max(maxX, c.total); });
    var xStep = niceStep(maxX, W < 520 ? 4 : 5, 1);
    var xTop = maxX;
    var maxY = Math.max.apply(null, rows.map(function (r) {
      return Math.max(r.share, r.limit_high_outer === null ? 0 : r.limit_high_outer);
    })) * 1.1;
    maxY = Math.max(maxY, 0.001);
    var yStep = niceStep(maxY, W < 520 ? 4 : 5);
    var yTop = Math.ceil(maxY / yStep - 1e-9) * yStep;
    var X = function (t) { return m.l + t / xTop * (W - m.l - m.r); };
    var Y = function (v) { return H - m.b - v / yTop * (H - m.t - m.b); };
    bands(svg, year, X, Y, xTop, yTop);
    funnelAxes(svg, m, W, H, X, Y, xTop, xStep, yTop, yStep);
    var ns = rows[0].national_share;
    if (ns !== null) {
      sv('line', { x1: m.l, x2: W - m.r, y1: Y(ns), y2: Y(ns), 'class': 'nat' }, svg);
    }
    $('po-funnel-national').textContent = fill(T.national_line, { share: fmtPct(ns) });
    funnelPoints(svg, rows, unit, year, { m: m, W: W, X: X, Y: Y });
    funnelList(rows, year);
  }
  function funnelPoints(svg, rows, unit, year, g) {
    var chosen = null;
    rows.forEach(function (r) {
      if (r.district === unit) { chosen = r; return; }
      var mk = marker(svg, r.flag, g.X(r.total), g.Y(r.share), 4.5, false);
      sv('title', null, mk, r.district + ': ' + r.share_text + ', ' + fmtInt(r.total) +
        ' (' + flagText(r.flag) + ')');
    });
    var status = $('po-funnel-status');
    if (chosen) {
      var cx = g.X(chosen.total), cy = g.Y(chosen.share);
      var mk = marker(svg, chosen.flag, cx, cy, 7, true);
      sv('title', null, mk, chosen.district + ': ' + chosen.share_text);
      // The name goes above the marker (below it when the marker is near the top).
      var anchor = cx < g.m.l + 40 ? 'start' : cx > g.W - g.m.r - 40 ? 'end' : 'middle';
      var ly = cy - 14 < g.m.t ? cy + 24 : cy - 13;
      sv('text', { x: cx, y: ly, 'text-anchor': anchor, 'class': 'chosen-label halo' }, svg,
        chosen.district);
      status.textContent = fill(T.status, {
        unit: chosen.district, year: year, share: chosen.share_text, n: fmtInt(chosen.n),
        total: fmtInt(chosen.total), flag: flagText(chosen.flag),
        low: chosen.limit_low_text, high: chosen.limit_high_text,
        low_outer: chosen.limit_low_outer_text, high_outer: chosen.limit_high_outer_text
      });
    } else if (unit === '') {
      status.textContent = T.pick;
    } else {
      status.textContent = fill(T.no_data, { unit: unit, year: year });
    }
  }
  function funnelList(rows, year) {
    var names = function (flag) {
      var found = rows.filter(function (r) { return r.flag === flag; })
        .map(function (r) { return r.district; });
      return found.length ? found.join(', ') : T.none;
    };
    $('po-funnel-list').textContent = fill(T.list_above, { year: year, names: names('above') }) +
      ' ' + fill(T.list_below, { year: year, names: names('below') });
  }

  // -- selection, address and drawing ----------------------------------------------------
  // Python lists every spelling a unit can be named by (lower case); no folding here.
  function lookup(name) {
    var k = String(name).trim().toLowerCase();
    return Object.prototype.hasOwnProperty.call(D.address, k) ? D.address[k] : null;
  }
  function readAddress() {
    var parts = [];
    try {
      parts.push(window.location.hash.replace(/^#/, ''));
      parts.push(window.location.search.replace(/^\?/, ''));
    } catch (err) { return; }
    var params = new URLSearchParams(parts.join('&'));
    var d = params.get('district');
    if (d !== null && lookup(d) !== null) { selD.value = lookup(d); }
    var y = params.get('year');
    if (y !== null && D.years.indexOf(Number(y)) >= 0) { selY.value = String(Number(y)); }
  }
  function writeAddress(unit, year) {
    try {
      var hash = '#district=' + encodeURIComponent(unitLabel(unit)) + '&year=' + year;
      window.history.replaceState(null, '', hash);
    } catch (err) { /* file: pages may refuse; the selection still works */ }
  }
  function setTexts(cls, value) {
    Array.prototype.forEach.call(document.querySelectorAll('.' + cls), function (n) {
      n.textContent = value;
    });
  }
  function current() { return [selD.value, Number(selY.value)]; }
  function drawCharts() {
    var c = current();
    drawTrend(c[0]);
    drawFunnel(c[0], c[1]);
  }
  function render(write) {
    var c = current();
    setTexts('sel-unit', unitLabel(c[0]));
    setTexts('sel-year', String(c[1]));
    drawTable(c[0], c[1]);
    drawCharts();
    if (write) { writeAddress(c[0], c[1]); }
  }
  readAddress();
  render(false);
  selD.addEventListener('change', function () { render(true); });
  selY.addEventListener('change', function () { render(true); });
  window.addEventListener('hashchange', function () { readAddress(); render(false); });
  var pending = null;
  var lastWidth = window.innerWidth;
  window.addEventListener('resize', function () {
    if (window.innerWidth === lastWidth) { return; }
    lastWidth = window.innerWidth;
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(drawCharts, 120);
  });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) {
      d.open = true;
    });
  });
})();
