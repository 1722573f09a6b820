// depset report, the panels around the graph: why it broke and what repair added, what each strategy
// adds over the one before, bytes by directory and package (a treemap whose regions filter the graph),
// and the processes' timeline by phase. Everything here reads D.graph, computed by the report's Java.
(function () {
  'use strict';
  var R = window.depsetReport;
  if (!R || !R.D.graph) return;
  var D = R.D, T = R.T, G = D.graph, el = R.el, bytes = R.bytes;
  var PHASE_COLOURS = { boot: '#8c6bb1', work: '#2c7fb8', halt: '#7f7f7f', run: '#2c7fb8' };
  var graph = function () { return window.depsetGraph; };
  function procName(q) { return (G.names[q] || '?') + ' [' + T.procs[q][0] + ']'; }
  function inGraph(text, f) {
    if (!graph() || !document.getElementById('tabbtn-graph')) return el('span', null, text);
    return R.link(text, function () { R.showTab('graph'); f(); });
  }

  // ---- why it broke, why it was repaired
  (function () {
    var s = document.getElementById('tab-why');
    if (!s || !(G.misses.length || G.repairs.length)) return;
    if (G.misses.length) {
      var still = G.misses.filter(function (m) { return !R.entryIndex.has(m[0]); });
      s.appendChild(el('h3', null, 'Missing in the built tree (' + G.misses.length + ')'));
      s.appendChild(el('p', 'hint', 'Paths a run in the built tree looked up in vain though the source has them, with the ' +
        'processes of this trace that run the same program. Red diamonds in the graph.'));
      if (still.length) {
        s.appendChild(el('div', 'warn', 'Next correction: add ' + still.slice(0, 8).map(function (m) { return m[0]; }).join(', ') +
          (still.length > 8 ? ' and ' + (still.length - 8) + ' more' : '') + ' (or let the auto strategy repair the set).'));
      }
      R.listTable(s, ['path', 'wanted by', 'request', 'round', 'now'], G.misses, function (m) {
        var who = el('span');
        m[4].forEach(function (q, k) {
          if (k) who.appendChild(document.createTextNode(', '));
          who.appendChild(R.link(procName(q), function () { R.showProc(q); }));
        });
        if (!m[4].length) who.textContent = m[2] || '?';
        var k = G.misses.indexOf(m);
        return [inGraph(m[0], function () { graph().focusMiss(k); }), who, m[1], m[3].filter(function (r) { return r >= 0; }).join(', '),
          R.entryIndex.has(m[0]) ? 'in this set' : 'still missing'];
      }, 300);
    }
    if (G.repairs.length) {
      s.appendChild(el('h3', null, 'Repair rounds (' + G.repairs.length + ')'));
      s.appendChild(el('p', 'hint', 'What the auto strategy added after each failed round, and why. Orange borders in the graph.'));
      G.repairs.forEach(function (r) {
        var box = el('div', 'reason');
        box.appendChild(el('div', null, 'round ' + r[0] + ': +' + r[1] + ' entries, ' + bytes(r[2])));
        var ul = el('ul');
        r[3].slice(0, 40).forEach(function (a) {
          var li = el('li');
          li.appendChild(inGraph(a[0], function () { graph().focusPaths([a[0]], a[0] + ': ' + a[1]); }));
          li.appendChild(el('span', 'num', ' ' + a[1]));
          ul.appendChild(li);
        });
        if (r[3].length > 40) ul.appendChild(el('li', 'num', '\u2026 and ' + (r[3].length - 40) + ' more'));
        box.appendChild(ul);
        s.appendChild(box);
      });
    }
  })();

  // ---- strategies side by side
  (function () {
    var s = document.getElementById('tab-strategies');
    if (!s || D.sets.length < 2) return;
    s.appendChild(el('p', 'hint', 'Each set against the ones before it (in the order given): what it adds. In the graph, ' +
      '"colour by first strategy" paints each file by the first set that has it, and each process by the first set whose ' +
      'reasons name it (the first strategy that takes files because of it).'));
    R.listTable(s, ['set', 'strategy', 'adds entries', 'adds bytes', 'adds processes'], G.additions, function (a) {
      return [a.set, a.strategy, a.count, bytes(a.bytes), a.procs];
    }, 50);
    G.additions.forEach(function (a, k) {
      if (!k) return;
      s.appendChild(el('h3', null, a.set + ' adds, by directory'));
      R.listTable(s, ['directory', 'count', 'bytes'], a.dirs, function (r) {
        return [inGraph(r[0], function () { graph().focusDir(r[0]); }), r[1], bytes(r[2])];
      }, 50);
      if (a.pkgs) {
        s.appendChild(el('h3', null, a.set + ' adds, by package'));
        R.listTable(s, ['package', 'count', 'bytes'], a.pkgs, function (r) { return [r[0], r[1], bytes(r[2])]; }, 50);
      }
    });
  })();

  // ---- sizes: a squarified treemap of the set's bytes
  (function () {
    var box = document.getElementById('treemap'), controls = document.getElementById('sz-controls');
    if (!box) return;
    var mode = 'dirs', at = R.froot;
    function items() {
      if (mode === 'pkgs') {
        return (D.packages || []).map(function (p, k) { return { name: p.name, bytes: p.bytes, pkg: k }; });
      }
      return Array.from(at.kids.values()).map(function (n) { return { name: n.name + (n.kids.size ? '/' : ''), bytes: n.bytes, node: n }; });
    }
    // Bruls, Huizing and van Wijk's squarified layout: rows along the shorter side, worst aspect ratio kept low.
    function squarify(list, x, y, w, h, out) {
      var total = 0;
      list.forEach(function (i) { total += i.bytes; });
      if (!list.length || total <= 0) return;
      var scale = w * h / total, rest = list.slice(), row = [];
      function worst(r, side) {
        var s = 0, mx = 0, mn = Infinity;
        r.forEach(function (i) { var a = i.bytes * scale; s += a; mx = Math.max(mx, a); mn = Math.min(mn, a); });
        return Math.max(side * side * mx / (s * s), (s * s) / (side * side * mn));
      }
      while (rest.length) {
        var side = Math.min(w, h), next = rest[0];
        if (!row.length || worst(row.concat([next]), side) <= worst(row, side)) { row.push(rest.shift()); continue; }
        var laid = layRow(row, x, y, w, h, scale, out);
        x = laid[0]; y = laid[1]; w = laid[2]; h = laid[3];
        row = [];
      }
      if (row.length) layRow(row, x, y, w, h, scale, out);
    }
    function layRow(row, x, y, w, h, scale, out) {
      var area = 0;
      row.forEach(function (i) { area += i.bytes * scale; });
      if (w >= h) {
        var rw = area / h, yy = y;
        row.forEach(function (i) { var ih = i.bytes * scale / rw; out.push([i, x, yy, rw, ih]); yy += ih; });
        return [x + rw, y, w - rw, h];
      }
      var rh = area / w, xx = x;
      row.forEach(function (i) { var iw = i.bytes * scale / rh; out.push([i, xx, y, iw, rh]); xx += iw; });
      return [x, y + rh, w, h - rh];
    }
    var PALETTE = ['#a6cee3', '#b2df8a', '#fdbf6f', '#cab2d6', '#fb9a99', '#ffff99', '#8dd3c7', '#bebada', '#80b1d3', '#fccde5'];
    function draw() {
      controls.textContent = '';
      [['dirs', 'by directory'], ['pkgs', 'by package']].forEach(function (m) {
        if (m[0] === 'pkgs' && !D.packages) return;
        var b = el('button', mode === m[0] ? 'on' : null, m[1]);
        b.addEventListener('click', function () { mode = m[0]; at = R.froot; draw(); });
        controls.appendChild(b);
      });
      if (mode === 'dirs') {
        var crumbs = [];
        for (var n = at; n; n = n.parent) crumbs.unshift(n);
        crumbs.forEach(function (c) {
          controls.appendChild(document.createTextNode(' / '));
          controls.appendChild(R.link(c === R.froot ? '(root)' : c.name, function () { at = c; draw(); }));
        });
        controls.appendChild(document.createTextNode(' \u00b7 ' + bytes(at.bytes) + ' '));
        if (at !== R.froot) controls.appendChild(inGraph('show ' + at.path + ' in the graph', function () { graph().focusDir(at.path); }));
      }
      box.textContent = '';
      var list = items().filter(function (i) { return i.bytes > 0; }).sort(function (a, b) { return b.bytes - a.bytes; });
      var out = [];
      squarify(list, 0, 0, box.clientWidth || 800, box.clientHeight || 460, out);
      out.forEach(function (r, k) {
        var i = r[0], d = el('div', 'tm');
        d.style.left = r[1] + 'px'; d.style.top = r[2] + 'px'; d.style.width = r[3] + 'px'; d.style.height = r[4] + 'px';
        d.style.background = PALETTE[k % PALETTE.length];
        d.title = i.name + ' \u2014 ' + bytes(i.bytes);
        if (r[3] > 40 && r[4] > 14) d.textContent = i.name + ' ' + bytes(i.bytes);
        // A click filters the graph to the region (its files and the processes that touched them) and
        // shows it; a directory also opens in the treemap, for the next click one level down.
        d.dataset.name = i.name;
        d.addEventListener('click', function () {
          if (i.node && i.node.kids.size) { at = i.node; draw(); }
          else if (i.node) R.showFile(i.node.path);
          if (!graph() || !document.getElementById('tabbtn-graph')) return;
          R.showTab('graph');
          if (i.node && i.node.kids.size) graph().focusDir(i.node.path);
          else if (i.node) graph().focusPaths([i.node.path], i.node.path);
          else graph().focusPackage(D.packages[i.pkg].name);
        });
        box.appendChild(d);
      });
    }
    var drawn = false;
    document.getElementById('tabbtn-sizes').addEventListener('click', function () { if (!drawn) { drawn = true; draw(); } });
  })();

  // ---- the timeline of processes
  (function () {
    var box = document.getElementById('timeline');
    if (!box || !T || T.fromSet) return;
    var MAX_ROWS = 2000;
    function draw() {
      var end = 0;
      G.times.forEach(function (t) { end = Math.max(end, t[0], t[1]); });
      end = end || 1;
      var width = Math.max(300, box.clientWidth - 200);
      box.appendChild(el('div', 'hint', 'From 0 to ' + (end / 1000).toFixed(2) + ' s; ' + T.procs.length + ' processes' +
        (T.procs.length > MAX_ROWS ? ', the first ' + MAX_ROWS + ' drawn' : '') + '. Still running at the end: to the right edge.'));
      var frag = document.createDocumentFragment();
      for (var q = 0; q < Math.min(T.procs.length, MAX_ROWS); q++) {
        var t = G.times[q], p = T.procs[q], row = el('div', 'tl-row');
        row.appendChild(el('span', 'tl-name', procName(q)));
        var bar = el('span', 'tl-bar' + (p[5] !== null && p[5] !== 0 ? ' failed' : ''));
        var stop = t[1] < 0 ? end : t[1];
        bar.style.left = (200 + width * t[0] / end) + 'px';
        bar.style.width = Math.max(2, width * (stop - t[0]) / end) + 'px';
        bar.style.background = PHASE_COLOURS[p[4]] || '#9aa5b8';
        bar.title = procName(q) + ' ' + (p[4] || '') + ' ' + t[0].toFixed(1) + '\u2013' + (t[1] < 0 ? 'end' : t[1].toFixed(1)) + ' ms' +
          (p[5] !== null ? ', exit ' + p[5] : '');
        bar.addEventListener('click', (function (i) { return function () { R.showProc(i); }; })(q));
        row.appendChild(bar);
        frag.appendChild(row);
      }
      box.appendChild(frag);
    }
    var drawn = false;
    var btn = document.getElementById('tabbtn-timeline');
    if (btn) btn.addEventListener('click', function () { if (!drawn) { drawn = true; draw(); } });
  })();
})();
