// depset report, the graph view: cytoscape.js draws, dagre lays out (both inlined from their WebJars).
// The model (groups, sizes, strategies, repairs, misses) comes computed from Java in D.graph; this file
// only decides what is visible: processes collapse to their subtree, files aggregate by package or
// directory and expand on click, so that a 50,000-node trace draws a few hundred nodes.
(function () {
  'use strict';
  var R = window.depsetReport;
  if (!R) return;
  var D = R.D, T = R.T, G = D.graph, el = R.el, bytes = R.bytes;

  // The first view must be readable at a glance, and a click must stay fast on a 50,000-process trace:
  // a few dozen nodes, each unfolding adds a page of them.
  var FIRST_PROCS = 24;    // processes the first view draws: the top levels of the process tree
  var PAGE = 10;           // children an unfolded process draws, and file groups or misses, per page
  var GROUP_BUDGET = 120;  // directory groups before directories merge into their parents
  var REVEAL_PROCS = 40;   // a highlight of more processes than this lights their folded ancestors up
  var LABEL_ROOM = 160;    // model units a label takes right of its node (text-max-width)
  var READABLE_ZOOM = 0.8; // the least zoom the view fits to: labels of 11 px draw at 8.8 px or more
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
  var shown = new Int32Array(N);         // how many of an open process's children are drawn (pages)
  var pinned = new Set();                // processes drawn beyond their parent's pages: a query found them
  var targetsShown = PAGE, pinnedTargets = new Set(); // file nodes drawn (pages), and those a query needs
  var missesShown = PAGE, pinnedMisses = new Set();
  var openGroups = new Set();            // groups drawn as their files
  var filesMode = 'pkgs', colourMode = 'kind';
  var dirDepth = 64;                     // directories deeper than this merge into their ancestor
  var hl = null;                         // {procs: Set, paths: Set, misses: Set, edges: [[a, b]]} or null
  var onlyHl = false;                    // subgraph: hide what is not highlighted
  var cy = null;

  /** The first view: the process tree unfolded breadth first while it stays within FIRST_PROCS nodes. */
  function initialOpen() {
    var visible = roots.length, queue = roots.slice();
    while (queue.length) {
      var q = queue.shift(), n = kids[q].length, page = Math.min(n, PAGE);
      if (!n || visible + page + (n > page ? 1 : 0) > FIRST_PROCS) continue;
      unfold(q);
      visible += page + (n > page ? 1 : 0);
      kids[q].slice(0, page).forEach(function (c) { queue.push(c); });
    }
  }
  function unfold(q) {
    open[q] = 1;
    shown[q] = Math.max(shown[q], PAGE);
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
  function groupOf(p) {
    if (filesMode === 'none') return null;
    if (filesMode === 'all') return 'f' + p;
    var key = groupKeyOf(p);
    return openGroups.size && openGroups.has(key) ? 'f' + p : 'g' + key;
  }
  // Each path's group key, computed once per files mode: a draw looks it up for every access of the trace.
  var groupKeys = null, groupKeysMode = null;
  /** The group a path is drawn in when its group is folded. */
  function groupKeyOf(p) {
    if (filesMode === 'none' || filesMode === 'all') return null;
    if (groupKeysMode !== filesMode) {
      var byDir = G.dirs.map(function (d) { return 'd' + cutDir(d, dirDepth); });
      groupKeys = new Array(P);
      for (var k = 0; k < P; k++) groupKeys[k] = filesMode === 'pkgs' && G.pathPkg[k] >= 0 ? 'k' + G.pathPkg[k] : byDir[G.pathDir[k]];
      groupKeysMode = filesMode;
    }
    return groupKeys[p];
  }
  function groupLabel(key) {
    return key[0] === 'k' ? G.pkgs[+key.slice(1)] : key === 'd/' ? '/' : key.slice(1) + '/';
  }
  function procName(q) { return (G.names[q] || '?') + ' [' + T.procs[q][0] + ']'; }

  // ---- building the elements of the current view
  /** The id of what stands for a process: its own node (r >= 0), or its parent's "+N more" node (r < 0). */
  function repId(r) { return r >= 0 ? 'p' + r : 'x' + (-r - 1); }
  /** Orders the pageable nodes (file groups, or files in "each file" mode): the most widely used first. */
  function byUse(weight, members) {
    return function (a, b) {
      return weight.get(b).size - weight.get(a).size || members.get(b).size - members.get(a).size || (a < b ? -1 : a > b ? 1 : 0);
    };
  }
  function build() {
    var nodes = [], edges = [], layoutEdges = [], groupMembers = new Map();
    // Where each process is drawn: itself, its nearest drawn ancestor (a folded subtree), or the
    // "+N more" node of an unfolded parent whose children are paged. One walk of the tree, O(N).
    var reps = new Int32Array(N), visible = [], more = [];
    var order = roots.slice().reverse(), repOrder = order.slice();
    while (order.length) {
      var q = order.pop(), rep = repOrder.pop(), ks = kids[q], k;
      reps[q] = rep;
      if (rep !== q || !open[q]) {
        for (k = ks.length - 1; k >= 0; k--) { order.push(ks[k]); repOrder.push(rep); }
        if (rep === q) visible.push(q);
        continue;
      }
      visible.push(q);
      var hidden = [];
      for (k = ks.length - 1; k >= 0; k--) {
        var drawn = k < shown[q] || pinned.has(ks[k]);
        if (!drawn) hidden.push(ks[k]);
        order.push(ks[k]);
        repOrder.push(drawn ? ks[k] : -(q + 1));
      }
      if (hidden.length) more.push([q, hidden]);
    }
    visible.forEach(function (q) {
      var p = T.procs[q], folded = open[q] ? 0 : R.procDesc[q];
      nodes.push({ group: 'nodes', data: {
        id: 'p' + q, label: procName(q) + (folded ? ' +' + folded : ''), kind: 'proc', proc: q, set: G.procSet ? G.procSet[q] : -1,
        phase: p[4] || '', failed: p[5] !== null && p[5] !== 0 ? 1 : 0, collapsed: folded ? 1 : 0
      } });
      if (parentOf[q] >= 0) {
        edges.push({ group: 'edges', data: { id: 's' + q, source: 'p' + parentOf[q], target: 'p' + q, kind: 'spawn' } });
        // leaves among many siblings staggered too; a process with children drawn keeps its rank
        layoutEdges.push({ data: { source: 'p' + parentOf[q], target: 'p' + q, leaf: open[q] ? 0 : 1 } });
      }
    });
    more.forEach(function (m) {
      var q = m[0], procs = 0;
      m[1].forEach(function (c) { procs += 1 + R.procDesc[c]; });
      nodes.push({ group: 'nodes', data: { id: 'x' + q, kind: 'more', more: 'kids', proc: q, count: m[1].length,
        label: '+' + m[1].length + ' more of ' + kids[q].length + ' children' + (procs > m[1].length ? ' (' + procs + ' processes)' : '') +
          '\nclick: ' + Math.min(PAGE, m[1].length) + ' more' } });
      edges.push({ group: 'edges', data: { id: 'sx' + q, source: 'p' + q, target: 'x' + q, kind: 'spawn' } });
      layoutEdges.push({ data: { source: 'p' + q, target: 'x' + q, leaf: 1 } });
    });
    // access edges, one per (drawn process, file node), their kinds merged
    // target -> (source -> merged kinds) and target -> (source -> accesses): nested maps, no string keys
    var acc = new Map(), weight = new Map();
    for (q = 0; q < N; q++) {
      var t = T.procs[q][6];
      if (!t.length) continue;
      var src = repId(reps[q]);
      for (var m = 0; m < t.length; m += 2) {
        var target = groupOf(t[m]);
        if (target === null) continue;
        var members = groupMembers.get(target), a = acc.get(target), w = weight.get(target);
        if (!members) {
          groupMembers.set(target, members = new Set());
          acc.set(target, a = new Map());
          weight.set(target, w = new Map());
        }
        members.add(t[m]);
        a.set(src, (a.get(src) || 0) | t[m + 1]);
        w.set(src, (w.get(src) || 0) + 1);
      }
    }
    // File nodes are paged like children: the most widely used groups (or files, in "each file" mode)
    // are drawn, the rest fold into one "+N more" node; files of a group the user opened always draw.
    var pageable = [];
    groupMembers.forEach(function (members, id) { if (id[0] === 'g' || filesMode === 'all') pageable.push(id); });
    pageable.sort(byUse(weight, groupMembers));
    var restIds = new Set(), drawnPaged = 0;
    pageable.forEach(function (id) {
      if (drawnPaged < targetsShown || pinnedTargets.has(id)) drawnPaged++;
      else restIds.add(id);
    });
    if (restIds.size) {
      var restMembers = new Set(), restWeight = new Map();
      restIds.forEach(function (id) {
        groupMembers.get(id).forEach(function (p) { restMembers.add(p); });
        groupMembers.delete(id);
        weight.get(id).forEach(function (n, s) { restWeight.set(s, (restWeight.get(s) || 0) + n); });
        weight.delete(id);
      });
      var folded = new Map();
      restIds.forEach(function (id) {
        acc.get(id).forEach(function (mask, s) { folded.set(s, (folded.get(s) || 0) | mask); });
        acc.delete(id);
      });
      acc.set('yg', folded);
      weight.set('yg', restWeight);
      nodes.push({ group: 'nodes', data: { id: 'yg', kind: 'more', more: 'files', count: restIds.size,
        label: '+' + restIds.size + ' more ' + (filesMode === 'all' ? 'files' : filesMode === 'pkgs' ? 'packages and directories' : 'directories') +
          ' (' + restMembers.size + ' files)\nclick: ' + Math.min(PAGE, restIds.size) + ' more' } });
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
    acc.forEach(function (bySrc, target) {
      bySrc.forEach(function (mask, src) {
        edges.push({ group: 'edges', data: { id: 'a' + src + '-' + target, source: src, target: target, kind: edgeKind(mask), mask: mask } });
      });
    });
    // each file node hangs in the layout below the drawn process that used it most
    weight.forEach(function (w, target) {
      var best = null, bestN = -1;
      w.forEach(function (n, s) { if (n > bestN) { best = s; bestN = n; } });
      layoutEdges.push({ data: { source: best, target: target, leaf: 1 } });
    });
    // the verify result's misses, red, tied to the processes that looked for them; paged like files,
    // those still missing from the set first
    var missOrder = (G ? G.misses : []).map(function (ms, k) { return k; });
    missOrder.sort(function (a, b) { return (R.entryIndex.has(G.misses[a][0]) ? 1 : 0) - (R.entryIndex.has(G.misses[b][0]) ? 1 : 0) || a - b; });
    var restMisses = [], restTies = new Set(), drawnMisses = 0;
    missOrder.forEach(function (k) {
      var ms = G.misses[k], tied = new Set();
      ms[4].forEach(function (q) { tied.add(repId(reps[q])); });
      if (drawnMisses >= missesShown && !pinnedMisses.has(k)) {
        restMisses.push(k);
        tied.forEach(function (s) { restTies.add(s); });
        return;
      }
      drawnMisses++;
      var still = !R.entryIndex.has(ms[0]);
      nodes.push({ group: 'nodes', data: { id: 'm' + k, kind: 'miss', label: R.baseName(ms[0]) + '\nmissing', path: ms[0], still: still ? 1 : 0,
        miss: k } });
      tied.forEach(function (s) {
        edges.push({ group: 'edges', data: { id: 'mx' + s + '-' + k, source: s, target: 'm' + k, kind: 'miss' } });
        layoutEdges.push({ data: { source: s, target: 'm' + k, leaf: 1 } });
      });
    });
    if (restMisses.length) {
      nodes.push({ group: 'nodes', data: { id: 'ym', kind: 'more', more: 'misses', count: restMisses.length,
        label: '+' + restMisses.length + ' more missing\nclick: ' + Math.min(PAGE, restMisses.length) + ' more' } });
      var firstTie = true;
      restTies.forEach(function (s) {
        edges.push({ group: 'edges', data: { id: 'mx' + s + '-ym', source: s, target: 'ym', kind: 'miss' } });
        if (firstTie) layoutEdges.push({ data: { source: s, target: 'ym', leaf: 1 } });
        firstTie = false;
      });
      if (firstTie) layoutEdges.push({ data: { source: repId(reps[roots[0]]), target: 'ym', leaf: 1 } });
    }
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
    return { nodes: nodes, edges: edges, layoutEdges: layoutEdges, reps: reps, rest: restIds, restMisses: new Set(restMisses) };
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
    if (d.kind === 'more') return '#eef1f6';
    if (colourMode === 'strategy' && d.set !== undefined) return d.set >= 0 ? STRATEGY_COLOURS[d.set % STRATEGY_COLOURS.length] : '#c9ced8';
    if (colourMode === 'phase' && d.kind === 'proc') return PHASE_COLOURS[d.phase] || '#9aa5b8';
    if (d.kind === 'proc') return '#3b5b92';
    if (d.kind === 'group') return d.pkg ? '#e8c26a' : '#a9c4e8';
    return '#cfe0f5';
  }
  var STYLE = [
    { selector: 'node', style: { 'label': 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 160,
      'background-color': colourOf, 'color': '#1d2330', 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 4,
      'width': 18, 'height': 18,
      // labels stay legible over the edges that cross them
      'text-background-color': '#fbfcfe', 'text-background-opacity': 0.85, 'text-background-padding': 1 } },
    { selector: 'node[kind = "proc"]', style: { 'shape': 'ellipse', 'width': 22, 'height': 22 } },
    { selector: 'node[kind = "proc"][collapsed = 1]', style: { 'shape': 'octagon', 'border-width': 3, 'border-color': '#1d2b45' } },
    { selector: 'node[kind = "proc"][failed = 1]', style: { 'border-width': 3, 'border-color': '#b00020' } },
    { selector: 'node[kind = "group"]', style: { 'shape': 'round-rectangle', 'width': 28, 'height': 20, 'border-width': 1, 'border-color': '#6b778c' } },
    { selector: 'node[kind = "file"]', style: { 'shape': 'rectangle', 'width': 12, 'height': 12 } },
    { selector: 'node[absent = 1]', style: { 'background-opacity': 0.2, 'border-width': 1, 'border-style': 'dashed', 'border-color': '#6b778c' } },
    { selector: 'node[repaired = 1]', style: { 'border-width': 3, 'border-color': '#e07b00' } },
    { selector: 'node[kind = "more"]', style: { 'shape': 'round-rectangle', 'width': 26, 'height': 16, 'border-width': 1,
      'border-style': 'dashed', 'border-color': '#6b778c', 'color': '#44516b', 'font-style': 'italic' } },
    { selector: 'node[kind = "miss"]', style: { 'shape': 'diamond', 'background-color': '#d7191c', 'color': '#9b1c1c', 'width': 22, 'height': 22 } },
    { selector: 'node[kind = "miss"][still = 0]', style: { 'background-color': '#f4a3a3', 'border-width': 3, 'border-color': '#e07b00' } },
    // access edges stay faint (every process reads libc): the process tree reads first; a click brings
    // a node's own edges forward
    { selector: 'edge', style: { 'width': 1, 'curve-style': 'haystack', 'haystack-radius': 0, 'line-color': '#9aa5b8', 'opacity': 0.3 } },
    { selector: 'edge[kind = "spawn"]', style: { 'width': 2, 'line-color': '#1d2b45', 'curve-style': 'taxi', 'taxi-direction': 'rightward', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#1d2b45', 'opacity': 0.9 } },
    { selector: 'edge[kind = "exec"]', style: { 'line-color': '#1b9e77', 'width': 2 } },
    { selector: 'edge[kind = "read"]', style: { 'line-color': '#2f6fdb' } },
    { selector: 'edge[kind = "write"]', style: { 'line-color': '#d95f02', 'width': 2 } },
    { selector: 'edge[kind = "stat"]', style: { 'line-color': '#b0b7c3', 'line-style': 'dotted' } },
    { selector: 'edge[kind = "probe-missing"]', style: { 'line-color': '#c98b8b', 'line-style': 'dashed' } },
    { selector: 'edge[kind = "miss"]', style: { 'line-color': '#d7191c', 'width': 2, 'curve-style': 'bezier', 'line-style': 'dashed', 'target-arrow-shape': 'tee', 'target-arrow-color': '#d7191c', 'opacity': 0.6 } },
    { selector: 'edge.near', style: { 'opacity': 1, 'width': 2, 'z-index': 5 } },
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
      ranker: 'tight-tree',
      minLen: function (e) { return e.data('minlen'); } }).run();
    cy.startBatch();
    layoutCy.nodes().forEach(function (n) { cy.getElementById(n.id()).position(n.position()); });
    cy.endBatch();
    layoutCy.destroy();
    var t3 = performance.now();
    applyHighlight();
    var t4 = performance.now();
    if (fit !== false) fitReadable();
    var ms = Math.round(performance.now() - t0);
    document.body.dataset.graphNodes = String(cy.nodes().length);
    document.body.dataset.graphMs = String(ms);
    // where the time goes: building the view, adding it to cytoscape, dagre's layout, highlighting, fitting
    document.body.dataset.graphSplit = [t1 - t0, t2 - t1, t3 - t2, t4 - t3, performance.now() - t4].map(Math.round).join(' ');
    document.body.dataset.graphAt = String(Math.round(performance.now()));
    status();
  }

  /**
   * Fits the view, but never below a zoom at which labels can be read: a larger graph then shows its
   * left part (the roots, where a left-to-right tree starts), vertically around the first root.
   */
  function fitReadable() {
    // node boxes only, with room for the labels beside them: measuring every label's text costs more than
    // the layout on a loaded machine
    var bb = cy.elements().boundingBox({ includeLabels: false, includeOverlays: false });
    var w = bb.w + LABEL_ROOM, h = bb.h, pad = 20;
    var zoom = Math.min(cy.maxZoom(), Math.max(READABLE_ZOOM, Math.min((cy.width() - 2 * pad) / w, (cy.height() - 2 * pad) / h)));
    var root = cy.getElementById('p' + roots[0]);
    var y = root.nonempty() ? root.position('y') : (bb.y1 + bb.y2) / 2;
    var height = cy.height();
    var fits = w * zoom <= cy.width() - 2 * pad && h * zoom <= height - 2 * pad;
    cy.viewport({ zoom: zoom, pan: fits
      ? { x: (cy.width() - w * zoom) / 2 - bb.x1 * zoom, y: (height - h * zoom) / 2 - bb.y1 * zoom }
      // a larger graph shows its left part (the roots, where a left-to-right tree starts), around the first root
      : { x: pad - bb.x1 * zoom, y: Math.min(pad - bb.y1 * zoom, Math.max(height - pad - bb.y2 * zoom, height / 2 - y * zoom)) } });
  }

  // ---- highlighting (the seed's operations)
  function elementIdsOf(h) {
    var ids = new Set();
    h.procs.forEach(function (q) { ids.add(repId(view.reps[q])); });
    h.paths.forEach(function (p) { var g = targetId(p); if (g) ids.add(g); });
    h.misses.forEach(function (k) { ids.add(view.restMisses.has(k) ? 'ym' : 'm' + k); });
    return ids;
  }
  /** The drawn node that stands for a path: its file or group node, or the "+N more" node. */
  function targetId(p) {
    var g = groupOf(p);
    return g && view.rest.has(g) ? 'yg' : g;
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
  /** Unfolds what a highlight needs drawn: its processes' ancestors, its files and misses, past their pages. */
  function reveal(h) {
    // hundreds of processes (the touchers of /usr) stay in their folded ancestors, which light up instead
    if (h.procs.size <= REVEAL_PROCS) h.procs.forEach(function (q) {
      for (var c = q, a = parentOf[q]; a >= 0; c = a, a = parentOf[a]) {
        if (!open[a]) unfold(a);
        if (kids[a].indexOf(c) >= shown[a]) pinned.add(c);
      }
    });
    // a few files are drawn one by one; a whole directory's worth stays in its group nodes
    if (h.paths.size <= 30) h.paths.forEach(function (p) {
      var g = groupOf(p);
      if (g && g[0] === 'g') openGroups.add(g.slice(1));
    });
    var targets = new Set();
    h.paths.forEach(function (p) { var g = groupOf(p); if (g) targets.add(g); });
    if (targets.size <= 2 * PAGE) targets.forEach(function (id) { pinnedTargets.add(id); });
    h.misses.forEach(function (k) { pinnedMisses.add(k); });
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
  function nodeId(n) { return n.proc !== undefined ? repId(view.reps[n.proc]) : targetId(n.path); }

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
    } else unfold(q);
    drawKeeping('p' + q);
  }
  /** The next page of what a "+N more" node stands for. */
  function more(d) {
    if (d.more === 'kids') { shown[d.proc] += PAGE; drawKeeping('p' + d.proc); }
    else if (d.more === 'files') { targetsShown += PAGE; drawKeeping(null); }
    else { missesShown += PAGE; drawKeeping(null); }
  }
  /** Redraws, keeping the node the user acted on where it was on the screen (the layout moves it). */
  function drawKeeping(id) {
    var before = id && cy.getElementById(id).nonempty() ? cy.getElementById(id).renderedPosition() : null;
    var pan = cy.pan(), zoom = cy.zoom();
    draw(false);
    if (before && cy.getElementById(id).nonempty()) {
      var after = cy.getElementById(id).renderedPosition();
      cy.panBy({ x: before.x - after.x, y: before.y - after.y });
    } else cy.viewport({ zoom: zoom, pan: pan });
  }
  function toggleGroup(key) {
    if (openGroups.has(key)) openGroups.delete(key); else openGroups.add(key);
    drawKeeping(null);
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
        s.title = 'a file: the first set that has it; a process: the first set whose reasons name it';
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
    shown.fill(0);
    pinned.clear();
    openGroups.clear();
    targetsShown = PAGE;
    missesShown = PAGE;
    pinnedTargets.clear();
    pinnedMisses.clear();
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
      cy.edges('.near').removeClass('near');
      ev.target.connectedEdges().addClass('near');
      if (d.kind === 'proc') { R.showProc(d.proc); document.getElementById('g-sel').value = 'pid:' + T.procs[d.proc][0]; }
      else if (d.kind === 'group') { var key = d.id.slice(1), files = groupFiles(key); toggleGroup(key); showGroup(key, files); }
      else if (d.kind === 'file') { R.showFile(d.path); document.getElementById('g-to').value = d.path; }
      else if (d.kind === 'miss') showMiss(d.miss);
      else if (d.kind === 'more') more(d);
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
    document.getElementById('g-files').addEventListener('change', function (ev) {
      filesMode = ev.target.value;
      openGroups.clear();
      pinnedTargets.clear();
      targetsShown = PAGE;
      draw();
    });
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
    more: function (id) { more(cy.getElementById(id).data()); },
    page: PAGE,
    /** The processes drawn as their own nodes, as indices of the trace's procs. */
    drawnProcs: function () { return cy.nodes('[kind = "proc"]').map(function (n) { return n.data('proc'); }); },
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
