import type { EarningsSummary } from '../api';
import { formatTokens } from '../lib/format';

const SVG = 'http://www.w3.org/2000/svg';
const SOURCES = [['tips', 'Tips'], ['tickets', 'Tickets'], ['calls', 'Calls'], ['subscriptions', 'Subscriptions']] as const;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  return el;
}

/**
 * The last 30 days of earnings as stacked bars (tips, tickets, calls, subscriptions), drawn as SVG that scales to the card's width.
 * Each bar has a title with the day's figures; days with refunds above earnings draw no bar.
 */
export function earningsChart(summary: EarningsSummary): Element {
  const days = summary.days;
  const totals = days.map((d) => SOURCES.reduce((sum, [key]) => sum + Math.max(0, d[key]), 0));
  const max = Math.max(1, ...totals);
  const width = 300;
  const height = 120;
  const slot = width / Math.max(1, days.length);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 14}`, role: 'img', class: 'earnings-chart', preserveAspectRatio: 'none' });
  chart.setAttribute('aria-label', `Earnings of the last ${days.length} days: ${formatTokens(summary.lifetime.total)} in all time`);
  days.forEach((day, i) => {
    let y = height;
    const group = svg('g', { 'data-date': day.date });
    const title = svg('title', {});
    title.textContent = `${day.date}: tips ${day.tips}, tickets ${day.tickets}, calls ${day.calls}, subscriptions ${day.subscriptions}`;
    group.append(title);
    for (const [key] of SOURCES) {
      const value = Math.max(0, day[key]);
      if (value === 0) continue;
      const barHeight = (value / max) * (height - 4);
      y -= barHeight;
      group.append(svg('rect', { x: i * slot + 1, y, width: Math.max(1, slot - 2), height: barHeight, class: `bar bar-${key}` }));
    }
    chart.append(group);
  });
  chart.append(svg('line', { x1: 0, y1: height, x2: width, y2: height, class: 'axis' }));
  const legend = document.createElement('p');
  legend.className = 'chart-legend muted';
  for (const [key, label] of SOURCES) {
    const swatch = document.createElement('span');
    swatch.className = `swatch bar-${key}`;
    legend.append(swatch, ` ${label} `);
  }
  const wrapper = document.createElement('figure');
  wrapper.className = 'chart-figure';
  wrapper.append(chart, legend);
  return wrapper;
}
