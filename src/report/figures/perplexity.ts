import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../report-data.js';
import { CONFIG, Labels, SCHEMA, type Figure } from './common.js';

/**
 * Perplexity distributions (paper Fig. 6): one box per PPL_scorer(Y_responder), drawn from the
 * analytics' five-number summary (so the box is exactly the reported numbers) with every single
 * value as a faint tick beside it; one panel per problem or benchmark.
 */
export function perplexityFigure(data: ReportData): Figure[] {
  if (data.perplexity.length === 0) return [];
  const labels = new Labels(data);
  const groupName = (scorer: string, responder: string): string => `PPL ${labels.model(scorer)} (Y ${labels.model(responder)})`;
  const order = [...new Set(data.perplexity.map((g) => groupName(g.scorer, g.responder)))];
  const boxes = data.perplexity.map((g) => ({ kind: 'box', panel: g.panel, group: groupName(g.scorer, g.responder), responder: labels.model(g.responder), ...g.summary }));
  const values = data.perplexity.flatMap((g) => g.values.map((v) => ({ kind: 'value', panel: g.panel, group: groupName(g.scorer, g.responder), responder: labels.model(g.responder), ppl: v })));
  const x = { field: 'group', type: 'nominal', sort: order, title: null, axis: { labelAngle: -35, labelLimit: 400 } };
  const color = { field: 'responder', type: 'nominal', title: 'responses of', scale: labels.modelColorScale() };
  const isBox = { filter: "datum.kind === 'box'" };
  const spec = {
    $schema: SCHEMA,
    title: 'Perplexity of responses under a scorer model',
    data: { values: [...boxes, ...values] },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(data.perplexity.map((g) => g.panel))] } },
    spec: {
      width: { step: 70 },
      height: 240,
      layer: [
        { transform: [isBox], mark: { type: 'rule', color: '#555555' }, encoding: { x, y: { field: 'p5', type: 'quantitative', title: 'perplexity', scale: { zero: false } }, y2: { field: 'p95' } } },
        { transform: [isBox], mark: { type: 'bar', size: 26, opacity: 0.55 }, encoding: { x, y: { field: 'p25', type: 'quantitative' }, y2: { field: 'p75' }, color } },
        { transform: [isBox], mark: { type: 'tick', color: '#111111', size: 26, thickness: 2 }, encoding: { x, y: { field: 'median', type: 'quantitative' } } },
        { transform: [{ filter: "datum.kind === 'value'" }], mark: { type: 'tick', size: 8, opacity: 0.5, xOffset: 22 }, encoding: { x, y: { field: 'ppl', type: 'quantitative' }, color } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
  return [
    {
      id: 'perplexity',
      title: 'Perplexity distributions',
      caption: 'PPL_scorer(Y_responder): perplexity of one model’s responses under a scorer model (box: 25th–75th percentile, black line: median, whiskers: 5th–95th percentile; coloured ticks: single responses). If PPL_base(Y_RL) sits low in PPL_base(Y_base), RL outputs are ones the base model already favours.',
      spec,
    },
  ];
}
