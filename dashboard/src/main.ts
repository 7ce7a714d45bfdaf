// The job dashboard: one page, live over server-sent events from /jobs/:id/events. Preact renders
// the graph (laid out by dagre), the charts (uPlot), the checkpoint table, backpressure and exceptions.
import { h, render, type ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { layoutGraph, type PlanNode } from './graph-layout.ts';

interface Vertex {
  id: string;
  name: string;
  kind: string;
  metrics: Record<string, number | null>;
  backpressure: { ratio: number; backpressureLevel: string };
}
interface Checkpoint { id: number; status: string; trigger_timestamp: number; end_to_end_duration: number; pause_duration: number; checkpointed_size: number; failure_message?: string }
interface Snapshot {
  job: { jid: string; name: string; state: string; 'records-per-second': number; watermark: number | null; now: number; vertices: Vertex[]; plan: { nodes: PlanNode[] } };
  checkpoints: { counts: Record<string, number>; history: Checkpoint[] };
  exceptions: { exceptionHistory: { entries: { exceptionName: string; message: string; timestamp: number }[] } };
}

const query = (() => {
  const token = new URLSearchParams(location.search).get('token');
  return token === null ? '' : `?token=${encodeURIComponent(token)}`;
})();

const MAX_POINTS = 300;

function App(): ComponentChild {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const series = useRef<{ time: number[]; rate: number[]; lag: number[] }>({ time: [], rate: [], lag: [] });
  useEffect(() => {
    let source: EventSource | undefined;
    fetch(`jobs${query}`).then((r) => r.json()).then((list: { jobs: { id: string }[] }) => {
      source = new EventSource(`jobs/${list.jobs[0].id}/events${query}`);
      source.onmessage = (event) => {
        const next = JSON.parse(event.data) as Snapshot;
        const s = series.current;
        s.time.push(next.job.now / 1000);
        s.rate.push(next.job['records-per-second']);
        s.lag.push(next.job.watermark === null ? 0 : Math.max(0, (next.job.now - next.job.watermark) / 1000));
        for (const list of [s.time, s.rate, s.lag]) if (list.length > MAX_POINTS) list.shift();
        setProblem(null);
        setSnapshot(next);
      };
      source.onerror = () => setProblem('the connection to the job was lost (it ended, or the server closed)');
    }, (error: unknown) => setProblem(String(error)));
    return () => source?.close();
  }, []);
  if (snapshot === null) return h('p', null, problem ?? 'Connecting…');
  const { job, checkpoints, exceptions } = snapshot;
  return h('div', null,
    h('h1', null, job.name, ' ', h('span', { class: `state ${job.state}`, 'data-state': job.state }, job.state)),
    h('div', null, `job ${job.jid} · ${job['records-per-second'].toFixed(1)} records/s in`),
    problem === null ? null : h('p', { class: 'problem' }, problem),
    h('h2', null, 'Job graph'),
    h(Graph, { nodes: job.plan.nodes, vertices: job.vertices }),
    h('div', { class: 'charts' },
      h('div', null, h('h2', null, 'Throughput (records/s in)'), h(Chart, { name: 'rate', label: 'records/s', series: series.current, pick: 'rate', version: job.now })),
      h('div', null, h('h2', null, 'Watermark lag (s)'), h(Chart, { name: 'lag', label: 'seconds behind', series: series.current, pick: 'lag', version: job.now }))),
    h('h2', null, 'Backpressure'),
    h(Backpressure, { vertices: job.vertices }),
    h('h2', null, `Checkpoints (${checkpoints.counts.completed} completed, ${checkpoints.counts.failed} failed)`),
    h(Checkpoints, { history: checkpoints.history }),
    h('h2', null, 'Exceptions'),
    h(Exceptions, { entries: exceptions.exceptionHistory.entries }));
}

function Graph(props: { nodes: PlanNode[]; vertices: Vertex[] }): ComponentChild {
  const layout = layoutGraph(props.nodes);
  const byId = new Map(props.vertices.map((v) => [v.id, v]));
  return h('div', { class: 'graph' },
    h('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}` },
      h('defs', null, h('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
        h('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8a97a8' }))),
      layout.edges.map((e) => h('polyline', { key: `${e.from}->${e.to}`, class: 'edge', 'data-edge': `${e.from}->${e.to}`, points: e.points.map((p) => `${p.x},${p.y}`).join(' ') })),
      layout.nodes.map((n) => {
        const v = byId.get(n.id);
        const rate = v?.metrics['read-records-per-second'] ?? 0;
        return h('g', { key: n.id, 'data-vertex': n.id, transform: `translate(${n.x},${n.y})` },
          h('rect', { width: n.width, height: n.height }),
          h('text', { x: 8, y: 18, 'font-weight': 'bold' }, `${v?.kind ?? ''}: ${v?.name ?? n.id}`),
          h('text', { x: 8, y: 34 }, `in ${v?.metrics['read-records'] ?? 0} · out ${v?.metrics['write-records'] ?? 0}`),
          h('text', { x: 8, y: 48 }, `${Number(rate).toFixed(1)}/s`));
      })));
}

function Chart(props: { name: string; label: string; series: { time: number[]; rate: number[]; lag: number[] }; pick: 'rate' | 'lag'; version: number }): ComponentChild {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    if (box.current === null) return;
    plot.current = new uPlot({ width: 420, height: 200, series: [{}, { label: props.label, stroke: '#3867a8', width: 2 }], axes: [{}, {}] }, [[], []], box.current);
    return () => plot.current?.destroy();
  }, []);
  useEffect(() => {
    const data = props.series[props.pick];
    plot.current?.setData([props.series.time.slice(), data.slice()]);
    if (box.current !== null) {
      box.current.dataset.samples = String(data.length);
      box.current.dataset.last = String(data[data.length - 1] ?? 0);
    }
  }, [props.version]);
  return h('div', { ref: box, class: `chart chart-${props.name}` });
}

function Backpressure(props: { vertices: Vertex[] }): ComponentChild {
  return h('table', { class: 'backpressure' },
    h('tr', null, h('th', null, 'vertex'), h('th', null, 'level'), h('th', null, 'ratio')),
    props.vertices.map((v) => h('tr', { key: v.id }, h('td', null, v.id), h('td', { class: `bp-${v.backpressure.backpressureLevel}` }, v.backpressure.backpressureLevel), h('td', null, v.backpressure.ratio.toFixed(2)))));
}

function Checkpoints(props: { history: Checkpoint[] }): ComponentChild {
  return h('table', { class: 'checkpoints' },
    h('tr', null, ['id', 'status', 'triggered', 'duration (ms)', 'pause (ms)', 'size (bytes)'].map((t) => h('th', { key: t }, t))),
    props.history.map((c) => h('tr', { key: c.id, 'data-checkpoint-id': c.id },
      h('td', null, c.id), h('td', null, c.status), h('td', null, new Date(c.trigger_timestamp).toLocaleTimeString()),
      h('td', null, c.end_to_end_duration), h('td', null, c.pause_duration.toFixed(1)), h('td', null, c.checkpointed_size))));
}

function Exceptions(props: { entries: { exceptionName: string; message: string; timestamp: number }[] }): ComponentChild {
  if (props.entries.length === 0) return h('p', { class: 'exceptions' }, 'None.');
  return h('div', { class: 'exceptions' }, props.entries.map((e) => h('pre', { key: e.timestamp }, `${new Date(e.timestamp).toISOString()} ${e.exceptionName}: ${e.message}`)));
}

const root = document.getElementById('app')!;
root.textContent = ''; // the page's "Loading…" until the script runs
render(h(App, null), root);
