import type { TopLevelSpec } from 'vega-lite';
import type { PerplexityGroup, ReportData } from '../report-data.js';
import { swatchLegend, CONFIG, columnsFor, DOUBLE_COLUMN, Labels, panelWidth, SCHEMA, type Figure, type FigureLayout } from './common.js';

/** Single responses drawn per box: evenly spaced order statistics, so the SVG stays small at any n. */
const TICKS_PER_BOX = 40;

function spreadSample(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length <= TICKS_PER_BOX) return sorted;
  return Array.from({ length: TICKS_PER_BOX }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (TICKS_PER_BOX - 1))]!);
}

/**
 * The groups behind the paper's perplexity finding: the base model scoring its own responses and
 * the RL models' (is RL output something the base already favours?). Distilled or other models'
 * responses can be foreign to the base — perplexities in the thousands — and would flatten the
 * boxes the finding is about, so they get the other figure.
 */
function findingGroups(data: ReportData): PerplexityGroup[] {
  const role = new Map(data.models.map((m) => [m.id, m.role]));
  return data.perplexity.filter((g) => role.get(g.scorer) === 'base' && (g.responder === g.scorer || role.get(g.responder) === 'rl'));
}

function boxSpec(data: ReportData, groups: PerplexityGroup[], layout: FigureLayout, title: { text: string; subtitle: string }): TopLevelSpec {
  const labels = new Labels(data);
  const groupName = (g: PerplexityGroup): string => `${labels.model(g.scorer)} on ${labels.model(g.responder)}`;
  const order = [...new Set(groups.map(groupName))];
  const panels = [...new Set(groups.map((g) => g.panel))];
  const boxes = groups.map((g) => ({ kind: 'box', panel: g.panel, group: groupName(g), responder: labels.model(g.responder), ...g.summary }));
  const values = groups.flatMap((g) =>
    spreadSample(g.values).map((v) => ({ kind: 'value', panel: g.panel, group: groupName(g), responder: labels.model(g.responder), ppl: v })),
  );
  const lo = Math.min(...groups.map((g) => g.summary.p5));
  const hi = Math.max(...groups.map((g) => g.summary.p95), ...values.map((v) => v.ppl));
  const y = {
    type: 'quantitative',
    title: 'perplexity (log scale)',
    scale: { type: 'log', domain: [Math.max(1e-9, lo * 0.95), hi * 1.05], nice: false },
    axis: { tickCount: 5, format: '~g' },
  };
  const x = { field: 'group', type: 'nominal', sort: order, title: 'scorer on responses of', axis: { labelAngle: -35, labelLimit: 240, labelFontSize: 10 } };
  const color = {
    field: 'responder',
    type: 'nominal',
    title: 'responses of',
    scale: labels.modelColorScale([...new Set(groups.map((g) => g.responder))]),
    legend: swatchLegend(layout),
  };
  const isBox = { filter: "datum.kind === 'box'" };
  const columns = columnsFor(layout, panels.length, 140);
  const step = Math.max(24, Math.min(70, Math.floor(panelWidth(layout, columns) / Math.max(1, order.length))));
  return {
    $schema: SCHEMA,
    title,
    data: { values: [...boxes, ...values] },
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels },
    columns,
    spec: {
      width: { step },
      height: layout.name === 'double' ? 200 : 170,
      layer: [
        { transform: [isBox], mark: { type: 'rule', color: '#555555' }, encoding: { x, y: { ...y, field: 'p5' }, y2: { field: 'p95' } } },
        {
          transform: [isBox],
          mark: { type: 'bar', size: Math.round(step * 0.45), opacity: 0.75 },
          encoding: { x, y: { ...y, field: 'p25' }, y2: { field: 'p75' }, color },
        },
        {
          transform: [isBox],
          mark: { type: 'tick', color: '#111111', size: Math.round(step * 0.45), thickness: 2 },
          encoding: { x, y: { ...y, field: 'median' } },
        },
        {
          transform: [{ filter: "datum.kind === 'value'" }],
          mark: { type: 'tick', size: 6, opacity: 0.6, xOffset: Math.round(step * 0.36) },
          encoding: { x, y: { ...y, field: 'ppl' }, fill: { ...color, legend: null } },
        },
      ],
    },
    resolve: { scale: { y: 'independent', x: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
}

/**
 * Perplexity distributions (paper Fig. 6) on a log axis: one box per PPL_scorer(Y_responder),
 * drawn from the analytics' summary (box 25th–75th percentile, black line median, whiskers 5th–95th),
 * with up to 40 single responses as ticks beside it. The finding's groups (the base scoring its
 * own and the RL models' responses) also get a figure of their own, at their own scale.
 */
export function perplexityFigure(data: ReportData, layout: FigureLayout = DOUBLE_COLUMN): Figure[] {
  if (data.perplexity.length === 0) return [];
  const figures: Figure[] = [];
  const finding = findingGroups(data);
  const caption =
    'PPL_scorer(Y_responder): perplexity of one model’s responses under a scorer model, log axis (box: 25th–75th percentile, black line: median, whiskers: 5th–95th percentile; ticks: up to 40 single responses, evenly spread in rank).';
  if (finding.length >= 2 && finding.length < data.perplexity.length) {
    figures.push({
      id: 'perplexity-finding',
      title: 'Perplexity: the base model on its own and the RL models’ responses',
      caption: `${caption} If PPL_base(Y_RL) sits low within PPL_base(Y_base), RL outputs are ones the base model already favours. Groups whose responses are foreign to the base are in the next figure.`,
      spec: boxSpec(data, finding, layout, {
        text: 'Perplexity under the base model: base vs RL responses',
        subtitle: 'the finding’s groups at their own scale',
      }),
    });
  }
  figures.push({
    id: 'perplexity',
    title: 'Perplexity distributions',
    caption: `${caption} If PPL_base(Y_RL) sits low within PPL_base(Y_base), RL outputs are ones the base model already favours.`,
    spec: boxSpec(data, data.perplexity, layout, {
      text: 'Perplexity of responses under a scorer model',
      subtitle: 'every scorer × responder pair with stored scores',
    }),
  });
  return figures;
}
