import dagre from '@dagrejs/dagre';

/** A vertex of the job graph as the REST API's plan lists it. */
export interface PlanNode {
  readonly id: string;
  readonly operator: string;
  readonly description: string;
  readonly inputs: readonly { readonly id: string }[];
}

/** Where dagre put each box and each edge. */
export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly { readonly id: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly points: readonly { x: number; y: number }[] }[];
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 54;

/** Lays the graph out left to right with dagre (sources first, sinks last). */
export function layoutGraph(nodes: readonly PlanNode[]): GraphLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 48, marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const node of nodes) for (const input of node.inputs) if (graph.hasNode(input.id)) graph.setEdge(input.id, node.id);
  dagre.layout(graph);
  const size = graph.graph();
  return {
    width: (size.width ?? 0) + 2,
    height: (size.height ?? 0) + 2,
    nodes: graph.nodes().map((id) => {
      const n = graph.node(id);
      return { id, x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
    }),
    edges: graph.edges().map((e) => ({ from: e.v, to: e.w, points: graph.edge(e).points ?? [] })),
  };
}
