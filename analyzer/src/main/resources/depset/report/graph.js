// depset report, the graph view: cytoscape.js draws, dagre lays out (both inlined from their WebJars).
// The model (groups, sizes, strategies, repairs, misses) comes computed from Java in D.graph; this file
// only decides what is visible: processes collapse to their subtree, files aggregate by package or
// directory and expand on click, so that a 50,000-node trace draws a few hundred nodes.
(function () {
  'use strict';
  var R = window.depsetReport;
  if (!R) return;
  var D = R.D, T = R.T, G = D.graph, el = R.el, bytes = R.bytes;

  var PROC_BUDGET = 100;   // processes drawn before subtrees stay collapsed
  var GROUP_BUDGET = 120;  // directory groups drawn before directories merge into their parents
  var FILES_PER_GROUP = 300; // files an expanded group draws
  var STRATEGY_COLOURS = ['#2f6fdb', '#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#a6761d'];
  var PHASE_COLOURS = { boot: '#8c6bb1', work: '#2c7fb8', halt: '#7f7f7f', run: '#2c7fb8' };

  // ---- the whole model: processes 0..N-1, paths 0..P-1
  var N = T ? T.procs.length : 0, P = T ? T.paths.length : 0;
  function bit(name) { var i = D.opGroups.indexOf(name); return i < 0 ? 0 : 1 << i; }
  var EXEC = bit('exec'), WRITE = bit('write') | bit('create') | bit('rename') | bit('unlink') | bit('link') | bit('setattr');
  var READ = bit('open') | bit('read') | bit('readdir') | bit('readlink') | bit('xattr');
  var STAT = bit('stat') | bit('access'), MISSING = bit('probe-missing');
  /** The kind an edge is drawn as: the strongest of its accesses. */
  function edgeKind(mask) {
    if (mask & EXEC) return 'exec';
    if (mask & WRITE) return 'write';
    if (mask & READ) return 'read';
    if (mask & STAT) return 'stat';
    if (mask & MISSING) return 'probe-missing';
    return 'stat';
  }
  var parentOf = new Int32Array(N), depthOf = new Int32Array(N);
  for (var i = 0; i < N; i++) parentOf[i] = T.procs[i][1];
  for (i = 0; i < N; i++) { var d = 0; for (var j = parentOf[i]; j >= 0 && d < 100000; j = parentOf[j]) d++; depthOf[i] = d; }
  var kids = R.procKids, roots = R.procRoots;
  var repaired = new Map(); // path -> [round, rule]
  (G ? G.repairs : []).forEach(function (r) { r[3].forEach(function (a) { repaired.set(a[0], [r[0], a[1]]); }); });
  var pathId = new Map();
  if (T) T.paths.forEach(function (p, k) { pathId.set(p, k); });
  var touchersOf = null; // path id -> process indices, built on the first path query
  function touchers() {
    if (touchersOf) return touchersOf;
    touchersOf = new Array(P);
    for (var k = 0; k < P; k++) touchersOf[k] = [];
    for (var q = 0; q < N; q++) {
      var t = T.procs[q][6];
      for (var m = 0; m < t.length; m += 2) touchersOf[t[m]].push(q);
    }
    return touchersOf;
  }

  // ---- view state
  var open = new Uint8Array(N);          // a process whose children are drawn
  var openGroups = new Set();            // groups drawn as their files
  var filesMode = 'pkgs', colourMode = 'kind';
  var dirDepth = 64;                     // directories deeper than this merge into their ancestor
  var hl = null;                         // {procs: Set, paths: Set, misses: Set, edges: [[a, b]]} or null
  var onlyHl = false;                    // subgraph: hide what is not highlighted
  var cy = null;

  function initialOpen() {
    var visible = roots.length, queue = roots.slice();
    while (queue.length) {
      var q = queue.shift();
      if (!kids[q].length || visible + kids[q].length > PROC_BUDGET) continue;
      open[q] = 1;
      visible += kids[q].length;
      kids[q].forEach(function (c) { queue.push(c); });
    }
  }
  function chooseDirDepth() {
    if (!G) return;
    for (dirDepth = 64; dirDepth > 1; dirDepth--) {
      var seen = new Set();
      for (var k = 0; k < G.dirs.length && seen.size <= GROUP_BUDGET; k++) seen.add(cutDir(G.dirs[k], dirDepth));
      if (seen.size <= GROUP_BUDGET) return;
    }
  }
  function cutDir(dir, depth) {
    var parts = dir.split('/');
    return parts.length - 1 <= depth ? dir : parts.slice(0, depth + 1).join('/');
  }
  /** The visible process standing for q: q itself, or its nearest ancestor whose parent is open. */
  function repOf(q) {
    var rep = q;
    for (var a = parentOf[q]; a >= 0; a = parentOf[a]) if (!open[a]) rep = a;
    return rep;
  }
  function groupOf(p) {
    if (filesMode === 'none') return null;
    if (filesMode === 'all') return 'f' + p;
    var key = groupKeyOf(p);
    return openGroups.has(key) ? 'f' + p : 'g' + key;
  }
  /** The group a path is drawn in when its group is folded. */
  function groupKeyOf(p) {
    if (filesMode === 'none' || filesMode === 'all') return null;
    return filesMode === 'pkgs' && G.pathPkg[p] >= 0 ? 'k' + G.pathPkg[p] : 'd' + cutDir(G.dirs[G.pathDir[p]], dirDepth);
  }
  function groupLabel(key) {
    return key[0] === 'k' ? G.pkgs[+key.slice(1)] : key === 'd/' ? '/' : key.slice(1) + '/';
  }
  function procName(q) { return (G.names[q] || '?') + ' [' + T.procs[q][0] + ']'; }

  // ---- building the elements of the current view
  function build() {
    var nodes = [], edges = [], layoutEdges = [], reps = new Int32Array(N), groupMembers = new Map();
    var pos = 0;
    var stack = roots.slice().reverse();
    var visible = [];
    while (stack.length) {
      var q = stack.pop();
      visible.push(q);
      if (open[q]) for (var k = kids[q].length - 1; k >= 0; k--) stack.push(kids[q][k]);
    }
    var isVisible = new Uint8Array(N);
    visible.forEach(function (q) { isVisible[q] = 1; });
    for (var q = 0; q < N; q++) reps[q] = isVisible[q] ? q : -1;
    for (q = 0; q < N; q++) if (reps[q] < 0) reps[q] = repOf(q);
    visible.forEach(function (q) {
      var p = T.procs[q], hidden = open[q] ? 0 : R.procDesc[q];
      nodes.push({ group: 'nodes', data: {
        id: 'p' + q, label: procName(q) + (hidden ? ' +' + hidden : ''), kind: 'proc', proc: q,
        phase: p[4] || '', failed: p[5] !== null && p[5] !== 0 ? 1 : 0, collapsed: hidden ? 1 : 0
      } });
      if (parentOf[q] >= 0) {
        edges.push({ group: 'edges', data: { id: 's' + q, source: 'p' + parentOf[q], target: 'p' + q, kind: 'spawn' } });
        // leaves among many siblings staggered too; a process with children drawn keeps its rank
        layoutEdges.push({ data: { source: 'p' + parentOf[q], target: 'p' + q, leaf: open[q] ? 0 : 1 } });
      }
    });
    // access edges, one per (visible process, file node), their kinds merged
    var acc = new Map(), weight = new Map();
    for (q = 0; q < N; q++) {
      var t = T.procs[q][6], rep = reps[q];
      for (var m = 0; m < t.length; m += 2) {
        var target = groupOf(t[m]);
        if (target === null) continue;
        if (target[0] === 'g') {
          var members = groupMembers.get(target);
          if (!members) groupMembers.set(target, members = new Set());
          members.add(t[m]);
        } else if (!groupMembers.has(target)) groupMembers.set(target, new Set([t[m]]));
        var key = rep + ' ' + target;
        acc.set(key, (acc.get(key) || 0) | t[m + 1]);
        var wkey = target;
        var w = weight.get(wkey);
        if (!w) weight.set(wkey, w = new Map());
        w.set(rep, (w.get(rep) || 0) + 1);
      }
    }
    groupMembers.forEach(function (members, id) {
      var bytesIn = 0, firstSet = -1, rep = 0;
      members.forEach(function (p) {
        bytesIn += G.pathBytes[p];
        var s = G.pathSet[p];
        if (s >= 0 && (firstSet < 0 || s < firstSet)) firstSet = s;
        if (repaired.has(T.paths[p])) rep = 1;
      });
      var data;
      if (id[0] === 'g') {
        data = { id: id, kind: 'group', label: groupLabel(id.slice(1)) + '\n' + members.size + ' files' + (bytesIn ? ', ' + bytes(bytesIn) : ''),
          members: members.size, set: firstSet, repaired: rep, pkg: id[1] === 'k' ? 1 : 0 };
      } else {
        var p = +id.slice(1), path = T.paths[p];
        data = { id: id, kind: 'file', label: R.baseName(path) || path, path: path, set: firstSet, repaired: rep,
          absent: T.failed && isAbsent(path) ? 1 : 0 };
      }
      nodes.push({ group: 'nodes', data: data });
    });
    acc.forEach(function (mask, key) {
      var cut = key.indexOf(' '), rep = key.slice(0, cut), target = key.slice(cut + 1);
      edges.push({ group: 'edges', data: { id: 'a' + rep + '-' + target, source: 'p' + rep, target: target, kind: edgeKind(mask), mask: mask } });
    });
    // each file node hangs in the layout below the visible process that used it most
    weight.forEach(function (w, target) {
      var best = -1, bestN = -1;
      w.forEach(function (n, rep) { if (n > bestN || (n === bestN && rep < best)) { best = rep; bestN = n; } });
      layoutEdges.push({ data: { source: 'p' + best, target: target, leaf: 1 } });
    });
    // the verify result's misses, red, tied to the processes that looked for them
    (G ? G.misses : []).forEach(function (ms, k) {
      var still = !R.entryIndex.has(ms[0]);
      nodes.push({ group: 'nodes', data: { id: 'm' + k, kind: 'miss', label: R.baseName(ms[0]) + '\nmissing', path: ms[0], still: still ? 1 : 0,
        miss: k } });
      var tied = new Set();
      ms[4].forEach(function (q) { tied.add(reps[q]); });
      tied.forEach(function (rep) {
        var e = { group: 'edges', data: { id: 'mx' + rep + '-' + k, source: 'p' + rep, target: 'm' + k, kind: 'miss' } };
        edges.push(e);
        layoutEdges.push({ data: { source: 'p' + rep, target: 'm' + k, leaf: 1 } });
      });
    });
    // A node's leaves (file nodes, misses, folded processes) spread over about sqrt(n / 3) columns, so
    // that a process with a hundred of them is a block rather than a mile-long column.
    var leaves = new Map(), seen = new Map(), placed = new Set();
    layoutEdges.forEach(function (e) {
      if (e.data.leaf && !placed.has(e.data.target)) { leaves.set(e.data.source, (leaves.get(e.data.source) || 0) + 1); placed.add(e.data.target); }
    });
    placed.clear();
    layoutEdges.forEach(function (e) {
      if (!e.data.leaf || placed.has(e.data.target)) return;
      placed.add(e.data.target);
      var cols = Math.max(1, Math.round(Math.sqrt(leaves.get(e.data.source) / 3)));
      var k = seen.get(e.data.source) || 0;
      seen.set(e.data.source, k + 1);
      e.data.minlen = 1 + k % cols;
    });
    return { nodes: nodes, edges: edges, layoutEdges: layoutEdges, reps: reps };
  }
  var absentSet = null;
  function isAbsent(path) {
    if (!absentSet) { absentSet = new Set(); T.failed.forEach(function (f) { absentSet.add(f[0]); }); }
    return absentSet.has(path);
  }

  /** The lines of a node's label: left to right, labels stand beside their nodes and stack by their height. */
  function labelLines(label) { return String(label || '').split('\n').length; }
  var view = null;
  function colourOf(ele) {
    var d = ele.data();
    if (colourMode === 'strategy' && d.set !== undefined) return d.set >= 0 ? STRATEGY_COLOURS[d.set % STRATEGY_COLOURS.length] : '#c9ced8';
    if (colourMode === 'phase' && d.kind === 'proc') return PHASE_COLOURS[d.phase] || '#9aa5b8';
    if (d.kind === 'proc') return '#3b5b92';
    if (d.kind === 'group') return d.pkg ? '#e8c26a' : '#a9c4e8';
    return '#cfe0f5';
  }
  var STYLE = [
    { selector: 'node', style: { 'label': 'data(label)', 'font-size': 10, 'text-wrap': 'wrap', 'text-max-width': 160,
      'background-color': colourOf, 'color': '#1d2330', 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 4,
      'width': 18, 'height': 18 } },
    { selector: 'node[kind = "proc"]', style: { 'shape': 'ellipse', 'width': 22, 'height': 22 } },
    { selector: 'node[kind = "proc"][collapsed = 1]', style: { 'shape': 'octagon', 'border-width': 3, 'border-color': '#1d2b45' } },
    { selector: 'node[kind = "proc"][failed = 1]', style: { 'border-width': 3, 'border-color': '#b00020' } },
    { selector: 'node[kind = "group"]', style: { 'shape': 'round-rectangle', 'width': 28, 'height': 20, 'border-width': 1, 'border-color': '#6b778c' } },
    { selector: 'node[kind = "file"]', style: { 'shape': 'rectangle', 'width': 12, 'height': 12 } },
    { selector: 'node[absent = 1]', style: { 'background-opacity': 0.2, 'border-width': 1, 'border-style': 'dashed', 'border-color': '#6b778c' } },
    { selector: 'node[repaired = 1]', style: { 'border-width': 3, 'border-color': '#e07b00' } },
    { selector: 'node[kind = "miss"]', style: { 'shape': 'diamond', 'background-color': '#d7191c', 'color': '#9b1c1c', 'width': 22, 'height': 22 } },
    { selector: 'node[kind = "miss"][still = 0]', style: { 'background-color': '#f4a3a3', 'border-width': 3, 'border-color': '#e07b00' } },
    { selector: 'edge', style: { 'width': 1, 'curve-style': 'haystack', 'haystack-radius': 0, 'line-color': '#9aa5b8', 'opacity': 0.6 } },
    { selector: 'edge[kind = "spawn"]', style: { 'width': 2, 'line-color': '#1d2b45', 'curve-style': 'taxi', 'taxi-direction': 'rightward', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#1d2b45', 'opacity': 0.9 } },
    { selector: 'edge[kind = "exec"]', style: { 'line-color': '#1b9e77', 'width': 2 } },
    { selector: 'edge[kind = "read"]', style: { 'line-color': '#2f6fdb' } },
    { selector: 'edge[kind = "write"]', style: { 'line-color': '#d95f02', 'width': 2 } },
    { selector: 'edge[kind = "stat"]', style: { 'line-color': '#b0b7c3', 'line-style': 'dotted' } },
    { selector: 'edge[kind = "probe-missing"]', style: { 'line-color': '#c98b8b', 'line-style': 'dashed' } },
    { selector: 'edge[kind = "miss"]', style: { 'line-color': '#d7191c', 'width': 2, 'curve-style': 'bezier', 'line-style': 'dashed', 'target-arrow-shape': 'tee', 'target-arrow-color': '#d7191c', 'opacity': 1 } },
    { selector: '.faded', style: { 'opacity': 0.08, 'text-opacity': 0 } },
    { selector: '.gone', style: { 'display': 'none' } },
    { selector: '.hl', style: { 'opacity': 1, 'z-index': 10 } },
    { selector: 'node.hl', style: { 'border-width': 4, 'border-color': '#ffb000', 'font-weight': 'bold' } },
    { selector: 'edge.hl', style: { 'width': 4, 'line-color': '#ffb000', 'target-arrow-color': '#ffb000' } },
    { selector: ':selected', style: { 'overlay-color': '#ffb000', 'overlay-opacity': 0.25 } }
  ];

  function draw(fit) {
    var t0 = performance.now();
    view = build();
    var t1 = performance.now();
    cy.resize(); // the container may have been hidden when cytoscape last measured it
    cy.startBatch();
    cy.elements().remove();
    cy.add(view.nodes);
    cy.add(view.edges);
    cy.endBatch();
    // dagre sees the process tree and one edge per file node: a layered tree, fast at any size
    var layoutCy = cytoscape({ headless: true, styleEnabled: true, elements: view.nodes.map(function (n) { return { data: n.data }; })
      .concat(view.layoutEdges.map(function (e, k) { return { data: { id: 'l' + k, source: e.data.source, target: e.data.target, minlen: e.data.minlen || 1 } }; })),
      style: [{ selector: 'node', style: { width: 30, height: function (n) { return 14 + 11 * labelLines(n.data('label')); } } }] });
    var t2 = performance.now();
    // left to right: a rank is a column, and a column of labels is far denser than a row of them
    layoutCy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 4, rankSep: 190, fit: false, animate: false,
      ranker: 'longest-path', // the layout graph is a tree: the cheapest ranker is as good as network simplex
      minLen: function (e) { return e.data('minlen'); } }).run();
    cy.startBatch();
    layoutCy.nodes().forEach(function (n) { cy.getElementById(n.id()).position(n.position()); });
    cy.endBatch();
    layoutCy.destroy();
    var t3 = performance.now();
    applyHighlight();
    if (fit !== false) cy.fit(undefined, 20);
    var ms = Math.round(performance.now() - t0);
    document.body.dataset.graphNodes = String(cy.nodes().length);
    document.body.dataset.graphMs = String(ms);
    // where the time goes: building the view, adding it to cytoscape, dagre's layout, highlighting and fitting
    document.body.dataset.graphSplit = [t1 - t0, t2 - t1, t3 - t2, performance.now() - t3].map(Math.round).join(' ');
    document.body.dataset.graphAt = String(Math.round(performance.now()));
    status();
  }

  // ---- highlighting (the seed's operations)
  function elementIdsOf(h) {
    var ids = new Set();
    h.procs.forEach(function (q) { ids.add('p' + view.reps[q]); });
    h.paths.forEach(function (p) { var g = groupOf(p); if (g) ids.add(g); });
    h.misses.forEach(function (k) { ids.add('m' + k); });
    return ids;
  }
  function applyHighlight() {
    cy.startBatch();
    try {
      highlightClasses();
    } finally {
      cy.endBatch();
    }
  }
  function highlightClasses() {
    cy.elements().removeClass('hl faded gone');
    if (!hl) return;
    var ids = elementIdsOf(hl);
    var on = cy.collection();
    ids.forEach(function (id) { on = on.union(cy.getElementById(id)); });
    var edges = cy.collection();
    if (hl.edges) {
      hl.edges.forEach(function (pair) {
        var a = cy.getElementById(pair[0]), b = cy.getElementById(pair[1]);
        edges = edges.union(a.edgesWith(b));
      });
    } else {
      edges = on.edgesWith(on);
    }
    on = on.union(edges);
    cy.elements().not(on).addClass('faded');
    on.addClass('hl');
    if (onlyHl) cy.elements().not(on).addClass('gone');
  }
  function reveal(h) {
    var changed = false;
    h.procs.forEach(function (q) {
      for (var a = parentOf[q]; a >= 0; a = parentOf[a]) if (!open[a]) { open[a] = 1; changed = true; }
    });
    // a few files are drawn one by one; a whole directory's worth stays in its group nodes
    if (h.paths.size <= 30) h.paths.forEach(function (p) {
      var g = groupOf(p);
      if (g && g[0] === 'g') { openGroups.add(g.slice(1)); changed = true; }
    });
    return changed;
  }
  function highlight(h, message) {
    hl = h;
    onlyHl = false;
    if (h) {
      reveal(h);
      // path edges name model nodes; map them to the drawn ones once they are drawn
    }
    draw(false);
    if (h && h.pairs) {
      hl.edges = h.pairs.map(function (pr) { return [nodeId(pr[0]), nodeId(pr[1])]; });
      applyHighlight();
    }
    if (h) {
      var on = cy.elements('.hl');
      if (on.length) cy.fit(on, 40);
    }
    setStatus(message || '');
  }
  function nodeId(n) { return n.proc !== undefined ? 'p' + view.reps[n.proc] : groupOf(n.path); }

  // ---- selectors, as depset query's ProcessSelector parses them
  function globRe(glob) {
    var re = '';
    for (var k = 0; k < glob.length; k++) {
      var c = glob[k];
      if (c === '*') re += '.*';
      else if (c === '?') re += '.';
      else if (c === '[') {
        var end = glob.indexOf(']', k + 2);
        if (end < 0) re += '\\[';
        else { var cls = glob.slice(k + 1, end); re += '[' + (cls[0] === '!' ? '^' + esc(cls.slice(1)) : esc(cls)) + ']'; k = end; }
      } else re += esc(c);
    }
    return new RegExp('^' + re + '$', 's');
  }
  function esc(s) { return s.replace(/[\\^$.*+?()[\]{}|\-]/g, '\\$&'); }
  function exesOf(q) { return (G.execs[q] || []).concat([T.procs[q][2]]); }
  function selector(text) {
    text = text.trim();
    if (!text) throw new Error('empty process selector');
    var m;
    if (text.indexOf('pid:') === 0 || /^\d+$/.test(text)) {
      var pid = +(text.indexOf('pid:') === 0 ? text.slice(4) : text);
      return function (q) { return T.procs[q][0] === pid; };
    }
    if (text.indexOf('exe:') === 0) { m = text.slice(4); return function (q) { return exesOf(q).indexOf(m) >= 0; }; }
    if (text.indexOf('name:') === 0) { m = text.slice(5); return function (q) { return G.names[q] === m; }; }
    if (text.indexOf('cmd:') === 0) { var g1 = globRe(text.slice(4)); return function (q) { return g1.test(T.procs[q][3]); }; }
    if (/[*?[]/.test(text)) {
      var g2 = globRe(text);
      return function (q) { return g2.test(T.procs[q][3]) || g2.test(G.names[q]) || g2.test(T.procs[q][2]); };
    }
    if (text[0] === '/') return function (q) { return exesOf(q).indexOf(text) >= 0; };
    return function (q) { return G.names[q] === text; };
  }
  function select(text) {
    var f = selector(text), out = [];
    for (var q = 0; q < N; q++) if (f(q)) out.push(q);
    if (!out.length) throw new Error('no process matches "' + text + '"');
    return out;
  }
  /** A model node for a name: a path of the trace (file:PATH to insist), else the first process it selects. */
  function modelNode(text) {
    var path = text.indexOf('file:') === 0 ? text.slice(5) : text;
    if (path[0] === '/' && pathId.has(path)) return { path: pathId.get(path) };
    if (text.indexOf('file:') === 0) throw new Error('no file ' + path + ' in the graph');
    return { proc: select(text)[0] };
  }
  function levels() {
    var v = document.getElementById('g-depth').value;
    return v === '' ? -1 : Math.max(0, +v);
  }
  function ancestors(text, depth) {
    var sel = select(text), procs = new Set(sel);
    sel.forEach(function (q) {
      var d = 0;
      for (var a = parentOf[q]; a >= 0 && (depth < 0 || d < depth); a = parentOf[a], d++) procs.add(a);
    });
    var chain = [];
    for (var a = sel[0]; a >= 0 && (depth < 0 || chain.length <= depth); a = parentOf[a]) chain.push(procName(a));
    highlight({ procs: procs, paths: new Set(), misses: new Set() }, sel.length + ' selected, ' + (procs.size - sel.length) +
      ' ancestors: ' + chain.join(' \u2039 '));
    return procs;
  }
  function descendants(text, depth) {
    var sel = select(text), procs = new Set(sel), level = sel.slice();
    for (var d = 0; level.length && (depth < 0 || d < depth); d++) {
      var next = [];
      level.forEach(function (q) { kids[q].forEach(function (c) { if (!procs.has(c)) { procs.add(c); next.push(c); } }); });
      level = next;
    }
    highlight({ procs: procs, paths: new Set(), misses: new Set() }, sel.length + ' selected, ' + (procs.size - sel.length) + ' descendants');
    return procs;
  }
  /** The shortest path, edges in either direction (a file joins two processes that touched it), as GraphQueries.path. */
  function path(fromText, toText) {
    var a = modelNode(fromText), b = modelNode(toText);
    var key = function (n) { return n.proc !== undefined ? n.proc : N + n.path; };
    var start = key(a), goal = key(b), prev = new Int32Array(N + P).fill(-2);
    prev[start] = -1;
    var queue = [start], head = 0, tt = touchers();
    while (head < queue.length && prev[goal] === -2) {
      var x = queue[head++], next = [];
      if (x < N) {
        if (parentOf[x] >= 0) next.push(parentOf[x]);
        kids[x].forEach(function (c) { next.push(c); });
        var t = T.procs[x][6];
        for (var m = 0; m < t.length; m += 2) next.push(N + t[m]);
      } else tt[x - N].forEach(function (q) { next.push(q); });
      for (var k = 0; k < next.length; k++) if (prev[next[k]] === -2) { prev[next[k]] = x; queue.push(next[k]); }
    }
    if (prev[goal] === -2) { setStatus('no path between ' + fromText + ' and ' + toText); hl = null; draw(false); return null; }
    var nodes = [];
    for (var y = goal; y !== -1; y = prev[y]) nodes.unshift(y);
    var h = { procs: new Set(), paths: new Set(), misses: new Set(), pairs: [] };
    var model = nodes.map(function (z) { return z < N ? { proc: z } : { path: z - N }; });
    model.forEach(function (n, k) {
      if (n.proc !== undefined) h.procs.add(n.proc); else h.paths.add(n.path);
      if (k) h.pairs.push([model[k - 1], n]);
    });
    highlight(h, 'path of ' + (nodes.length - 1) + ' steps: ' + model.map(function (n) {
      return n.proc !== undefined ? procName(n.proc) : T.paths[n.path];
    }).join(' \u2014 '));
    return model;
  }
  function subgraph() {
    if (!hl) {
      var text = document.getElementById('g-sel').value;
      if (text.trim()) {
        var procs = new Set(select(text));
        hl = { procs: procs, paths: new Set(), misses: new Set() };
        reveal(hl);
        draw(false);
      }
    }
    if (!hl) return;
    onlyHl = true;
    applyHighlight();
    var on = cy.elements('.hl');
    cy.fit(on, 40);
    setStatus('the subgraph of ' + on.nodes().length + ' nodes and ' + on.edges().length + ' edges');
  }

  // ---- expanding and collapsing
  function toggleProc(q) {
    if (!kids[q].length) return;
    if (open[q]) { // close the whole subtree: collapsing stands for everything below
      var stack = [q];
      while (stack.length) { var x = stack.pop(); open[x] = 0; kids[x].forEach(function (c) { stack.push(c); }); }
    } else open[q] = 1;
    draw(false);
  }
  function toggleGroup(key) {
    if (openGroups.has(key)) openGroups.delete(key); else openGroups.add(key);
    draw(false);
  }
  function groupFiles(key) {
    var out = [];
    for (var p = 0; p < P; p++) if (groupOf(p) === 'g' + key) out.push(p);
    return out;
  }

  // ---- status, details, legend
  var statusText = '';
  function setStatus(s) { statusText = s; status(); }
  function status() {
    var s = document.getElementById('g-status');
    var procs = cy.nodes('[kind = "proc"]').length, files = cy.nodes('[kind = "file"], [kind = "group"]').length;
    s.textContent = procs + ' of ' + N + ' processes, ' + files + ' file nodes (' +
      { pkgs: 'by package', dirs: 'by directory', all: 'each file', none: 'none' }[filesMode] + '), ' +
      cy.edges().length + ' edges' + (statusText ? ' \u00b7 ' + statusText : '');
  }
  function showGroup(key, files) {
    var d = R.details;
    d.textContent = '';
    d.appendChild(el('h2', null, groupLabel(key)));
    var total = 0;
    files.forEach(function (p) { total += G.pathBytes[p]; });
    d.appendChild(el('p', 'hint', files.length + ' files touched, ' + bytes(total) + ' in the set. ' +
      (openGroups.has(key) ? 'Click the group again to fold them.' : 'Drawn as one node; click it to draw its files.')));
    var ul = el('ul');
    files.slice(0, 300).forEach(function (p) {
      var li = el('li');
      li.appendChild(R.link(T.paths[p], function () { R.showFile(T.paths[p]); }));
      if (G.pathBytes[p]) li.appendChild(el('span', 'num', ' ' + bytes(G.pathBytes[p])));
      ul.appendChild(li);
    });
    d.appendChild(ul);
  }
  function showMiss(k) {
    var ms = G.misses[k], d = R.details;
    d.textContent = '';
    d.appendChild(el('h2', null, ms[0]));
    d.appendChild(el('div', 'warn', 'Missing in the built tree' + (ms[3].length && ms[3][0] >= 0 ? ' (round ' + ms[3].join(', ') + ')' : '') +
      ': ' + (ms[1] || 'looked up') + ' by ' + (ms[2] || 'a process') + ' found nothing, though the source has it.'));
    var rep = repaired.get(ms[0]);
    d.appendChild(el('p', null, rep ? 'Repaired: ' + rep[1] : R.entryIndex.has(ms[0]) ? 'The set has it now.'
      : 'Still missing from this set: add it (depset build --add, or the auto strategy).'));
    if (ms[4].length) {
      d.appendChild(el('h3', null, 'Looked for by'));
      var ul = el('ul');
      ms[4].forEach(function (q) { var li = el('li'); li.appendChild(R.link(procName(q), function () { R.showProc(q); })); ul.appendChild(li); });
      d.appendChild(ul);
    }
  }
  function legend() {
    var lg = document.getElementById('g-legend');
    lg.textContent = '';
    var items = [['spawn', '#1d2b45', 'fork/exec'], ['exec', '#1b9e77', 'exec'], ['read', '#2f6fdb', 'read/open'],
      ['stat', '#b0b7c3', 'stat/probe'], ['probe-missing', '#c98b8b', 'probe-missing'], ['write', '#d95f02', 'write/create'],
      ['miss', '#d7191c', 'missing in the built tree']];
    items.forEach(function (it) {
      var s = el('span', 'lg');
      var sw = el('span', 'sw');
      sw.style.background = it[1];
      s.appendChild(sw);
      s.appendChild(document.createTextNode(it[2]));
      lg.appendChild(s);
    });
    if (colourMode === 'strategy') {
      D.sets.forEach(function (set, k) {
        var s = el('span', 'lg'), sw = el('span', 'sw box');
        sw.style.background = STRATEGY_COLOURS[k % STRATEGY_COLOURS.length];
        s.appendChild(sw);
        s.appendChild(document.createTextNode('first in ' + set.name));
        lg.appendChild(s);
      });
    }
    lg.appendChild(el('span', 'lg', 'click: details (and a group: its files) \u00b7 double-click a process: fold or unfold its subtree \u00b7 octagon: folded subtree \u00b7 orange border: added by repair'));
  }

  /** Back to the first view: nothing highlighted, what queries unfolded folded again. */
  function reset() {
    hl = null;
    onlyHl = false;
    open.fill(0);
    openGroups.clear();
    initialOpen();
    setStatus('');
    draw();
  }

  // ---- the page
  function start() {
    initialOpen();
    chooseDirDepth();
    var large = N > 2000;
    cy = cytoscape({
      container: document.getElementById('g-canvas'),
      style: STYLE, wheelSensitivity: 0.3, minZoom: 0.02, maxZoom: 4,
      textureOnViewport: large, hideEdgesOnViewport: large, pixelRatio: large ? 1 : 'auto'
    });
    cy.on('tap', 'node', function (ev) {
      var d = ev.target.data();
      if (d.kind === 'proc') { R.showProc(d.proc); document.getElementById('g-sel').value = 'pid:' + T.procs[d.proc][0]; }
      else if (d.kind === 'group') { var key = d.id.slice(1), files = groupFiles(key); toggleGroup(key); showGroup(key, files); }
      else if (d.kind === 'file') { R.showFile(d.path); document.getElementById('g-to').value = d.path; }
      else if (d.kind === 'miss') showMiss(d.miss);
    });
    cy.on('dbltap', 'node[kind = "proc"]', function (ev) { toggleProc(ev.target.data('proc')); });
    function guard(f) {
      return function () {
        try { f(); } catch (e) { setStatus(e.message); }
      };
    }
    var sel = document.getElementById('g-sel'), to = document.getElementById('g-to');
    document.getElementById('g-anc').addEventListener('click', guard(function () { ancestors(sel.value, levels()); }));
    document.getElementById('g-desc').addEventListener('click', guard(function () { descendants(sel.value, levels()); }));
    document.getElementById('g-path').addEventListener('click', guard(function () { path(sel.value, to.value); }));
    document.getElementById('g-sub').addEventListener('click', guard(subgraph));
    document.getElementById('g-clear').addEventListener('click', reset);
    document.getElementById('g-fit').addEventListener('click', function () { cy.fit(undefined, 20); });
    sel.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') guard(function () { ancestors(sel.value, levels()); })(); });
    document.getElementById('g-files').addEventListener('change', function (ev) { filesMode = ev.target.value; openGroups.clear(); draw(); });
    document.getElementById('g-colour').addEventListener('change', function (ev) {
      colourMode = ev.target.value;
      cy.style().update();
      legend();
    });
    if (!G.pkgs.length) { filesMode = 'dirs'; document.getElementById('g-files').value = 'dirs'; }
    if (D.sets.length > 1) { colourMode = 'strategy'; document.getElementById('g-colour').value = 'strategy'; }
    legend();
    draw();
    document.body.dataset.graphReady = 'true';
  }

  /** Highlights paths (ids) and the processes that touched them. */
  function focusIds(ids, message) {
    var tt = touchers(), h = { procs: new Set(), paths: new Set(ids), misses: new Set() };
    ids.forEach(function (p) { tt[p].forEach(function (q) { h.procs.add(q); }); });
    highlight(h, message);
  }
  function focusWhere(test, message) {
    var ids = [];
    for (var p = 0; p < P; p++) if (test(p)) ids.push(p);
    focusIds(ids, ids.length + ' files of ' + message + ', touched by the highlighted processes');
  }

  // What the browser tests and a curious user (the console) can drive.
  window.depsetGraph = {
    cy: function () { return cy; },
    select: select, ancestors: function (t, n) { return ancestors(t, n === undefined ? -1 : n); },
    descendants: function (t, n) { return descendants(t, n === undefined ? -1 : n); },
    path: path, subgraph: subgraph, toggleProc: toggleProc, toggleGroup: toggleGroup,
    highlighted: function () { return cy.nodes('.hl').map(function (n) { return n.data('path') || n.data('label'); }); },
    focusPaths: function (paths, message) {
      focusIds(paths.filter(function (p) { return pathId.has(p); }).map(function (p) { return pathId.get(p); }), message);
    },
    focusDir: function (dir) {
      focusWhere(function (p) { return T.paths[p] === dir || T.paths[p].indexOf(dir === '/' ? '/' : dir + '/') === 0; }, dir);
    },
    focusPackage: function (name) {
      var k = G.pkgs.indexOf(name);
      focusWhere(function (p) { return G.pathPkg[p] === k; }, 'package ' + name);
    },
    focusMiss: function (k) {
      highlight({ procs: new Set(G.misses[k][4]), paths: new Set(), misses: new Set([k]) }, G.misses[k][0] + ' is missing');
    },
    groupKeyOf: function (path) { return pathId.has(path) ? groupKeyOf(pathId.get(path)) : null; },
    reset: reset
  };

  if (T && N && G && window.cytoscape) {
    var tab = document.getElementById('tab-graph');
    // cytoscape needs a laid-out container: draw when the tab is first shown (it is the first tab)
    // after the first paint: the tables show at once, the graph as soon as it is laid out
    if (tab.classList.contains('on')) requestAnimationFrame(function () { setTimeout(start, 0); });
    else document.getElementById('tabbtn-graph').addEventListener('click', function once() {
      document.getElementById('tabbtn-graph').removeEventListener('click', once);
      start();
    });
  }
})();
