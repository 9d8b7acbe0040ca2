// The 90-day uptime bar: one cell per UTC day, coloured by that day's uptime, with the date and the uptime as its
// tooltip. Drawn as one SVG per bar whose cells are reused, so a row that scrolls back into view costs no new nodes.

const SVG = 'http://www.w3.org/2000/svg';
const DAY_SECONDS = 86400;
const CELL = 4;
const GAP = 1;

/** Returns the colour class of one day's uptime (0..1 or null). */
export function dayCategory(uptime) {
    if (uptime == null) {
        return 'idle';
    }
    if (uptime >= 0.999) {
        return 'good';
    }
    return uptime >= 0.95 ? 'warn' : 'bad';
}

/** Returns an uptime ratio as a percentage text: "99.95 %", or "no data". */
export function formatUptime(uptime) {
    if (uptime == null) {
        return 'no data';
    }
    const percent = uptime * 100;
    return `${percent === 100 ? '100' : percent.toFixed(percent >= 99 ? 2 : 1)} %`;
}

/** Returns the average of the days that have an uptime, or null. */
export function averageUptime(cells) {
    let sum = 0;
    let count = 0;
    for (const cell of cells ?? []) {
        if (cell != null) {
            sum += cell;
            count++;
        }
    }
    return count === 0 ? null : sum / count;
}

/** Returns an empty bar element of `days` cells. */
export function createBar(days = 90) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.classList.add('bar');
    svg.setAttribute('viewBox', `0 0 ${days * (CELL + GAP) - GAP} 16`);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    return svg;
}

/**
 * Draws `cells` (one uptime per day, oldest first, the first day starting at unix second `from`) into `svg`;
 * `undefined` cells draws an empty bar (no history loaded yet).
 */
export function drawBar(svg, from, cells) {
    const days = cells?.length ?? 0;
    const key = cells === undefined ? 'none' : `${from}:${cells.join(',')}`;
    if (svg.dataset.key === key) {
        return;
    }
    svg.dataset.key = key;
    svg.dataset.days = String(days);
    if (days > 0) {
        svg.setAttribute('viewBox', `0 0 ${days * (CELL + GAP) - GAP} 16`);
    }
    while (svg.childElementCount > days) {
        svg.lastElementChild.remove();
    }
    while (svg.childElementCount < days) {
        const rect = document.createElementNS(SVG, 'rect');
        rect.setAttribute('width', String(CELL));
        rect.setAttribute('height', '16');
        rect.setAttribute('rx', '1');
        rect.setAttribute('x', String(svg.childElementCount * (CELL + GAP)));
        rect.append(document.createElementNS(SVG, 'title'));
        svg.append(rect);
    }
    for (let index = 0; index < days; index++) {
        const rect = svg.children[index];
        const uptime = cells[index];
        const date = new Date((from + index * DAY_SECONDS) * 1000).toISOString().slice(0, 10);
        rect.setAttribute('class', `cell ${dayCategory(uptime)}`);
        rect.firstElementChild.textContent = `${date}: ${formatUptime(uptime)}`;
    }
    const average = averageUptime(cells);
    svg.setAttribute('aria-label', days === 0 ? 'no history yet'
        : `uptime over ${days} days: ${formatUptime(average)}`);
}
