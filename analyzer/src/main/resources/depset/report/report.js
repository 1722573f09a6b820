// depset report: draws the data of #depset-data lazily. No library, no network.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('depset-data').textContent);
  var PAGE = 200;          // children drawn per "more" click: keeps 50,000-node trees usable
  var MAX_HITS = 50;       // search results per kind
  var TYPES = { f: 'file', d: 'directory', l: 'symlink', p: 'fifo', s: 'socket', c: 'char device', b: 'block device' };
  var T = D.trace || null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function bytes(n) {
    if (n < 1024) return n + ' B';
    var u = ['KiB', 'MiB', 'GiB', 'TiB'], i = -1;
    do { n /= 1024; i++; } while (n >= 1024 && i < u.length - 1);
    return n.toFixed(1) + ' ' + u[i];
  }
  function octal(m) { var s = m.toString(8); while (s.length < 4) s = '0' + s; return s; }
  function link(text, onClick) {
    var a = el('a', 'link', text);
    a.href = '#';
    a.addEventListener('click', function (ev) { ev.preventDefault(); onClick(); });
    return a;
  }
  function baseName(p) { var i = p.lastIndexOf('/'); return i < 0 ? p : p.slice(i + 1); }
  function opNames(mask) {
    var out = [];
    D.opGroups.forEach(function (g, i) { if (mask & (1 << i)) out.push(g); });
    return out;
  }

  // ---- the file tree model: one node per path component, sized by the bytes of regular files below
  var entryIndex = new Map();
  D.entries.forEach(function (e, i) { entryIndex.set(e[0], i); });
  var froot = { name: '/', path: '/', kids: new Map(), bytes: 0, count: 0, entry: -1, parent: null };
  var fnodes = new Map([['/', froot]]);
  function ensure(path) {
    var n = fnodes.get(path);
    if (n) return n;
    var cut = path.lastIndexOf('/');
    var parent = ensure(cut <= 0 ? '/' : path.slice(0, cut));
    n = { name: path.slice(cut + 1), path: path, kids: new Map(), bytes: 0, count: 0, entry: -1, parent: parent };
    parent.kids.set(n.name, n);
    fnodes.set(path, n);
    return n;
  }
  D.entries.forEach(function (e, i) {
    var n = ensure(e[0]);
    n.entry = i;
    var size = e[1] === 'f' ? e[2] : 0;
    for (var m = n; m; m = m.parent) { m.bytes += size; m.count++; }
  });
  var fileTotal = froot.bytes || 1;

  // ---- the process tree model
  var procKids = [], procRoots = [], procDesc = [], byPid = new Map();
  if (T) {
    T.procs.forEach(function (p, i) {
      procKids.push([]);
      procDesc.push(0);
      if (!byPid.has(p[0])) byPid.set(p[0], []);
      byPid.get(p[0]).push(i);
    });
    T.procs.forEach(function (p, i) { if (p[1] >= 0) procKids[p[1]].push(i); else procRoots.push(i); });
    // descendants: children before parents (a trace records a child after its parent; a set's table
    // is in pid order, so sort by depth to be safe)
    var depth = T.procs.map(function (p, i) { var d = 0; for (var j = p[1]; j >= 0 && d < 10000; j = T.procs[j][1]) d++; return d; });
    var order = T.procs.map(function (p, i) { return i; }).sort(function (a, b) { return depth[b] - depth[a]; });
    order.forEach(function (i) {
      var par = T.procs[i][1];
      if (par >= 0) procDesc[par] += procDesc[i] + 1;
    });
  }
  function procLabel(i) {
    var p = T.procs[i];
    return (p[2] ? baseName(p[2]) : '(no exec)') + ' [' + p[0] + ']';
  }

  // ---- a lazily drawn, collapsible tree
  // spec: { kids(node) -> array, hasKids(node), row(node, rowEl), select(node), key(node) }
  function Tree(container, spec) {
    this.container = container;
    this.spec = spec;
    this.els = new Map();
    this.selected = null;
  }
  Tree.prototype.draw = function (roots) {
    var self = this;
    roots.forEach(function (n) { self.container.appendChild(self.nodeEl(n)); });
  };
  Tree.prototype.nodeEl = function (n) {
    var self = this, spec = this.spec;
    var div = el('div', 'node');
    var row = el('div', 'row');
    var tog = el('span', 'toggle' + (spec.hasKids(n) ? '' : ' leaf'), spec.hasKids(n) ? '\u25b8' : '\u00b7');
    row.appendChild(tog);
    spec.row(n, row);
    div.appendChild(row);
    div._node = n;
    div._row = row;
    div._tog = tog;
    div._kids = null;
    div.dataset.key = spec.key(n);
    tog.addEventListener('click', function () { self.toggle(div); });
    var name = row.querySelector('.name');
    if (name) name.addEventListener('click', function () { self.select(n); spec.select(n); });
    this.els.set(spec.key(n), div);
    return div;
  };
  Tree.prototype.toggle = function (div, open) {
    if (!this.spec.hasKids(div._node)) return;
    var want = open === undefined ? !(div._kids && !div._kids.hidden) : open;
    if (want && !div._kids) {
      div._kids = el('div', 'kids');
      div._all = this.spec.kids(div._node);
      div._shown = 0;
      div.appendChild(div._kids);
      this.page(div);
    }
    if (div._kids) div._kids.hidden = !want;
    div._tog.textContent = want ? '\u25be' : '\u25b8';
  };
  Tree.prototype.page = function (div) {
    var self = this, kids = div._kids, all = div._all;
    var old = kids.querySelector(':scope > .more');
    if (old) old.remove();
    var end = Math.min(all.length, div._shown + PAGE);
    for (var i = div._shown; i < end; i++) kids.appendChild(this.nodeEl(all[i]));
    div._shown = end;
    if (end < all.length) {
      var more = el('div', 'more', 'show ' + Math.min(PAGE, all.length - end) + ' more of ' + (all.length - end));
      more.addEventListener('click', function () { self.page(div); });
      kids.appendChild(more);
    }
  };
  // Opens the ancestors of a node (list of nodes from the root down) and selects it.
  Tree.prototype.reveal = function (chain) {
    var div = null;
    for (var i = 0; i < chain.length; i++) {
      var key = this.spec.key(chain[i]);
      div = this.els.get(key);
      if (!div && i > 0) {
        var parent = this.els.get(this.spec.key(chain[i - 1]));
        while (!this.els.get(key) && parent._shown < parent._all.length) this.page(parent);
        div = this.els.get(key);
      }
      if (!div) return null;
      if (i < chain.length - 1) this.toggle(div, true);
    }
    this.select(chain[chain.length - 1]);
    div._row.scrollIntoView({ block: 'center' });
    return div;
  };
  Tree.prototype.select = function (n) {
    if (this.selected) this.selected.classList.remove('selected');
    var div = this.els.get(this.spec.key(n));
    if (div) { div._row.classList.add('selected'); this.selected = div._row; }
  };

  function sizeBar(part, whole) {
    var box = el('span', 'barbox'), bar = el('span', 'bar');
    bar.style.width = Math.max(1, Math.round(80 * part / (whole || 1))) + 'px';
    box.appendChild(bar);
    return box;
  }

  var fileTree = new Tree(document.getElementById('files-tree'), {
    key: function (n) { return n.path; },
    hasKids: function (n) { return n.kids.size > 0; },
    kids: function (n) {
      return Array.from(n.kids.values()).sort(function (a, b) {
        return b.bytes - a.bytes || (a.name < b.name ? -1 : 1);
      });
    },
    row: function (n, row) {
      var e = n.entry >= 0 ? D.entries[n.entry] : null;
      row.appendChild(sizeBar(n.bytes, fileTotal));
      var name = el('span', 'name', n === froot ? '/' : n.name + (e && e[1] === 'd' || n.kids.size ? '/' : ''));
      if (e && e[9] >= 0) name.classList.add('secret');
      row.appendChild(name);
      if (e && e[1] === 'l') row.appendChild(el('span', 'num', '\u2192 ' + e[6]));
      row.appendChild(el('span', 'num', bytes(n.bytes) + (n.kids.size ? ' \u00b7 ' + n.count + ' entries' : '')));
      if (e && e[9] >= 0) row.appendChild(el('span', 'tag failed', 'secret'));
    },
    select: function (n) { showFile(n.path); }
  });

  var procTree = new Tree(document.getElementById('procs-tree'), {
    key: function (i) { return 'p' + i; },
    hasKids: function (i) { return i < 0 ? procRoots.length > 0 : procKids[i].length > 0; },
    kids: function (i) { return i < 0 ? procRoots : procKids[i]; },
    row: function (i, row) {
      if (i < 0) {
        row.appendChild(el('span', 'name', 'run'));
        row.appendChild(el('span', 'num', T.procs.length + ' processes' + (T.command.length ? ' \u00b7 ' + T.command.join(' ') : '')));
        return;
      }
      var p = T.procs[i];
      row.appendChild(el('span', 'name', procLabel(i)));
      if (p[3]) row.appendChild(el('span', 'num', p[3].length > 80 ? p[3].slice(0, 80) + '\u2026' : p[3]));
      row.appendChild(el('span', 'num', (p[6].length / 2) + ' files \u00b7 ' + procDesc[i] + ' descendants'));
      if (p[4]) row.appendChild(el('span', 'tag', p[4]));
      if (p[5] !== null && p[5] !== 0) row.appendChild(el('span', 'tag failed', 'exit ' + p[5]));
    },
    select: function (i) { if (i >= 0) showProc(i); }
  });

  // ---- details
  var details = document.getElementById('details');
  function dl(pairs) {
    var d = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') return;
      d.appendChild(el('dt', null, p[0]));
      var dd = el('dd');
      if (p[1] instanceof Node) dd.appendChild(p[1]); else dd.textContent = String(p[1]);
      d.appendChild(dd);
    });
    return d;
  }
  function ancestors(i) {
    var chain = [];
    for (var j = i; j >= 0 && chain.length < 10000; j = T.procs[j][1]) chain.unshift(j); // a bounded walk: a bad table may loop
    return chain;
  }
  function procChain(i) { return [-1].concat(ancestors(i)); }
  function chainEl(i) {
    var c = el('div', 'chain');
    c.appendChild(document.createTextNode('why: '));
    ancestors(i).forEach(function (j, k) {
      if (k) c.appendChild(document.createTextNode(' \u203a '));
      c.appendChild(link(procLabel(j), function () { revealProc(j); }));
    });
    return c;
  }
  var pathIndex = null;
  function tracePathId(path) {
    if (!T) return -1;
    if (!pathIndex) { pathIndex = new Map(); T.paths.forEach(function (p, i) { pathIndex.set(p, i); }); }
    var id = pathIndex.get(path);
    return id === undefined ? -1 : id;
  }
  function touchers(path) {
    var id = tracePathId(path), out = [];
    if (id < 0) return out;
    T.procs.forEach(function (p, i) {
      var t = p[6];
      for (var k = 0; k < t.length; k += 2) if (t[k] === id) { out.push([i, t[k + 1]]); break; }
    });
    return out;
  }
  function showFile(path) {
    details.textContent = '';
    details.appendChild(el('h2', null, path));
    var idx = entryIndex.get(path);
    if (idx === undefined) {
      var n = fnodes.get(path);
      details.appendChild(el('p', 'hint', n ? 'A directory on the way to ' + n.count + ' entries of the set (' +
        bytes(n.bytes) + '); not itself an entry.' : 'Not in the deployment set.'));
    } else {
      var e = D.entries[idx];
      var pkg = e[8] >= 0 && D.packages ? D.packages[e[8]] : null;
      if (e[9] >= 0) {
        var s = D.secrets[e[9]];
        details.appendChild(el('div', 'warn', 'Looks like a credential: ' + s[2] + ' (' + s[1] + ')'));
      }
      details.appendChild(dl([
        ['type', TYPES[e[1]] || e[1]], ['size', e[1] === 'f' ? bytes(e[2]) + ' (' + e[2] + ' bytes)' : null],
        ['mode', octal(e[3])], ['owner', e[4] + ':' + e[5]], ['target', e[6]],
        ['package', pkg ? pkg.name + ' ' + pkg.version + ' \u2014 ' + pkg.licenses
          : (D.packages ? (e[8] === -2 ? 'shared directory' : 'no package (your own file)') : null)]
      ]));
      details.appendChild(el('h3', null, 'Reasons (' + e[7].length + ')'));
      e[7].forEach(function (rid) {
        var r = D.reasons[rid];
        var box = el('div', 'reason');
        box.appendChild(el('div', null, r[0]));
        var bits = [];
        if (r[1]) bits.push('pid ' + r[1]);
        if (r[2]) bits.push(r[2]);
        if (r[3]) bits.push(r[3]);
        if (r[4]) bits.push('run ' + r[4]);
        if (bits.length) box.appendChild(el('div', 'num', bits.join(' \u00b7 ')));
        if (T && r[1] && byPid.has(r[1])) {
          var cands = byPid.get(r[1]);
          var id = tracePathId(path);
          var best = cands.filter(function (i) {
            var t = T.procs[i][6];
            for (var k = 0; k < t.length; k += 2) if (t[k] === id) return true;
            return false;
          });
          (best.length ? best : cands).slice(0, 3).forEach(function (i) { box.appendChild(chainEl(i)); });
        }
        box.classList.add('r-' + rid);
        details.appendChild(box);
      });
    }
    if (T) {
      var who = touchers(path);
      if (who.length) {
        details.appendChild(el('h3', null, 'Touched by ' + who.length + ' process' + (who.length > 1 ? 'es' : '')));
        var ul = el('ul');
        who.slice(0, 100).forEach(function (w) {
          var li = el('li');
          li.appendChild(link(procLabel(w[0]), function () { revealProc(w[0]); }));
          li.appendChild(el('span', 'num', ' ' + opNames(w[1]).join(', ')));
          ul.appendChild(li);
        });
        if (who.length > 100) ul.appendChild(el('li', 'num', '\u2026 and ' + (who.length - 100) + ' more'));
        details.appendChild(ul);
      }
    }
  }
  function showProc(i) {
    var p = T.procs[i];
    details.textContent = '';
    details.appendChild(el('h2', null, procLabel(i)));
    details.appendChild(dl([
      ['pid', p[0]], ['executable', p[2] || '(no exec recorded)'], ['argv', p[3]], ['phase', p[4]],
      ['exit', p[5] === null ? 'not seen' : p[5]], ['descendants', procDesc[i]]
    ]));
    details.appendChild(chainEl(i));
    var t = p[6];
    details.appendChild(el('h3', null, 'Touched ' + (t.length / 2) + ' paths'));
    var table = el('table', 'list');
    var head = el('tr');
    ['path', 'operations', 'in set'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(head);
    var shown = 0;
    function more() {
      var end = Math.min(t.length, shown + 2 * PAGE);
      for (var k = shown; k < end; k += 2) {
        var path = T.paths[t[k]], tr = el('tr'), td = el('td');
        td.appendChild(link(path, (function (pp) { return function () { revealFile(pp); }; })(path)));
        tr.appendChild(td);
        var ops = el('td');
        opNames(t[k + 1]).forEach(function (o) { ops.appendChild(el('span', 'tag' + (o === 'probe-missing' ? ' failed' : ''), o)); ops.appendChild(document.createTextNode(' ')); });
        tr.appendChild(ops);
        tr.appendChild(el('td', null, entryIndex.has(path) ? 'yes' : ''));
        table.appendChild(tr);
      }
      shown = end;
      if (shown < t.length) {
        var m = el('div', 'more', 'show more (' + ((t.length - shown) / 2) + ' left)');
        m.addEventListener('click', function () { m.remove(); more(); });
        details.appendChild(m);
      }
    }
    details.appendChild(table);
    more();
  }

  // ---- tabs
  var G = D.graph || null;
  var hasWhy = G && (G.misses.length || G.repairs.length);
  var tabs = [];
  if (T && T.procs.length && window.cytoscape) tabs.push(['graph', 'Graph']);
  if (hasWhy) tabs.push(['why', 'Why it broke (' + G.misses.length + ' missing, ' + G.repairs.length + ' repair rounds)']);
  if (G && D.sets.length > 1) tabs.push(['strategies', 'Strategies (' + D.sets.length + ')']);
  tabs.push(['sizes', 'Sizes']);
  if (T && !T.fromSet) tabs.push(['timeline', 'Timeline']);
  tabs.push(['files', 'Files (' + D.entries.length + ')']);
  if (T) tabs.push(['procs', 'Processes (' + T.procs.length + ')']);
  if (T && !T.fromSet) tabs.push(['failed', 'Failed lookups (' + T.failed.length + ')']);
  if (D.verify) tabs.push(['missing', 'Missing in verify (' + D.verify.missing.length + ')']);
  if (D.packages) tabs.push(['packages', 'Packages (' + D.packages.length + ')']);
  tabs.push(['secrets', 'Secrets (' + D.secrets.length + ')']);
  if (D.closures) tabs.push(['closures', 'Closures (' + D.closures.length + ')']);
  var nav = document.getElementById('tabs');
  function showTab(name) {
    Array.prototype.forEach.call(nav.children, function (b) { b.classList.toggle('on', b.dataset.tab === name); });
    Array.prototype.forEach.call(document.querySelectorAll('.tab'), function (s) {
      s.classList.toggle('on', s.id === 'tab-' + name);
    });
  }
  tabs.forEach(function (t) {
    var b = el('button', null, t[1]);
    b.dataset.tab = t[0];
    b.id = 'tabbtn-' + t[0];
    b.addEventListener('click', function () { showTab(t[0]); });
    nav.appendChild(b);
  });

  function revealFile(path) {
    showTab('files');
    var chain = [], n = fnodes.get(path);
    for (; n; n = n.parent) chain.unshift(n);
    if (chain.length) fileTree.reveal(chain);
    showFile(path);
  }
  function revealProc(i) {
    showTab('procs');
    procTree.reveal(procChain(i));
    showProc(i);
  }

  // ---- summary
  (function () {
    var s = document.getElementById('summary');
    var table = el('table'), head = el('tr');
    ['set', 'strategy', 'files', 'size', 'share of source'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(head);
    D.sets.forEach(function (set) {
      var tr = el('tr');
      [set.name, set.strategy, set.files, bytes(set.bytes),
        D.sourceBytes ? (100 * set.bytes / D.sourceBytes).toFixed(1) + '% of ' + bytes(D.sourceBytes) : 'unknown']
        .forEach(function (v) { tr.appendChild(el('td', null, String(v))); });
      table.appendChild(tr);
    });
    s.appendChild(table);
    var facts = ['source root ' + D.sourceRoot];
    if (T && T.fromSet) facts.push(T.procs.length + ' processes (the set\'s process table; no trace given)');
    else if (T) facts.push(T.procs.length + ' processes, ' + T.events + ' events' + (T.complete ? '' : ' (cut trace)'),
      T.failed.length + ' failed lookups');
    if (D.verify) facts.push('verify: ' + (D.verify.passed === true ? 'PASS' : D.verify.passed === false ? 'FAIL' : '?') +
      ', ' + D.verify.missing.length + ' missing');
    if (D.packages) facts.push(D.packages.length + ' packages, ' + D.unowned.length + ' files of no package');
    facts.push(D.secrets.length + ' flagged secrets');
    s.appendChild(el('div', 'facts', facts.join(' \u00b7 ')));
  })();

  // ---- list tabs
  function listTable(section, headers, rows, cells, cap) {
    var table = el('table', 'list'), tr = el('tr');
    headers.forEach(function (h) { tr.appendChild(el('th', /^(files|bytes|count)$/.test(h) ? 'r' : null, h)); });
    table.appendChild(tr);
    var shown = 0;
    function more() {
      var end = Math.min(rows.length, shown + cap);
      for (var i = shown; i < end; i++) {
        var row = el('tr');
        cells(rows[i]).forEach(function (c) {
          var td = el('td', typeof c === 'number' ? 'r' : null);
          if (c instanceof Node) td.appendChild(c); else td.textContent = c === null ? '' : String(c);
          row.appendChild(td);
        });
        table.appendChild(row);
      }
      shown = end;
      if (shown < rows.length) {
        var m = el('div', 'more', 'show more (' + (rows.length - shown) + ' left)');
        m.addEventListener('click', function () { m.remove(); more(); });
        section.appendChild(m);
      }
    }
    section.appendChild(table);
    more();
  }
  if (T && !T.fromSet) {
    var fs = document.getElementById('tab-failed');
    fs.appendChild(el('p', 'hint', 'Names looked up that did not exist: search paths probed, optional files. A ' +
      'missing file that the service needs shows up here first.'));
    listTable(fs, ['path', 'count', 'first process'], T.failed, function (f) {
      var who = byPid.has(f[2]) ? link(procLabel(byPid.get(f[2])[0]), function () { revealProc(byPid.get(f[2])[0]); }) : String(f[2]);
      return [f[0], f[1], who];
    }, 500);
  }
  if (D.verify) {
    var ms = document.getElementById('tab-missing');
    ms.appendChild(el('p', 'hint', 'Paths the sequence asked for in the built tree that were not there.'));
    listTable(ms, ['path', 'in set'], D.verify.missing, function (p) {
      return [entryIndex.has(p) ? link(p, function () { revealFile(p); }) : p, entryIndex.has(p) ? 'yes' : 'no'];
    }, 500);
  }
  if (D.packages) {
    var ps = document.getElementById('tab-packages');
    listTable(ps, ['package', 'version', 'licenses', 'files', 'bytes'], D.packages, function (p) {
      return [p.copyright ? link(p.name, function () { revealFile(p.copyright); }) : p.name, p.version, p.licenses,
        p.files, bytes(p.bytes)];
    }, 500);
    ps.appendChild(el('h3', null, 'Files of no package (' + D.unowned.length + ')'));
    ps.appendChild(el('p', 'hint', 'Your own code and configuration, and files generated at install time.'));
    listTable(ps, ['path'], D.unowned, function (p) { return [link(p, function () { revealFile(p); })]; }, 500);
  }
  (function () {
    var ss = document.getElementById('tab-secrets');
    if (!D.secrets.length) { ss.appendChild(el('p', 'hint', 'No entry looks like a credential.')); return; }
    ss.appendChild(el('p', 'hint', 'Entries that look like credentials. depset build --exclude-secrets leaves them out.'));
    listTable(ss, ['path', 'kind', 'why'], D.secrets, function (s) {
      return [link(s[0], function () { revealFile(s[0]); }), s[1], s[2]];
    }, 500);
  })();

  // ---- closures: what each one added to the set, and its cost
  if (D.closures) {
    var cs = document.getElementById('tab-closures');
    cs.appendChild(el('p', 'hint', 'Files the closures of the strategy (' + D.sets[0].strategy + ') added from the ' +
      'source root, for paths the trace did not see; each file\'s reasons name the file that needed it.'));
    listTable(cs, ['closure', 'entries', 'bytes', 'share of the set'], D.closures, function (c) {
      return [c[0], c[1], bytes(c[2]), D.sets[0].bytes ? (100 * c[2] / D.sets[0].bytes).toFixed(1) + ' %' : '–'];
    }, 50);
  }

  // ---- search
  var input = document.getElementById('search'), results = document.getElementById('search-results');
  var timer = null;
  function search(q) {
    results.textContent = '';
    q = q.trim().toLowerCase();
    if (!q) { results.classList.remove('open'); return; }
    var hits = 0;
    for (var i = 0; i < D.entries.length && hits < MAX_HITS; i++) {
      var p = D.entries[i][0];
      if (p.toLowerCase().indexOf(q) >= 0) { addHit('file', p, (function (pp) { return function () { revealFile(pp); }; })(p)); hits++; }
    }
    var phits = 0;
    if (T) {
      for (var j = 0; j < T.procs.length && phits < MAX_HITS; j++) {
        var pr = T.procs[j];
        if (String(pr[0]) === q || pr[2].toLowerCase().indexOf(q) >= 0 || pr[3].toLowerCase().indexOf(q) >= 0) {
          addHit('process', procLabel(j) + ' ' + pr[3], (function (jj) { return function () { revealProc(jj); }; })(j));
          phits++;
        }
      }
    }
    if (!hits && !phits) results.appendChild(el('div', 'hit', 'nothing matches'));
    results.classList.add('open');
    results.dataset.query = q; // what the shown results answer (typing redraws them)
  }
  function addHit(kind, text, go) {
    var h = el('div', 'hit');
    h.appendChild(el('span', 'kind', kind));
    h.appendChild(document.createTextNode(text));
    h.addEventListener('click', function () { results.classList.remove('open'); go(); });
    results.appendChild(h);
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { var first = results.querySelector('.hit'); if (first) first.click(); }
    if (ev.key === 'Escape') results.classList.remove('open');
  });

  // ---- first view
  fileTree.draw([froot]);
  fileTree.toggle(fileTree.els.get('/'), true);
  if (T) {
    procTree.draw([-1]);
    procTree.toggle(procTree.els.get('p-1'), true);
  }
  showTab(tabs[0][0]);
  // What graph.js builds on: the data, the trees' models and the details panel.
  window.depsetReport = {
    D: D, T: T, el: el, bytes: bytes, link: link, baseName: baseName, opNames: opNames, procLabel: procLabel,
    procKids: procKids, procRoots: procRoots, procDesc: procDesc, byPid: byPid, fnodes: fnodes, froot: froot,
    entryIndex: entryIndex, showFile: showFile, showProc: showProc, showTab: showTab, dl: dl, details: details,
    revealFile: revealFile, revealProc: revealProc, listTable: listTable
  };
  document.body.dataset.ready = 'true';
})();
