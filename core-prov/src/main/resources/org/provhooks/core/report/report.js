/* ProvHooks report: renders the embedded run data with ECharts. Every label from a document is set as text
   (textContent; ECharts tooltips in rich-text mode), never parsed as HTML. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('provhooks-data').textContent);
  var RUNS = DATA.runs;
  RUNS.forEach(join);

  /**
   * The data comes streamed from the document: tasks, files ([id, location]) and relations ([u|g, activity, entity])
   * apart. Joined here into each task's inputs and outputs, the edges between tasks, and each ML run's task index.
   */
  function join(run) {
    var taskIndex = {}, location = {}, producer = {};
    run.tasks.forEach(function (t, i) { taskIndex[t.id] = i; t.inputs = []; t.outputs = []; });
    (run.entities || []).forEach(function (e) { location[e[0]] = e[1]; });
    (run.relations || []).forEach(function (r) {
      var ti = taskIndex[r[1]];
      if (r[0] === 'g') {
        if (producer[r[2]] === undefined) { producer[r[2]] = ti; }
        if (ti !== undefined) { run.tasks[ti].outputs.push(location[r[2]] || r[2]); }
      } else if (ti !== undefined) {
        run.tasks[ti].inputs.push(location[r[2]] || r[2]);
      }
    });
    var seen = {};
    run.edges = [];
    (run.relations || []).forEach(function (r) {
      var to = taskIndex[r[1]], from = producer[r[2]];
      if (r[0] === 'u' && to !== undefined && from !== undefined && from !== to && !seen[from + ':' + to]) {
        seen[from + ':' + to] = 1; run.edges.push([from, to]);
      }
    });
    run.mlRuns.forEach(function (m) { m.task = taskIndex[m.taskId]; });
    delete run.entities; delete run.relations;
  }
  var app = document.getElementById('app');
  var crumbs = document.getElementById('crumbs');
  var charts = [];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function section(title) {
    var s = el('section'); s.appendChild(el('h2', null, title)); app.appendChild(s); return s;
  }
  function chart(parent, cls, id) {
    var d = el('div', {'class': 'chart ' + (cls || ''), id: id});
    parent.appendChild(d);
    var c = echarts.init(d, null, {renderer: 'canvas'});
    charts.push(c);
    // No animation: the page shows what the data says at once, and stays quick with thousands of points.
    var set = c.setOption.bind(c);
    c.setOption = function (o, notMerge) { o.animation = false; return set(o, notMerge); };
    return c;
  }
  function clear() { charts.forEach(function (c) { c.dispose(); }); charts = []; app.textContent = ''; }
  function fmtMs(ms) {
    if (ms === undefined || ms === null) { return ''; }
    if (ms < 1000) { return Math.round(ms) + ' ms'; }
    if (ms < 120000) { return (ms / 1000).toFixed(1) + ' s'; }
    return (ms / 60000).toFixed(1) + ' min';
  }
  function fmtBytes(b) {
    if (b === undefined || b === null) { return ''; }
    var u = ['B', 'KB', 'MB', 'GB', 'TB'], i = 0;
    while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
    return (i ? b.toFixed(1) : b) + ' ' + u[i];
  }
  function fmtJ(j) { return j === undefined || j === null ? '' : (j >= 1000 ? (j / 1000).toFixed(2) + ' kJ' : j.toFixed(2) + ' J'); }
  function durationOf(t) {
    if (t.durationMs !== undefined) { return t.durationMs; }
    if (t.durationS !== undefined) { return t.durationS * 1000; }
    if (t.start && t.end) { return Date.parse(t.end) - Date.parse(t.start); }
    return null;
  }
  function facts(parent, pairs) {
    var dl = el('dl', {'class': 'facts'});
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '') { return; }
      dl.appendChild(el('dt', null, p[0])); dl.appendChild(el('dd', null, p[1]));
    });
    parent.appendChild(dl);
  }
  function setCrumbs(parts) {
    crumbs.textContent = '';
    parts.forEach(function (p, i) {
      var last = i === parts.length - 1;
      var a = el(last ? 'span' : 'a', last ? {'class': 'here'} : {href: '#'}, p[0]);
      if (!last) { a.addEventListener('click', function (ev) { ev.preventDefault(); p[1](); }); }
      crumbs.appendChild(a);
      if (!last) { crumbs.appendChild(document.createTextNode(' › ')); }
    });
  }
  function table(parent, columns, rows, onClick, filterable) {
    var input;
    if (filterable) { input = el('input', {'class': 'filter', placeholder: 'filter'}); parent.appendChild(input); }
    var t = el('table'), head = el('tr'), body = el('tbody');
    var sortCol = -1, asc = true, shown = rows.slice();
    columns.forEach(function (c, i) {
      var th = el('th', null, c.title);
      th.addEventListener('click', function () { asc = sortCol === i ? !asc : true; sortCol = i; draw(); });
      head.appendChild(th);
    });
    var thead = el('thead'); thead.appendChild(head); t.appendChild(thead); t.appendChild(body); parent.appendChild(t);
    function draw() {
      var q = input ? input.value.toLowerCase() : '';
      shown = rows.filter(function (r) {
        return !q || columns.some(function (c) { return String(c.text(r)).toLowerCase().indexOf(q) >= 0; });
      });
      if (sortCol >= 0) {
        var c = columns[sortCol];
        shown.sort(function (a, b) {
          var x = c.sort ? c.sort(a) : c.text(a), y = c.sort ? c.sort(b) : c.text(b);
          if (x === y) { return 0; }
          if (x === null || x === undefined) { return 1; }
          if (y === null || y === undefined) { return -1; }
          return (x < y ? -1 : 1) * (asc ? 1 : -1);
        });
      }
      body.textContent = '';
      shown.slice(0, 2000).forEach(function (r) {
        var tr = el('tr', {'class': 'row'});
        columns.forEach(function (c) {
          var td = el('td', c.cls ? {'class': c.cls(r)} : null, c.text(r)); tr.appendChild(td);
        });
        if (onClick) { tr.addEventListener('click', function () { onClick(r); }); }
        body.appendChild(tr);
      });
      if (shown.length > 2000) { body.appendChild(el('tr', null, (shown.length - 2000) + ' more rows: filter to see them')); }
    }
    if (input) { input.addEventListener('input', draw); }
    draw();
    return t;
  }
  var tooltip = {renderMode: 'richText', confine: true};

  /** A run's name for people: the workflow's name and, when runs share it, the document's. */
  function runLabel(r) { return r.id && r.id !== r.name ? r.name + ' · ' + r.id : r.name; }

  function runsView() {
    clear();
    setCrumbs([['Runs', runsView]]);
    var s = section('Runs');
    table(s, [
      {title: 'run', text: function (r) { return r.name; }},
      {title: 'document', text: function (r) { return r.id; }},
      {title: 'engine', text: function (r) { return r.engine; }},
      {title: 'status', text: function (r) { return r.status; }, cls: function (r) { return 'status-' + r.status; }},
      {title: 'tasks', text: function (r) { return r.tasks.length; }, sort: function (r) { return r.tasks.length; }},
      {title: 'duration', text: function (r) { return fmtMs(r.start && r.end ? Date.parse(r.end) - Date.parse(r.start) : null); },
        sort: function (r) { return r.start && r.end ? Date.parse(r.end) - Date.parse(r.start) : null; }},
      {title: 'energy', text: function (r) { return fmtJ(r.energyJ); }, sort: function (r) { return r.energyJ; }},
      {title: 'ML runs', text: function (r) { return r.mlRuns.length; }}
    ], RUNS.map(function (r, i) { r.index = i; return r; }), function (r) { runView(r.index); }, true);
    tradeOff();
    stepComparison();
  }

  /** One point per ML run: a chosen final metric against energy, coloured by a chosen hyperparameter. */
  function tradeOff() {
    var points = [];
    RUNS.forEach(function (run, ri) {
      run.mlRuns.forEach(function (m, mi) {
        if (!m.curves) { return; }
        var finals = {};
        Object.keys(m.curves).forEach(function (k) { var c = m.curves[k]; if (c.length) { finals[k] = c[c.length - 1][1]; } });
        var task = run.tasks[m.task] || {};
        points.push({run: ri, ml: mi, name: m.name + ' (' + runLabel(run) + ')', finals: finals, params: m.params || {},
          energy: task.energyJ !== undefined ? task.energyJ : run.energyJ});
      });
    });
    if (!points.length) { return; }
    var s = section('Trade-off: a final metric against energy, one point per ML run');
    var metrics = {}, params = {};
    points.forEach(function (p) {
      Object.keys(p.finals).forEach(function (k) { metrics[k] = 1; });
      Object.keys(p.params).forEach(function (k) { params[k] = 1; });
    });
    var mSel = el('select', {id: 'tradeoff-metric'}), pSel = el('select', {id: 'tradeoff-param'});
    Object.keys(metrics).sort().forEach(function (k) { mSel.appendChild(el('option', {value: k}, k)); });
    pSel.appendChild(el('option', {value: ''}, '(none)'));
    Object.keys(params).sort().forEach(function (k) { pSel.appendChild(el('option', {value: k}, k)); });
    s.appendChild(document.createTextNode('metric')); s.appendChild(mSel);
    s.appendChild(document.createTextNode('colour by')); s.appendChild(pSel);
    var c = chart(s, '', 'tradeoff');
    function draw() {
      var m = mSel.value, p = pSel.value;
      var groups = {};
      points.forEach(function (pt) {
        if (pt.finals[m] === undefined || pt.energy === undefined || pt.energy === null) { return; }
        var g = p ? String(pt.params[p]) : 'ML runs';
        (groups[g] = groups[g] || []).push({value: [pt.energy, pt.finals[m]], name: pt.name, pt: pt});
      });
      c.setOption({
        tooltip: tooltip, legend: {}, xAxis: {name: 'energy (J)', type: 'value', scale: true},
        yAxis: {name: m, type: 'value', scale: true},
        series: Object.keys(groups).map(function (g) { return {type: 'scatter', name: (p ? p + '=' : '') + g, data: groups[g], symbolSize: 12}; })
      }, true);
    }
    c.on('click', function (e) { if (e.data && e.data.pt) { mlView(e.data.pt.run, e.data.pt.ml); } });
    mSel.addEventListener('change', draw); pSel.addEventListener('change', draw);
    draw();
  }

  /** Duration and energy per step, side by side, for the runs of one workflow (the one with most runs here). */
  function stepComparison() {
    var byWorkflow = {};
    RUNS.forEach(function (r) { (byWorkflow[r.engine + '\u0000' + r.name] = byWorkflow[r.engine + '\u0000' + r.name] || []).push(r); });
    var runs = Object.keys(byWorkflow).map(function (k) { return byWorkflow[k]; })
      .sort(function (a, b) { return b.length - a.length; })[0];
    if (!runs || runs.length < 2) { return; }
    var s = section('Per-step comparison across the runs of ' + runs[0].name);
    function sum(run, tool, f) {
      var v = 0; run.tasks.forEach(function (t) { if (t.tool === tool) { v += f(t) || 0; } }); return v;
    }
    var total = {};
    runs.forEach(function (r) { r.tasks.forEach(function (t) { total[t.tool] = (total[t.tool] || 0) + (durationOf(t) || 0); }); });
    // The 30 steps that took longest: a pipeline of hundreds of steps stays readable.
    var names = Object.keys(total).sort(function (a, b) { return total[b] - total[a]; }).slice(0, 30);
    var c = chart(s, '', 'steps');
    c.setOption({
      tooltip: tooltip, legend: {type: 'scroll'}, grid: {bottom: 110},
      xAxis: {type: 'category', data: names, axisLabel: {rotate: 30, width: 160, overflow: 'truncate'}},
      yAxis: [{type: 'value', name: 'duration (s)'}, {type: 'value', name: 'energy (J)'}],
      series: runs.map(function (r) {
        return {type: 'bar', name: runLabel(r) + ' duration', data: names.map(function (n) { return sum(r, n, durationOf) / 1000; })};
      }).concat(runs.map(function (r) {
        return {type: 'line', yAxisIndex: 1, name: runLabel(r) + ' energy', data: names.map(function (n) { return sum(r, n, function (t) { return t.energyJ; }); })};
      }))
    });
  }

  function runView(ri) {
    clear();
    var run = RUNS[ri];
    setCrumbs([['Runs', runsView], [runLabel(run), function () { runView(ri); }]]);
    var byStatus = {};
    run.tasks.forEach(function (t) { byStatus[t.status] = (byStatus[t.status] || 0) + 1; });
    var h = section(run.engine + ' run ' + runLabel(run));
    facts(h, [['status', run.status], ['start', run.start], ['end', run.end],
      ['duration', fmtMs(run.start && run.end ? Date.parse(run.end) - Date.parse(run.start) : null)],
      ['tasks', Object.keys(byStatus).map(function (k) { return byStatus[k] + ' ' + k; }).join(', ')],
      ['energy', run.energyJ !== undefined ? fmtJ(run.energyJ) + (run.co2eG !== undefined ? ', ' + run.co2eG.toFixed(3) + ' g CO2e' : '') + (run.energyMethod ? ' (' + run.energyMethod + ')' : '') : ''],
      ['run by', run.user], ['PROV document', run.file]]);
    graph(ri);
    timeline(ri);
    var ts = section('Tasks');
    table(ts, [
      {title: 'task', text: function (t) { return t.name; }},
      {title: 'tool', text: function (t) { return t.tool; }},
      {title: 'status', text: function (t) { return t.status; }, cls: function (t) { return 'status-' + t.status; }},
      {title: 'duration', text: function (t) { return fmtMs(durationOf(t)); }, sort: durationOf},
      {title: 'CPU %', text: function (t) { return t.cpuPct === undefined ? '' : t.cpuPct; }, sort: function (t) { return t.cpuPct; }},
      {title: 'peak memory', text: function (t) { return fmtBytes(t.peakRss); }, sort: function (t) { return t.peakRss; }},
      {title: 'read', text: function (t) { return fmtBytes(t.readBytes); }, sort: function (t) { return t.readBytes; }},
      {title: 'written', text: function (t) { return fmtBytes(t.writeBytes); }, sort: function (t) { return t.writeBytes; }},
      {title: 'energy', text: function (t) { return fmtJ(t.energyJ); }, sort: function (t) { return t.energyJ; }}
    ], run.tasks.map(function (t, i) { t.index = i; return t; }), function (t) { taskView(ri, t.index); }, true);
    telemetry(ri);
    if (run.mlRuns.length) {
      var ms = section('ML runs');
      table(ms, [
        {title: 'ML run', text: function (m) { return m.name || m.document; }},
        {title: 'task', text: function (m) { return (run.tasks[m.task] || {}).name; }},
        {title: 'metrics', text: function (m) { return m.curves ? Object.keys(m.curves).length : 'not readable here'; }}
      ], run.mlRuns.map(function (m, i) { m.index = i; return m; }), function (m) { mlView(ri, m.index); }, false);
    }
  }

  /**
   * Tasks and the data between them. Above 300 tasks, one node per step (its size the number of tasks); a click on a
   * step shows its tasks in place (up to 300 of them; more are listed in the task table), a click on a task opens it.
   */
  function graph(ri) {
    var run = RUNS[ri];
    var s = section('Task graph');
    var grouped = run.tasks.length > 300;
    var expanded = {};
    if (grouped) {
      s.appendChild(el('p', {'class': 'muted'}, run.tasks.length + ' tasks, one node per step; click a step to show its tasks'));
    }
    var c = chart(s, '', 'task-graph');
    var count = {};
    run.tasks.forEach(function (t) { count[t.tool] = (count[t.tool] || 0) + 1; });
    function nodeOf(i) {
      var t = run.tasks[i];
      return !grouped || expanded[t.tool] ? 't' + i : 's' + t.tool;
    }
    // Categories by index: ECharts' graph takes a node's category as the index into the series' categories.
    var cats = Object.keys(count), catIndex = {};
    cats.forEach(function (k, i) { catIndex[k] = i; });
    function draw() {
      var nodes = [], links = [], seen = {};
      Object.keys(count).forEach(function (tool) {
        if (grouped && !expanded[tool]) {
          nodes.push({id: 's' + tool, name: tool, value: count[tool] + ' tasks', category: catIndex[tool], step: tool,
            symbolSize: 14 + Math.min(30, Math.log(count[tool] + 1) * 6)});
        }
      });
      run.tasks.forEach(function (t, i) {
        if (!grouped || expanded[t.tool]) {
          nodes.push({id: 't' + i, name: t.name, value: t.status, category: catIndex[t.tool], task: i, symbolSize: 12});
        }
      });
      run.edges.forEach(function (e) {
        var a = nodeOf(e[0]), b = nodeOf(e[1]), k = a + '\u0000' + b;
        if (a !== b && !seen[k]) { seen[k] = 1; links.push({source: a, target: b}); }
      });
      c.setOption({
        tooltip: tooltip, legend: {type: 'scroll', data: cats},
        series: [{type: 'graph', layout: 'force', roam: true, draggable: true, edgeSymbol: ['none', 'arrow'],
          categories: cats.map(function (k) { return {name: k}; }),
          label: {show: nodes.length <= 60, position: 'right'}, force: {repulsion: 120, edgeLength: 60},
          data: nodes, links: links}]
      }, true);
    }
    c.on('click', function (e) {
      if (e.dataType !== 'node') { return; }
      if (e.data.task !== undefined) { taskView(ri, e.data.task); return; }
      if (count[e.data.step] <= 300) { expanded[e.data.step] = true; draw(); return; }
      var f = app.querySelector('input.filter');
      if (f) { f.value = e.data.step; f.dispatchEvent(new Event('input')); f.scrollIntoView(); }
    });
    draw();
  }

  /** Task runs over time, one row per tool; retries and cached tasks visible by status colour. */
  function timeline(ri) {
    var run = RUNS[ri];
    var rows = [], rowOf = {}, data = [];
    run.tasks.forEach(function (t, i) {
      if (!t.start || !t.end) { return; }
      if (rowOf[t.tool] === undefined) { rowOf[t.tool] = rows.length; rows.push(t.tool); }
      data.push({value: [rowOf[t.tool], Date.parse(t.start), Date.parse(t.end), t.name, t.status], task: i,
        itemStyle: {color: t.status === 'FAILED' || t.status === 'failed' ? '#c0392b' : t.status === 'CACHED' ? '#8e7cc3' : '#3a7bd5'}});
    });
    if (!data.length) { return; }
    var s = section('Timeline');
    var c = chart(s, '', 'timeline');
    c.setOption({
      tooltip: {renderMode: 'richText', formatter: function (p) { return p.value[3] + ' ' + p.value[4] + ' ' + fmtMs(p.value[2] - p.value[1]); }},
      dataZoom: [{type: 'slider', xAxisIndex: 0}, {type: 'inside', xAxisIndex: 0}],
      xAxis: {type: 'time'}, yAxis: {type: 'category', data: rows},
      series: [{type: 'custom', encode: {x: [1, 2], y: 0}, data: data,
        renderItem: function (params, api) {
          var y = api.value(0), a = api.coord([api.value(1), y]), b = api.coord([api.value(2), y]);
          var h = api.size([0, 1])[1] * 0.6;
          return {type: 'rect', shape: {x: a[0], y: a[1] - h / 2, width: Math.max(1, b[0] - a[0]), height: h}, style: api.style()};
        }}]
    });
    c.on('click', function (e) { if (e.data && e.data.task !== undefined) { taskView(ri, e.data.task); } });
  }

  function telemetry(ri) {
    var run = RUNS[ri], names = Object.keys(run.telemetry || {});
    if (!names.length) { return; }
    var s = section('Host telemetry');
    var c = chart(s, '', 'telemetry');
    c.setOption({
      tooltip: Object.assign({trigger: 'axis'}, tooltip), legend: {type: 'scroll'},
      xAxis: {type: 'value', name: 'time (ms)', scale: true}, yAxis: {type: 'value', scale: true},
      dataZoom: [{type: 'inside'}],
      series: names.map(function (n) { return {type: 'line', name: n, showSymbol: false, data: run.telemetry[n]}; })
    });
  }

  function taskView(ri, ti) {
    clear();
    var run = RUNS[ri], t = run.tasks[ti];
    setCrumbs([['Runs', runsView], [runLabel(run), function () { runView(ri); }], [t.name, function () { taskView(ri, ti); }]]);
    var s = section('Task ' + t.name);
    facts(s, [['tool', t.tool], ['status', t.status], ['attempt', t.attempt], ['start', t.start], ['end', t.end],
      ['duration', fmtMs(durationOf(t))], ['CPU %', t.cpuPct], ['peak memory', fmtBytes(t.peakRss)],
      ['read', fmtBytes(t.readBytes)], ['written', fmtBytes(t.writeBytes)], ['energy', fmtJ(t.energyJ)], ['error', t.error]]);
    [['Inputs', t.inputs], ['Outputs', t.outputs]].forEach(function (p) {
      var f = section(p[0]);
      if (!p[1].length) { f.appendChild(el('p', {'class': 'muted'}, 'none')); return; }
      var ul = el('ul', {'class': 'files'});
      p[1].forEach(function (x) { ul.appendChild(el('li', null, x)); });
      f.appendChild(ul);
    });
    var mine = run.mlRuns.filter(function (m) { return m.task === ti; });
    if (mine.length) {
      var m = section('ML runs of this task');
      table(m, [{title: 'ML run', text: function (x) { return x.name || x.document; }},
        {title: 'document', text: function (x) { return x.document; }}], mine, function (x) { mlView(ri, x.index); }, false);
    }
  }

  function mlView(ri, mi) {
    clear();
    var run = RUNS[ri], m = run.mlRuns[mi], t = run.tasks[m.task] || {name: '?'};
    setCrumbs([['Runs', runsView], [runLabel(run), function () { runView(ri); }], [t.name, function () { taskView(ri, m.task); }],
      [m.name || 'ML run', function () { mlView(ri, mi); }]]);
    var s = section('ML run ' + (m.name || ''));
    facts(s, [['task', t.name], ['document', m.document]]);
    if (!m.curves) { s.appendChild(el('p', {'class': 'muted'}, 'The run document is not readable where this report was made.')); return; }
    var p = section('Parameters');
    table(p, [{title: 'parameter', text: function (r) { return r[0]; }}, {title: 'value', text: function (r) { return r[1]; }}],
      Object.keys(m.params || {}).sort().map(function (k) { return [k, m.params[k]]; }), null, false);
    var f = section('Final metrics');
    table(f, [{title: 'metric', text: function (r) { return r[0]; }}, {title: 'final value', text: function (r) { return r[1]; }}],
      Object.keys(m.curves).sort().map(function (k) { var c = m.curves[k]; return [k, c.length ? c[c.length - 1][1] : '']; }), null, false);
    var c = chart(section('Metric curves (by context, over epochs or steps)'), '', 'ml-curves');
    c.setOption({
      tooltip: Object.assign({trigger: 'axis'}, tooltip), legend: {type: 'scroll'},
      xAxis: {type: 'value', name: 'epoch / step'}, yAxis: {type: 'value', scale: true},
      series: Object.keys(m.curves).sort().map(function (k) { return {type: 'line', name: k, data: m.curves[k]}; })
    });
  }

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  window.provhooksReport = {runsView: runsView, runView: runView, taskView: taskView, mlView: mlView};
  if (RUNS.length === 1) { runView(0); } else { runsView(); }
})();
